#!/usr/bin/env node
// Serves the built app (dist/) under a strict Content-Security-Policy, with the
// reference token and verify endpoints from `twilio-widgets/server`, which act only for
// the user signed in through POST /session (a signed cookie, see below). With the
// TWILIO_* variables set it talks to Twilio; otherwise it mounts the local
// emulator (`twilio-widgets/emulator`, a devDependency-only setup) on the same
// origin, so the page's signaling socket is same-origin too.
//   npm run build && PORT=8443 npm start
import { createServer } from 'node:https';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTokenHandler, createVerifyHandler, createEmulatorHttpClient, getCookie, HttpError } from 'twilio-widgets/server';

const DIST = fileURLToPath(new URL('./dist/', import.meta.url));
// 'wasm-unsafe-eval': the phone's noise-suppression compiles RNNoise (WebAssembly); nothing else needs it
// (docs/guides/csp.md#noise-suppression). Its worklet and WASM are files of this app, so 'self' covers them.
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'";
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.mp3': 'audio/mpeg',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};
const env = process.env;
const real = Boolean(env.TWILIO_ACCOUNT_SID && env.TWILIO_API_KEY && env.TWILIO_API_SECRET);

let emulator = null;
let creds;
let tls;
if (real) {
  creds = {
    accountSid: env.TWILIO_ACCOUNT_SID,
    apiKeySid: env.TWILIO_API_KEY,
    apiKeySecret: env.TWILIO_API_SECRET,
    twimlAppSid: env.TWILIO_TWIML_APP_SID,
    verifyServiceSid: env.TWILIO_VERIFY_SERVICE_SID,
  };
  tls = { key: await readFile(env.TLS_KEY), cert: await readFile(env.TLS_CERT) };
} else {
  const { createEmulator, DEFAULT_ACCOUNT, generateLocalhostCertificate } = await import('twilio-widgets/emulator');
  emulator = createEmulator({ accounts: [DEFAULT_ACCOUNT] });
  const key = DEFAULT_ACCOUNT.apiKeys[0];
  creds = {
    accountSid: DEFAULT_ACCOUNT.accountSid,
    apiKeySid: key.sid,
    apiKeySecret: key.secret,
    twimlAppSid: DEFAULT_ACCOUNT.twimlAppSid,
    verifyServiceSid: DEFAULT_ACCOUNT.verifyServiceSid,
  };
  tls = await generateLocalhostCertificate(30);
}

// ------------------------------------------------------------ sign-in
// The example's stand-in for your app's sign-in: POST /session {name} sets a session cookie
// holding the name, its expiry and an HMAC of both (SESSION_SECRET, or a random key per run).
// The token and verify handlers take the identity from it, never from the query or body.
// CSRF: SameSite=Strict, and POST /session takes JSON only (no cross-site form can send it).
const COOKIE = '__Host-session';
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
if (env.SESSION_SECRET && env.SESSION_SECRET.length < 32) throw new Error('SESSION_SECRET must be at least 32 characters');
const SESSION_KEY = env.SESSION_SECRET ? Buffer.from(env.SESSION_SECRET) : randomBytes(32);
const mac = (payload) => createHmac('sha256', SESSION_KEY).update(payload).digest('base64url');

function sessionName(req) {
  const [name, expires, given, ...rest] = String(getCookie(req.headers.cookie, COOKIE) ?? '').split('.');
  if (rest.length || !NAME_RE.test(name ?? '') || !/^\d{1,12}$/.test(expires ?? '') || !given) return null;
  const a = Buffer.from(given);
  const b = Buffer.from(mac(`${name}.${expires}`));
  return a.length === b.length && timingSafeEqual(a, b) && Number(expires) * 1000 > Date.now() ? name : null;
}

function identity(req) {
  const name = sessionName(req);
  if (!name) throw new HttpError(401, 'Sign in first');
  return name;
}

async function signIn(req, res) {
  let name = '';
  if (req.method === 'POST' && /^application\/json\b/.test(req.headers['content-type'] ?? '')) {
    let body = '';
    for await (const chunk of req) if ((body += chunk).length > 1024) break;
    try {
      name = String(JSON.parse(body).name ?? '');
    } catch {
      // not JSON
    }
  }
  if (!NAME_RE.test(name)) return res.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"Sign in with JSON {name}"}');
  const payload = `${name}.${Math.floor(Date.now() / 1000) + 8 * 3600}`;
  res.writeHead(200, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'set-cookie': `${COOKIE}=${payload}.${mac(payload)}; Max-Age=28800; Path=/; HttpOnly; Secure; SameSite=Strict`,
  });
  res.end(JSON.stringify({ identity: name }));
}

let port = Number(env.PORT ?? 8443);
const httpClient = () => (emulator ? { httpClient: createEmulatorHttpClient(`https://127.0.0.1:${port}`) } : {});
let token;
let verify;

const server = createServer(tls, async (req, res) => {
  const url = new URL(req.url ?? '/', 'https://app');
  if (url.pathname === '/session') return signIn(req, res);
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
  token = createTokenHandler({ ...creds, identity, ...httpClient() });
  verify = createVerifyHandler({ ...creds, identity, ...httpClient() });
  console.log(`vite example ready at https://localhost:${port}/`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)).closeAllConnections());
