// The call-control endpoint under attack (createCallControlEndpoint, mounted with Node http
// against the emulator): another user acting on alice's call (every action), a user naming
// a participant of someone else's conference, an identity claimed in the body, forged and
// replayed status callbacks (unsigned, another account, another URL, Host / X-Forwarded-*
// tricks, a hang-up query moved into the body), oversized and malformed bodies, and a
// cross-site form. Each is refused with its status and code, and the emulator, counted at its
// door, sees no change: no participant created, updated or removed, no call ended, no message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import twilio from 'twilio';
import { DEFAULT_ACCOUNT as A } from '../../dist/emulator/auth/test-accounts.js';
import { ADAPTERS } from '../support/adapter-servers.mjs';
import { BODY_LIMIT, ROUTES, SESSIONS, callControlEndpoints } from '../support/call-control-fixture.mjs';
import { startHarness } from '../support/call-control-harness.mjs';
import { streamBody } from '../support/raw-http.mjs';
import { readAnswer } from '../support/answers.mjs';

let h;
let server;
let base;
let call; // alice's inbound call: {aliceSid, customer}
let bobCall; // bob's own outgoing call to billing
const logs = [];

before(async () => {
  h = await startHarness({ clients: ['alice', 'bob'] });
  let eps;
  server = await ADAPTERS['node http']({ voice: (r) => eps.voice(r), callControl: (r) => eps.callControl(r) }, ROUTES);
  base = server.url;
  eps = callControlEndpoints(h.emu.url, base, { log: (l) => logs.push(l) });
  await h.route(`${base}/voice`);
  call = await h.inboundCall();
  bobCall = await h.outgoingCall('bob', 'billing');
});
after(async () => {
  await server?.close();
  await h?.stop();
});

/**
 * Every REST request that changes a call: participant create/update/delete, call update. (Call
 * messages are not counted: the emulator's own status callbacks keep relaying lists; what a
 * forged callback relays is checked on the endpoint's log.)
 */
function writes() {
  return h.tap.count('POST', /\/(Participants(\/[^/]+)?|Calls\/CA\w+)\.json$/) + h.tap.count('DELETE', /^\/2010-04-01\//);
}

async function act(body, { who = 'alice', type = 'application/json', headers = {} } = {}) {
  const r = await fetch(`${base}/call-control`, {
    method: 'POST',
    headers: { 'content-type': type, ...(who ? { cookie: SESSIONS[who] } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return readAnswer(r);
}

const ALL_ACTIONS = (callSid, participant) => [
  { action: 'participants', callSid },
  { action: 'hold', callSid },
  { action: 'unhold', callSid },
  { action: 'transfer', callSid, to: 'supervisor', mode: 'cold' },
  { action: 'transfer', callSid, to: 'supervisor', mode: 'warm' },
  { action: 'complete-transfer', callSid },
  { action: 'cancel-transfer', callSid },
  { action: 'add', callSid, to: 'supervisor' },
  { action: 'remove', callSid, participant },
];

test("bob (signed in, on a call of his own) cannot act on alice's call: 403 not-in-call for every action, nothing changes", async () => {
  const before = writes();
  const conf = await h.conferenceOf(call.aliceSid);
  for (const body of ALL_ACTIONS(call.aliceSid, call.customer)) {
    const r = await act(body, { who: 'bob' });
    assert.equal(r.status, 403, `${body.action}: ${JSON.stringify(r.json)}`);
    assert.equal(r.json.code, 'not-in-call');
  }
  // Nor through the caller's leg, which is in alice's conference but is nobody's browser.
  for (const body of ALL_ACTIONS(call.customer, call.aliceSid)) {
    const r = await act(body, { who: 'bob' });
    assert.equal(r.status, 403, `${body.action} via the caller's leg`);
  }
  assert.equal(writes(), before, 'Twilio was asked to change nothing');
  assert.deepEqual(await h.conferenceOf(call.aliceSid), conf);
});

test("bob cannot reach into alice's conference from his own call: a participant of hers is not one of his (400)", async () => {
  const before = writes();
  const r = await act({ action: 'remove', callSid: bobCall, participant: call.customer }, { who: 'bob' });
  assert.equal(r.status, 400);
  assert.equal(r.json.code, 'invalid-participant');
  assert.equal(writes(), before);
  assert.ok(
    (await h.conferenceOf(call.aliceSid)).participants.some((p) => p.callSid === call.customer),
    'the caller is still there',
  );
});

test("an identity named in the body that is not the session's → 403; no session → 401; Twilio not asked", async () => {
  const before = writes();
  // The lookup a refused request must not make: alice's call (status callbacks of the calls set up
  // above may still make the server read other resources in the background).
  const lookup = new RegExp(`^/2010-04-01/Accounts/[^/]+/Calls/${call.aliceSid}\\.json`);
  const fetchesBefore = h.tap.count('GET', lookup);
  const claimed = await act({ action: 'hold', callSid: call.aliceSid, identity: 'alice' }, { who: 'bob' });
  assert.equal(claimed.status, 403);
  const none = await act({ action: 'hold', callSid: call.aliceSid, identity: 'alice' }, { who: null });
  assert.equal(none.status, 401);
  const forgedCookie = await act({ action: 'hold', callSid: call.aliceSid }, { who: null, headers: { cookie: 'sid=alice' } });
  assert.equal(forgedCookie.status, 401);
  assert.equal(writes(), before);
  assert.equal(h.tap.count('GET', lookup), fetchesBefore, 'refused before any lookup');
  // …and the same request from alice herself does look her call up (the count can move).
  const own = await act({ action: 'participants', callSid: call.aliceSid }, { who: 'alice' });
  assert.equal(own.status, 200);
  assert.ok(h.tap.count('GET', lookup) > fetchesBefore, "alice's own request fetches her call");
});

test('a call SID that does not exist answers exactly like one of another user (no oracle)', async () => {
  const missing = await act({ action: 'participants', callSid: 'CA' + 'ab'.repeat(16) }, { who: 'bob' });
  const others = await act({ action: 'participants', callSid: call.aliceSid }, { who: 'bob' });
  assert.equal(missing.status, 403);
  assert.deepEqual(missing.json, others.json);
});

// "Ring me" in the demo: a call rung from the emulator's control API, not through the voice
// webhook, so no conference holds it. The phone re-syncs every call it connects.
test("alice's own call that is up in no conference: participants is an empty list (200), any other action 403 not-in-call; bob gets 403; ended, 403", async () => {
  const rung = await h.control('/calls', 'POST', { to: 'alice', from: '+15005550009', mode: 'echo' });
  assert.equal(rung.status, 201, JSON.stringify(rung.json));
  const plain = rung.json.callSid;
  try {
    await h.phones.alice.until(() => h.phones.alice.frames.find((f) => f.type === 'invite' && f.payload.callsid === plain), 'the plain call rings');
    h.phones.alice.send('answer', { callsid: plain, sdp: 'v=0\r\no=fake-browser-answer\r\n' });
    assert.equal(await h.conferenceOf(plain), undefined, 'no conference holds it');
    const before = writes();
    const list = await act({ action: 'participants', callSid: plain });
    assert.deepEqual([list.status, list.json.participants, typeof list.json.at, typeof list.json.seq], [200, [], 'number', 'number']);
    for (const body of ALL_ACTIONS(plain, call.customer).slice(1)) {
      const r = await act(body);
      assert.deepEqual([r.status, r.json?.code], [403, 'not-in-call'], body.action);
    }
    const bobs = await act({ action: 'participants', callSid: plain }, { who: 'bob' });
    assert.deepEqual([bobs.status, bobs.json?.code], [403, 'not-in-call'], "bob learns nothing of alice's call");
    assert.equal(writes(), before, 'Twilio was asked to change nothing');
    await h.hangUp(plain);
    const ended = await act({ action: 'participants', callSid: plain });
    assert.deepEqual([ended.status, ended.json?.code], [403, 'not-in-call'], 'once it has ended, not even the list');
  } finally {
    await h.hangUp(plain);
  }
});

test('a cross-site form (text/plain or form-encoded without a signature) acts on nothing', async () => {
  const before = writes();
  const plain = await act(JSON.stringify({ action: 'hold', callSid: call.aliceSid }), { type: 'text/plain' });
  assert.equal(plain.status, 415);
  // A form post is taken for a Twilio callback, and no browser can sign one.
  const form = await act(new URLSearchParams({ action: 'hold', callSid: call.aliceSid }).toString(), { type: 'application/x-www-form-urlencoded' });
  assert.equal(form.status, 403);
  assert.equal(form.json.code, 'invalid-signature');
  assert.equal(writes(), before);
  assert.equal((await h.holds(call.aliceSid))[`remote:+15005550006`], false);
});

test('bodies: oversized (declared, chunked), malformed JSON, a JSON array, an action of the wrong type', async () => {
  const before = writes();
  const json = { 'Content-Type': 'application/json', Cookie: SESSIONS.alice };
  const declared = await streamBody(base, { path: '/call-control', headers: json, total: 1024, declared: 50 * 1024 * 1024, chunkSize: 1024 });
  assert.equal(declared.answer?.status, 413);
  const chunked = await streamBody(base, { path: '/call-control', headers: json, total: 8 * BODY_LIMIT, chunked: true, chunkSize: 1024 });
  assert.equal(chunked.answer?.status, 413);
  const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const bigForm = await streamBody(base, { path: '/call-control', headers: form, total: 1024, declared: 50 * 1024 * 1024, chunkSize: 1024 });
  assert.equal(bigForm.answer?.status, 413);
  assert.equal((await act('{"action":"hold",')).status, 400);
  assert.equal((await act([{ action: 'hold', callSid: call.aliceSid }])).status, 400);
  const typed = await act({ action: { toString: 'hold' }, callSid: call.aliceSid });
  assert.equal(typed.status, 400);
  assert.equal(typed.json.code, 'invalid-action');
  const proto = await act('{"__proto__":{"action":"hold"},"callSid":"' + call.aliceSid + '"}');
  assert.equal(proto.status, 400);
  assert.equal(proto.json.code, 'invalid-action');
  assert.equal(writes(), before);
});

test('forged status callbacks are refused (403) and relay nothing: unsigned, another account, another URL, Host tricks', async () => {
  const conf = await h.conferenceOf(call.aliceSid);
  const params = { AccountSid: A.accountSid, ConferenceSid: conf.sid, StatusCallbackEvent: 'participant-hold', CallSid: call.customer };
  const url = `${base}/call-control`;
  const sign = (u, token = A.authToken, p = params) => twilio.getExpectedTwilioSignature(token, u, p);
  const rows = [
    ['unsigned', {}],
    ['another account', { 'x-twilio-signature': sign(url, 'f'.repeat(32)) }],
    ["the voice webhook's URL", { 'x-twilio-signature': sign(`${base}/voice`) }],
    [
      'another host, with Host-like headers naming it',
      { 'x-twilio-signature': sign('https://evil.example/call-control'), 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
    ],
    ['fields changed after signing', { 'x-twilio-signature': sign(url, A.authToken, { ...params, ConferenceSid: 'CF' + '0'.repeat(32) }) }],
  ];
  const before = writes();
  for (const [name, headers] of rows) {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(params),
    });
    assert.equal(r.status, 403, name);
    assert.equal((await r.json()).code, 'invalid-signature', name);
  }
  assert.equal(writes(), before, 'no message sent, nothing changed');
  assert.ok(!logs.some((l) => l.startsWith('call-control: participant-hold')), 'nothing relayed');
});

test('a hang-up request forged into the body (where Twilio Functions would merge a query) fails the signature', async () => {
  const url = `${base}/call-control`;
  const params = { AccountSid: A.accountSid, CallSid: bobCall, CallStatus: 'busy', hangupOnFail: call.customer };
  // Even a signature over exactly this body and URL fails: the field is checked as the query Twilio would have signed.
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(A.authToken, url, params) },
    body: new URLSearchParams(params),
  });
  assert.equal(r.status, 403);
  assert.equal((await h.control(`/calls/${call.customer}`)).json.state, 'in-progress');
  // A signed callback with the query, replayed for another call, fails too.
  const signedFor = `${url}?hangupOnFail=${bobCall}`;
  const fields = Object.fromEntries(Object.entries(params).filter(([k]) => k !== 'hangupOnFail'));
  const replay = await fetch(`${url}?hangupOnFail=${call.customer}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(A.authToken, signedFor, fields) },
    body: new URLSearchParams(fields),
  });
  assert.equal(replay.status, 403);
  assert.equal((await h.control(`/calls/${call.customer}`)).json.state, 'in-progress');
});

test("a status callback for a conference the app never made relays to nobody's browser but its own legs", async () => {
  // Signed (Twilio did send it), for bob's conference: only bob's leg gets the list, alice's none.
  const conf = await h.conferenceOf(bobCall);
  const url = `${base}/call-control`;
  const params = { AccountSid: A.accountSid, ConferenceSid: conf.sid, StatusCallbackEvent: 'announcement-end' };
  const aliceBefore = h.messages(call.aliceSid).length;
  const bobBefore = h.messages(bobCall, 'bob').length;
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(A.authToken, url, params) },
    body: new URLSearchParams(params),
  });
  assert.equal(r.status, 204);
  assert.ok(logs.includes(`call-control: announcement-end ${conf.sid} -> relayed to 1 leg`));
  await new Promise((resolve) => {
    const check = () => (h.messages(bobCall, 'bob').length > bobBefore ? resolve() : setTimeout(check, 20));
    check();
  });
  assert.equal(h.messages(call.aliceSid).length, aliceBefore, "alice got nothing about bob's call");
  const bobView = h.messages(bobCall, 'bob').at(-1);
  assert.deepEqual(bobView.participants.map((p) => [p.label, p.role]).sort(), [
    ['billing', 'remote'],
    ['bob', 'you'],
  ]);
});
