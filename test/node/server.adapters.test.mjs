// The same endpoints (test/support/endpoint-fixture.mjs) through every adapter, each on its
// real framework: Node http, Express 5, Fastify 5, Hono on @hono/node-server (fetch-style),
// and Twilio Functions served by twilio-run, Twilio's own local runtime. One table of
// behaviours runs against each, with the emulator (HTTPS, startEmulator) as Twilio and its
// door counting what reaches it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { URI } from 'otpauth';
import { startEmulator, DEFAULT_ACCOUNT as A } from '../../dist/emulator/index.js';
import { ADAPTERS } from '../support/adapter-servers.mjs';
import { BODY_LIMIT, MAX_ATTEMPTS, ORIGIN, ROUTES, SESSION, fixtureEndpoints } from '../support/endpoint-fixture.mjs';
import { tapEmulator } from '../support/emulator-tap.mjs';
import { ROOT, ensureTwilioRun, functionsDir, startTwilioRun } from '../support/twilio-run.mjs';
import { readAnswer } from '../support/answers.mjs';

const FUNCTIONS = 'twilio functions (twilio-run)';
const KEY = A.apiKeys[0];
let emulator;
let tap;

before(async () => {
  emulator = await startEmulator({ port: 0 });
  tap = tapEmulator(emulator);
});
after(async () => {
  await emulator?.stop();
});

/** Twilio Functions: one Function file per fixture endpoint, run by twilio-run in one warm process. */
async function mountFunctions() {
  const cli = await ensureTwilioRun(); // says so on stdout when it has to install it
  const fixture = pathToFileURL(join(ROOT, 'test', 'support', 'endpoint-fixture.mjs')).href;
  const functions = {};
  for (const [path, name] of Object.entries(ROUTES)) {
    functions[`${path.slice(1)}.js`] = `
let ready;
exports.handler = (context, event, callback) => {
  ready ??= Promise.all([import(${JSON.stringify(fixture)}), import('twilio-widgets/server')]).then(
    ([{ fixtureEndpoints }, { toTwilioFunction }]) => toTwilioFunction(fixtureEndpoints(context.EMULATOR_URL)[${JSON.stringify(name)}]),
  );
  ready.then((handle) => handle(context, event, callback), callback);
};`;
  }
  const { dir, remove } = functionsDir({ functions, env: { EMULATOR_URL: emulator.url, ACCOUNT_SID: A.accountSid } });
  const run = await startTwilioRun(cli, dir, { forkProcess: false });
  return {
    url: run.url,
    close: async () => {
      await run.stop();
      remove();
    },
  };
}

async function call(url, { method = 'GET', headers = {}, body } = {}) {
  const init = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers['content-type'] ??= 'application/json';
  }
  const r = await fetch(url, init);
  return readAnswer(r);
}

/** The payload of an HS256 JWT whose signature the API key's secret verifies. */
function jwtPayload(jwt) {
  const [header, payload, signature] = jwt.split('.');
  assert.equal(JSON.parse(Buffer.from(header, 'base64url').toString()).alg, 'HS256');
  assert.equal(signature, createHmac('sha256', KEY.secret).update(`${header}.${payload}`).digest('base64url'), 'signed with the API key secret');
  return JSON.parse(Buffer.from(payload, 'base64url').toString());
}

const codeFor = (uri) => URI.parse(uri).generate();
function wrongCodeFor(uri) {
  const t = URI.parse(uri);
  for (let i = 1; ; i++) {
    const c = String((Number(t.generate()) + i) % 1e6).padStart(6, '0');
    if (t.validate({ token: c, window: 2 }) === null) return c;
  }
}

let n = 0;
const fresh = (what) => `${what}-${Date.now().toString(36)}-${n++}`;
const unknownFactor = `YF${'0'.repeat(32)}`;

/**
 * The behaviours every adapter must have. `skip` names adapters where the row cannot
 * apply, and why.
 */
const ROWS = [
  {
    name: "verify-session: the session's identity is the one acted for; a body naming another user → 403; no session → 401; Twilio not asked for either",
    async run({ url }) {
      const before = tap.verifyRequests();
      const other = await call(`${url}/verify-session`, {
        method: 'POST',
        headers: { cookie: SESSION.cookie },
        body: { action: 'enroll', identity: 'victim' },
      });
      assert.equal(other.status, 403);
      assert.equal(other.json.message, 'The identity does not match the signed-in user');
      const none = await call(`${url}/verify-session`, { method: 'POST', body: { action: 'enroll', identity: SESSION.identity } });
      assert.equal(none.status, 401);
      assert.equal(tap.verifyRequests(), before);
      const checks = tap.count('POST', new RegExp(`/Entities/${SESSION.identity}/Factors/YF`));
      const own = await call(`${url}/verify-session`, {
        method: 'POST',
        headers: { cookie: SESSION.cookie },
        body: { action: 'verify-factor', factorSid: unknownFactor, code: '123456' },
      });
      assert.equal(own.status, 404, 'the check reached Twilio, for the session identity');
      assert.equal(tap.count('POST', new RegExp(`/Entities/${SESSION.identity}/Factors/YF`)), checks + 1);
    },
  },
  {
    name: 'token: a signed-in caller gets a Voice token for their own identity',
    async run({ url }) {
      const r = await call(`${url}/token`, { headers: { cookie: `theme=dark; ${SESSION.cookie}` } });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.headers.get('cache-control'), 'no-store');
      assert.match(r.headers.get('content-type'), /^application\/json/);
      assert.equal(r.json.identity, SESSION.identity);
      const p = jwtPayload(r.json.token);
      assert.equal(p.grants.identity, SESSION.identity);
      assert.equal(p.iss, KEY.sid);
      assert.equal(p.sub, A.accountSid);
      assert.deepEqual(p.grants.voice, { incoming: { allow: true }, outgoing: { application_sid: A.twimlAppSid } });
    },
  },
  {
    name: 'token: no session cookie (or an unknown one) → 401, no token, Twilio not asked',
    async run({ url }) {
      const before = tap.accountFetches();
      for (const headers of [{}, { cookie: 'sid=forged' }]) {
        const r = await call(`${url}/token`, { headers });
        assert.equal(r.status, 401, r.text);
        assert.equal(r.json.message, 'Sign in first');
        assert.equal(r.json.status, 401);
        assert.equal(r.json.token, undefined);
      }
      assert.equal(tap.accountFetches(), before, 'no credentials check for a caller without a session');
    },
  },
  {
    name: 'token: wrong credentials → 401 20003 before any token is issued; the check is made once, then cached',
    async run({ url }) {
      const before = tap.accountFetches();
      for (let i = 0; i < 3; i++) {
        const r = await call(`${url}/token-wrong`);
        assert.equal(r.status, 401, r.text);
        assert.equal(r.json.code, 20003);
        assert.equal(r.json.more_info, 'https://www.twilio.com/docs/errors/20003');
        assert.equal(r.json.token, undefined);
        assert.ok(!r.text.includes('not-the-secret'));
      }
      assert.equal(tap.accountFetches() - before, 1);
    },
  },
  {
    name: 'verify: enrol; a wrong code leaves the factor unverified, the right one verifies it',
    async run({ url }) {
      const identity = fresh('enrol');
      const e = await call(`${url}/verify`, { method: 'POST', body: { action: 'enroll', identity } });
      assert.equal(e.status, 201, e.text);
      assert.match(e.json.factorSid, /^YF[0-9a-f]{32}$/);
      assert.equal(e.json.status, 'unverified');
      const wrong = await call(`${url}/verify`, { method: 'POST', body: { identity, factorSid: e.json.factorSid, code: wrongCodeFor(e.json.uri) } });
      assert.equal(wrong.status, 200, wrong.text);
      assert.equal(wrong.json.status, 'unverified');
      const right = await call(`${url}/verify`, { method: 'POST', body: { identity, factorSid: e.json.factorSid, code: codeFor(e.json.uri) } });
      assert.equal(right.status, 200, right.text);
      assert.equal(right.json.status, 'verified');
      assert.equal(right.json.sid, e.json.factorSid);
      assert.equal(right.json.binding, undefined, 'the secret is only returned at enrolment');
    },
  },
  {
    name: 'verify: malformed input → 400 60200, Twilio not asked',
    async run({ url }) {
      const before = tap.verifyRequests();
      const r = await call(`${url}/verify`, {
        method: 'POST',
        body: { action: 'verify-factor', identity: 'has space', factorSid: unknownFactor, code: '123456' },
      });
      assert.equal(r.status, 400, r.text);
      assert.deepEqual(r.json, { code: 60200, message: 'Invalid parameter: identity', more_info: 'https://www.twilio.com/docs/errors/60200', status: 400 });
      const c = await call(`${url}/verify`, { method: 'POST', body: { identity: 'bob', factorSid: unknownFactor, code: '12a456' } });
      assert.equal(c.json.message, 'Invalid parameter: code');
      assert.equal(tap.verifyRequests(), before);
    },
  },
  {
    name: "verify: Twilio's own errors pass through (unknown factor → 404 20404)",
    async run({ url }) {
      const r = await call(`${url}/verify`, { method: 'POST', body: { identity: fresh('nf'), factorSid: unknownFactor, code: '123456' } });
      assert.equal(r.status, 404, r.text);
      assert.equal(r.json.code, 20404);
      assert.equal(r.json.status, 404);
    },
  },
  {
    name: `413: a body over the ${BODY_LIMIT}-byte limit is refused, Twilio not asked`,
    async run({ url }) {
      const before = tap.verifyRequests();
      const r = await call(`${url}/verify`, { method: 'POST', body: { action: 'enroll', identity: fresh('big'), pad: 'x'.repeat(BODY_LIMIT * 2) } });
      assert.equal(r.status, 413, r.text);
      assert.deepEqual(r.json, { message: 'Request body too large', status: 413 });
      assert.equal(tap.verifyRequests(), before);
    },
  },
  {
    name: 'CORS: the listed origin is echoed on answers; another origin gets no CORS headers',
    async run({ url }) {
      for (const path of ['/verify', '/token']) {
        const init = path === '/verify' ? { method: 'POST', body: { identity: 'bad id' } } : {};
        const ok = await call(`${url}${path}`, { ...init, headers: { origin: ORIGIN } });
        assert.equal(ok.headers.get('access-control-allow-origin'), ORIGIN, path);
        assert.match(ok.headers.get('vary') ?? '', /Origin/);
        const other = await call(`${url}${path}`, { ...init, headers: { origin: 'https://evil.example' } });
        assert.equal(other.headers.get('access-control-allow-origin'), null, path);
      }
    },
  },
  {
    name: 'CORS preflight: 204 with the methods for the listed origin; nothing for another',
    skip: { [FUNCTIONS]: 'the Functions runtime answers OPTIONS itself, before any Function runs' },
    async run({ url }) {
      const pre = await call(`${url}/verify`, {
        method: 'OPTIONS',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), ORIGIN);
      assert.equal(pre.headers.get('access-control-allow-methods'), 'POST, OPTIONS');
      assert.equal(pre.headers.get('access-control-allow-headers'), 'content-type');
      const other = await call(`${url}/verify`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      assert.equal(other.headers.get('access-control-allow-origin'), null);
      assert.equal(other.headers.get('access-control-allow-methods'), null);
    },
  },
  {
    name: `429 after the limit: ${MAX_ATTEMPTS} code checks reach Twilio, then 429 20429 with Retry-After`,
    async run({ url }) {
      const identity = fresh('limit');
      const e = await call(`${url}/verify`, { method: 'POST', body: { action: 'enroll', identity } });
      const before = tap.factorChecks();
      const statuses = [];
      let last;
      for (let i = 0; i <= MAX_ATTEMPTS + 1; i++) {
        last = await call(`${url}/verify`, {
          method: 'POST',
          headers: { 'x-client-id': fresh('c') },
          body: { identity, factorSid: e.json.factorSid, code: wrongCodeFor(e.json.uri) },
        });
        statuses.push(last.status);
      }
      assert.deepEqual(statuses, [...Array(MAX_ATTEMPTS).fill(200), 429, 429]);
      assert.equal(tap.factorChecks() - before, MAX_ATTEMPTS);
      assert.equal(last.json.code, 20429);
      assert.equal(last.headers.get('retry-after'), '600');
    },
  },
  {
    name: "per-client limit keyed by the caller's address (the default client key)",
    skip: { [FUNCTIONS]: "the Functions runtime hides the caller's address (X-Forwarded-For is stripped): only the per-identity limit applies" },
    async run({ url }) {
      const statuses = [];
      for (let i = 0; i <= MAX_ATTEMPTS; i++) {
        statuses.push(
          (await call(`${url}/verify-by-address`, { method: 'POST', body: { identity: fresh('addr'), factorSid: unknownFactor, code: '123456' } })).status,
        );
      }
      assert.deepEqual(statuses, [...Array(MAX_ATTEMPTS).fill(404), 429]);
    },
  },
  {
    name: 'method and body type: PUT → 405 with Allow; text/plain → 415',
    skip: { [FUNCTIONS]: 'Functions are not told the method, and the runtime parses every body type itself' },
    async run({ url }) {
      const put = await call(`${url}/verify`, { method: 'PUT' });
      assert.equal(put.status, 405);
      assert.equal(put.headers.get('allow'), 'POST, OPTIONS');
      assert.equal(put.json.status, 405);
      const text = await call(`${url}/verify`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'identity=alice' });
      assert.equal(text.status, 415);
      assert.equal(text.json.message, 'Content-Type must be application/json');
    },
  },
  {
    name: 'malformed JSON → 400 in the endpoints’ error JSON',
    skip: {
      [FUNCTIONS]: 'the Functions runtime parses the body before the Function runs',
      'express 5': 'express.json() in front of the endpoint answers malformed JSON itself (Express error handler)',
    },
    async run({ url }) {
      const r = await call(`${url}/verify`, { method: 'POST', body: '{"identity":' });
      assert.equal(r.status, 400);
      assert.deepEqual(r.json, { message: 'Malformed JSON body', status: 400 });
    },
  },
];

const MOUNTS = { ...ADAPTERS, [FUNCTIONS]: null };

for (const [adapter, mount] of Object.entries(MOUNTS)) {
  describe(adapter, () => {
    let server;
    before(async () => {
      server = mount ? await mount(fixtureEndpoints(emulator.url), ROUTES) : await mountFunctions();
    });
    after(async () => {
      await server?.close();
    });
    for (const row of ROWS) {
      const skip = row.skip?.[adapter] ?? false;
      test(row.name, { skip }, () => row.run({ url: server.url, adapter }));
    }
  });
}
