// The framework-free pieces of twilio-widgets/server, as tables: reading the JSON body in
// every form an adapter hands it over, cookies, CORS, the credentials check's cache /
// coalescing / deadline rules, and what the Twilio Functions adapter makes of an event
// (answered through the Functions runtime's own Response class).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readJsonBody } from '../../dist/server/body.js';
import { applyCors } from '../../dist/server/cors.js';
import { createCredentialCheck } from '../../dist/server/credential-check.js';
import { functionEndpointRequest } from '../../dist/server/adapters/twilio-functions.js';
import { createTokenFunction, getCookie, HttpError } from '../../dist/server/index.js';
import { CACHE as TWILIO_RUN_CACHE, ensureTwilioRun } from '../support/twilio-run.mjs';

describe('readJsonBody', () => {
  const LIMIT = 32;
  const json = { 'content-type': 'application/json' };
  const reader = (text) => async (limit) => {
    assert.ok(limit === LIMIT);
    return Buffer.from(text);
  };
  // [name, request fields, headers, required, expected object | expected HTTP status]
  const rows = [
    ['no body, optional', {}, {}, false, {}],
    ['no body, required, no content type', {}, {}, true, 415],
    ['no body, required, JSON type', {}, json, true, {}],
    ['raw JSON text', { body: '{"a":1}' }, json, true, { a: 1 }],
    ['raw JSON bytes', { body: new TextEncoder().encode('{"a":2}') }, json, true, { a: 2 }],
    ['raw empty string', { body: '' }, json, true, {}],
    ['vendor +json type', { body: '{"a":3}' }, { 'content-type': 'application/vnd.api+json; charset=utf-8' }, true, { a: 3 }],
    ['text/plain', { body: '{"a":1}' }, { 'content-type': 'text/plain' }, false, 415],
    ['malformed JSON', { body: '{"a":' }, json, true, 400],
    ['an array', { body: '[1,2]' }, json, true, 400],
    ['a string', { body: '"x"' }, json, true, 400],
    ['raw text over the limit', { body: `{"a":"${'x'.repeat(LIMIT)}"}` }, json, true, 413],
    ['reader', { body: reader('{"r":1}') }, json, true, { r: 1 }],
    [
      'declared length over the limit: the reader is never called',
      { body: () => assert.fail('read') },
      { ...json, 'content-length': String(LIMIT + 1) },
      true,
      413,
    ],
    ['reader refusing past the limit', { body: async () => Promise.reject(new HttpError(413, 'Request body too large')) }, json, true, 413],
    ['parsed {} with no body', { parsedBody: {} }, {}, false, {}],
    ['parsed {} with no body, required, no type', { parsedBody: {} }, {}, true, 415],
    ['parsed object with JSON type', { parsedBody: { p: 1 } }, { ...json, 'content-length': '7' }, true, { p: 1 }],
    ['parsed object without a type (query and body merged, Twilio Functions)', { parsedBody: { p: 2 } }, {}, true, { p: 2 }],
    ['parsed object from a form', { parsedBody: { p: 1 } }, { 'content-type': 'application/x-www-form-urlencoded' }, true, 415],
    ['parsed object over the limit', { parsedBody: { p: 'x'.repeat(LIMIT) } }, json, true, 413],
    ['parsed Buffer (express.raw)', { parsedBody: Buffer.from('{"b":1}') }, json, true, { b: 1 }],
    ['parsed array', { parsedBody: [1] }, json, true, 400],
  ];
  for (const [name, fields, headers, required, expected] of rows) {
    test(name, async () => {
      const req = { method: 'POST', url: '/', headers, ...fields };
      if (typeof expected === 'number') {
        await assert.rejects(readJsonBody(req, headers, LIMIT, required), (e) => e instanceof HttpError && e.status === expected);
      } else {
        assert.deepEqual(await readJsonBody(req, headers, LIMIT, required), expected);
      }
    });
  }
});

describe('getCookie', () => {
  const rows = [
    [undefined, 'sid', undefined],
    ['', 'sid', undefined],
    ['sid=abc', 'sid', 'abc'],
    ['theme=dark; sid=abc; x=1', 'sid', 'abc'],
    ['xsid=1; sid=2', 'sid', '2'],
    ['sid=', 'sid', undefined],
    ['sid="quoted value"', 'sid', 'quoted value'],
    ['sid=a%20b', 'sid', 'a b'],
    ['sid=%E0%A4%A', 'sid', '%E0%A4%A'],
    ['sid', 'sid', undefined],
  ];
  for (const [header, name, expected] of rows) {
    test(`${JSON.stringify(header)} → ${JSON.stringify(expected)}`, () => assert.equal(getCookie(header, name), expected));
  }
});

describe('applyCors', () => {
  const cors = { origins: ['https://app.example'], credentials: true };
  const rows = [
    ['no cors option', 'GET', { origin: 'https://app.example' }, undefined, {}, false],
    [
      'listed origin',
      'GET',
      { origin: 'https://app.example' },
      cors,
      { vary: 'Origin', 'access-control-allow-origin': 'https://app.example', 'access-control-allow-credentials': 'true' },
      false,
    ],
    ['other origin', 'GET', { origin: 'https://evil.example' }, cors, { vary: 'Origin' }, false],
    ['preflight, listed', 'OPTIONS', { origin: 'https://app.example', 'access-control-request-headers': 'content-type, x-csrf' }, cors, null, true],
    [
      'preflight, odd requested headers are not echoed',
      'OPTIONS',
      { origin: 'https://app.example', 'access-control-request-headers': 'a\r\nb' },
      cors,
      null,
      true,
    ],
  ];
  for (const [name, method, headers, options, expected, preflight] of rows) {
    test(name, () => {
      const r = applyCors(method, headers, options, ['POST']);
      if (expected) assert.deepEqual(r.headers, expected);
      assert.equal(!!r.preflight, preflight);
      if (preflight) {
        assert.equal(r.preflight.status, 204);
        assert.equal(r.preflight.headers['access-control-allow-methods'], 'POST, OPTIONS');
        const asked = headers['access-control-request-headers'];
        assert.equal(r.preflight.headers['access-control-allow-headers'], /\r|\n/.test(asked) ? 'Content-Type' : asked);
      }
    });
  }
});

describe('credentials check', () => {
  /** fetchAccount as the test decides it, one settle per call. */
  function controlled() {
    const calls = [];
    const fetchAccount = () =>
      new Promise((resolve, reject) => {
        calls.push({ resolve, reject });
      });
    return { calls, fetchAccount };
  }
  const rows = [
    ['accepted: ok, cached', (c) => c.resolve({}), { ok: true }, true],
    [
      '401: bad credentials 20003, cached',
      (c) => c.reject(Object.assign(new Error('x'), { status: 401, code: 20003 })),
      { ok: false, status: 401, code: 20003 },
      true,
    ],
    [
      '404 (unknown account): reported as 20003, cached',
      (c) => c.reject(Object.assign(new Error('x'), { status: 404, code: 20404 })),
      { ok: false, status: 401, code: 20003 },
      true,
    ],
    ['500: 502, not cached', (c) => c.reject(Object.assign(new Error('x'), { status: 500 })), { ok: false, status: 502 }, false],
    ['client timeout: 504, not cached', (c) => c.reject(Object.assign(new Error('timeout'), { code: 'ECONNABORTED' })), { ok: false, status: 504 }, false],
    ['network error: 502, not cached', (c) => c.reject(new TypeError('fetch failed')), { ok: false, status: 502 }, false],
  ];
  for (const [name, settle, expected, cached] of rows) {
    test(name, async () => {
      const { calls, fetchAccount } = controlled();
      const check = createCredentialCheck({ fetchAccount, ttlMs: 60_000, timeoutMs: 60_000 });
      const pending = [check.check(), check.check(), check.check()];
      assert.equal(calls.length, 1, 'three concurrent requests, one check');
      settle(calls[0]);
      for (const outcome of await Promise.all(pending)) assert.deepEqual(pick(outcome, expected), expected);
      const again = check.check();
      if (cached) {
        assert.deepEqual(pick(await again, expected), expected);
        assert.equal(calls.length, 1, 'answered from the cache');
      } else {
        assert.equal(calls.length, 2, 'checked again');
        calls[1].resolve({});
        assert.deepEqual(await again, { ok: true });
      }
    });
  }

  test('no answer within the deadline: 504 for the waiting callers; the late answer fills the cache', async () => {
    const { calls, fetchAccount } = controlled();
    const check = createCredentialCheck({ fetchAccount, ttlMs: 60_000, timeoutMs: 20 });
    const first = await Promise.all([check.check(), check.check()]);
    for (const o of first) assert.deepEqual(o, { ok: false, status: 504, message: 'Twilio did not answer the credentials check within 20 ms' });
    const later = await check.check();
    assert.equal(later.status, 504);
    assert.equal(calls.length, 1, 'the check in flight is joined, never started again');
    calls[0].resolve({});
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(await check.check(), { ok: true });
    assert.equal(calls.length, 1);
  });
});

function pick(outcome, like) {
  return Object.fromEntries(Object.keys(like).map((k) => [k, outcome[k]]));
}

describe('Twilio Functions adapter', () => {
  test('event → request: headers and cookies from event.request, fields as the parsed body, the Function path as URL', () => {
    const r = functionEndpointRequest(
      { PATH: '/verify' },
      { request: { headers: { 'content-type': 'application/json' }, cookies: { sid: 'a b', theme: 'x' } }, identity: 'bob', code: '123456' },
    );
    assert.equal(r.method, 'POST');
    assert.equal(r.url, '/verify');
    assert.equal(r.headers.cookie, 'sid=a%20b; theme=x');
    assert.equal(getCookie(r.headers.cookie, 'sid'), 'a b');
    assert.deepEqual(r.parsedBody, { identity: 'bob', code: '123456' });
    const withHeader = functionEndpointRequest({}, { request: { headers: { cookie: 'sid=1' }, cookies: { sid: '2' } } });
    assert.equal(withHeader.headers.cookie, 'sid=1', 'a Cookie header wins');
    assert.equal(withHeader.url, '/');
  });

  test('a missing environment variable is a 500 that names it (with the runtime’s own Response class)', async () => {
    await ensureTwilioRun();
    // Not in the package's exports: loaded by its file path.
    const require = createRequire(import.meta.url);
    const { Response } = require(join(TWILIO_RUN_CACHE, 'node_modules', '@twilio', 'runtime-handler', 'dist', 'dev-runtime', 'internal', 'response.js'));
    const saved = globalThis.Twilio;
    globalThis.Twilio = { Response }; // what the Functions runtime puts there
    try {
      const handler = createTokenFunction();
      const response = await new Promise((resolve, reject) =>
        handler({ ACCOUNT_SID: 'AC1', API_KEY: 'SK1' }, {}, (err, res) => (err ? reject(err) : resolve(res))),
      );
      assert.ok(response instanceof Response);
      assert.equal(response.statusCode, 500);
      assert.deepEqual(JSON.parse(response.body), {
        message: 'The token Function is missing the environment variables API_SECRET, TWIML_APP_SID (Functions service settings, or .env for twilio-run)',
        status: 500,
      });
    } finally {
      globalThis.Twilio = saved;
    }
  });
});
