#!/usr/bin/env node
/**
 * The demo server (`npm start`): one HTTPS server on https://localhost:$PORT with
 *
 *   /                 the demo page (demo/index.html, demo.js, demo.css)
 *   /cdn/*            the CDN bundle (dist/cdn/)
 *   /frameworks/*     the elements in plain HTML, React 19 and Vue 3 (plain.html, react.html, vue.html);
 *                     the React and Vue apps are bundled with esbuild on first request
 *   /i18n.html        a complete French page (strings of all three elements, Intl formatting)
 *   /docs/*           the docs site (build/docs/, written by `npm run docs:build`), its live
 *                     examples running against this server's endpoints and emulator (`npm run docs`)
 *   POST /session     the demo's sign-in: JSON {name} → a signed session cookie (demo/session.mjs)
 *   GET  /session     {identity} of the signed-in user, or 401; DELETE /session signs out
 *   GET  /token       reference token handler, for the signed-in user only (401 without a
 *                     session); ?credentials=wrong, ?app=sample, ?app=call-control choose the
 *                     handler, not the identity
 *   POST /verify      reference verify handler (Verify TOTP), for the signed-in user only
 *   GET  /config.json what the page needs to know (emulator or real Twilio)
 *   /signal           the emulator's signaling WebSocket      } emulator mode
 *   /emulator/*       the emulator's control API               } only
 *                     (the page's Network switches: /emulator/impairments)
 *   /2010-04-01/..., /v2/Services/...  the emulator's Twilio REST API
 *   POST /twiml/sample  the sample TwiML app (sample-twiml-app.mjs); tokens from
 *                     /token?app=sample name it, so their calls run its TwiML
 *   POST /voice       the call-control TwiML app's voice webhook (createVoiceEndpoint): the
 *                     outgoing calls of phones with tokens from /token?app=call-control and
 *                     calls to the demo number (INBOUND_NUMBER) each run in a conference;
 *                     plain /token keeps the emulator's fixed test destinations as they were
 *   POST /call-control  call-control actions for the signed-in user (createCallControlEndpoint,
 *                     JSON) and the conferences' signed status callbacks (form)
 *
 * With TWILIO_ACCOUNT_SID, TWILIO_API_KEY, TWILIO_API_SECRET, TWILIO_TWIML_APP_SID and
 * TWILIO_VERIFY_SERVICE_SID set (TWILIO_AUTH_TOKEN optional), the handlers talk to real
 * Twilio and /signal, /emulator and the REST paths are not served. /voice and /call-control
 * also need TWILIO_AUTH_TOKEN, TWILIO_CALLER_ID (one of your numbers) and DEMO_PUBLIC_URL
 * (the https origin Twilio reaches this server at, e.g. a tunnel), and the TwiML app's Voice
 * URL set to DEMO_PUBLIC_URL/voice; without them call control is off.
 *
 * Every response carries the same security headers (securityHeaders() below): a strict
 * Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval', frame-ancestors 'none',
 * HSTS, nosniff, no referrer, COOP same-origin, and a Permissions-Policy that lets only this
 * origin use the microphone.
 *
 * Environment: PORT (default 8443; 0 = any free port), HOST (default 127.0.0.1),
 * DEMO_VERBOSE=1 (log the emulator's events too), DEMO_PREFLIGHT_MS (how long the emulator's
 * pre-call test line echoes, default 10000), DEMO_SESSION_SECRET (at least 32 characters: the
 * key that signs session cookies, so sign-ins survive a restart; default a random key per
 * run), DEMO_HSTS=0 (leave out Strict-Transport-Security, see securityHeaders()),
 * EMULATOR_ALLOWED_ORIGINS (comma-separated page origins besides loopback that may drive the
 * emulator, e.g. https://mybox.lan:8443; a non-loopback HOST also prints a warning). Secrets are
 * never printed.
 */
import { createServer } from 'node:https';
import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createTokenHandler,
  createVerifyHandler,
  createEmulatorHttpClient,
  createVoiceEndpoint,
  createCallControlEndpoint,
  toNodeHandler,
  HttpError,
} from '../dist/server/index.js';
import { createEmulator, DEFAULT_ACCOUNT, generateLocalhostCertificate } from '../dist/emulator/index.js';
import { SAMPLE_APP_SID, handleSampleApp } from './sample-twiml-app.mjs';
import { exposureWarning, isLoopbackBindAddress } from '../dist/emulator/security/exposure-warning.js';
import { NAME_RE, clearedSessionCookie, readSession, sessionCookie, sessionKey, signSession } from './session.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DEMO_DIR = join(ROOT, 'demo');
const CDN_DIR = join(ROOT, 'dist', 'cdn');
const CERT_DIR = join(ROOT, '.certs');
const DOCS_DIR = join(ROOT, 'build', 'docs');

const env = process.env;
const port = parsePort(env.PORT ?? '8443');
const host = env.HOST || '127.0.0.1';
const verbose = env.DEMO_VERBOSE === '1';
const REAL_VARS = ['TWILIO_ACCOUNT_SID', 'TWILIO_API_KEY', 'TWILIO_API_SECRET', 'TWILIO_TWIML_APP_SID', 'TWILIO_VERIFY_SERVICE_SID'];
const realTwilio = REAL_VARS.every((k) => env[k]);
if (!realTwilio && REAL_VARS.some((k) => env[k])) {
  console.warn(`Some TWILIO_* variables are set but not all of ${REAL_VARS.join(', ')}: using the emulator.`);
}

let SESSION_KEY;
try {
  SESSION_KEY = sessionKey();
} catch (err) {
  console.error(err.message);
  process.exit(2);
}

function parsePort(text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`PORT must be an integer 0-65535 (got ${JSON.stringify(text)})`);
    process.exit(2);
  }
  return n;
}

/** The self-signed certificate in .certs/, made on first start and renewed when it is about to expire. */
async function loadCertificate() {
  const keyFile = join(CERT_DIR, 'localhost-key.pem');
  const certFile = join(CERT_DIR, 'localhost-cert.pem');
  try {
    const [key, cert] = await Promise.all([readFile(keyFile, 'utf8'), readFile(certFile, 'utf8')]);
    const x = new X509Certificate(cert);
    if (Date.parse(x.validTo) - Date.now() > 86_400_000 && x.checkPrivateKey(createPrivateKey(key))) {
      return { key, cert, fresh: false };
    }
  } catch {
    // missing or unreadable: make a new one
  }
  const made = await generateLocalhostCertificate(365);
  await mkdir(CERT_DIR, { recursive: true, mode: 0o700 });
  await writeFile(keyFile, made.key, { mode: 0o600 });
  await writeFile(certFile, made.cert, { mode: 0o644 });
  return { ...made, fresh: true };
}

const log = (line) => console.log(`[demo] ${line}`);

// ---------------------------------------------------------------- sessions
/** The signed-in user's name from the session cookie, or null. */
function sessionName(req) {
  return readSession(req, SESSION_KEY)?.name ?? null;
}

/**
 * The `identity(req)` hook of the token and verify handlers: the identity is the signed-in
 * user's, from the session cookie only, never from the query or the body (the verify handler
 * refuses a body `identity` that differs from it with 403).
 */
function sessionIdentity(req) {
  const name = sessionName(req);
  if (!name) throw new HttpError(401, 'Sign in first');
  return name;
}

const SIGN_IN_FIRST = { code: 401, message: 'Sign in first', status: 401 };

/**
 * POST /session {name} signs in (any valid name: the demo has no passwords), GET /session
 * answers who is signed in, DELETE /session signs out.
 *
 * CSRF: the cookie is SameSite=Strict, so the browser never sends it with a request started
 * by another site, and POST /session takes only `Content-Type: application/json`, which a
 * cross-site form cannot send and a cross-site fetch cannot send without a CORS preflight
 * this server never grants; that keeps another site from signing a visitor in as someone
 * else. A request whose Origin header names another origin is refused as well.
 */
async function handleSession(req, res, method) {
  if (method === 'GET' || method === 'HEAD') {
    const name = sessionName(req);
    return name ? sendJson(res, 200, { identity: name }) : sendJson(res, 401, SIGN_IN_FIRST);
  }
  if (method !== 'POST' && method !== 'DELETE') {
    res.setHeader('allow', 'GET, HEAD, POST, DELETE');
    return sendJson(res, 405, { code: 405, message: `Method ${method} not allowed`, status: 405 });
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `https://${req.headers.host}`) {
    return sendJson(res, 403, { code: 403, message: 'Cross-origin request refused', status: 403 });
  }
  if (method === 'DELETE') {
    res.setHeader('set-cookie', clearedSessionCookie());
    return sendJson(res, 200, { identity: null });
  }
  if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
    return sendJson(res, 415, { code: 415, message: 'Send JSON: Content-Type: application/json', status: 415 });
  }
  let body;
  try {
    body = JSON.parse(await readBody(req, 1024));
  } catch (err) {
    if (err?.status === 413) return sendJson(res, 413, { code: 413, message: 'Body too large', status: 413 });
    return sendJson(res, 400, { code: 400, message: 'Invalid JSON', status: 400 });
  }
  const name = typeof body?.name === 'string' ? body.name.trim() : '';
  if (!NAME_RE.test(name)) {
    return sendJson(res, 400, { code: 400, message: 'Invalid name: 1-64 letters, digits, _ or -, starting with a letter or digit', status: 400 });
  }
  res.setHeader('set-cookie', sessionCookie(signSession(name, SESSION_KEY)));
  log(`session: signed in as ${name}`);
  return sendJson(res, 200, { identity: name });
}

/** The request body as text, at most `limit` bytes (else an error with status 413). */
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      // Past the limit: answer 413 at once, let the rest of the body drain unread.
      if (size > limit) reject(Object.assign(new Error('body too large'), { status: 413 }));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

// ---------------------------------------------------------------- call control
/** The emulator's TwiML application whose Voice URL is /voice: tokens from /token?app=call-control name it. */
const CALL_CONTROL_APP_SID = 'AP' + 'cc'.repeat(16);
/** The demo's phone number (emulator mode): its Voice URL is /voice, so calls to it ring the signed-in user. */
const INBOUND_NUMBER = '+15005550100';
/** `From` of the legs the server dials (emulator mode). */
const DEMO_CALLER_ID = '+15005550006';
/** What the demo phone may call: numbers, clients and the emulator's parties (docs/call-control.md §6) and test lines. */
const EMULATOR_PARTIES = new Set(['echo', 'tone', 'busy', 'no-answer', 'billing', 'supervisor', 'customer']);
function demoDestinations(to) {
  return /^\+[1-9]\d{1,14}$/.test(to) || /^client:[A-Za-z0-9_.@+-]{1,121}$/.test(to) || EMULATOR_PARTIES.has(to) || /^tone:\d{2,4}$/.test(to);
}
/**
 * Who takes a call to the demo number: the user who last fetched a token (the demo has one
 * phone per signed-in page; with several, the most recent one rings).
 */
let lastPhoneUser = null;

/** The origin the emulator (or Twilio) requests this server at. */
function publicOrigin() {
  return realTwilio ? env.DEMO_PUBLIC_URL.replace(/\/+$/, '') : `https://127.0.0.1:${actualPort}`;
}

// ---------------------------------------------------------------- handlers
let emulator = null;
let voiceHandler = null;
let callControlHandler = null;
let tokenHandler;
let wrongTokenHandler;
let sampleAppTokenHandler = null;
let callControlTokenHandler = null;
let verifyHandler;
let actualPort = port;

/** Where the emulator requests the sample TwiML app (this server, over loopback). */
function sampleAppUrl() {
  return `https://127.0.0.1:${actualPort}/twiml/sample`;
}

function buildHandlers() {
  let creds;
  let httpClient;
  if (realTwilio) {
    creds = {
      accountSid: env.TWILIO_ACCOUNT_SID,
      apiKeySid: env.TWILIO_API_KEY,
      apiKeySecret: env.TWILIO_API_SECRET,
      authToken: env.TWILIO_AUTH_TOKEN || undefined,
      twimlAppSid: env.TWILIO_TWIML_APP_SID,
      verifyServiceSid: env.TWILIO_VERIFY_SERVICE_SID,
      callerId: env.TWILIO_CALLER_ID || undefined,
    };
  } else {
    emulator = createEmulator({
      accounts: [DEFAULT_ACCOUNT],
      preflightMs: Number(env.DEMO_PREFLIGHT_MS) > 0 ? Number(env.DEMO_PREFLIGHT_MS) : 10000,
      // The sample TwiML app is served by this same server.
      applications: {
        [SAMPLE_APP_SID]: { voiceUrl: sampleAppUrl(), voiceMethod: 'POST' },
        // Call control: the phone's outgoing calls run /voice (a conference per call).
        [CALL_CONTROL_APP_SID]: { voiceUrl: `${publicOrigin()}/voice`, voiceMethod: 'POST' },
      },
      numbers: { [INBOUND_NUMBER]: { voiceUrl: `${publicOrigin()}/voice`, voiceMethod: 'POST' } },
      // Loopback pages drive the emulator; a page opened through another name must be listed.
      allowedOrigins: [
        'loopback',
        ...(env.EMULATOR_ALLOWED_ORIGINS ?? '')
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      ],
      ...(verbose ? { log: (line) => console.log(`[emulator] ${line}`) } : {}),
    });
    const key = DEFAULT_ACCOUNT.apiKeys[0];
    creds = {
      accountSid: DEFAULT_ACCOUNT.accountSid,
      apiKeySid: key.sid,
      apiKeySecret: key.secret,
      twimlAppSid: DEFAULT_ACCOUNT.twimlAppSid,
      verifyServiceSid: DEFAULT_ACCOUNT.verifyServiceSid,
      authToken: DEFAULT_ACCOUNT.authToken,
      callerId: DEMO_CALLER_ID,
    };
    // The handlers reach the emulator's REST API through this same server (127.0.0.1:
    // "localhost" may resolve to ::1 first, where we do not listen).
    httpClient = createEmulatorHttpClient(`https://127.0.0.1:${actualPort}`);
  }
  // The identity is the signed-in user's (the session cookie), never the request's own query or body.
  const common = {
    accountSid: creds.accountSid,
    apiKeySid: creds.apiKeySid,
    twimlAppSid: creds.twimlAppSid,
    identity: sessionIdentity,
    log,
    ...(httpClient ? { httpClient } : {}),
  };
  tokenHandler = createTokenHandler({ ...common, apiKeySecret: creds.apiKeySecret });
  if (!realTwilio) sampleAppTokenHandler = createTokenHandler({ ...common, apiKeySecret: creds.apiKeySecret, twimlAppSid: SAMPLE_APP_SID });
  // Tokens from /token?app=call-control name the call-control app: their outgoing calls run /voice.
  if (!realTwilio) callControlTokenHandler = createTokenHandler({ ...common, apiKeySecret: creds.apiKeySecret, twimlAppSid: CALL_CONTROL_APP_SID });
  // For the bad-credentials demonstration: a token signed with a secret Twilio does not know.
  // No credential check, so the token is minted and Twilio's signaling rejects it.
  wrongTokenHandler = createTokenHandler({
    ...common,
    apiKeySecret: 'wrong-secret-' + randomBytes(12).toString('hex'),
    checkCredentials: false,
    log: (line) => log(line.replace('token:', 'token (wrong credentials):')),
  });
  buildCallControl(creds, httpClient);
  verifyHandler = createVerifyHandler({
    accountSid: creds.accountSid,
    apiKeySid: creds.apiKeySid,
    apiKeySecret: creds.apiKeySecret,
    ...(creds.authToken ? { authToken: creds.authToken } : {}),
    verifyServiceSid: creds.verifyServiceSid,
    // Generous for a demo page where everything comes from 127.0.0.1 (default 5).
    maxAttempts: 10,
    identity: sessionIdentity,
    log,
    ...(httpClient ? { httpClient } : {}),
  });
}

/** /voice and /call-control: in emulator mode always; with real Twilio when its variables are set. */
function buildCallControl(creds, httpClient) {
  if (realTwilio && !(creds.authToken && creds.callerId && env.DEMO_PUBLIC_URL)) return;
  const common = {
    accountSid: creds.accountSid,
    apiKeySid: creds.apiKeySid,
    apiKeySecret: creds.apiKeySecret,
    authToken: creds.authToken,
    callerId: creds.callerId,
    ...(realTwilio ? {} : { destinations: demoDestinations }),
    log,
    ...(httpClient ? { httpClient } : {}),
  };
  voiceHandler = toNodeHandler(
    createVoiceEndpoint({
      ...common,
      publicUrl: `${publicOrigin()}/voice`,
      statusCallbackUrl: `${publicOrigin()}/call-control`,
      incomingIdentity: () => lastPhoneUser,
    }),
  );
  // The identity is the signed-in user's (the session cookie), as for /token and /verify.
  callControlHandler = toNodeHandler(createCallControlEndpoint({ ...common, publicUrl: `${publicOrigin()}/call-control`, identity: sessionIdentity }));
}

// ---------------------------------------------------------------- static files
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.mp3': 'audio/mpeg',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
};
const DEMO_FILES = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/demo.js': 'demo.js',
  '/demo.css': 'demo.css',
  '/csp.html': 'csp.html',
  '/csp.js': 'csp.js',
};
// ---------------------------------------------------------------- security headers
/**
 * The Content-Security-Policy of every page: the policy of docs/guides/csp.md (scripts,
 * styles and connections from this origin only, Trusted Types for every DOM sink), no
 * 'unsafe-inline', no 'unsafe-eval', no plugins, no <base>, forms posting only here, and no
 * framing by any page. The signaling WebSocket is same-origin in emulator mode, so
 * connect-src 'self' covers it; with real Twilio the phone talks to Twilio's edge.
 */
const PAGE_CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "media-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
];
function pageCsp() {
  const directives = [...PAGE_CSP_DIRECTIVES];
  // Real Twilio: signaling and media stats go to Twilio's edge, not to this origin.
  if (realTwilio) directives.splice(directives.indexOf("img-src 'self'"), 0, "connect-src 'self' wss://*.twilio.com https://eventgw.twilio.com");
  else directives.splice(directives.indexOf("img-src 'self'"), 0, "connect-src 'self'");
  return directives.join('; ');
}
/**
 * /csp.html keeps its own test's policy, even stricter: the same, and Trusted Types policies
 * limited to the one Lit creates.
 */
function strictCsp() {
  return `${pageCsp()}; trusted-types lit-html`;
}

/**
 * /csp-noise.html: the same page under the policy that `noise-suppression` needs
 * (docs/guides/csp.md#noise-suppression): the strict one plus 'wasm-unsafe-eval' to compile RNNoise.
 */
function noiseCsp() {
  return strictCsp().replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");
}

/** The docs site's pages: the same, and WebAssembly for Pagefind's search (no eval of any script). */
function docsCsp() {
  return pageCsp().replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");
}

/** The file of build/docs/ that a /docs/ path names, or null: plain names only, nothing above the folder. */
function docsFile(path) {
  const rest = path === '/docs/' ? 'index.html' : path.slice('/docs/'.length);
  const parts = rest.split('/');
  return parts.every((p) => SAFE_NAME.test(p)) ? join(DOCS_DIR, ...parts) : null;
}

/**
 * The headers every response of the demo carries, pages, assets and JSON alike (set first
 * thing for each request, so the library's handlers and the emulator's answers get them too).
 * HSTS: on by default as a deployment needs it; DEMO_HSTS=0 leaves it out, since Safari
 * applies HSTS to every port of `localhost` (Chromium 132+ and Firefox ignore it there).
 */
function securityHeaders() {
  return {
    'content-security-policy': pageCsp(),
    'referrer-policy': 'no-referrer',
    ...(env.DEMO_HSTS === '0' ? {} : { 'strict-transport-security': 'max-age=31536000' }),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'microphone=(self), camera=(), geolocation=(), payment=(), usb=()',
  };
}

function applySecurityHeaders(res) {
  for (const [name, value] of Object.entries(securityHeaders())) res.setHeader(name, value);
}
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** `host:port` the request came to (a well-formed Host header), else localhost. */
function pageHost(req) {
  const host = req.headers.host ?? '';
  return /^(\[[0-9a-f:]+\]|[a-z0-9.-]+):\d+$/i.test(host) ? host : `localhost:${actualPort}`;
}

// ---------------------------------------------------------------- framework and i18n pages
const FRAMEWORKS_DIR = join(DEMO_DIR, 'frameworks');
/** Static files of the framework and i18n pages: URL path → file. */
const EXTRA_FILES = {
  '/frameworks/plain.html': join(FRAMEWORKS_DIR, 'plain.html'),
  '/frameworks/react.html': join(FRAMEWORKS_DIR, 'react.html'),
  '/frameworks/vue.html': join(FRAMEWORKS_DIR, 'vue.html'),
  '/frameworks/plain.js': join(FRAMEWORKS_DIR, 'plain.js'),
  '/frameworks/common.js': join(FRAMEWORKS_DIR, 'common.js'),
  '/frameworks/frameworks.css': join(FRAMEWORKS_DIR, 'frameworks.css'),
  '/i18n.html': join(DEMO_DIR, 'i18n.html'),
  '/i18n.js': join(DEMO_DIR, 'i18n.js'),
};
/** App bundles: URL path → entry. Each imports the elements from the built package (`twilio-widgets/*.js`). */
const BUNDLES = {
  '/frameworks/react.js': join(FRAMEWORKS_DIR, 'react-app.jsx'),
  '/frameworks/vue.js': join(FRAMEWORKS_DIR, 'vue-app.js'),
};
const bundles = new Map();

/** esbuild (a devDependency: the framework pages need `npm install`), once per entry and server run. */
function bundle(entry) {
  let made = bundles.get(entry);
  if (!made) {
    made = import('esbuild').then(({ build }) =>
      build({
        entryPoints: [entry],
        absWorkingDir: ROOT,
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        jsx: 'automatic',
        minify: true,
        legalComments: 'none',
        // Vue's runtime-only build (vue-app.js has render functions, no template to compile in
        // the page, so no `new Function`: the pages run without 'unsafe-eval') and its flags.
        define: {
          'process.env.NODE_ENV': '"production"',
          __VUE_OPTIONS_API__: 'false',
          __VUE_PROD_DEVTOOLS__: 'false',
          __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
        },
        logLevel: 'silent',
      }).then((r) => r.outputFiles[0].contents),
    );
    bundles.set(entry, made);
    made.catch(() => bundles.delete(entry));
  }
  return made;
}

async function sendBundle(res, entry, method) {
  let body;
  try {
    body = Buffer.from(await bundle(entry));
  } catch (err) {
    console.error('[demo] bundling failed:', err instanceof Error ? err.message : err);
    return sendJson(res, 500, { code: 500, message: 'Bundling failed (is esbuild installed? run npm install)', status: 500 });
  }
  res.writeHead(200, {
    'content-type': TYPES['.js'],
    'content-length': body.length,
    'cache-control': 'no-cache',
  });
  res.end(method === 'HEAD' ? undefined : body);
}

async function sendFile(res, file, method, headers = {}) {
  let body;
  try {
    body = await readFile(file);
  } catch {
    return sendJson(res, 404, { code: 20404, message: 'Not found', status: 404 });
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': 'no-cache',
    ...headers,
  });
  res.end(method === 'HEAD' ? undefined : body);
}

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

// ---------------------------------------------------------------- routing
async function route(req, res) {
  const url = new URL(req.url ?? '/', 'https://demo');
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;

  if (path === '/session') return handleSession(req, res, method);
  // The token and verify endpoints act for the signed-in user only: no session, no token.
  if ((path === '/token' || path === '/verify') && !sessionName(req)) {
    return sendJson(res, 401, SIGN_IN_FIRST);
  }
  if (path === '/token') {
    lastPhoneUser = sessionName(req);
    const app = url.searchParams.get('app');
    const chosen = (app === 'sample' && sampleAppTokenHandler) || (app === 'call-control' && callControlTokenHandler);
    const handler = url.searchParams.get('credentials') === 'wrong' ? wrongTokenHandler : chosen || tokenHandler;
    return handler(req, res);
  }
  if (path === '/twiml/sample' && emulator && method === 'POST') {
    return handleSampleApp(req, res, { authToken: DEFAULT_ACCOUNT.authToken, publicUrl: sampleAppUrl() });
  }
  if (path === '/verify') return verifyHandler(req, res);
  // Signed by Twilio (the emulator), not by a session: the endpoints check X-Twilio-Signature.
  // Browser actions on /call-control need the session (its identity hook answers 401 without).
  if (path === '/voice' && voiceHandler) return voiceHandler(req, res);
  if (path === '/call-control' && callControlHandler) return callControlHandler(req, res);
  if (emulator && emulator.handleRequest(req, res)) return;

  if (method !== 'GET' && method !== 'HEAD') return sendJson(res, 405, { code: 405, message: `Method ${method} not allowed`, status: 405 });
  if (path === '/config.json') {
    return sendJson(res, 200, {
      mode: realTwilio ? 'twilio' : 'emulator',
      // The page's phone uses our /signal in emulator mode, Twilio's edge otherwise.
      // The host the page was loaded from, so the socket is same-origin and `connect-src 'self'` covers it.
      signalingHost: realTwilio ? null : pageHost(req),
      legacyTotpSwitch: !realTwilio,
      emulatorDestinations: realTwilio ? [] : ['echo', 'tone', 'busy', 'no-answer'],
      // The Network switches drive the emulator's impairments; real networks need no help.
      networkSwitches: !realTwilio,
      sampleApp: !realTwilio,
      // Call control: where the phone posts its actions; the number the emulator's `customer` can call
      // (POST /emulator/inbound {to, party: 'customer'}); the parties to transfer to or add.
      callControl: callControlHandler
        ? {
            url: '/call-control',
            // The token query that makes the phone's outgoing calls run /voice (real Twilio: your app's Voice URL does).
            tokenApp: realTwilio ? null : 'call-control',
            inboundNumber: realTwilio ? null : INBOUND_NUMBER,
            parties: realTwilio ? [] : ['billing', 'supervisor'],
          }
        : null,
    });
  }
  if (path === '/docs') {
    res.writeHead(308, { location: '/docs/' });
    return res.end();
  }
  if (path === '/docs/assets/server.json') {
    // The docs' live examples run here (the static build's copy says there is no server).
    return sendJson(res, 200, { server: true, mode: realTwilio ? 'twilio' : 'emulator', signalingHost: realTwilio ? null : pageHost(req) });
  }
  if (path.startsWith('/docs/')) {
    const file = docsFile(path);
    if (file) return sendFile(res, file, method, { 'content-security-policy': docsCsp() });
  }
  if (path === '/csp.html') return sendFile(res, join(DEMO_DIR, 'csp.html'), method, { 'content-security-policy': strictCsp() });
  if (path === '/csp-noise.html') return sendFile(res, join(DEMO_DIR, 'csp.html'), method, { 'content-security-policy': noiseCsp() });
  if (Object.hasOwn(EXTRA_FILES, path)) return sendFile(res, EXTRA_FILES[path], method);
  if (Object.hasOwn(BUNDLES, path)) return sendBundle(res, BUNDLES[path], method);
  if (Object.hasOwn(DEMO_FILES, path)) return sendFile(res, join(DEMO_DIR, DEMO_FILES[path]), method);
  if (path.startsWith('/cdn/')) {
    // dist/cdn/NAME, dist/cdn/sounds/NAME and dist/cdn/noise/NAME only: no other path reaches the disk.
    const parts = path.slice('/cdn/'.length).split('/');
    const ok = (parts.length === 1 || (parts.length === 2 && (parts[0] === 'sounds' || parts[0] === 'noise'))) && parts.every((p) => SAFE_NAME.test(p));
    if (ok) return sendFile(res, join(CDN_DIR, ...parts), method);
  }
  if (path === '/favicon.ico') {
    res.writeHead(204);
    return res.end();
  }
  return sendJson(res, 404, { code: 20404, message: `Not found: ${path}`, status: 404 });
}

// ---------------------------------------------------------------- start
const tls = await loadCertificate();
const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
  applySecurityHeaders(res);
  route(req, res).catch((err) => {
    console.error('[demo] request failed:', err instanceof Error ? err.message : err);
    if (!res.headersSent) sendJson(res, 500, { code: 500, message: 'Internal error', status: 500 });
    else res.destroy();
  });
});
server.on('upgrade', (req, socket, head) => {
  if (!emulator || !emulator.handleUpgrade(req, socket, head)) socket.destroy();
});
server.on('tlsClientError', () => undefined);

await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, host, () => {
    server.off('error', reject);
    resolve();
  });
}).catch((err) => {
  console.error(`Cannot listen on ${host}:${port}: ${err.code === 'EADDRINUSE' ? 'the port is in use (set PORT)' : err.message}`);
  process.exit(1);
});
actualPort = server.address().port;
buildHandlers();

if (tls.fresh) console.log(`Made a self-signed certificate for localhost in .certs/ (your browser will ask you to accept it once).`);
if (realTwilio) {
  console.log(`Real Twilio mode: account ${env.TWILIO_ACCOUNT_SID.slice(0, 6)}…, API key ${env.TWILIO_API_KEY.slice(0, 6)}… (secrets not shown)`);
} else {
  console.log('Emulator mode: no Twilio account needed (set the TWILIO_* variables to use real Twilio).');
}
console.log(`twilio-widgets demo ready at https://localhost:${actualPort}/`);
if (env.DEMO_DOCS === '1') console.log(`docs at https://localhost:${actualPort}/docs/ (build/docs/, from \`npm run docs:build\`)`);
// The demo mounts the emulator itself, so it says what startEmulator() would say.
if (emulator && !isLoopbackBindAddress(host)) console.error(exposureWarning(host, actualPort));

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping the demo server`);
  const force = setTimeout(() => process.exit(1), 5000);
  force.unref();
  try {
    await emulator?.close();
  } catch (err) {
    console.error('[demo] emulator close failed:', err instanceof Error ? err.message : err);
  }
  await new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
