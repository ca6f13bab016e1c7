#!/usr/bin/env node
// Serves the built app (dist/) under a strict Content-Security-Policy, with the
// reference token and verify endpoints from `twilio-widgets/server`. With the
// TWILIO_* variables set it talks to Twilio; otherwise it mounts the local
// emulator (`twilio-widgets/emulator`, a devDependency-only setup) on the same
// origin, so the page's signaling socket is same-origin too.
//   npm run build && PORT=8443 npm start
import { createServer } from 'node:https';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTokenHandler, createVerifyHandler, createEmulatorHttpClient } from 'twilio-widgets/server';

const DIST = fileURLToPath(new URL('./dist/', import.meta.url));
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; require-trusted-types-for 'script'";
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.mp3': 'audio/mpeg', '.svg': 'image/svg+xml' };
const env = process.env;
const real = Boolean(env.TWILIO_ACCOUNT_SID && env.TWILIO_API_KEY && env.TWILIO_API_SECRET);

let emulator = null;
let creds;
let tls;
if (real) {
  creds = { accountSid: env.TWILIO_ACCOUNT_SID, apiKeySid: env.TWILIO_API_KEY, apiKeySecret: env.TWILIO_API_SECRET, twimlAppSid: env.TWILIO_TWIML_APP_SID, verifyServiceSid: env.TWILIO_VERIFY_SERVICE_SID };
  tls = { key: await readFile(env.TLS_KEY), cert: await readFile(env.TLS_CERT) };
} else {
  const { createEmulator, DEFAULT_ACCOUNT, generateLocalhostCertificate } = await import('twilio-widgets/emulator');
  emulator = createEmulator({ accounts: [DEFAULT_ACCOUNT] });
  const key = DEFAULT_ACCOUNT.apiKeys[0];
  creds = { accountSid: DEFAULT_ACCOUNT.accountSid, apiKeySid: key.sid, apiKeySecret: key.secret, twimlAppSid: DEFAULT_ACCOUNT.twimlAppSid, verifyServiceSid: DEFAULT_ACCOUNT.verifyServiceSid };
  tls = await generateLocalhostCertificate(30);
}

let port = Number(env.PORT ?? 8443);
const httpClient = () => (emulator ? { httpClient: createEmulatorHttpClient(`https://127.0.0.1:${port}`) } : {});
let token;
let verify;

const server = createServer(tls, async (req, res) => {
  const url = new URL(req.url ?? '/', 'https://app');
  if (url.pathname === '/token') return token(req, res);
  if (url.pathname === '/verify') return verify(req, res);
  if (emulator?.handleRequest(req, res)) return;
  if (url.pathname === '/config.json') {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    return res.end(JSON.stringify({ signalingHost: emulator ? req.headers.host : null }));
  }
  if (url.pathname === '/favicon.ico') return res.writeHead(204).end();
  const file = normalize(join(DIST, url.pathname === '/' ? 'index.html' : url.pathname));
  if (!file.startsWith(DIST)) return res.writeHead(404).end();
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
server.on('upgrade', (req, socket, head) => {
  if (!emulator?.handleUpgrade(req, socket, head)) socket.destroy();
});
server.listen(port, '127.0.0.1', () => {
  port = server.address().port;
  const identity = (req) => new URL(req.url, 'https://app').searchParams.get('identity') ?? 'guest';
  token = createTokenHandler({ ...creds, identity, ...httpClient() });
  verify = createVerifyHandler({ ...creds, ...httpClient() });
  console.log(`vite example ready at https://localhost:${port}/`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)).closeAllConnections());
