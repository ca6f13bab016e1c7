// Twilio behaviours the Voice SDK depends on, at protocol level (fake media;
// the real SDK in Chromium covers them in emulator.sdk-chromium.test.mjs):
// every device of an identity rings, takeover by another device, edge from
// the host name, call messages, ring timeout, DTMF across a bridge, identity
// rules.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { edgeFromHost } from '../../dist/emulator/signaling/edges.js';
import { identityProblem } from '../../dist/emulator/auth/identity.js';
import { keepTelephoneEventAt, preferredAudioCodec } from '../../dist/emulator/media/codecs.js';
import { browserCallId, classifyDestination, defaultDialEnding, dialStatusOf, otherLegEnding } from '../../dist/emulator/voice/decisions.js';
import { endOfDocument } from '../../dist/emulator/twiml/requests.js';
import { craft, basePayload, mint, poll, request, withEmulator } from '../support/emulator-harness.mjs';

const offerSdp = (ufrag = 'u1') => `v=0\r\no=browser 1\r\na=ice-ufrag:${ufrag}\r\n`;
let n = 0;
const call = (c, to) => {
  const callsid = `TJ${++n}`;
  c.send('invite', { callsid, sdp: offerSdp(`caller${n}`), twilio: { params: `To=${encodeURIComponent(to)}` } });
  return callsid;
};

describe('every device of an identity rings', () => {
  test(
    'both devices get the invite (same CallSid); the first accept wins, the other gets cancel',
    withEmulator({}, async ({ emu, registered }) => {
      const phone = await registered('bob');
      const laptop = await registered('bob');
      const alice = await registered('alice');
      call(alice, 'client:bob');
      const [a, b] = await Promise.all([phone.next('invite'), laptop.next('invite')]);
      assert.equal(a.payload.callsid, b.payload.callsid);
      assert.equal(emu.call(a.payload.callsid).ringingDevices, 2);
      laptop.send('answer', { callsid: b.payload.callsid, sdp: offerSdp('laptop') });
      const cancel = await phone.next('cancel');
      assert.equal(cancel.payload.callsid, a.payload.callsid);
      await alice.next('answer');
      assert.ok(!laptop.types().includes('cancel'));
      // A late accept from the losing device changes nothing.
      phone.send('answer', { callsid: a.payload.callsid, sdp: offerSdp('phone') });
      await poll(() => emu.call(a.payload.callsid).state === 'in-progress', 'in-progress');
      assert.equal(emu.call(a.payload.callsid).ringingDevices, 0);
    }),
  );

  test(
    'one device going away stops only its ringing; a decline stops all',
    withEmulator({}, async ({ emu, registered }) => {
      const phone = await registered('bob');
      const laptop = await registered('bob');
      const { json } = await request(emu.url, 'POST', '/emulator/calls', { to: 'client:bob' });
      await Promise.all([phone.next('invite'), laptop.next('invite')]);
      phone.close();
      await poll(() => emu.call(json.callSid).ringingDevices === 1, 'one device left');
      assert.equal(emu.call(json.callSid).state, 'ringing');
      laptop.send('reject', { callsid: json.callSid });
      await poll(() => emu.call(json.callSid).state === 'rejected', 'rejected');
    }),
  );

  test(
    'an invite reaches a client that is already on a call',
    withEmulator({}, async ({ emu, registered }) => {
      const bob = await registered('bob');
      const first = await request(emu.url, 'POST', '/emulator/calls', { to: 'client:bob' });
      await bob.next('invite');
      bob.send('answer', { callsid: first.json.callSid, sdp: offerSdp('b1') });
      await poll(() => emu.call(first.json.callSid).state === 'in-progress', 'answered');
      const second = await request(emu.url, 'POST', '/emulator/calls', { to: 'client:bob' });
      const inv = await bob.next('invite');
      assert.equal(inv.payload.callsid, second.json.callSid);
    }),
  );

  test(
    'a call rung from the control API rings out after its timeout: cancel, state no-answer',
    withEmulator({}, async ({ emu, registered }) => {
      const bob = await registered('bob');
      const { json } = await request(emu.url, 'POST', '/emulator/calls', { to: 'client:bob', timeout: 1 });
      await bob.next('invite');
      const cancel = await bob.next('cancel', 4000);
      assert.equal(cancel.payload.callsid, json.callSid);
      assert.equal(emu.call(json.callSid).state, 'no-answer');
      const bad = await request(emu.url, 'POST', '/emulator/calls', { to: 'client:bob', timeout: 0 });
      assert.equal(bad.status, 400);
    }),
  );
});

describe('takeover by another device (invite{reconnect})', () => {
  test(
    'a ringing call taken by another device of the identity (connectToken): new leg answered, ringing device gets cancel, caller bridged',
    withEmulator({}, async ({ emu, registered, connect, media }) => {
      const bob = await registered('bob');
      const alice = await registered('alice');
      const aliceSid = call(alice, 'client:bob');
      const inv = await bob.next('invite');
      const forwarder = await connect();
      forwarder.send('listen', { token: mint({ identity: 'bob' }) });
      await forwarder.next('connected');
      forwarder.send('invite', { callsid: inv.payload.callsid, sdp: offerSdp('forwarder'), reconnect: inv.payload.reconnect });
      const answer = await forwarder.next('answer');
      assert.equal(answer.payload.callsid, inv.payload.callsid);
      assert.ok(answer.payload.sdp, 'the new device gets our answer to its offer');
      assert.equal((await bob.next('cancel')).payload.callsid, inv.payload.callsid);
      await alice.next('answer');
      assert.equal(emu.call(inv.payload.callsid).state, 'in-progress');
      assert.ok(media.legs.some((l) => l.remote.includes(offerSdp('forwarder'))));
      assert.ok(aliceSid);
    }),
  );

  test(
    'an answered call taken by another open socket with a new offer: the old device gets cancel; another identity gets 31209',
    withEmulator({}, async ({ emu, registered, connect }) => {
      const bob = await registered('bob');
      const { json } = await request(emu.url, 'POST', '/emulator/calls', { to: 'client:bob' });
      const inv = await bob.next('invite');
      bob.send('answer', { callsid: json.callSid, sdp: offerSdp('bob-phone') });
      await poll(() => emu.call(json.callSid).state === 'in-progress', 'answered');
      const mallory = await connect();
      mallory.send('listen', { token: mint({ identity: 'mallory' }) });
      await mallory.next('connected');
      mallory.send('invite', { callsid: json.callSid, sdp: offerSdp('m'), reconnect: inv.payload.reconnect });
      assert.equal((await mallory.next('hangup')).payload.error.code, 31209);
      const desk = await connect();
      desk.send('listen', { token: mint({ identity: 'bob' }) });
      await desk.next('connected');
      desk.send('invite', { callsid: json.callSid, sdp: offerSdp('bob-desk'), reconnect: inv.payload.reconnect });
      assert.ok((await desk.next('answer')).payload.sdp);
      assert.equal((await bob.next('cancel')).payload.callsid, json.callSid);
    }),
  );
});

describe('connected', () => {
  for (const [host, edge, region] of [
    ['voice-js.sydney.twilio.com', 'sydney', 'ASIAPAC_SYDNEY'],
    ['voice-js.dublin.twilio.com:443', 'dublin', 'EU_IRELAND'],
    ['voice-js.roaming.twilio.com', 'ashburn', 'US_EAST_VIRGINIA'],
    ['localhost:8443', 'ashburn', 'US_EAST_VIRGINIA'],
  ]) {
    test(
      `Host ${host}: edge ${edge}, region ${region}, home us1, token identity and ttl`,
      withEmulator({}, async ({ connect }) => {
        const c = await connect('/signal', { headers: { host } });
        c.send('listen', { token: mint({ identity: 'alice', ttl: 600 }) });
        const { payload } = await c.next('connected');
        assert.equal(payload.edge, edge);
        assert.equal(payload.region, region);
        assert.equal(payload.home, 'us1');
        assert.equal(payload.token.identity, 'alice');
        assert.ok(payload.token.ttl > 590 && payload.token.ttl <= 600, String(payload.token.ttl));
      }),
    );
  }
});

describe('call messages', () => {
  test(
    'user-defined-message gets an ack; another type gets error 31210 with the voiceeventsid',
    withEmulator({}, async ({ registered }) => {
      const alice = await registered('alice');
      const sid = call(alice, 'echo');
      const { payload } = await alice.next('answer');
      alice.send('message', {
        callsid: payload.callsid,
        content: '{"a":1}',
        contenttype: 'application/json',
        messagetype: 'user-defined-message',
        voiceeventsid: 'KX1',
      });
      const ack = await alice.next('ack');
      assert.deepEqual(ack.payload, { acktype: 'message', callsid: payload.callsid, voiceeventsid: 'KX1' });
      alice.send('message', {
        callsid: payload.callsid,
        content: '{}',
        contenttype: 'application/json',
        messagetype: 'not-a-valid-message-type',
        voiceeventsid: 'KX2',
      });
      const err = await alice.next('error');
      assert.equal(err.payload.error.code, 31210);
      assert.equal(err.payload.voiceeventsid, 'KX2');
      assert.equal(err.payload.callsid, payload.callsid);
      assert.ok(sid);
    }),
  );
});

describe('DTMF across a client-to-client bridge', () => {
  test(
    'signaling dtmf from the caller is played in band to the callee',
    withEmulator({}, async ({ emu, registered, media }) => {
      const bob = await registered('bob');
      const alice = await registered('alice');
      call(alice, 'client:bob');
      const inv = await bob.next('invite');
      bob.send('answer', { callsid: inv.payload.callsid, sdp: offerSdp('bob') });
      const { payload } = await alice.next('answer');
      alice.send('dtmf', { callsid: payload.callsid, dtmf: '12#' });
      const bobLeg = () => media.legs.find((l) => l.remote.includes(offerSdp('bob')));
      await poll(() => bobLeg()?.dtmfSent === '12#', 'digits played to bob');
      assert.equal(emu.call(payload.callsid).dtmf, '12#');
    }),
  );
});

describe('identities', () => {
  test(
    'a token identity Twilio refuses: listen fails with 31105',
    withEmulator({}, async ({ connect }) => {
      const c = await connect();
      c.send('listen', { token: mint({ identity: 'has space' }) });
      const err = await c.next('error');
      assert.equal(err.payload.error.code, 31105);
    }),
  );

  test(
    'no identity: connected, calls out as client:Anonymous, cannot register (31201)',
    withEmulator({}, async ({ emu, connect }) => {
      const c = await connect();
      c.send('listen', { token: craft(basePayload({ grants: { voice: { outgoing: {} } } })) });
      await c.next('connected');
      c.send('register', { media: { audio: true } });
      assert.equal((await c.next('error')).payload.error.code, 31201);
      call(c, 'echo');
      await c.next('answer');
      assert.equal(emu.calls()[0].from, 'client:Anonymous');
    }),
  );

  test(
    'ringing an invalid client name from the control API: 400 with 31105',
    withEmulator({}, async ({ emu }) => {
      const r = await request(emu.url, 'POST', '/emulator/calls', { to: 'client:a<b' });
      assert.equal(r.status, 400);
      assert.equal(r.json.code, 31105);
    }),
  );

  const cases = [
    ['alice', null],
    ['id1-1796034971186', null],
    ['user@example.com', null],
    ['我', null],
    ['a'.repeat(256), null],
    ['a'.repeat(257), /longer than 256/],
    ['', /empty/],
    ['two words', /" "/],
    ['tab\there', /\\t/],
    ['a#b', /#/],
    ['a%b', /%/],
    ['a{b', /\{/],
    ['a\\b', /\\\\/],
  ];
  for (const [identity, problem] of cases) {
    test(`identity ${JSON.stringify(identity.slice(0, 20))}: ${problem ? 'refused' : 'accepted'}`, () => {
      const got = identityProblem(identity);
      if (problem) assert.match(got, problem);
      else assert.equal(got, null);
    });
  }
});

describe('edges and codecs (pure)', () => {
  test('edgeFromHost', () => {
    assert.deepEqual(edgeFromHost('voice-js.tokyo.twilio.com'), { edge: 'tokyo', region: 'ASIAPAC_TOKYO' });
    assert.deepEqual(edgeFromHost('voice-js.umatilla.twilio.com'), { edge: 'umatilla', region: 'US_WEST_OREGON' });
    assert.deepEqual(edgeFromHost('voice-js.nowhere.twilio.com'), { edge: 'ashburn', region: 'US_EAST_VIRGINIA' });
    assert.deepEqual(edgeFromHost(undefined), { edge: 'ashburn', region: 'US_EAST_VIRGINIA' });
  });

  const chrome = (order) =>
    `v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF ${order}\r\na=rtpmap:111 opus/48000/2\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:110 telephone-event/48000\r\na=rtpmap:126 telephone-event/8000\r\n`;
  for (const [order, codec] of [
    ['111 0 8 110 126', 'opus'],
    ['0 111 8 110 126', 'pcmu'],
    ['8 111 0', 'opus'],
    ['8', 'pcmu'],
  ]) {
    test(`offer ${order}: ${codec}`, () => assert.equal(preferredAudioCodec(chrome(order)), codec));
  }

  test('keepTelephoneEventAt keeps the event of the codec clock only', () => {
    const out = keepTelephoneEventAt(chrome('111 0 110 126'), 48000);
    assert.match(out, /m=audio 9 UDP\/TLS\/RTP\/SAVPF 111 0 110\r\n/);
    assert.ok(!out.includes('telephone-event/8000'));
  });
});

describe('call layer decisions (pure)', () => {
  const registered = (identity) => identity === 'bob';
  for (const [to, destination] of [
    ['', 'preflight'],
    ['echo', 'echo'],
    ['tone', 'tone'],
    ['busy', 'busy'],
    ['no-answer', 'no-answer'],
    ['billing', 'party'],
    ['supervisor', 'party'],
    ['customer', 'party'],
    ['tone:700', 'party'],
    ['tone:99', 'unknown'],
    ['+15005550006', 'number'],
    ['+0123', 'unknown'],
    ['client:carol', 'client'],
    ['client:', 'unknown'],
    ['bob', 'client'],
    ['carol', 'unknown'],
  ]) {
    test(`To ${JSON.stringify(to)} → ${destination}`, () => assert.equal(classifyDestination(to, registered), destination));
  }

  for (const [state, status] of [
    ['completed', 'completed'],
    ['rejected', 'busy'],
    ['busy', 'busy'],
    ['no-answer', 'no-answer'],
    ['canceled', 'canceled'],
    ['failed', 'failed'],
    ['in-progress', 'failed'],
  ]) {
    test(`a callee ending ${state} makes its <Dial> ${status}`, () => assert.equal(dialStatusOf(state), status));
  }

  const busy = { code: 31486, message: 'Busy Here' };
  const unavailable = { code: 31480, message: 'Temporarily Unavailable' };
  const notFound = { code: 31404, message: 'Not Found' };
  const media = { code: 31000, message: 'Media endpoint failed' };
  for (const [outcome, ending] of [
    [
      { status: 'completed', duration: 3 },
      { state: 'completed', notify: 'hangup' },
    ],
    [
      { status: 'busy', duration: 0 },
      { state: 'busy', notify: 'hangup', error: busy },
    ],
    [
      { status: 'no-answer', unregistered: true, duration: 0 },
      { state: 'failed', notify: 'hangup', error: notFound },
    ],
    [
      { status: 'no-answer', duration: 0 },
      { state: 'no-answer', notify: 'hangup', error: unavailable },
    ],
    [
      { status: 'failed', error: media, duration: 0 },
      { state: 'failed', notify: 'hangup', error: media },
    ],
    [
      { status: 'canceled', duration: 0 },
      { state: 'failed', notify: 'hangup', error: unavailable },
    ],
  ]) {
    test(`default application after a client dial ${JSON.stringify(outcome)}`, () => assert.deepEqual(defaultDialEnding(outcome), ending));
  }

  for (const [ended, otherAnswered, reason, ending] of [
    [{ direction: 'outgoing', dialed: false }, true, 'hangup', { state: 'completed', notify: 'hangup' }],
    [{ direction: 'outgoing', dialed: false }, false, 'cancel', { state: 'canceled', notify: 'cancel' }],
    [{ direction: 'incoming', dialed: true }, false, 'reject', null],
    [{ direction: 'incoming', dialed: false }, true, 'gone', { state: 'completed', notify: 'hangup' }],
    [{ direction: 'incoming', dialed: false }, false, 'reject', { state: 'busy', notify: 'hangup', error: busy }],
    [{ direction: 'incoming', dialed: false }, false, 'hangup', { state: 'busy', notify: 'hangup', error: busy }],
    [{ direction: 'incoming', dialed: false }, false, 'gone', { state: 'no-answer', notify: 'hangup', error: unavailable }],
    [{ direction: 'incoming', dialed: false }, false, 'cancel', { state: 'no-answer', notify: 'hangup', error: unavailable }],
  ]) {
    test(`${ended.direction}${ended.dialed ? ' (dialed)' : ''} leg ended (${reason}), other ${otherAnswered ? 'answered' : 'ringing'}`, () =>
      assert.deepEqual(otherLegEnding(ended, otherAnswered, reason), ending));
  }

  // The id a hangup/cancel carries: the SDK drops one with a CallSid it was never told.
  for (const [leg, id] of [
    [{ direction: 'outgoing', ringingSent: false, answered: false }, 'TJS-temp'],
    [{ direction: 'outgoing', ringingSent: true, answered: false }, 'CA1'],
    [{ direction: 'outgoing', ringingSent: false, answered: true }, 'CA1'],
    [{ direction: 'incoming', ringingSent: false, answered: false }, 'CA1'],
  ]) {
    test(`a ${leg.direction} leg ${leg.answered ? 'answered' : leg.ringingSent ? 'rung' : 'neither rung nor answered'} ends with callsid ${id}`, () =>
      assert.equal(browserCallId({ sid: 'CA1', tempSid: 'TJS-temp', ...leg }), id));
  }
  test('a leg without a temporary id (made by REST) ends with its CallSid', () =>
    assert.equal(browserCallId({ sid: 'CA1', direction: 'outgoing', answered: false }), 'CA1'));

  for (const [answered, lastDial, end] of [
    [true, { status: 'busy', duration: 0 }, { state: 'completed' }],
    [false, null, { state: 'canceled' }],
    [false, { status: 'completed', duration: 2 }, { state: 'completed' }],
    [false, { status: 'busy', duration: 0 }, { state: 'busy', error: busy }],
    [false, { status: 'no-answer', duration: 0 }, { state: 'no-answer', error: unavailable }],
    [false, { status: 'failed', duration: 0 }, { state: 'failed', error: notFound }],
    [false, { status: 'failed', duration: 0, error: { code: 13224, message: 'x' } }, { state: 'failed', error: { code: 13224, message: 'x' } }],
    [false, { status: 'canceled', duration: 0 }, { state: 'canceled' }],
  ]) {
    test(`end of a TwiML document (answered ${answered}, last <Dial> ${lastDial?.status ?? 'none'})`, () =>
      assert.deepEqual(endOfDocument(answered, lastDial), end));
  }
});
