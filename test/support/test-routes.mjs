// Koa middleware for the test runner's dev server: a token endpoint with every
// fault a token URL can have, hit counters, and a bridge to the emulator.
import { mintToken } from './tokens.mjs';
import { createVerifyHandler, createEmulatorHttpClient } from '../../dist/server/index.js';
import { DEFAULT_ACCOUNT } from '../../dist/emulator/auth/test-accounts.js';
import { callControlStub } from './call-control-stub.mjs';
import { emulatorRequest } from './emulator-control.mjs';
import { CALL_CONTROL_APP_SID, callControlRoute } from './call-control-app.mjs';

const hits = new Map();
let realVerify;
let hugeBody;

function countHit(key) {
  if (!key) return 0;
  const n = (hits.get(key) ?? 0) + 1;
  hits.set(key, n);
  return n;
}

const delay = (ms) => new Promise((r) => setTimeout(r, ms));

/** Token requests with `hold=KEY` wait until `/__release?key=KEY` (a test decides when the answer goes out). */
const holds = new Map();
function held(key) {
  let entry = holds.get(key);
  if (!entry) {
    let release;
    entry = { promise: new Promise((r) => (release = r)), release: () => release() };
    holds.set(key, entry);
  }
  return entry;
}

/** Answers one token request: `fault` picks the failure, `failTimes` fails only the first N hits of `key`. */
async function tokenRoute(ctx, q) {
  const n = countHit(q.key);
  const identity = q.identity ?? 'alice';
  const variant = q.variant ?? 'good';
  const fault = q.failTimes && n > Number(q.failTimes) ? undefined : q.fault;
  ctx.set('Cache-Control', 'no-store');
  if (q.delay) await delay(Number(q.delay));
  if (q.hold) await held(q.hold).promise;
  switch (fault) {
    case undefined:
      break;
    case '401':
    case '403':
      ctx.status = Number(fault);
      ctx.body = { code: 20003, message: q.msg ?? 'Authenticate' };
      return;
    case '404':
      ctx.status = 404;
      ctx.body = { message: 'status 404' };
      // wtr lists every 404 a page caused as a missing file; this one is deliberate.
      ctx.url = '/__token-deliberate-404';
      return;
    case '500':
    case '502':
    case '503':
      ctx.status = Number(fault);
      ctx.body = { message: `status ${fault}` };
      return;
    case '429':
      ctx.status = 429;
      ctx.set('Retry-After', q.retryAfter ?? '1');
      ctx.body = { code: 20429, message: 'Too Many Requests' };
      return;
    case 'html':
      ctx.status = 200;
      ctx.type = 'text/html';
      ctx.body = '<!doctype html><title>Sign in</title><h1>Please sign in</h1>';
      return;
    case 'invalid-json':
      ctx.type = 'application/json';
      ctx.body = '{"token": eyJ';
      return;
    case 'no-token':
      ctx.body = { identity };
      return;
    case 'empty-token':
      ctx.body = { token: '' };
      return;
    case 'not-jwt':
      ctx.type = 'text/plain';
      ctx.body = 'hello world';
      return;
    case 'huge':
      // Built once: making 10 MB per request delayed the headers past a 300 ms token timeout on a loaded machine.
      hugeBody ??= Buffer.from('{"token":"' + 'a'.repeat(10 * 1024 * 1024) + '"}');
      ctx.type = 'application/json';
      ctx.body = hugeBody;
      return;
    case 'reset':
      ctx.respond = false;
      ctx.status = 200; // not Koa's default 404, which wtr would list as a missing file
      ctx.res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '5000' });
      ctx.res.write('{"token":"eyJ');
      setTimeout(() => ctx.req.socket.destroy(), 20);
      return;
    default:
      ctx.status = 400;
      ctx.body = { message: `unknown fault ${fault}` };
      return;
  }
  const app = q.app === 'call-control' ? CALL_CONTROL_APP_SID : undefined;
  const token = mintToken({ variant, identity, ttl: q.ttl ? Number(q.ttl) : undefined, app });
  if (q.format === 'text') {
    ctx.type = 'text/plain';
    ctx.body = token;
  } else {
    ctx.body = { identity, token };
  }
}

/**
 * Lazy chunks a test may make fail (`/__chunk-faults?fail=<one of these>`, `fail=` for none): while
 * failing, their requests answer 503 (counted as hits of `failed:<the chunk>`). Always served `no-store`: a copy another test file's page left
 * in the browser's cache would otherwise be used without asking this server.
 */
const FAILABLE_CHUNKS = ['/controllers/sdk-kit.'];
let failingChunk = '';

/**
 * Answers a failable chunk's request itself, `no-store`: the test runner marks every file cacheable
 * for a year once the middlewares are done (@web/test-runner-core's cacheMiddleware), which would let
 * a later page use the copy of an earlier one without asking.
 */
async function failableChunk(ctx, next, failing) {
  if (failing)
    countHit(`failed:${failingChunk}`); // the test reads it from /__hits
  else await next();
  const status = failing ? 503 : ctx.status;
  const body = failing ? 'unavailable (a test asked for it)' : ctx.body;
  const type = failing ? 'text/plain' : ctx.response.get('content-type');
  ctx.respond = false;
  ctx.res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  if (body && typeof body.pipe === 'function') body.pipe(ctx.res);
  else ctx.res.end(body ?? '');
}

/** @param {() => any} getEmulator */
export function testRoutes(getEmulator) {
  return async function testRoutesMiddleware(ctx, next) {
    const q = Object.fromEntries(new URLSearchParams(ctx.querystring));
    if (ctx.path === '/__chunk-faults') {
      failingChunk = FAILABLE_CHUNKS.includes(q.fail) ? q.fail : '';
      ctx.body = { ok: true, failing: failingChunk };
      return;
    }
    const chunk = FAILABLE_CHUNKS.find((part) => ctx.path.includes(part));
    if (chunk) return failableChunk(ctx, next, chunk === failingChunk);
    if (ctx.path === '/__token') return tokenRoute(ctx, q);
    if (ctx.path === '/__cc-stub' || ctx.path.startsWith('/__cc-stub/')) return callControlStub(ctx, q, readJson, getEmulator);
    if (ctx.path === '/__cc' || ctx.path === '/__cc-inbound-identity' || ctx.path === '/__cc-figures') return callControlRoute(ctx, q, readJson);
    if (ctx.path === '/__release') {
      held(q.key).release();
      ctx.body = { ok: true };
      return;
    }
    if (ctx.path === '/__hits') {
      ctx.body = { hits: hits.get(q.key) ?? 0 };
      return;
    }
    if (ctx.path === '/__env.json') {
      const emu = getEmulator();
      ctx.body = { signalingHost: emu.signalingHost, emulatorUrl: emu.url, soak: process.env.SOAK === 'full' ? 'full' : 'ci' };
      return;
    }
    if (ctx.path === '/__secrets.json') {
      // Only the leak test asks: it searches the page for these and must find nothing.
      const key = DEFAULT_ACCOUNT.apiKeys[0];
      ctx.body = { apiKeySecret: key.secret, authToken: DEFAULT_ACCOUNT.authToken };
      return;
    }
    if (ctx.path === '/__real-verify') {
      // The reference verify handler (twilio-widgets/server) against the emulator's Verify API.
      realVerify ??= createVerifyHandler({
        accountSid: DEFAULT_ACCOUNT.accountSid,
        apiKeySid: DEFAULT_ACCOUNT.apiKeys[0].sid,
        apiKeySecret: DEFAULT_ACCOUNT.apiKeys[0].secret,
        verifyServiceSid: DEFAULT_ACCOUNT.verifyServiceSid,
        httpClient: createEmulatorHttpClient(getEmulator().url),
        maxAttempts: 100,
        // The browser suites post the identity they test with; no sessions in this harness.
        unsafeClientIdentity: true,
      });
      ctx.respond = false;
      ctx.status = 200; // Koa's default 404 would be listed by wtr as a missing file
      await realVerify(ctx.req, ctx.res);
      return;
    }
    if (ctx.path.startsWith('/__emulator/')) {
      const emu = getEmulator();
      const op = ctx.path.slice('/__emulator/'.length);
      const body = ctx.method === 'POST' ? await readJson(ctx.req) : {};
      try {
        ctx.body = (await emulatorOp(emu, op, body)) ?? { ok: true };
      } catch (err) {
        ctx.status = 500;
        ctx.body = { message: String(err?.message ?? err) };
      }
      return;
    }
    return next();
  };
}

async function emulatorOp(emu, op, body) {
  switch (op) {
    case 'faults':
      emu.setFaults(body);
      return { faults: emu.faults };
    case 'reset-faults':
      emu.resetFaults();
      return { faults: emu.faults };
    case 'drop':
      emu.dropAllSockets();
      return;
    case 'status':
      return { registered: emu.registeredIdentities(), openSockets: emu.openSockets(), calls: emu.calls(), framesReceived: emu.framesReceived() };
    case 'ring':
      return emu.ring(body);
    case 'cancel':
      return emu.cancel(body.callSid);
    case 'hangup':
      return emu.hangup(body.callSid);
    case 'conferences':
    case 'inbound':
    case 'audio':
      return controlApi(emu, op, body);
    default:
      throw new Error(`unknown emulator op ${op}`);
  }
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      try {
        resolve(data ? JSON.parse(data) : {});
      } catch (e) {
        reject(e);
      }
    });
    req.on('error', reject);
  });
}

/** The emulator's control API (conferences, inbound calls, audio levels) over its own HTTPS URL. */
async function controlApi(emu, op, body) {
  const path = op === 'audio' ? `/emulator/calls/${body.callSid}/audio?freqs=${body.freqs}` : `/emulator/${op}`;
  const method = op === 'inbound' ? 'POST' : 'GET';
  const { status, json } = await emulatorRequest(emu, method, path, method === 'POST' ? body : undefined);
  if (status >= 400) throw new Error(`${op}: HTTP ${status} ${JSON.stringify(json)}`);
  return json;
}
