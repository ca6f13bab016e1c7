// Call control end to end against the emulator, through every adapter: the voice webhook puts
// each call into its conference (an inbound call from the emulator's `customer` that rings
// `alice`, and an outgoing call from alice), and the call-control endpoint acts on it with
// alice's session: participants, hold / unhold, add / remove, warm transfer cancelled and
// completed, cold transfer, the 400 / 401 / 403 / 409 rows, a Twilio error passed through, and
// the conference status callbacks relayed to alice's leg as call messages. Alice is a bare
// signaling client (test/support/signal-client.mjs: the Voice SDK's /signal frames, no media;
// the media of these steps is the browser suites' job). Twilio's side is the emulator's REST
// API and its signed callbacks; nothing is faked. Twilio Functions run in twilio-run, Twilio's
// own local runtime, built with createVoiceFunction / createCallControlFunction.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import twilio from 'twilio';
import { DEFAULT_ACCOUNT as A } from '../../dist/emulator/auth/test-accounts.js';
import { ADAPTERS } from '../support/adapter-servers.mjs';
import { byLabel, eventually, startHarness } from '../support/call-control-harness.mjs';
import { CALLER_ID, ROUTES, SESSIONS, callControlEndpoints } from '../support/call-control-fixture.mjs';
import { ROOT, ensureTwilioRun, functionsDir, startTwilioRun } from '../support/twilio-run.mjs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

let h;
let emu;
let alice;
let tap;
const running = [];

before(async () => {
  h = await startHarness();
  ({ emu, tap } = h);
  alice = h.phones.alice;
});
after(async () => {
  await Promise.all(running.map((s) => s.close()));
  await h?.stop();
});

const conferenceOf = (sid) => h.conferenceOf(sid);
const holds = (sid) => h.holds(sid);
const control = (...args) => h.control(...args);
const inboundCall = () => h.inboundCall();
const hangUp = (sid) => h.hangUp(sid);
const lastMessage = (sid) => h.messages(sid).at(-1);

/**
 * Each adapter mounts /voice and /call-control; resolves with `{url, logs(), close()}`. The
 * endpoints need the server's URL (what Twilio signs), known once it listens.
 */
const MOUNTS = Object.fromEntries(
  Object.entries(ADAPTERS).map(([name, start]) => [
    name,
    async () => {
      let eps;
      const logs = [];
      const lazy = { voice: (r) => eps.voice(r), callControl: (r) => eps.callControl(r) };
      const server = await start(lazy, ROUTES);
      eps = callControlEndpoints(emu.url, server.url, { log: (l) => logs.push(l) });
      return { url: server.url, logs: () => logs, close: server.close };
    },
  ]),
);
MOUNTS['twilio functions (twilio-run)'] = async () => {
  const cli = await ensureTwilioRun();
  const fixture = pathToFileURL(join(ROOT, 'test', 'support', 'call-control-fixture.mjs')).href;
  // The factories read ACCOUNT_SID, AUTH_TOKEN, CALLER_ID and DOMAIN_NAME from the context; twilio-run serves
  // http, not the https a deployed Function has, so the URLs Twilio signs are given here.
  const source = (factory, options) => `
let ready;
exports.handler = (context, event, callback) => {
  ready ??= Promise.all([import(${JSON.stringify(fixture)}), import('twilio-widgets/server')]).then(([f, server]) =>
    server.${factory}((context) => {
      const base = 'http://' + context.DOMAIN_NAME;
      const common = { httpClient: server.createEmulatorHttpClient(context.EMULATOR_URL, { keepAlive: false }), destinations: f.testDestinations, twilioTimeoutMs: 30000, log: (l) => console.log('[fixture] ' + l) };
      return ${options};
    }),
  );
  ready.then((handle) => handle(context, event, callback), callback);
};`;
  const functions = {
    'voice.js': source(
      'createVoiceFunction',
      "{ ...common, publicUrl: base + '/voice', statusCallbackUrl: base + '/call-control', incomingIdentity: (p) => (p.To === f.INBOUND_NUMBER ? 'alice' : null) }",
    ),
    'call-control.js': source('createCallControlFunction', "{ ...common, publicUrl: base + '/call-control', identity: f.sessionIdentity }"),
  };
  const env = { EMULATOR_URL: emu.url, ACCOUNT_SID: A.accountSid, AUTH_TOKEN: A.authToken, CALLER_ID: CALLER_ID };
  const { remove, dir } = functionsDir({ functions, env });
  const run = await startTwilioRun(cli, dir, { forkProcess: false });
  return {
    url: run.url,
    logs: () => [...run.output().matchAll(/\[fixture\] (.*)/g)].map((m) => m[1]),
    close: async () => {
      await run.stop();
      remove();
    },
  };
};

for (const [adapter, mount] of Object.entries(MOUNTS)) {
  describe(adapter, () => {
    let base;
    let mounted;
    const logs = { filter: (fn) => mounted.logs().filter(fn) };
    /** POSTs an action as `who` (a session, or none). */
    async function act(body, who = 'alice') {
      const r = await fetch(`${base}/call-control`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(who ? { cookie: SESSIONS[who] } : {}) },
        body: JSON.stringify(body),
      });
      return { status: r.status, json: await r.json() };
    }

    before(async () => {
      mounted = await mount();
      running.push(mounted);
      base = mounted.url;
      await h.route(`${base}/voice`);
    });

    describe('an inbound call: hold, add, remove, warm transfer cancelled then completed', () => {
      let call;
      before(async () => {
        call = await inboundCall();
      });
      after(() => hangUp(call.customer));

      test('the voice webhook made the conference tw-<caller CallSid>: remote:<caller>, owner:alice', async () => {
        const c = await conferenceOf(call.aliceSid);
        assert.equal(c.name, `tw-${call.customer}`);
        assert.deepEqual(c.participants.map((p) => p.label).sort(), ['owner:alice', `remote:${CALLER_ID}`]);
        assert.equal(call.parameters.From, CALLER_ID, "alice's phone shows the caller");
      });
      test('participants: the list as alice sees it', async () => {
        const r = await act({ action: 'participants', callSid: call.aliceSid });
        assert.equal(r.status, 200, JSON.stringify(r.json));
        assert.deepEqual(byLabel(r.json.participants), { alice: { role: 'you', onHold: false }, [CALLER_ID]: { role: 'remote', onHold: false } });
        const you = r.json.participants.find((p) => p.role === 'you');
        assert.deepEqual(you, { id: call.aliceSid, label: 'alice', role: 'you', onHold: false, muted: false });
        assert.ok(Number.isSafeInteger(r.json.at) && Number.isSafeInteger(r.json.seq), `the answer says when the list was read: ${JSON.stringify(r.json)}`);
      });
      test("the conference's status callbacks reach alice's leg as participants messages", async () => {
        const m = await eventually(() => {
          const last = lastMessage(call.aliceSid);
          assert.equal(last?.participants?.length, 2, JSON.stringify(last));
          return last;
        });
        assert.equal(m.type, 'twilio-widgets.participants');
        assert.equal(m.v, 1);
        assert.ok(Number.isSafeInteger(m.at) && Number.isSafeInteger(m.seq), `the message says when the list was read: ${JSON.stringify(m)}`);
        assert.deepEqual(byLabel(m.participants), { alice: { role: 'you', onHold: false }, [CALLER_ID]: { role: 'remote', onHold: false } });
      });
      test('hold holds the caller, not alice; a second hold changes nothing; unhold', async () => {
        const r = await act({ action: 'hold', callSid: call.aliceSid });
        assert.equal(r.status, 200, JSON.stringify(r.json));
        assert.deepEqual(byLabel(r.json.participants)[CALLER_ID], { role: 'remote', onHold: true });
        assert.deepEqual(await holds(call.aliceSid), { 'owner:alice': false, [`remote:${CALLER_ID}`]: true });
        const updates = tap.count('POST', /\/Participants\/CA\w+\.json$/);
        const again = await act({ action: 'hold', callSid: call.aliceSid });
        assert.equal(again.status, 200);
        assert.deepEqual(again.json.participants, r.json.participants);
        assert.ok(again.json.at > r.json.at || (again.json.at === r.json.at && again.json.seq > r.json.seq), 'read after the first answer');
        assert.equal(tap.count('POST', /\/Participants\/CA\w+\.json$/), updates, 'an idempotent hold asks Twilio for no update');
        await eventually(() => assert.equal(byLabel(lastMessage(call.aliceSid).participants)[CALLER_ID].onHold, true));
        const un = await act({ action: 'unhold', callSid: call.aliceSid });
        assert.equal(un.status, 200);
        assert.deepEqual(await holds(call.aliceSid), { 'owner:alice': false, [`remote:${CALLER_ID}`]: false });
      });
      test('add supervisor → added; a second add changes nothing; remove it', async () => {
        const r = await act({ action: 'add', callSid: call.aliceSid, to: 'supervisor' });
        assert.equal(r.status, 200, JSON.stringify(r.json));
        assert.equal(byLabel(r.json.participants).supervisor?.role, 'added');
        const again = await act({ action: 'add', callSid: call.aliceSid, to: 'supervisor' });
        assert.equal(again.status, 200);
        assert.equal(again.json.participants.filter((p) => p.label.startsWith('supervisor')).length, 1);
        const sup = r.json.participants.find((p) => p.label === 'supervisor');
        const removed = await act({ action: 'remove', callSid: call.aliceSid, participant: sup.id });
        assert.equal(removed.status, 200, JSON.stringify(removed.json));
        assert.equal(byLabel(removed.json.participants).supervisor, undefined);
        await eventually(async () => assert.equal((await holds(call.aliceSid))['added:supervisor'], undefined));
      });
      test('400 rows, each with its code', async () => {
        const rows = [
          [{ callSid: call.aliceSid }, 'invalid-action'],
          [{ action: 'dance', callSid: call.aliceSid }, 'invalid-action'],
          [{ action: 'hold' }, 'invalid-call-sid'],
          [{ action: 'hold', callSid: 'CA123' }, 'invalid-call-sid'],
          [{ action: 'add', callSid: call.aliceSid, to: 'nowhere' }, 'invalid-destination'],
          [{ action: 'transfer', callSid: call.aliceSid, to: 'billing', mode: 'lukewarm' }, 'invalid-mode'],
          [{ action: 'remove', callSid: call.aliceSid }, 'invalid-participant'],
          [{ action: 'remove', callSid: call.aliceSid, participant: 'CA' + '9'.repeat(32) }, 'invalid-participant'],
          [{ action: 'remove', callSid: call.aliceSid, participant: call.aliceSid }, 'invalid-participant'],
        ];
        for (const [body, code] of rows) {
          const r = await act(body);
          assert.equal(r.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(r.json)}`);
          assert.equal(r.json.code, code, JSON.stringify(body));
          assert.equal(r.json.status, 400);
          assert.equal(typeof r.json.message, 'string');
        }
      });
      test("401 without a session; 403 not-in-call for bob, for the caller's leg and for a call that does not exist", async () => {
        const none = await act({ action: 'hold', callSid: call.aliceSid }, null);
        assert.equal(none.status, 401);
        const rows = [
          [{ action: 'hold', callSid: call.aliceSid }, 'bob'],
          [{ action: 'participants', callSid: call.aliceSid }, 'bob'],
          [{ action: 'hold', callSid: call.customer }, 'alice'], // in the conference, but not alice's leg
          [{ action: 'hold', callSid: 'CA' + '0'.repeat(32) }, 'alice'],
        ];
        for (const [body, who] of rows) {
          const r = await act(body, who);
          assert.equal(r.status, 403, `${who} ${JSON.stringify(body)}: ${JSON.stringify(r.json)}`);
          assert.deepEqual(r.json, { code: 'not-in-call', message: 'You are not in this call', status: 403 });
        }
        assert.deepEqual(await holds(call.aliceSid), { 'owner:alice': false, [`remote:${CALLER_ID}`]: false }, 'nothing changed');
      });
      test('warm transfer to billing: caller held, billing consulted; 409 for another transfer or add; cancel unholds', async () => {
        const r = await act({ action: 'transfer', callSid: call.aliceSid, to: 'billing', mode: 'warm' });
        assert.equal(r.status, 200, JSON.stringify(r.json));
        assert.deepEqual(byLabel(r.json.participants), {
          alice: { role: 'you', onHold: false },
          [CALLER_ID]: { role: 'remote', onHold: true },
          billing: { role: 'consulted', onHold: false },
        });
        const same = await act({ action: 'transfer', callSid: call.aliceSid, to: 'billing', mode: 'warm' });
        assert.equal(same.status, 200, 'the same warm transfer again changes nothing');
        assert.equal(same.json.participants.filter((p) => p.role === 'consulted').length, 1);
        for (const body of [
          { action: 'transfer', callSid: call.aliceSid, to: 'supervisor', mode: 'warm' },
          { action: 'transfer', callSid: call.aliceSid, to: 'supervisor', mode: 'cold' },
          { action: 'add', callSid: call.aliceSid, to: 'supervisor' },
        ]) {
          const busy = await act(body);
          assert.equal(busy.status, 409, JSON.stringify(busy.json));
          assert.equal(busy.json.code, 'transfer-pending');
        }
        const cancel = await act({ action: 'cancel-transfer', callSid: call.aliceSid });
        assert.equal(cancel.status, 200, JSON.stringify(cancel.json));
        assert.deepEqual(byLabel(cancel.json.participants), { alice: { role: 'you', onHold: false }, [CALLER_ID]: { role: 'remote', onHold: false } });
        for (const action of ['cancel-transfer', 'complete-transfer']) {
          const none = await act({ action, callSid: call.aliceSid });
          assert.equal(none.status, 409, action);
          assert.equal(none.json.code, 'no-transfer-pending');
        }
      });
      test('warm transfer completed: alice leaves, caller and billing stay, unheld; alice can act no more', async () => {
        assert.equal((await act({ action: 'transfer', callSid: call.aliceSid, to: 'billing', mode: 'warm' })).status, 200);
        const done = await act({ action: 'complete-transfer', callSid: call.aliceSid });
        assert.equal(done.status, 200, JSON.stringify(done.json));
        assert.deepEqual(byLabel(done.json.participants), { [CALLER_ID]: { role: 'remote', onHold: false }, billing: { role: 'remote', onHold: false } });
        await eventually(async () => assert.deepEqual(await holds(call.customer), { [`remote:${CALLER_ID}`]: false, 'consulted:billing': false }));
        const after = await act({ action: 'participants', callSid: call.aliceSid });
        assert.equal(after.status, 403);
        assert.equal(after.json.code, 'not-in-call');
      });
    });

    describe('an inbound call transferred cold', () => {
      let call;
      before(async () => {
        call = await inboundCall();
      });
      after(() => hangUp(call.customer));
      test('a held caller is unheld and connected to the target; alice leaves', async () => {
        assert.equal((await act({ action: 'hold', callSid: call.aliceSid })).status, 200);
        const r = await act({ action: 'transfer', callSid: call.aliceSid, to: 'supervisor', mode: 'cold' });
        assert.equal(r.status, 200, JSON.stringify(r.json));
        assert.deepEqual(byLabel(r.json.participants), { [CALLER_ID]: { role: 'remote', onHold: false }, supervisor: { role: 'remote', onHold: false } });
        await eventually(async () => assert.deepEqual(await holds(call.customer), { [`remote:${CALLER_ID}`]: false, 'remote:supervisor': false }));
        await eventually(() =>
          assert.ok(
            alice.frames.some((f) => f.type === 'hangup' && f.payload.callsid === call.aliceSid),
            "alice's leg ended",
          ),
        );
      });
    });

    describe('an outgoing call from alice', () => {
      let aliceSid;
      after(() => aliceSid && hangUp(aliceSid));
      test('the voice webhook: tw-<alice CallSid>, owner:alice and remote:billing; then hold acts on it', async () => {
        aliceSid = await h.outgoingCall('alice', 'billing');
        const c = await conferenceOf(aliceSid);
        assert.equal(c.name, `tw-${aliceSid}`);
        assert.deepEqual(c.participants.map((p) => p.label).sort(), ['owner:alice', 'remote:billing']);
        const r = await act({ action: 'hold', callSid: aliceSid });
        assert.equal(r.status, 200, JSON.stringify(r.json));
        assert.deepEqual(byLabel(r.json.participants), { alice: { role: 'you', onHold: false }, billing: { role: 'remote', onHold: true } });
      });
      test('add a tone party (tone:700): everyone stays, the tone joins as added', async () => {
        const r = await act({ action: 'add', callSid: aliceSid, to: 'tone:700' });
        assert.equal(r.status, 200, JSON.stringify(r.json));
        assert.deepEqual(byLabel(r.json.participants), {
          alice: { role: 'you', onHold: false },
          billing: { role: 'remote', onHold: true },
          'tone:700': { role: 'added', onHold: false },
        });
        const removed = await act({ action: 'remove', callSid: aliceSid, participant: r.json.participants.find((p) => p.label === 'tone:700').id });
        assert.equal(removed.status, 200);
        await eventually(async () =>
          assert.deepEqual((await conferenceOf(aliceSid)).participants.map((p) => p.label).sort(), ['owner:alice', 'remote:billing']),
        );
      });
      test('a Twilio error passes through as 502 twilio-error with its message and code', async () => {
        const r = await act({ action: 'add', callSid: aliceSid, to: 'tone:5' }); // the app allows it; Twilio (the emulator) refuses it
        assert.equal(r.status, 502, JSON.stringify(r.json));
        assert.equal(r.json.code, 'twilio-error');
        assert.equal(typeof r.json.twilioCode, 'number');
        assert.ok(r.json.message.length > 0);
        assert.deepEqual((await conferenceOf(aliceSid)).participants.map((p) => p.label).sort(), ['owner:alice', 'remote:billing'], 'nothing changed');
      });
    });

    test('signed status callbacks relay; a forged one is refused (403) and relays nothing', async () => {
      const call = await inboundCall();
      try {
        await eventually(() => assert.ok(lastMessage(call.aliceSid)));
        const c = await conferenceOf(call.aliceSid);
        // An event the conference is not subscribed to, so the emulator never sends it itself: only the test's posts carry it.
        const params = {
          AccountSid: A.accountSid,
          ConferenceSid: c.sid,
          FriendlyName: c.name,
          StatusCallbackEvent: 'announcement-end',
          CallSid: call.customer,
        };
        const url = `${base}/call-control`;
        const post = (signature) =>
          fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
            body: new URLSearchParams(params),
          });
        const relayed = () => logs.filter((l) => l === `call-control: announcement-end ${c.sid} -> relayed to 1 leg`).length;
        const count = () => alice.frames.filter((f) => f.type === 'message' && f.payload.callsid === call.aliceSid).length;
        const forged = await post(twilio.getExpectedTwilioSignature('f'.repeat(32), url, params));
        assert.equal(forged.status, 403);
        assert.equal((await forged.json()).code, 'invalid-signature');
        assert.equal((await post(undefined)).status, 403);
        assert.equal(relayed(), 0, 'the forged callbacks relayed nothing');
        const before = count();
        const good = await post(twilio.getExpectedTwilioSignature(A.authToken, url, params));
        assert.equal(good.status, 204);
        assert.equal(relayed(), 1, 'the signed one was relayed to alice');
        await eventually(() => assert.ok(count() > before));
        assert.deepEqual(byLabel(lastMessage(call.aliceSid).participants), {
          alice: { role: 'you', onHold: false },
          [CALLER_ID]: { role: 'remote', onHold: false },
        });
      } finally {
        await hangUp(call.customer);
      }
    });

    test("a dialled leg that never connects hangs up the call waiting for it (the leg's signed status callback)", async () => {
      const call = await inboundCall();
      const url = `${base}/call-control?hangupOnFail=${call.customer}`;
      const params = { AccountSid: A.accountSid, CallSid: call.aliceSid, CallStatus: 'no-answer', To: 'client:alice' };
      const post = (u, token = A.authToken) =>
        fetch(u, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(token, u, params) },
          body: new URLSearchParams(params),
        });
      // Signed for the URL without the query: the query is not covered → refused.
      const unsignedQuery = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(A.authToken, `${base}/call-control`, params),
        },
        body: new URLSearchParams(params),
      });
      assert.equal(unsignedQuery.status, 403);
      assert.equal((await control(`/calls/${call.customer}`)).json.state, 'in-progress');
      assert.equal((await post(url)).status, 204);
      await eventually(async () => assert.equal((await control(`/calls/${call.customer}`)).json.state, 'completed'));
    });
  });
}

// Call waiting is the voice webhook ringing alice again while she is on a call: each call has
// its own conference and her own leg in it, and an action names the leg it acts on. (Once: the
// adapters are not the subject.)
describe('call waiting (node http)', () => {
  let mounted;
  before(async () => {
    mounted = await MOUNTS['node http']();
    running.push(mounted);
    await h.route(`${mounted.url}/voice`);
  });
  test('a second call rings alice in a conference of its own; holding the first leaves the second alone', async () => {
    const first = await inboundCall();
    const second = await inboundCall();
    try {
      const [c1, c2] = [await conferenceOf(first.aliceSid), await conferenceOf(second.aliceSid)];
      assert.notEqual(c1.sid, c2.sid);
      assert.equal(c2.name, `tw-${second.customer}`);
      const r = await fetch(`${mounted.url}/call-control`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: SESSIONS.alice },
        body: JSON.stringify({ action: 'hold', callSid: first.aliceSid }),
      });
      assert.equal(r.status, 200);
      assert.deepEqual(await holds(first.aliceSid), { 'owner:alice': false, [`remote:${CALLER_ID}`]: true });
      assert.deepEqual(await holds(second.aliceSid), { 'owner:alice': false, [`remote:${CALLER_ID}`]: false });
    } finally {
      await hangUp(first.customer);
      await hangUp(second.customer);
    }
  });
});
