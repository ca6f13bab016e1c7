// Reference server handlers (twilio-widgets/server) against the emulator's REST API as the
// fake Twilio, over real HTTP on 127.0.0.1.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { loopbackServers } from '../support/loopback-servers.mjs';
import { URI } from 'otpauth';
import { createTwilioRestApi } from '../../dist/emulator/rest/api.js';
import { DEFAULT_ACCOUNT as A } from '../../dist/emulator/auth/test-accounts.js';
import { createTokenHandler, createVerifyHandler, createEmulatorHttpClient, MemoryAttemptStore } from '../../dist/server/index.js';
import { readAnswer } from '../support/answers.mjs';

const KEY = A.apiKeys[0];
const api = createTwilioRestApi({ accounts: [A] });
let fake; // the fake Twilio
let fakeBase;
let fakeRequests = [];
const { listen, closeAll } = loopbackServers();
const logLines = [];
const issuedTokens = [];
const log = (line) => logLines.push(line);

/** An app server that mounts handlers by path; `express: true` parses JSON into req.body first, like express.json(). */
async function app(routes, { express = false } = {}) {
  return listen(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const h = routes[path];
    if (!h) {
      res.statusCode = 404;
      res.end();
      return;
    }
    if (express && /json/.test(req.headers['content-type'] ?? '')) {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      req.body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
    }
    let nextCalled = false;
    await h(req, res, () => {
      nextCalled = true;
    });
    assert.equal(nextCalled, false);
  });
}

const httpClient = () => createEmulatorHttpClient(fakeBase, { keepAlive: false });

function tokenOpts(extra = {}) {
  return {
    accountSid: A.accountSid,
    apiKeySid: KEY.sid,
    apiKeySecret: KEY.secret,
    twimlAppSid: A.twimlAppSid,
    httpClient: httpClient(),
    log,
    ...extra,
  };
}

function verifyOpts(extra = {}) {
  return {
    accountSid: A.accountSid,
    apiKeySid: KEY.sid,
    apiKeySecret: KEY.secret,
    verifyServiceSid: A.verifyServiceSid,
    httpClient: httpClient(),
    attemptStore: new MemoryAttemptStore(),
    log,
    // These tests post the identity (the verify flows and their limits are under test; the
    // identity's source is test/node/attack-verify-*.test.mjs's).
    unsafeClientIdentity: true,
    ...extra,
  };
}

function decodeJwt(jwt) {
  const [h, p, sig] = jwt.split('.');
  assert.ok(sig);
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(p, 'base64url').toString()),
  };
}

async function post(url, body, headers = {}) {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return readAnswer(r);
}

const accountFetches = () => fakeRequests.filter((r) => r.startsWith('GET /2010-04-01/Accounts/')).length;
let n = 0;
const newIdentity = () => `user-${Date.now().toString(36)}-${n++}`;
const codeFor = (uri) => URI.parse(uri).generate();
function wrongCodeFor(uri) {
  const t = URI.parse(uri);
  for (let i = 1; ; i++) {
    const c = String((Number(t.generate()) + i) % 1e6).padStart(6, '0');
    if (t.validate({ token: c, window: 2 }) === null) return c;
  }
}

before(async () => {
  fake = http.createServer((req, res) => {
    fakeRequests.push(`${req.method} ${req.url}`);
    if (!api.handleRequest(req, res)) {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise((r) => fake.listen(0, '127.0.0.1', r));
  fakeBase = `http://127.0.0.1:${fake.address().port}`;
});

after(async () => {
  await closeAll();
  fake.closeAllConnections();
  await new Promise((r) => fake.close(r));
  api.close();
});

describe('token handler', () => {
  test('good credentials -> 200 {identity, token} with a Voice grant; no-store', async () => {
    const base = await app({ '/token': createTokenHandler(tokenOpts({ identity: () => 'alice' })) });
    const r = await fetch(`${base}/token`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.match(r.headers.get('content-type'), /^application\/json/);
    const j = await r.json();
    issuedTokens.push(j.token);
    assert.deepEqual(Object.keys(j).sort(), ['identity', 'token']);
    assert.equal(j.identity, 'alice');
    const { header, payload } = decodeJwt(j.token);
    assert.equal(header.cty, 'twilio-fpa;v=1');
    assert.equal(header.alg, 'HS256');
    assert.equal(payload.iss, KEY.sid);
    assert.equal(payload.sub, A.accountSid);
    assert.equal(payload.grants.identity, 'alice');
    assert.deepEqual(payload.grants.voice, { incoming: { allow: true }, outgoing: { application_sid: A.twimlAppSid } });
    assert.equal(payload.exp - payload.iat, 600);
  });

  test('POST works too; default identity is random; ttl option', async () => {
    const base = await app({ '/token': createTokenHandler(tokenOpts({ ttl: 120 })) });
    const a = await post(`${base}/token`, {});
    const b = await fetch(`${base}/token`, { method: 'POST' }).then((r) => r.json());
    assert.equal(a.status, 200);
    issuedTokens.push(a.json.token, b.token);
    assert.match(a.json.identity, /^[A-Za-z]+\d{4}$/);
    assert.notEqual(a.json.identity, b.identity);
    const { payload } = decodeJwt(a.json.token);
    assert.equal(payload.exp - payload.iat, 120);
    assert.equal(payload.grants.identity, a.json.identity);
  });

  test('credential check is cached (good results)', async () => {
    const before = accountFetches();
    const base = await app({ '/token': createTokenHandler(tokenOpts()) });
    const rs = await Promise.all([1, 2, 3].map(() => fetch(`${base}/token`).then((r) => r.json())));
    issuedTokens.push(...rs.map((j) => j.token));
    await fetch(`${base}/token`)
      .then((r) => r.json())
      .then((j) => issuedTokens.push(j.token));
    assert.equal(accountFetches() - before, 1);
  });

  test('wrong secret -> 401 20003, no token; bad result cached; cache TTL 0 re-checks', async () => {
    const before = accountFetches();
    const base = await app({
      '/token': createTokenHandler(tokenOpts({ apiKeySecret: 'definitely-wrong-secret' })),
      '/token-nocache': createTokenHandler(tokenOpts({ apiKeySecret: 'definitely-wrong-secret', credentialCheckTtlMs: 0 })),
    });
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${base}/token`);
      assert.equal(r.status, 401);
      assert.equal(r.headers.get('cache-control'), 'no-store');
      const j = await r.json();
      assert.equal(j.code, 20003);
      assert.equal(typeof j.message, 'string');
      assert.equal(j.token, undefined);
      assert.ok(!JSON.stringify(j).includes('definitely-wrong-secret'));
    }
    assert.equal(accountFetches() - before, 1);
    await fetch(`${base}/token-nocache`);
    await fetch(`${base}/token-nocache`);
    assert.equal(accountFetches() - before, 3);
  });

  test('Twilio unreachable -> 502 JSON (not cached)', async () => {
    const dead = http.createServer();
    await new Promise((r) => dead.listen(0, '127.0.0.1', r));
    const deadBase = `http://127.0.0.1:${dead.address().port}`;
    await new Promise((r) => dead.close(r));
    const base = await app({ '/token': createTokenHandler(tokenOpts({ httpClient: createEmulatorHttpClient(deadBase, { keepAlive: false }) })) });
    const r = await fetch(`${base}/token`);
    assert.equal(r.status, 502);
    const j = await r.json();
    assert.equal(j.status, 502);
    assert.equal(j.token, undefined);
  });

  test('identity function: invalid identity -> 400; thrown 403 -> 403; methods', async () => {
    const base = await app({
      '/bad': createTokenHandler(tokenOpts({ identity: () => 'has space' })),
      '/deny': createTokenHandler(
        tokenOpts({
          identity: () => {
            throw Object.assign(new Error('Sign in first'), { status: 403 });
          },
        }),
      ),
      '/query': createTokenHandler(tokenOpts({ identity: (req) => new URL(req.url, 'http://x').searchParams.get('identity') })),
    });
    assert.equal((await fetch(`${base}/bad`)).status, 400);
    const d = await fetch(`${base}/deny`);
    assert.equal(d.status, 403);
    assert.equal((await d.json()).message, 'Sign in first');
    const q = await fetch(`${base}/query?identity=bob_1`).then((r) => r.json());
    issuedTokens.push(q.token);
    assert.equal(q.identity, 'bob_1');
    const put = await fetch(`${base}/query`, { method: 'PUT' });
    assert.equal(put.status, 405);
    assert.match(put.headers.get('allow'), /GET, POST/);
    assert.equal((await put.json()).status, 405);
    const form = await fetch(`${base}/query?identity=bob`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x=1' });
    assert.equal(form.status, 415);
  });
});

describe('verify handler', () => {
  test('enrol -> verify factor with an otpauth code -> verified (snake_case JSON passed through)', async () => {
    const base = await app({ '/verify': createVerifyHandler(verifyOpts()) });
    const identity = newIdentity();
    const e = await post(`${base}/verify`, { action: 'enroll', identity, friendlyName: 'Alice' });
    assert.equal(e.status, 201);
    assert.deepEqual(Object.keys(e.json).sort(), ['factorSid', 'identity', 'secret', 'status', 'uri']);
    assert.equal(e.json.identity, identity);
    assert.match(e.json.factorSid, /^YF[0-9a-f]{32}$/);
    assert.equal(e.json.status, 'unverified');
    assert.equal(URI.parse(e.json.uri).secret.base32, e.json.secret);
    assert.equal(e.headers.get('cache-control'), 'no-store');

    const v = await post(`${base}/verify`, { action: 'verify-factor', identity, factorSid: e.json.factorSid, code: codeFor(e.json.uri) });
    assert.equal(v.status, 200);
    assert.equal(v.json.status, 'verified');
    assert.equal(v.json.sid, e.json.factorSid);
    assert.equal(v.json.identity, identity);
    assert.equal(v.json.account_sid, A.accountSid);
    assert.equal(v.json.factor_type, 'totp');
    assert.deepEqual(v.json.config, { alg: 'sha1', skew: 1, code_length: 6, time_step: 30 });
    assert.match(v.json.date_created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(v.json.binding, undefined, 'binding only returned at enrolment');
  });

  test('wrong code -> 200 unverified (current) and 403 60311 passed through (legacy); action inferred', async () => {
    const base = await app({ '/verify': createVerifyHandler(verifyOpts()) });
    const identity = newIdentity();
    const e = await post(`${base}/verify`, { action: 'enroll', identity });
    const v = await post(`${base}/verify`, { identity, factorSid: e.json.factorSid, code: wrongCodeFor(e.json.uri) });
    assert.equal(v.status, 200);
    assert.equal(v.json.status, 'unverified');
    api.setLegacyTotpErrors(true);
    try {
      const l = await post(`${base}/verify`, { identity, factorSid: e.json.factorSid, code: wrongCodeFor(e.json.uri) });
      assert.equal(l.status, 403);
      assert.deepEqual(l.json, {
        code: 60311,
        message: 'Factor verification failed',
        more_info: 'https://www.twilio.com/docs/errors/60311',
        status: 403,
      });
    } finally {
      api.setLegacyTotpErrors(false);
    }
  });

  test('challenge flow: create approved / pending, answer (inferred verify-challenge), legacy 60324, 60322', async () => {
    const base = await app({ '/verify': createVerifyHandler(verifyOpts({ maxAttempts: 50 })) });
    const identity = newIdentity();
    const e = await post(`${base}/verify`, { action: 'enroll', identity });
    const factorSid = e.json.factorSid;
    // unverified factor -> Twilio's 403 60318 passed through
    const u = await post(`${base}/verify`, { action: 'create-challenge', identity, factorSid, code: codeFor(e.json.uri) });
    assert.equal(u.status, 403);
    assert.equal(u.json.code, 60318);
    await post(`${base}/verify`, { action: 'verify-factor', identity, factorSid, code: codeFor(e.json.uri) });

    const ok = await post(`${base}/verify`, { action: 'create-challenge', identity, factorSid, code: codeFor(e.json.uri) });
    assert.equal(ok.status, 201);
    assert.equal(ok.json.status, 'approved');
    assert.equal(ok.json.factor_sid, factorSid);
    assert.equal(ok.json.identity, identity);
    assert.equal(ok.json.responded_reason, 'none');
    assert.match(ok.json.sid, /^YC[0-9a-f]{32}$/);
    assert.match(ok.json.expiration_date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const p = await post(`${base}/verify`, { action: 'create-challenge', identity, factorSid, code: wrongCodeFor(e.json.uri) });
    assert.equal(p.status, 201);
    assert.equal(p.json.status, 'pending');
    // no action: challengeSid -> verify-challenge; code with a space is normalised
    const code = codeFor(e.json.uri);
    const a = await post(`${base}/verify`, { identity, challengeSid: p.json.sid, code: `${code.slice(0, 3)} ${code.slice(3)}` });
    assert.equal(a.status, 200);
    assert.equal(a.json.status, 'approved');
    const again = await post(`${base}/verify`, { identity, challengeSid: p.json.sid, code });
    assert.equal(again.status, 403);
    assert.equal(again.json.code, 60322);

    api.setLegacyTotpErrors(true);
    try {
      const l = await post(`${base}/verify`, { action: 'create-challenge', identity, factorSid, code: wrongCodeFor(e.json.uri) });
      assert.equal(l.status, 403);
      assert.equal(l.json.code, 60324);
      assert.equal(l.json.more_info, 'https://www.twilio.com/docs/errors/60324');
    } finally {
      api.setLegacyTotpErrors(false);
    }
  });

  test('unknown factor (upper-case hex accepted by validation) -> Twilio 404 20404 passed through', async () => {
    const base = await app({ '/verify': createVerifyHandler(verifyOpts()) });
    const r = await post(`${base}/verify`, { identity: newIdentity(), factorSid: 'YF' + 'AB'.repeat(16), code: '123456' });
    assert.equal(r.status, 404);
    assert.equal(r.json.code, 20404);
    assert.equal(r.json.status, 404);
  });

  const malformed = [
    ['missing identity', { action: 'verify-factor', factorSid: 'YF' + 'a'.repeat(32), code: '123456' }, 'identity'],
    ['identity with a space', { action: 'enroll', identity: 'bad id' }, 'identity'],
    ['identity starting with a dash', { action: 'enroll', identity: '-abc' }, 'identity'],
    ['identity too long', { action: 'enroll', identity: 'a'.repeat(65) }, 'identity'],
    ['identity not a string', { action: 'enroll', identity: 42 }, 'identity'],
    ['letters in code', { action: 'verify-factor', identity: 'alice', factorSid: 'YF' + 'a'.repeat(32), code: '12a456' }, 'code'],
    ['code too short', { action: 'verify-factor', identity: 'alice', factorSid: 'YF' + 'a'.repeat(32), code: '12' }, 'code'],
    ['code too long', { action: 'verify-factor', identity: 'alice', factorSid: 'YF' + 'a'.repeat(32), code: '123456789' }, 'code'],
    ['missing code', { action: 'verify-factor', identity: 'alice', factorSid: 'YF' + 'a'.repeat(32) }, 'code'],
    ['factorSid wrong prefix', { action: 'verify-factor', identity: 'alice', factorSid: 'YC' + 'a'.repeat(32), code: '123456' }, 'factorSid'],
    ['factorSid short', { action: 'create-challenge', identity: 'alice', factorSid: 'YF' + 'a'.repeat(31), code: '123456' }, 'factorSid'],
    ['factorSid non-hex', { action: 'create-challenge', identity: 'alice', factorSid: 'YF' + 'g'.repeat(32), code: '123456' }, 'factorSid'],
    ['challengeSid bad', { identity: 'alice', challengeSid: 'YC123', code: '123456' }, 'challengeSid'],
    ['unknown action', { action: 'delete-everything', identity: 'alice' }, 'action'],
    ['no action, nothing to infer', { identity: 'alice', code: '123456' }, 'action'],
    ['friendlyName too long', { action: 'enroll', identity: 'alice', friendlyName: 'x'.repeat(65) }, 'friendlyName'],
  ];
  for (const [name, body, param] of malformed) {
    test(`malformed input: ${name} -> 400 60200`, async () => {
      const base = await app({ '/verify': createVerifyHandler(verifyOpts()) });
      const before = fakeRequests.length;
      const r = await post(`${base}/verify`, body);
      assert.equal(r.status, 400);
      assert.equal(r.json.code, 60200);
      assert.equal(r.json.status, 400);
      assert.equal(r.json.message, `Invalid parameter: ${param}`);
      assert.equal(fakeRequests.length, before, 'Twilio not called');
    });
  }

  test('malformed JSON and non-object JSON -> 400; non-JSON -> 415; GET -> 405', async () => {
    const base = await app({ '/verify': createVerifyHandler(verifyOpts()) });
    assert.equal((await post(`${base}/verify`, '{"identity":')).status, 400);
    assert.equal((await post(`${base}/verify`, '[1,2]')).status, 400);
    const f = await fetch(`${base}/verify`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'identity=alice' });
    assert.equal(f.status, 415);
    assert.match(f.headers.get('content-type'), /json/);
    const g = await fetch(`${base}/verify`);
    assert.equal(g.status, 405);
    assert.equal(g.headers.get('allow'), 'POST, OPTIONS');
  });

  test('6th verification attempt per identity -> 429 20429 with Retry-After (successes count, enrol does not)', async () => {
    let k = 0;
    const base = await app({ '/verify': createVerifyHandler(verifyOpts({ clientKey: () => `client-${k++}` })) });
    const identity = newIdentity();
    for (let i = 0; i < 3; i++) await post(`${base}/verify`, { action: 'enroll', identity });
    const e = await post(`${base}/verify`, { action: 'enroll', identity });
    assert.equal(e.status, 201);
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const code = i === 0 ? codeFor(e.json.uri) : wrongCodeFor(e.json.uri);
      statuses.push((await post(`${base}/verify`, { identity, factorSid: e.json.factorSid, code })).status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    const r = await post(`${base}/verify`, { identity, factorSid: e.json.factorSid, code: '123456' });
    assert.equal(r.status, 429);
    assert.deepEqual(r.json, {
      code: 20429,
      message: 'Too many attempts, try again later',
      more_info: 'https://www.twilio.com/docs/errors/20429',
      status: 429,
    });
    assert.equal(r.headers.get('retry-after'), '600');
  });

  test('21st attempt per client key (different identities) -> 429: a client may make 4 × maxAttempts checks', async () => {
    const base = await app({ '/verify': createVerifyHandler(verifyOpts({ windowMs: 60_000 })) });
    const statuses = [];
    for (let i = 0; i < 21; i++) {
      statuses.push((await post(`${base}/verify`, { identity: newIdentity(), factorSid: 'YF' + '0'.repeat(32), code: '123456' })).status);
    }
    assert.deepEqual(statuses, [...Array(20).fill(404), 429]);
  });

  test('6th attempt per client key with maxClientAttempts: 5 -> 429', async () => {
    const base = await app({ '/verify': createVerifyHandler(verifyOpts({ windowMs: 60_000, maxClientAttempts: 5 })) });
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await post(`${base}/verify`, { identity: newIdentity(), factorSid: 'YF' + '0'.repeat(32), code: '123456' })).status);
    }
    assert.deepEqual(statuses, [404, 404, 404, 404, 404, 429]);
  });

  test('body too large -> 413 JSON', async () => {
    const base = await app({ '/verify': createVerifyHandler(verifyOpts()) });
    const r = await post(`${base}/verify`, { action: 'enroll', identity: 'alice', pad: 'x'.repeat(20 * 1024) });
    assert.equal(r.status, 413);
    assert.equal(r.json.status, 413);
    const small = await app({ '/verify': createVerifyHandler(verifyOpts({ bodyLimit: 64 })) });
    const r2 = await post(`${small}/verify`, { action: 'enroll', identity: 'alice', pad: 'x'.repeat(100) });
    assert.equal(r2.status, 413);
    // chunked upload without Content-Length: cut off while streaming
    const r3 = await new Promise((resolve, reject) => {
      const u = new URL(`${base}/verify`);
      const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString()) }));
      });
      req.on('error', reject);
      req.write('{"action":"enroll","identity":"alice","pad":"');
      for (let i = 0; i < 20; i++) req.write('y'.repeat(1024));
      req.end('"}');
    });
    assert.equal(r3.status, 413);
    assert.equal(r3.json.status, 413);
  });

  test('Express-style: req.body already parsed, next not called', async () => {
    const base = await app(
      { '/verify': createVerifyHandler(verifyOpts()), '/token': createTokenHandler(tokenOpts({ identity: (req) => req.body.name })) },
      { express: true },
    );
    const identity = newIdentity();
    const e = await post(`${base}/verify`, { action: 'enroll', identity });
    assert.equal(e.status, 201);
    const v = await post(`${base}/verify`, { identity, factorSid: e.json.factorSid, code: codeFor(e.json.uri) });
    assert.equal(v.json.status, 'verified');
    const bad = await post(`${base}/verify`, { identity: 'bad id' });
    assert.equal(bad.status, 400);
    const t = await post(`${base}/token`, { name: 'carol' });
    assert.equal(t.status, 200);
    assert.equal(t.json.identity, 'carol');
    issuedTokens.push(t.json.token);
  });
});

describe('CORS', () => {
  test('listed origin echoed (request + preflight); other origins get no CORS headers', async () => {
    const cors = { origins: ['https://app.example.com'] };
    const base = await app({
      '/verify': createVerifyHandler(verifyOpts({ cors })),
      '/token': createTokenHandler(tokenOpts({ cors })),
    });
    const pre = await fetch(`${base}/verify`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.match(pre.headers.get('access-control-allow-methods'), /POST/);
    assert.equal(pre.headers.get('access-control-allow-headers'), 'content-type');
    assert.match(pre.headers.get('vary'), /Origin/);

    const ok = await post(`${base}/verify`, { identity: 'bad id' }, { origin: 'https://app.example.com' });
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://app.example.com');

    const preDenied = await fetch(`${base}/verify`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(preDenied.headers.get('access-control-allow-origin'), null);
    assert.equal(preDenied.headers.get('access-control-allow-methods'), null);
    const denied = await fetch(`${base}/token`, { headers: { origin: 'https://evil.example' } });
    assert.equal(denied.headers.get('access-control-allow-origin'), null);
    issuedTokens.push((await denied.json()).token);
    const t = await fetch(`${base}/token`, { headers: { origin: 'https://app.example.com' } });
    assert.equal(t.headers.get('access-control-allow-origin'), 'https://app.example.com');
    issuedTokens.push((await t.json()).token);
  });

  test('no cors option -> no CORS headers', async () => {
    const base = await app({ '/token': createTokenHandler(tokenOpts()) });
    const r = await fetch(`${base}/token`, { headers: { origin: 'https://app.example.com' } });
    assert.equal(r.headers.get('access-control-allow-origin'), null);
    issuedTokens.push((await r.json()).token);
  });
});

test('captured log lines contain no secret, auth token or JWT', () => {
  if (process.env.SHOW_LOG) console.log(logLines.join('\n'));
  assert.ok(logLines.length > 10, 'something was logged');
  assert.ok(issuedTokens.length > 5 && issuedTokens.every((t) => typeof t === 'string' && t.length > 100));
  const all = logLines.join('\n');
  assert.ok(!all.includes(KEY.secret));
  assert.ok(!all.includes(A.authToken));
  assert.ok(!all.includes('definitely-wrong-secret'));
  assert.ok(!/eyJ[\w-]+\.[\w-]+\./.test(all), 'no JWT-looking string');
  for (const t of issuedTokens) {
    assert.ok(!all.includes(t));
    assert.ok(!all.includes(t.split('.')[2]));
  }
  assert.ok(!/otpauth:\/\//.test(all), 'no TOTP binding uri');
  assert.ok(!/secret=/i.test(all));
});
