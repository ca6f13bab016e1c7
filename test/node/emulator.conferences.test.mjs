// Conferences in the emulator, driven by the real twilio-node client: participants that are
// emulator parties (each says its own tone), hold / mute / unhold / delete through the
// Participants API, the conference's end, errors in Twilio's envelope, and signed status
// callbacks. Media is real: the mixer runs on its 20 ms clock and what each leg heard and said
// is read back with GET /emulator/calls/{sid}/audio (Goertzel over the last second).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import twilio from 'twilio';
import { startEmulator, generateLocalhostCertificate, DEFAULT_ACCOUNT as A } from '../../dist/emulator/index.js';
import { loopbackServers } from '../support/loopback-servers.mjs';
import { callAudio, control as controlOf, eventually, formBody, rejection, restClient } from '../support/emulator-control.mjs';

let emu;
let client;
/** Status callbacks received: {url, params, signature}. */
const posts = [];
const servers = loopbackServers();
let hookBase;

before(async () => {
  emu = await startEmulator({ certificate: await generateLocalhostCertificate() });
  client = restClient(emu);
  hookBase = await servers.listen(async (req, res) => {
    posts.push({ url: `${hookBase}${req.url}`, params: await formBody(req), signature: req.headers['x-twilio-signature'] });
    res.writeHead(204);
    res.end();
  });
});

after(async () => {
  await emu.stop();
  await servers.closeAll();
});

const control = (path, method, body) => controlOf(emu, path, method, body);

const FREQS = [400, 600, 800, 1000, 1400];
async function audio(callSid) {
  const { status, json } = await callAudio(emu, callSid, FREQS);
  assert.equal(status, 200, JSON.stringify(json));
  return json;
}
const HEARD = -30; // a tone is heard above this
const SILENT = -60; // and not heard below this

test('parties in a conference hear each other, not themselves; hold, mute, unhold and delete act on the mix', async () => {
  const name = `tw-test-${Date.now()}`;
  const conf = client.conferences(name);
  const billing = await conf.participants.create({ from: '+15005550006', to: 'billing', label: 'remote:billing', endConferenceOnExit: true });
  assert.equal(billing.label, 'remote:billing');
  assert.match(billing.conferenceSid, /^CF[0-9a-f]{32}$/);
  const customer = await client.conferences(billing.conferenceSid).participants.create({ from: '+15005550006', to: 'tone:600', label: 'owner:customer' });
  const sid = billing.conferenceSid;

  const [listed] = await client.conferences.list({ friendlyName: name });
  assert.equal(listed.sid, sid);
  await eventually(async () => assert.equal((await client.conferences(sid).fetch()).status, 'in-progress'));
  await eventually(async () => {
    const ps = await client.conferences(sid).participants.list();
    assert.deepEqual(ps.map((p) => p.status).sort(), ['connected', 'connected']);
  });

  // Each hears the other's tone and not its own.
  await eventually(async () => {
    const b = await audio(billing.callSid);
    const c = await audio(customer.callSid);
    assert.ok(b.heard['600'] > HEARD && b.heard['1000'] < SILENT, `billing heard ${JSON.stringify(b.heard)}`);
    assert.ok(c.heard['1000'] > HEARD && c.heard['600'] < SILENT, `customer heard ${JSON.stringify(c.heard)}`);
    assert.ok(b.said['1000'] > HEARD && c.said['600'] > HEARD);
  });

  // Hold billing: it hears the music (400 and 800 Hz), the customer no longer hears it.
  const held = await client.conferences(sid).participants(billing.callSid).update({ hold: true });
  assert.equal(held.hold, true);
  await eventually(async () => {
    const b = await audio(billing.callSid);
    const c = await audio(customer.callSid);
    assert.ok(b.heard['400'] > HEARD && b.heard['800'] > HEARD && b.heard['600'] < SILENT, `held billing heard ${JSON.stringify(b.heard)}`);
    assert.ok(c.heard['1000'] < SILENT && c.heard['400'] < SILENT, `customer heard ${JSON.stringify(c.heard)} while billing was held`);
  });

  // Unhold restores both ways; then mute the customer (by label): billing hears nothing from it.
  await client.conferences(sid).participants(billing.callSid).update({ hold: false });
  await eventually(async () => {
    assert.ok((await audio(billing.callSid)).heard['600'] > HEARD);
    assert.ok((await audio(customer.callSid)).heard['1000'] > HEARD);
  });
  const muted = await client.conferences(sid).participants('owner:customer').update({ muted: true });
  assert.equal(muted.muted, true);
  await eventually(async () => {
    const b = await audio(billing.callSid);
    assert.ok(b.heard['600'] < SILENT, `billing heard ${JSON.stringify(b.heard)} from a muted customer`);
    assert.ok((await audio(customer.callSid)).heard['1000'] > HEARD, 'the muted customer still hears billing');
  });

  const { json: rooms } = await control('/conferences');
  const room = rooms.find((r) => r.sid === sid);
  assert.deepEqual(room.participants.map((p) => [p.label, p.hold, p.muted]).sort(), [
    ['owner:customer', false, true],
    ['remote:billing', false, false],
  ]);

  // Billing has endConferenceOnExit: removing it ends the conference; the customer's call ends too.
  await client.conferences(sid).participants('remote:billing').remove();
  await eventually(async () => {
    const done = await client.conferences(sid).fetch();
    assert.equal(done.status, 'completed');
    assert.equal(done.reasonConferenceEnded, 'participant-with-end-conference-on-exit-kicked');
    assert.equal((await client.calls(customer.callSid).fetch()).status, 'completed');
  });
  assert.deepEqual(await client.conferences(sid).participants.list(), []);
});

test('three parties: everyone hears the other two', async () => {
  const name = `tw-three-${Date.now()}`;
  const legs = [];
  for (const to of ['billing', 'supervisor', 'tone:600']) legs.push(await client.conferences(name).participants.create({ from: '+15005550006', to }));
  const tones = { billing: '1000', supervisor: '1400', 'tone:600': '600' };
  const names = Object.keys(tones);
  await eventually(async () => {
    for (const [i, leg] of legs.entries()) {
      const a = await audio(leg.callSid);
      for (const other of names) {
        if (other === names[i]) assert.ok(a.heard[tones[other]] < SILENT, `${names[i]} hears itself: ${JSON.stringify(a.heard)}`);
        else assert.ok(a.heard[tones[other]] > HEARD, `${names[i]} does not hear ${other}: ${JSON.stringify(a.heard)}`);
      }
    }
  });
  // AnnounceUrl (not fetched): the emulator's 440 Hz tone, briefly, to that participant only.
  await client.conferences(legs[0].conferenceSid).participants(legs[0].callSid).update({ announceUrl: 'https://example.com/announce.mp3' });
  await eventually(async () => {
    const levels = async (sid) => (await control(`/calls/${sid}/audio?freqs=440`)).json.heard['440'];
    assert.ok((await levels(legs[0].callSid)) > -40, 'the announcement is heard by its participant');
    assert.ok((await levels(legs[1].callSid)) < -50, 'and not by the others');
  });
  await client.conferences(legs[0].conferenceSid).update({ status: 'completed' });
  const done = await client.conferences(legs[0].conferenceSid).fetch();
  assert.equal(done.status, 'completed');
  assert.equal(done.reasonConferenceEnded, 'conference-ended-via-api');
  for (const leg of legs) assert.equal((await client.calls(leg.callSid).fetch()).status, 'completed');
});

// Twilio plays waitUrl while the conference has not started; once started, a participant
// left alone hears silence (a cold transfer's customer during the hand-over, say).
test('wait music only before the start: a participant alone in a started conference hears silence', async () => {
  const name = `tw-wait-${Date.now()}`;
  const billing = await client.conferences(name).participants.create({ from: '+15005550006', to: 'billing', startConferenceOnEnter: false });
  const sid = billing.conferenceSid;
  await eventually(async () => {
    const b = await audio(billing.callSid);
    assert.ok(b.heard['400'] > HEARD && b.heard['800'] > HEARD, `billing waiting heard ${JSON.stringify(b.heard)}`);
  });
  const supervisor = await client.conferences(sid).participants.create({ from: '+15005550006', to: 'supervisor' });
  await eventually(async () => {
    assert.equal((await client.conferences(sid).fetch()).status, 'in-progress');
    const b = await audio(billing.callSid);
    assert.ok(b.heard['1400'] > HEARD && b.heard['400'] < SILENT, `billing heard ${JSON.stringify(b.heard)} with the supervisor in`);
  });
  await client.conferences(sid).participants(supervisor.callSid).remove();
  await eventually(async () => {
    const b = await audio(billing.callSid);
    assert.ok(b.heard['400'] < SILENT && b.heard['800'] < SILENT && b.heard['1400'] < SILENT, `billing alone heard ${JSON.stringify(b.heard)}`);
  });
  assert.equal((await client.conferences(sid).fetch()).status, 'in-progress', 'the conference goes on with billing alone');
  await client.conferences(sid).update({ status: 'completed' });
});

test('errors come in Twilio envelope with its codes', async () => {
  const missing = await rejection(client.conferences('CF' + '0'.repeat(32)).fetch());
  assert.equal(missing.status, 404);
  assert.equal(missing.code, 20404);
  const noParticipants = await rejection(client.conferences('CF' + '0'.repeat(32)).participants.list());
  assert.equal(noParticipants.code, 20404);
  const badTo = await rejection(client.conferences('tw-errors').participants.create({ from: '+15005550006', to: 'nobody at all' }));
  assert.equal(badTo.status, 400);
  assert.equal(badTo.code, 21211);
  const noFrom = await rejection(client.conferences('tw-errors').participants.create({ from: '', to: 'billing' }));
  assert.equal(noFrom.code, 21603);
  const p = await client.conferences('tw-errors').participants.create({ from: '+15005550006', to: 'billing', label: 'x' });
  const badHold = await rejection(
    client
      .request({
        method: 'post',
        uri: `https://api.twilio.com/2010-04-01/Accounts/${A.accountSid}/Conferences/${p.conferenceSid}/Participants/x.json`,
        data: { Hold: 'maybe' },
      })
      .then((r) => {
        if (r.statusCode >= 400) throw Object.assign(new Error('refused'), { status: r.statusCode, code: r.body.code });
      }),
  );
  assert.equal(badHold.status, 400);
  assert.equal(badHold.code, 20001);
  const dup = await rejection(client.conferences(p.conferenceSid).participants.create({ from: '+15005550006', to: 'supervisor', label: 'x' }));
  assert.equal(dup.code, 16002);
  const unknownCall = await rejection(client.calls('CA' + '0'.repeat(32)).fetch());
  assert.equal(unknownCall.code, 20404);
  const notSdk = await rejection(client.calls(p.callSid).userDefinedMessages.create({ content: '{"a":1}' }));
  assert.equal(notSdk.status, 400);
  assert.equal(notSdk.code, 21220);
  await client.conferences(p.conferenceSid).update({ status: 'completed' });
  const ended = await rejection(client.conferences(p.conferenceSid).participants.create({ from: '+15005550006', to: 'billing' }));
  assert.equal(ended.code, 16099);
});

test('status callbacks: signed, only the subscribed events, in order', async () => {
  posts.length = 0;
  const name = `tw-callbacks-${Date.now()}`;
  const callback = `${hookBase}/conference-events?x=1`;
  const first = await client.conferences(name).participants.create({
    from: '+15005550006',
    to: 'billing',
    label: 'remote:billing',
    conferenceStatusCallback: callback,
    conferenceStatusCallbackEvent: ['start', 'end', 'join', 'leave', 'hold'],
  });
  const second = await client.conferences(name).participants.create({ from: '+15005550006', to: 'tone:700', label: 'added:tone' });
  await eventually(async () => assert.equal(posts.filter((p) => p.params.StatusCallbackEvent === 'participant-join').length, 2));
  await client.conferences(first.conferenceSid).participants(second.callSid).update({ hold: true, muted: true });
  await client.conferences(first.conferenceSid).participants(second.callSid).update({ hold: false, endConferenceOnExit: true });
  await client.conferences(first.conferenceSid).participants(second.callSid).remove();
  await eventually(async () => assert.ok(posts.some((p) => p.params.StatusCallbackEvent === 'conference-end')));

  for (const p of posts) {
    assert.ok(twilio.validateRequest(A.authToken, p.signature, p.url, p.params), `signature of ${p.params.StatusCallbackEvent}`);
    assert.equal(p.params.ConferenceSid, first.conferenceSid);
    assert.equal(p.params.FriendlyName, name);
    assert.equal(p.params.AccountSid, A.accountSid);
  }
  const events = posts.map((p) => p.params.StatusCallbackEvent);
  // No mute/unmute/modify: not subscribed.
  assert.deepEqual(events, [
    'participant-join',
    'conference-start',
    'participant-join',
    'participant-hold',
    'participant-unhold',
    'participant-leave',
    'participant-leave',
    'conference-end',
  ]);
  assert.deepEqual(
    posts.map((p) => Number(p.params.SequenceNumber)),
    posts.map((_, i) => i + 1),
  );
  const hold = posts.find((p) => p.params.StatusCallbackEvent === 'participant-hold').params;
  assert.equal(hold.CallSid, second.callSid);
  assert.equal(hold.Label, 'added:tone');
  assert.equal(hold.Hold, 'true');
  assert.equal(hold.Coaching, 'false');
  assert.equal(posts.at(-1).params.ReasonConferenceEnded, 'participant-with-end-conference-on-exit-kicked');
  assert.equal(posts.at(-1).params.CallSidEndingConference, second.callSid);
  assert.equal(posts.at(-1).params.ParticipantLabelEndingConference, 'added:tone');
});

test('a participant leg reports its own call progress (StatusCallback), signed, in order', async () => {
  posts.length = 0;
  const name = `tw-progress-${Date.now()}`;
  const leg = await client.conferences(name).participants.create({
    from: '+15005550006',
    to: 'supervisor',
    statusCallback: `${hookBase}/progress`,
    statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
  });
  await eventually(async () => assert.equal((await client.conferences(leg.conferenceSid).participants(leg.callSid).fetch()).status, 'connected'));
  await client.conferences(leg.conferenceSid).participants(leg.callSid).remove();
  const progress = await eventually(() => {
    const got = posts.filter((p) => p.url.endsWith('/progress'));
    assert.equal(got.length, 4);
    return got;
  });
  assert.deepEqual(
    progress.map((p) => p.params.CallStatus),
    ['queued', 'ringing', 'in-progress', 'completed'],
  );
  for (const [i, p] of progress.entries()) {
    assert.ok(twilio.validateRequest(A.authToken, p.signature, p.url, p.params));
    assert.equal(p.params.CallSid, leg.callSid);
    assert.equal(p.params.SequenceNumber, String(i));
    assert.equal(p.params.To, 'supervisor');
  }
  assert.match(progress[3].params.CallDuration, /^\d+$/);
  // Without StatusCallbackEvent only `completed` is sent; an unknown event is refused.
  const bad = await rejection(
    client
      .conferences(name)
      .participants.create({ from: '+15005550006', to: 'billing', statusCallback: `${hookBase}/progress`, statusCallbackEvent: ['bogus'] }),
  );
  assert.equal(bad.status, 400);
});
