// The server snippets of the docs (docs/guides/server.md, docs/guides/deploy.md) are the files
// in examples/deploy/ (and the Twilio Functions example), word for word; this test holds them
// equal, then runs each
// server snippet as it is, against the emulator: a caller without the app's session cookie
// gets 401 and no token (and Twilio is not asked), a signed-in one gets a token for their
// own identity, and can enrol and verify a TOTP factor only as themselves.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { URI } from 'otpauth';
import { startEmulator, DEFAULT_ACCOUNT as A } from '../../dist/emulator/index.js';
import { tapEmulator } from '../support/emulator-tap.mjs';
import { ROOT } from '../support/twilio-run.mjs';

const GUIDES = join(ROOT, 'docs', 'guides');
const SNIPPET_RE = /<!-- file: (\S+) -->\n```(?:js|javascript)\n([\s\S]*?)```/g;
const marked = readdirSync(GUIDES)
  .filter((f) => f.endsWith('.md'))
  .flatMap((f) => [...readFileSync(join(GUIDES, f), 'utf8').matchAll(SNIPPET_RE)].map((m) => [m[1], m[2]]));
const snippets = new Map(marked);

test('every docs snippet marked with its file is that file, word for word', () => {
  const expected = [
    // sessions.mjs stands in for the app's own session store; the guides only name it.
    ...readdirSync(join(ROOT, 'examples', 'deploy'))
      .filter((f) => f !== 'sessions.mjs')
      .map((f) => `examples/deploy/${f}`),
    'examples/twilio-functions/functions/token.js',
    'examples/twilio-functions/functions/verify.js',
  ];
  assert.equal(marked.length, snippets.size, 'no file is shown twice');
  assert.deepEqual([...snippets.keys()].sort(), expected.sort(), 'the guides show each example file once');
  for (const [file, block] of snippets) assert.equal(block, readFileSync(join(ROOT, file), 'utf8'), file);
});

const SERVERS = {
  'node http': async () => (await import('../../examples/deploy/node-http.mjs')).server,
  'express 5': async () => (await import('../../examples/deploy/express.mjs')).server,
  'fastify 5': async () => (await import('../../examples/deploy/fastify.mjs')).app.server,
  'fetch (Hono)': async () => (await import('../../examples/deploy/hono.mjs')).server,
};

let emulator;
let tap;
let createSession;
const servers = [];

before(async () => {
  emulator = await startEmulator({ port: 0 });
  tap = tapEmulator(emulator);
  const key = A.apiKeys[0];
  Object.assign(process.env, {
    PORT: '0',
    TWILIO_ACCOUNT_SID: A.accountSid,
    TWILIO_API_KEY: key.sid,
    TWILIO_API_SECRET: key.secret,
    TWILIO_TWIML_APP_SID: A.twimlAppSid,
    TWILIO_VERIFY_SERVICE_SID: A.verifyServiceSid,
    TWILIO_EMULATOR_URL: emulator.url,
  });
  ({ createSession } = await import('../../examples/deploy/sessions.mjs'));
});

after(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await emulator?.stop();
});

async function call(url, { method = 'GET', cookie, body } = {}) {
  const headers = {};
  if (cookie) headers.cookie = cookie;
  if (body) headers['content-type'] = 'application/json';
  const r = await fetch(url, { method, headers, body: body && JSON.stringify(body) });
  return { status: r.status, json: await r.json() };
}

for (const [name, load] of Object.entries(SERVERS)) {
  describe(`snippet: ${name}`, () => {
    let base;
    before(async () => {
      const server = await load();
      servers.push(server);
      if (!server.listening) await new Promise((r) => server.once('listening', r));
      base = `http://127.0.0.1:${server.address().port}`;
    });

    test('no session cookie → 401 and no token; Twilio is not asked', async () => {
      const before = tap.accountFetches();
      const r = await call(`${base}/token`);
      assert.equal(r.status, 401);
      assert.deepEqual(r.json, { message: 'Sign in first', status: 401 });
      const v = await call(`${base}/verify`, { method: 'POST', body: { action: 'enroll', identity: 'someone' } });
      assert.equal(v.status, 401);
      assert.equal(tap.accountFetches(), before);
    });

    test('a signed-in user gets a token for their own identity, and enrols and verifies TOTP only as themselves', async () => {
      const user = { id: `user-${name.replace(/\W+/g, '-')}-${Date.now()}` };
      const cookie = `sid=${createSession(user)}`;
      const t = await call(`${base}/token`, { cookie });
      assert.equal(t.status, 200);
      assert.equal(t.json.identity, user.id);
      const e = await call(`${base}/verify`, { method: 'POST', cookie, body: { action: 'enroll' } });
      assert.equal(e.status, 201);
      assert.equal(e.json.identity, user.id);
      const other = await call(`${base}/verify`, { method: 'POST', cookie, body: { action: 'enroll', identity: 'someone-else' } });
      assert.equal(other.status, 403);
      const v = await call(`${base}/verify`, {
        method: 'POST',
        cookie,
        body: { identity: user.id, factorSid: e.json.factorSid, code: URI.parse(e.json.uri).generate() },
      });
      assert.equal(v.status, 200);
      assert.equal(v.json.status, 'verified');
    });
  });
}
