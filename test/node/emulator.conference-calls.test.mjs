// The legs of conferences, signaling side (the media legs are stand-ins here; parties mix for
// real without WebRTC): an emulator party calling one of the account's numbers
// (POST /emulator/inbound) and being put in a conference by that number's TwiML, a
// participant ringing every registered device of client:<name> (first answer wins, a decline
// fails the participant), and call update with Twiml moving a leg to another conference.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, generateLocalhostCertificate } from '../../dist/emulator/index.js';
import { SignalClient, fakeMediaLeg } from '../support/signal-client.mjs';
import { loopbackServers } from '../support/loopback-servers.mjs';
import { control as controlOf, eventually, formBody, rejection, restClient } from '../support/emulator-control.mjs';

let emu;
let client;
const servers = loopbackServers();
let hookBase;
const posts = [];
const NUMBER = '+15017122661';

before(async () => {
  emu = await startEmulator({ certificate: await generateLocalhostCertificate(), mediaFactory: fakeMediaLeg });
  client = restClient(emu);
  hookBase = await servers.listen(async (req, res) => {
    const params = await formBody(req);
    posts.push({ path: req.url, params });
    if (req.url === '/incoming') {
      res.writeHead(200, { 'content-type': 'text/xml' });
      return res.end(
        `<Response><Dial><Conference participantLabel="remote:${params.From}" endConferenceOnExit="true" statusCallback="/events" statusCallbackEvent="join leave end">tw-${params.CallSid}</Conference></Dial></Response>`,
      );
    }
    res.writeHead(204);
    res.end();
  });
});

after(async () => {
  await emu.stop();
  await servers.closeAll();
});

const control = (path, method, body) => controlOf(emu, path, method, body);

test('POST /emulator/inbound: the customer calls a number, its TwiML puts it in a conference, billing added over REST hears it', async () => {
  assert.equal((await control('/numbers', 'POST', { phoneNumber: NUMBER, voiceUrl: `${hookBase}/incoming` })).status, 201);
  const placed = await control('/inbound', 'POST', { to: NUMBER, from: '+15558675310' });
  assert.equal(placed.status, 201, JSON.stringify(placed.json));
  const callSid = placed.json.callSid;
  const hook = await eventually(() => posts.find((p) => p.path === '/incoming' && p.params.CallSid === callSid) ?? assert.fail('no webhook'));
  assert.equal(hook.params.From, '+15558675310');
  assert.equal(hook.params.To, NUMBER);
  assert.equal(hook.params.Direction, 'inbound');
  assert.equal(hook.params.ApplicationSid, undefined);

  const name = `tw-${callSid}`;
  const room = await eventually(async () => {
    const [r] = await client.conferences.list({ friendlyName: name });
    assert.ok(r, 'the conference exists');
    return r;
  });
  const billing = await client.conferences(name).participants.create({ from: NUMBER, to: 'billing', label: 'added:billing' });
  assert.equal(billing.conferenceSid, room.sid);
  await eventually(async () => {
    const heard = (await control(`/calls/${callSid}/audio?freqs=600,1000`)).json.heard;
    assert.ok(heard['1000'] > -30 && heard['600'] < -60, JSON.stringify(heard));
    const billingHeard = (await control(`/calls/${billing.callSid}/audio?freqs=600,1000`)).json.heard;
    assert.ok(billingHeard['600'] > -30 && billingHeard['1000'] < -60, JSON.stringify(billingHeard));
  });
  const { json: rooms } = await control('/conferences');
  assert.deepEqual(
    rooms
      .find((r) => r.sid === room.sid)
      .participants.map((p) => p.label)
      .sort(),
    ['added:billing', 'remote:+15558675310'],
  );
  const call = await client.calls(callSid).fetch();
  assert.equal(call.direction, 'inbound');
  assert.equal(call.status, 'in-progress');

  // The customer hangs up (Calls update Status=completed): endConferenceOnExit ends the conference.
  await client.calls(callSid).update({ status: 'completed' });
  await eventually(async () => assert.equal((await client.conferences(room.sid).fetch()).status, 'completed'));
  assert.equal((await client.calls(billing.callSid).fetch()).status, 'completed');
  const events = posts.filter((p) => p.path === '/events' && p.params.ConferenceSid === room.sid).map((p) => p.params.StatusCallbackEvent);
  assert.deepEqual(events, ['participant-join', 'participant-join', 'participant-leave', 'participant-leave', 'conference-end']);
});

test('POST /emulator/inbound refuses a number of no account and an unknown party', async () => {
  const unknown = await control('/inbound', 'POST', { to: '+15550000000' });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.code, 20404);
  const party = await control('/inbound', 'POST', { to: NUMBER, party: 'ghost' });
  assert.equal(party.status, 400);
  const noTo = await control('/inbound', 'POST', {});
  assert.equal(noTo.status, 400);
});

test('a client participant rings every device of the identity: the first answer connects it, a decline fails the next one', async () => {
  const phone = new SignalClient(`wss://localhost:${emu.port}/signal`);
  const laptop = new SignalClient(`wss://localhost:${emu.port}/signal`);
  try {
    await phone.register('alice');
    await laptop.register('alice');
    posts.length = 0;
    const name = `tw-client-${Date.now()}`;
    const owner = await client.conferences(name).participants.create({
      from: '+15005550006',
      to: 'client:alice',
      label: 'owner:alice',
      conferenceStatusCallback: `${hookBase}/events`,
      conferenceStatusCallbackEvent: ['join', 'leave'],
    });
    assert.equal(owner.status, 'ringing');
    const [onPhone, onLaptop] = await Promise.all([phone.next('invite'), laptop.next('invite')]);
    assert.equal(onPhone.payload.callsid, owner.callSid);
    assert.equal(onLaptop.payload.callsid, owner.callSid);
    assert.match(onPhone.payload.sdp, /fake-offer/);
    laptop.send('answer', { callsid: owner.callSid, sdp: 'v=0\r\no=laptop\r\n' });
    await phone.next('cancel', (p) => p.callsid === owner.callSid);
    await eventually(async () => assert.equal((await client.conferences(owner.conferenceSid).participants(owner.callSid).fetch()).status, 'connected'));

    // A second participant to alice: declined on the phone.
    const second = await client.conferences(owner.conferenceSid).participants.create({ from: '+15005550006', to: 'client:alice', label: 'added:alice' });
    const invite = await phone.next('invite', (p) => p.callsid === second.callSid);
    phone.send('reject', { callsid: invite.payload.callsid });
    await eventually(async () => {
      const gone = await rejection(client.conferences(owner.conferenceSid).participants('added:alice').fetch());
      assert.equal(gone.status, 404);
    });
    const leave = await eventually(
      () =>
        posts.find((p) => p.params.StatusCallbackEvent === 'participant-leave' && p.params.CallSid === second.callSid) ?? assert.fail('no participant-leave'),
    );
    assert.equal(leave.params.ParticipantCallStatus, 'failed');
    assert.equal((await client.calls(second.callSid).fetch()).status, 'busy');
    // Nobody registered as bob: the participant is created, then fails.
    const bob = await client.conferences(owner.conferenceSid).participants.create({ from: '+15005550006', to: 'client:bob' });
    await eventually(async () => assert.equal((await client.calls(bob.callSid).fetch()).status, 'failed'));
    assert.equal((await client.conferences(owner.conferenceSid).fetch()).status, 'in-progress', 'failed participants do not end it');
    await client.conferences(owner.conferenceSid).update({ status: 'completed' });
    await laptop.next('hangup', (p) => p.callsid === owner.callSid);
  } finally {
    phone.close();
    laptop.close();
  }
});

test('call update with Twiml moves a leg to another conference; the old one ends without it', async () => {
  const a = `tw-redirect-a-${Date.now()}`;
  const b = `tw-redirect-b-${Date.now()}`;
  const leg = await client.conferences(a).participants.create({ from: '+15005550006', to: 'supervisor' });
  const stay = await client.conferences(b).participants.create({ from: '+15005550006', to: 'tone:700' });
  await eventually(async () => assert.equal((await client.conferences(leg.conferenceSid).fetch()).status, 'in-progress'));
  const updated = await client.calls(leg.callSid).update({ twiml: `<Response><Dial><Conference participantLabel="moved">${b}</Conference></Dial></Response>` });
  assert.equal(updated.status, 'in-progress');
  await eventually(async () => {
    assert.equal((await client.conferences(leg.conferenceSid).fetch()).status, 'completed');
    const moved = await client.conferences(stay.conferenceSid).participants('moved').fetch();
    assert.equal(moved.callSid, leg.callSid);
  });
  await eventually(async () => {
    const heard = (await control(`/calls/${stay.callSid}/audio?freqs=1400`)).json.heard;
    assert.ok(heard['1400'] > -30, `the leg in B hears the supervisor: ${JSON.stringify(heard)}`);
  });
  const badState = await rejection(
    client
      .calls(leg.callSid)
      .update({ twiml: '<Response><Hangup/></Response>' })
      .then(() => client.calls(leg.callSid).update({ twiml: '<Response/>' })),
  );
  assert.equal(badState.code, 21220);
  await client.conferences(stay.conferenceSid).update({ status: 'completed' });
});
