// The Twilio Functions example's call control (examples/twilio-functions/functions/voice.js and
// call-control.js, as shipped, with session.private.js) served by twilio-run in one warm
// process, its environment pointing at the emulator: a call to the number rings
// INCOMING_IDENTITY in a conference, the signed-in user holds the caller, another user and no
// session are refused, the conference's status callbacks reach the user's leg, and an unsigned
// webhook gets no TwiML.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DEFAULT_ACCOUNT as A } from '../../dist/emulator/auth/test-accounts.js';
import { FUNCTIONS_EXAMPLE, ensureTwilioRun, functionsDir, startTwilioRun } from '../support/twilio-run.mjs';
import { byLabel, eventually, startHarness } from '../support/call-control-harness.mjs';
import { CALLER_ID } from '../support/call-control-fixture.mjs';

const { COOKIE, signSession } = createRequire(import.meta.url)(join(FUNCTIONS_EXAMPLE, 'functions', 'session.private.js'));
const SESSION_SECRET = randomBytes(32).toString('base64url');
const cookie = (identity) => `${COOKIE}=${signSession(identity, SESSION_SECRET)}`;

let h;
let run;
let folder;

before(async () => {
  h = await startHarness();
  const cli = await ensureTwilioRun();
  folder = functionsDir({
    copyFrom: FUNCTIONS_EXAMPLE,
    env: {
      ACCOUNT_SID: A.accountSid,
      AUTH_TOKEN: A.authToken,
      CALLER_ID,
      INCOMING_IDENTITY: 'alice',
      SESSION_SECRET,
      TWILIO_EMULATOR_URL: h.emu.url,
    },
  });
  run = await startTwilioRun(cli, folder.dir, { forkProcess: false });
  await h.route(`${run.url}/voice`);
});
after(async () => {
  await run?.stop();
  folder?.remove();
  await h?.stop();
});

async function act(body, who) {
  const r = await fetch(`${run.url}/call-control`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(who ? { cookie: cookie(who) } : {}) },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: await r.json() };
}

test('a call to the number rings INCOMING_IDENTITY in a conference; the signed-in user holds the caller; others are refused', { timeout: 60_000 }, async () => {
  const call = await h.inboundCall();
  try {
    const c = await h.conferenceOf(call.aliceSid);
    assert.equal(c.name, `tw-${call.customer}`);
    assert.deepEqual(c.participants.map((p) => p.label).sort(), ['owner:alice', `remote:${CALLER_ID}`]);
    const held = await act({ action: 'hold', callSid: call.aliceSid }, 'alice');
    assert.equal(held.status, 200, JSON.stringify(held.json));
    assert.deepEqual(byLabel(held.json.participants), { alice: { role: 'you', onHold: false }, [CALLER_ID]: { role: 'remote', onHold: true } });
    assert.equal((await h.holds(call.aliceSid))[`remote:${CALLER_ID}`], true);
    const bob = await act({ action: 'unhold', callSid: call.aliceSid }, 'bob');
    assert.equal(bob.status, 403);
    assert.equal(bob.json.code, 'not-in-call');
    assert.equal((await act({ action: 'unhold', callSid: call.aliceSid }, null)).status, 401);
    assert.equal((await h.holds(call.aliceSid))[`remote:${CALLER_ID}`], true, 'still held');
    await eventually(() =>
      assert.equal(
        h
          .messages(call.aliceSid)
          .at(-1)
          ?.participants.find((p) => p.role === 'remote')?.onHold,
        true,
      ),
    );
  } finally {
    await h.hangUp(call.customer);
  }
});

test('an unsigned webhook gets 403 and no TwiML', async () => {
  const r = await fetch(`${run.url}/voice`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ CallSid: 'CA' + '1'.repeat(32), From: 'client:alice', To: '+15551230000' }),
  });
  assert.equal(r.status, 403);
  assert.doesNotMatch(await r.text(), /<Response/);
});
