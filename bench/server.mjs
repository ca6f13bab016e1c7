// The bench's page server: HTTPS on 127.0.0.1 with the emulator's self-signed
// certificate. Serves `dist/` (the CDN build), one esbuild ESM bundle of
// @twilio/voice-sdk for the hand-written pages, the bench pages, WAV sounds
// for the hand-written Devices, `/token` (minted with mintToken) and
// `/token401`. Everything is `no-store`, so every page load is a cold one.
import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { mintToken } from '../test/support/tokens.mjs';
import { synthesizedSounds } from '../dist/elements/core/sounds.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAGES = fileURLToPath(new URL('./pages/', import.meta.url));
const require = createRequire(import.meta.url);

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html; charset=utf-8', '.json': 'application/json', '.wav': 'audio/wav' };

/** @twilio/voice-sdk as one minified ES module, the way a hand-written app would ship it. */
export async function bundleVoiceSdk() {
  const entry = require.resolve('@twilio/voice-sdk').replace(/es5[/\\]twilio\.js$/, 'esm/twilio.js');
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0].contents;
}

/** The SDK chunk the CDN entry imports (rollup leaves older hashed chunks behind). */
export function sdkChunk() {
  const m = /import\("\.\/(voice-sdk[^"]*\.js)"\)/.exec(readFileSync(join(ROOT, 'dist/cdn/twilio-widgets.js'), 'utf8'));
  if (!m) throw new Error('dist/cdn/twilio-widgets.js does not import a voice-sdk chunk');
  return m[1];
}

function soundFiles() {
  const files = new Map();
  for (const [name, url] of Object.entries(synthesizedSounds())) {
    files.set(name, Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
  }
  return files;
}

/**
 * @param {{certificate: {key: string, cert: string}, signalingHost: string}} opts
 * @returns {Promise<{origin: string, requests: Map<string, number>, close(): Promise<void>}>}
 */
export async function startBenchServer({ certificate, signalingHost }) {
  const sdk = await bundleVoiceSdk();
  const sounds = soundFiles();
  const requests = new Map();
  let ids = 0;
  const send = (res, status, type, body) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };
  const server = createServer({ key: certificate.key, cert: certificate.cert }, async (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const path = url.pathname;
    requests.set(path, (requests.get(path) ?? 0) + 1);
    try {
      if (path === '/token') {
        const variant = url.searchParams.get('variant') ?? 'good';
        const token = mintToken({ variant, identity: `bench${++ids}`, ttl: 3600 });
        return send(res, 200, 'application/json', JSON.stringify({ token }));
      }
      if (path === '/token401') return send(res, 401, 'application/json', JSON.stringify({ message: 'Not signed in.' }));
      if (path === '/sdk/voice-sdk.js') return send(res, 200, TYPES['.js'], sdk);
      if (path.startsWith('/sounds/')) {
        const wav = sounds.get(path.slice(8).replace(/\.wav$/, ''));
        if (wav) return send(res, 200, TYPES['.wav'], wav);
      }
      if (path.startsWith('/pages/')) {
        const file = normalize(join(PAGES, path.slice(7)));
        if (file.startsWith(PAGES)) {
          const html = (await readFile(file, 'utf8')).replaceAll('{{SIGNALING_HOST}}', signalingHost).replaceAll('{{SDK_CHUNK}}', sdkChunk());
          return send(res, 200, TYPES['.html'], html);
        }
      }
      if (path.startsWith('/dist/')) {
        const file = normalize(join(ROOT, path));
        if (file.startsWith(join(ROOT, 'dist'))) return send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
      }
      if (path === '/favicon.ico') return send(res, 204, 'text/plain', '');
      send(res, 404, 'text/plain', 'not found');
    } catch (err) {
      send(res, err?.code === 'ENOENT' ? 404 : 500, 'text/plain', String(err?.message ?? err));
    }
  });
  server.on('tlsClientError', () => undefined);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${server.address().port}`;
  return {
    origin,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
