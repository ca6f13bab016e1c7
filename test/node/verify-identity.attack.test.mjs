// Finding 1 of the security review: without an identity hook the verify endpoint took
// `identity` from the body, so anyone could enrol a factor for "victim" and pass the
// victim's second factor with it. Now the identity comes only from the app's session;
// a body naming another user is refused, and building the endpoint without a session
// hook throws unless the app says `unsafeClientIdentity: true` (demos and tests).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createVerifyEndpoint, createVerifyHandler, createTokenEndpoint, toNodeHandler } from '../../dist/server/index.js';
import { A, codeFor, enrolVerified, factorsOf, loopbackServers, post, sessionStore, startTwilio, verifyApp } from '../support/attack-target.mjs';

const servers = loopbackServers();
const sessions = sessionStore();
let twilio;
let url;

before(async () => {
  twilio = await startTwilio(servers);
  url = await verifyApp(servers, twilio, { identity: (req) => sessions.identity(req) });
});
after(() => servers.closeAll());

const credentials = () => ({ accountSid: A.accountSid, apiKeySid: A.apiKeys[0].sid, apiKeySecret: A.apiKeys[0].secret, verifyServiceSid: A.verifyServiceSid });

test('takeover refused: an attacker signed in as himself cannot enrol a factor for "victim" (403), and no factor is created for the victim', async () => {
  const attacker = sessions.signIn('mallory');
  const r = await post(url, { action: 'enroll', identity: 'victim-1' }, { cookie: attacker });
  assert.equal(r.status, 403);
  assert.equal(r.json.message, 'The identity does not match the signed-in user');
  assert.equal(r.json.secret, undefined);
  assert.deepEqual(await factorsOf(twilio, 'victim-1'), []);
  assert.equal(twilio.requests.filter((l) => l.includes('victim-1')).length, 1, 'only the check above asked the emulator about victim-1');
});

test("takeover refused: the victim's factor cannot be verified or challenged from another session, even with the right code", async () => {
  const victim = await enrolVerified(url, sessions.signIn('victim-2'));
  const attacker = sessions.signIn('mallory-2');
  const code = codeFor(victim.uri); // the worst case: the attacker has a valid code
  const claimed = await post(url, { action: 'create-challenge', identity: 'victim-2', factorSid: victim.factorSid, code }, { cookie: attacker });
  assert.equal(claimed.status, 403);
  // Without naming the victim, the request acts for the attacker's own identity: the victim's factor is not there.
  const own = await post(url, { action: 'create-challenge', factorSid: victim.factorSid, code }, { cookie: attacker });
  assert.equal(own.status, 404);
  assert.notEqual(own.json?.status, 'approved');
});

test('no session → 401 before Twilio is asked', async () => {
  const before = twilio.requests.length;
  const r = await post(url, { action: 'enroll', identity: 'victim-3' });
  assert.equal(r.status, 401);
  assert.equal(r.json.message, 'Sign in first');
  assert.equal(twilio.requests.length, before);
});

test("the signed-in user's own flow works without naming an identity", async () => {
  const cookie = sessions.signIn('alice-1');
  const f = await enrolVerified(url, cookie);
  const c = await post(url, { action: 'create-challenge', factorSid: f.factorSid, code: codeFor(f.uri) }, { cookie });
  assert.equal(c.status, 201);
  assert.equal(c.json.status, 'approved');
  assert.equal(c.json.identity, 'alice-1');
});

test('building a verify endpoint without an identity source throws a TypeError that names the option and shows an example', () => {
  for (const build of [
    () => createVerifyEndpoint(credentials()),
    () => createVerifyHandler(credentials()),
    () => toNodeHandler(createVerifyEndpoint({ ...credentials(), identity: undefined })),
  ]) {
    assert.throws(build, (err) => {
      assert.ok(err instanceof TypeError);
      assert.match(err.message, /needs an `identity` option/);
      assert.match(err.message, /identity: \(req\) =>/);
      assert.match(err.message, /unsafeClientIdentity: true/);
      return true;
    });
  }
  assert.throws(() => createVerifyEndpoint({ ...credentials(), identity: 'alice' }), /`identity` option must be a function/);
  assert.throws(() => createVerifyEndpoint({ ...credentials(), identity: () => 'a', unsafeClientIdentity: true }), /got both/);
  assert.throws(() => createVerifyEndpoint({ ...credentials(), unsafeClientIdentity: 'yes' }), /true or false/);
});

test('unsafeClientIdentity: true works and warns once per process, as a SecurityWarning with a code', async () => {
  const warnings = [];
  const onWarning = (w) => warnings.push(w);
  process.on('warning', onWarning);
  try {
    createVerifyEndpoint({ ...credentials(), unsafeClientIdentity: true });
    createVerifyEndpoint({ ...credentials(), unsafeClientIdentity: true });
    await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
  } finally {
    process.off('warning', onWarning);
  }
  const ours = warnings.filter((w) => w.code === 'TWILIO_WIDGETS_UNSAFE_CLIENT_IDENTITY');
  assert.ok(ours.length <= 1, `warned ${ours.length} times`);
  // Once per process: an earlier suite in this process may have been the one that warned.
  if (ours.length === 1) {
    assert.equal(ours[0].name, 'SecurityWarning');
    assert.match(ours[0].message, /any caller can act for any user/);
  }
});

test('token endpoint: the identity never comes from the request itself (query or body), only from the hook or a random name', async () => {
  const key = A.apiKeys[0];
  const common = { accountSid: A.accountSid, apiKeySid: key.sid, apiKeySecret: key.secret, twimlAppSid: A.twimlAppSid, checkCredentials: false };
  const random = await servers.listen(toNodeHandler(createTokenEndpoint(common)));
  const hooked = await servers.listen(toNodeHandler(createTokenEndpoint({ ...common, identity: (req) => sessions.identity(req) })));
  const cookie = sessions.signIn('alice-2');
  const a = await post(`${random}/?identity=victim`, { identity: 'victim' });
  assert.equal(a.status, 200);
  assert.notEqual(a.json.identity, 'victim');
  assert.match(a.json.identity, /^[A-Z][a-z]+[A-Z][a-z]+\d{4}$/);
  const b = await post(`${hooked}/?identity=victim`, { identity: 'victim' }, { cookie });
  assert.equal(b.status, 200);
  assert.equal(b.json.identity, 'alice-2');
  const grants = JSON.parse(Buffer.from(b.json.token.split('.')[1], 'base64url')).grants;
  assert.equal(grants.identity, 'alice-2');
  assert.equal((await post(hooked, {})).status, 401);
  assert.throws(() => createTokenEndpoint({ ...common, identity: 'alice' }), TypeError);
});
