// Finding 2 of the security review: enrolment had no limit and no check of an existing
// factor. 102 enrolments for one identity gave 100 × 201, then Twilio's 60315 "max
// factors", after which the real user could not enrol at all; and a second enrolment
// quietly added an authenticator beside a verified one. Now: an identity with a verified
// factor is refused (409 factor-exists) unless the app's hook allows it; abandoned
// unverified factors are removed; enrolments are counted per client and per identity.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryAttemptStore } from '../../dist/server/index.js';
import { codeFor, enrolVerified, factorsOf, loopbackServers, post, sessionStore, startTwilio, verifyApp } from '../support/attack-target.mjs';

const servers = loopbackServers();
const sessions = sessionStore();
let twilio;

before(async () => {
  twilio = await startTwilio(servers);
});
after(() => servers.closeAll());

const hook = { identity: (req) => sessions.identity(req) };

test('enrolment of an identity that has a verified factor → 409 factor-exists; no factor is added', async () => {
  const url = await verifyApp(servers, twilio, hook);
  const cookie = sessions.signIn('enrol-taken');
  const first = await enrolVerified(url, cookie);
  const again = await post(url, { action: 'enroll' }, { cookie });
  assert.equal(again.status, 409);
  assert.equal(again.json.code, 'factor-exists');
  assert.equal(again.json.status, 409);
  assert.match(again.json.message, /already has a verified authenticator/);
  assert.equal(again.json.secret, undefined);
  const factors = await factorsOf(twilio, 'enrol-taken');
  assert.deepEqual(
    factors.map((f) => [f.sid, f.status]),
    [[first.factorSid, 'verified']],
  );
});

test('mayReplaceFactor: the app may allow it (it gets the identity and the verified factor SIDs); a 4xx it throws is the answer', async () => {
  const seen = [];
  const url = await verifyApp(servers, twilio, {
    ...hook,
    mayReplaceFactor: (req, existing) => {
      seen.push(existing);
      if (req.headers['x-fresh-2fa'] === 'no') throw Object.assign(new Error('Confirm with your current code first'), { status: 403 });
      return req.headers['x-fresh-2fa'] === 'yes';
    },
  });
  const cookie = sessions.signIn('enrol-replace');
  const first = await enrolVerified(url, cookie);
  assert.equal((await post(url, { action: 'enroll' }, { cookie })).status, 409);
  const refused = await post(url, { action: 'enroll' }, { cookie, headers: { 'x-fresh-2fa': 'no' } });
  assert.equal(refused.status, 403);
  assert.equal(refused.json.message, 'Confirm with your current code first');
  const allowed = await post(url, { action: 'enroll' }, { cookie, headers: { 'x-fresh-2fa': 'yes' } });
  assert.equal(allowed.status, 201);
  assert.match(allowed.json.factorSid, /^YF/);
  assert.deepEqual(seen.at(-1), { identity: 'enrol-replace', factorSids: [first.factorSid] });
});

test('102 enrolments of one identity (limit raised to let them through): every one succeeds and Twilio never holds more than 2 unverified factors (60315 never reached)', async () => {
  const url = await verifyApp(servers, twilio, { ...hook, maxEnrollments: 1000 });
  const cookie = sessions.signIn('enrol-many');
  const statuses = [];
  let last;
  for (let i = 0; i < 102; i++) {
    last = await post(url, { action: 'enroll' }, { cookie });
    statuses.push(last.status);
  }
  assert.deepEqual([...new Set(statuses)], [201]);
  const factors = await factorsOf(twilio, 'enrol-many');
  assert.ok(factors.length <= 2, `${factors.length} factors held`);
  assert.ok(
    factors.some((f) => f.sid === last.json.factorSid),
    'the newest enrolment is kept',
  );
  // And the newest one still verifies: the real user is not locked out.
  const v = await post(url, { action: 'verify-factor', factorSid: last.json.factorSid, code: codeFor(last.json.uri) }, { cookie });
  assert.equal(v.json.status, 'verified');
});

test('enrolments are counted per identity: the 6th in the window → 429 before Twilio is asked', async () => {
  const url = await verifyApp(servers, twilio, hook);
  const cookie = sessions.signIn('enrol-count');
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await post(url, { action: 'enroll' }, { cookie })).status);
  const before = twilio.requests.length;
  const sixth = await post(url, { action: 'enroll' }, { cookie });
  statuses.push(sixth.status);
  assert.deepEqual(statuses, [201, 201, 201, 201, 201, 429]);
  assert.equal(sixth.json.code, 20429);
  assert.ok(Number(sixth.headers['retry-after']) > 0);
  assert.equal(twilio.requests.length, before);
});

test('enrolments are counted per client: one address enrolling for 21 identities (unsafe client identity) → the 21st is refused, and no identity key is stored for it', async () => {
  const store = new MemoryAttemptStore();
  const url = await verifyApp(servers, twilio, { unsafeClientIdentity: true, attemptStore: store });
  const statuses = [];
  for (let i = 0; i < 21; i++) statuses.push((await post(url, { action: 'enroll', identity: `rotating-${i}` }, { from: '127.0.0.9' })).status);
  assert.deepEqual(statuses, [...Array(20).fill(201), 429]);
  // 1 client key + 20 identity keys: the refused attempt created no identity key.
  assert.equal(store.size, 21);
  // Another address is unaffected.
  assert.equal((await post(url, { action: 'enroll', identity: 'rotating-x' }, { from: '127.0.0.10' })).status, 201);
});
