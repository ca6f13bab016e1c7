// The bench's page server: HTTP/2 over TLS (HTTP/1.1 too) on 127.0.0.1 with the
// emulator's self-signed certificate, as a CDN or a current web server would
// serve a page. Serves `dist/` (the CDN build), one esbuild ESM bundle of
// @twilio/voice-sdk for the hand-written pages, the bench pages, the package's MP3 sounds
// for the hand-written Devices, `/token` (minted with mintToken), `/token401`,
// and `/known` + `/sink` (a known body to time the shaped link with).
// Everything is `no-store`, so every page load is a cold one. Scripts and pages
// go out brotli- or gzip-compressed when the browser accepts it (scripts are
// compressed once, at quality 11, like a CDN's static assets).
import { createSecureServer } from 'node:http2';
import { readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { mintToken } from '../test/support/tokens.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAGES = fileURLToPath(new URL('./pages/', import.meta.url));
const require = createRequire(import.meta.url);

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html; charset=utf-8', '.json': 'application/json', '.mp3': 'audio/mpeg' };

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

/** The package's own MP3 sounds, by name: the hand-written Devices get the same files as ours. */
function soundFiles() {
  const dir = join(ROOT, 'dist/cdn/sounds');
  return new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.mp3'))
      .map((f) => [f.slice(0, -4), readFileSync(join(dir, f))]),
  );
}

const KNOWN = randomBytes(4 << 20); // incompressible
// A 1 MB HTTP/2 receive window, so timing an upload to /sink measures the link, not flow control.
const UPLOAD_WINDOW = { initialWindowSize: 1 << 20 };

/** The body in the encodings a browser may accept. */
function encodings(body, quality = 11) {
  return {
    identity: body,
    br: brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: quality, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }),
    gzip: gzipSync(body, { level: quality >= 9 ? 9 : 6 }),
  };
}
const pickEncoding = (accept = '') => (/\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : 'identity');

/**
 * @param {{certificate: {key: string, cert: string}, signalingHost: string,
 *   signalingHostFor?: (port: number) => string | undefined, scripts?: Map<string, Uint8Array>}} opts
 *   `signalingHostFor` maps the port a page was requested on (a shaped forwarder's) to the
 *   signaling host its pages should use (the emulator's forwarder on the same link).
 *   `scripts`: more scripts to serve, by path (the bench's design variants).
 *   `callControl`: a fetch-style handler served at /call-control (the reference endpoint; bench/call-control.mjs).
 * @returns {Promise<{origin: string, port: number, requests: Map<string, number>, sent: Map<string, number>,
 *   servedBytes(path: string, encoding?: string): number, close(): Promise<void>}>}
 */
export async function startBenchServer({ certificate, signalingHost, signalingHostFor = () => undefined, scripts = new Map(), callControl = null }) {
  const sdk = await bundleVoiceSdk();
  const sounds = soundFiles();
  const requests = new Map();
  /** body bytes of the last response per path, as sent (after compression) */
  const sent = new Map();
  /** compressed copies of the static scripts, by path */
  const statics = new Map();
  const staticScript = async (path, load) => {
    let e = statics.get(path);
    if (!e) statics.set(path, (e = encodings(await load())));
    return e;
  };
  // Precompressed before the first page load, as a CDN would hold them.
  await staticScript('/sdk/voice-sdk.js', () => sdk);
  for (const f of readdirSync(join(ROOT, 'dist/cdn')).filter((n) => n.endsWith('.js'))) {
    await staticScript(`/dist/cdn/${f}`, () => readFile(join(ROOT, 'dist/cdn', f)));
  }
  for (const [path, bytes] of scripts) await staticScript(path, () => Buffer.from(bytes));
  let ids = 0;
  const send = (req, res, status, type, body, encoded) => {
    const headers = { 'content-type': type, 'cache-control': 'no-store' };
    if (encoded) {
      const enc = pickEncoding(req.headers['accept-encoding']);
      body = encoded[enc];
      headers.vary = 'accept-encoding';
      if (enc !== 'identity') headers['content-encoding'] = enc;
    }
    headers['content-length'] = String(Buffer.byteLength(body));
    sent.set(new URL(req.url ?? '/', 'https://127.0.0.1').pathname, Buffer.byteLength(body));
    res.writeHead(status, headers);
    res.end(body);
  };
  const server = createSecureServer({ key: certificate.key, cert: certificate.cert, allowHTTP1: true, settings: UPLOAD_WINDOW }, async (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const path = url.pathname;
    requests.set(path, (requests.get(path) ?? 0) + 1);
    try {
      if (path === '/token') {
        const variant = url.searchParams.get('variant') ?? 'good';
        // ?app=<AP…>&identity=<name>: the call-control rows name their TwiML app and know their identity.
        const app = url.searchParams.get('app') ?? undefined;
        const identity = url.searchParams.get('identity') ?? `bench${++ids}`;
        const token = mintToken({ variant, identity, ttl: 3600, app });
        return send(req, res, 200, 'application/json', JSON.stringify({ token }));
      }
      if (path === '/call-control' && callControl) {
        const chunks = [];
        for await (const chunk of req) chunks.push(chunk);
        const headers = Object.entries(req.headers).filter(([k]) => !k.startsWith(':'));
        const answer = await callControl(new Request(url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined }));
        return send(req, res, answer.status, answer.headers.get('content-type') ?? 'application/json', Buffer.from(await answer.arrayBuffer()));
      }
      if (path === '/token401') return send(req, res, 401, 'application/json', JSON.stringify({ message: 'Not signed in.' }));
      if (path === '/known')
        return send(req, res, 200, 'application/octet-stream', KNOWN.subarray(0, Math.min(KNOWN.length, Number(url.searchParams.get('bytes')) || 0)));
      if (path === '/sink') {
        let n = 0;
        for await (const chunk of req) n += chunk.length;
        return send(req, res, 200, 'text/plain', String(n));
      }
      if (path === '/sdk/voice-sdk.js' || scripts.has(path)) return send(req, res, 200, TYPES['.js'], null, statics.get(path));
      // /sounds/<name>.mp3 for the hand-written pages; /variants/<v>/<name>.mp3 where a variant bundle looks for its own
      const sound = /^\/(?:sounds|variants\/[\w-]+)\/(\w+)\.mp3$/.exec(path);
      if (sound) {
        const mp3 = sounds.get(sound[1]);
        if (mp3) return send(req, res, 200, TYPES['.mp3'], mp3);
      }
      if (path.startsWith('/pages/')) {
        const file = normalize(join(PAGES, path.slice(7)));
        if (file.startsWith(PAGES)) {
          const authority = req.headers[':authority'] ?? req.headers.host ?? '';
          const sig = signalingHostFor(Number(authority.split(':').pop())) ?? signalingHost;
          // load-ours.html?entry=/variants/…&preload=1: the same page with another entry or a modulepreload hint
          const entry = url.searchParams.get('entry') ?? '/dist/cdn/twilio-widgets.js';
          if (!/^\/(dist\/cdn|variants)\/[\w./-]+\.js$/.test(entry)) return send(req, res, 400, 'text/plain', 'bad entry');
          const preload = url.searchParams.get('preload') ? `<link rel="modulepreload" href="/dist/cdn/${sdkChunk()}" />\n` : '';
          const html = (await readFile(file, 'utf8'))
            .replaceAll('{{SIGNALING_HOST}}', sig)
            .replaceAll('{{SDK_CHUNK}}', sdkChunk())
            .replaceAll('{{ENTRY}}', entry)
            .replaceAll('{{PRELOAD}}', preload);
          return send(req, res, 200, TYPES['.html'], null, encodings(Buffer.from(html), 5));
        }
      }
      if (path.startsWith('/dist/')) {
        const file = normalize(join(ROOT, path));
        if (file.startsWith(join(ROOT, 'dist'))) {
          const type = TYPES[extname(file)] ?? 'application/octet-stream';
          if (type === TYPES['.js']) return send(req, res, 200, type, null, await staticScript(path, () => readFile(file)));
          return send(req, res, 200, type, await readFile(file));
        }
      }
      if (path === '/favicon.ico') return send(req, res, 204, 'text/plain', '');
      send(req, res, 404, 'text/plain', 'not found');
    } catch (err) {
      if (!res.headersSent) send(req, res, err?.code === 'ENOENT' ? 404 : 500, 'text/plain', String(err?.message ?? err));
    }
  });
  const sockets = new Set();
  server.on('secureConnection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // The connection-level HTTP/2 window as large as the streams' (UPLOAD_WINDOW): it starts at 64 KB.
  server.on('session', (session) => session.once('localSettings', () => session.setLocalWindowSize(UPLOAD_WINDOW.initialWindowSize)));
  server.on('tlsClientError', () => undefined);
  server.on('sessionError', () => undefined);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  return {
    origin: `https://127.0.0.1:${port}`,
    port,
    requests,
    sent,
    /** Bytes of a script's body as sent with `encoding` (default br): the SDK bundle and dist/cdn/*.js. */
    servedBytes(path, encoding = 'br') {
      const e = statics.get(path);
      if (!e) throw new Error(`${path} is not a precompressed script`);
      return e[encoding].length;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
