// What the call-control Node suites share: an emulator (fake media: these suites are about
// signaling, REST and webhooks; the browser suites check the media) with `alice` (and `bob`)
// as bare signaling clients (the Voice SDK's /signal frames), its control API, and calls:
// an inbound call from the emulator's `customer` that rings alice, an outgoing call from a
// client to a party, the conference that holds a call, the participants messages a leg got.
import assert from 'node:assert/strict';
import { startEmulator, generateLocalhostCertificate, DEFAULT_ACCOUNT as A } from '../../dist/emulator/index.js';
import { SignalClient, fakeMediaLeg } from './signal-client.mjs';
import { tapEmulator } from './emulator-tap.mjs';
import { control as controlOf, eventually } from './emulator-control.mjs';
import { INBOUND_NUMBER } from './call-control-fixture.mjs';

export { eventually };

/** label → {role, onHold}: a list compared without its CallSids. */
export const byLabel = (participants) => Object.fromEntries(participants.map((p) => [p.label, { role: p.role, onHold: p.onHold }]));

export async function startHarness({ clients = ['alice'] } = {}) {
  const emu = await startEmulator({ certificate: await generateLocalhostCertificate(), mediaFactory: fakeMediaLeg });
  const tap = tapEmulator(emu);
  const phones = {};
  for (const name of clients) {
    phones[name] = new SignalClient(`wss://localhost:${emu.port}/signal`);
    await phones[name].register(name);
  }
  const answered = new Set();

  const control = (path, method, body) => controlOf(emu, path, method, body);

  /** The emulator's view of the conference holding `callSid`: {name, sid, status, participants: [{callSid, label, hold, muted}]}. */
  async function conferenceOf(callSid) {
    const { json } = await control('/conferences');
    return json.find((c) => c.status !== 'completed' && c.participants.some((p) => p.callSid === callSid));
  }

  /** label → hold, from the emulator's view. */
  async function holds(callSid) {
    const c = await conferenceOf(callSid);
    assert.ok(c, `no conference holds ${callSid}`);
    return Object.fromEntries(c.participants.map((p) => [p.label, p.hold]));
  }

  /** The app's voice webhook for outgoing calls (the token's application) and for INBOUND_NUMBER. */
  async function route(voiceUrl) {
    assert.ok((await control('/applications', 'POST', { sid: A.twimlAppSid, voiceUrl })).status < 300);
    assert.ok((await control('/numbers', 'POST', { phoneNumber: INBOUND_NUMBER, voiceUrl })).status < 300);
  }

  /** Answers the next invite `who` gets that has not been answered yet. */
  async function answers(who) {
    const phone = phones[who];
    const invite = await phone.until(() => phone.frames.find((f) => f.type === 'invite' && !answered.has(f.payload.callsid)), `an invite for ${who}`);
    const sid = invite.payload.callsid;
    answered.add(sid);
    phone.send('answer', { callsid: sid, sdp: 'v=0\r\no=fake-browser-answer\r\n' });
    return { sid, parameters: invite.payload.parameters ?? {} };
  }

  /** The emulator's customer calls the app's number; alice answers. */
  async function inboundCall() {
    const placed = await control('/inbound', 'POST', { to: INBOUND_NUMBER, party: 'customer' });
    assert.equal(placed.status, 201, JSON.stringify(placed.json));
    const customer = placed.json.callSid;
    const { sid: aliceSid, parameters } = await answers('alice');
    await eventually(async () => {
      const c = await conferenceOf(aliceSid);
      assert.equal(c?.status, 'in-progress');
      assert.ok(c.participants.some((p) => p.callSid === customer));
    });
    return { aliceSid, customer, parameters };
  }

  /** `who` calls `to` through the app; resolves with the CallSid of `who`'s leg once its conference has both legs. */
  async function outgoingCall(who, to) {
    const phone = phones[who];
    phone.send('invite', {
      callsid: `TJSC${Math.random().toString(16).slice(2)}`,
      sdp: 'v=0\r\no=fake-browser-offer\r\n',
      twilio: { params: `To=${encodeURIComponent(to)}` },
    });
    const answer = await phone.until(
      () => phone.frames.find((f) => f.type === 'answer' && /^CA/.test(f.payload.callsid) && !answered.has(f.payload.callsid)),
      `the answer to ${who}`,
    );
    const sid = answer.payload.callsid;
    answered.add(sid);
    await eventually(async () => assert.equal((await conferenceOf(sid))?.participants.length, 2));
    return sid;
  }

  /** The participants messages leg `callSid` of `who` received so far (the content: the emulator sends the JSON value itself; a string is parsed). */
  function messages(callSid, who = 'alice') {
    return phones[who].frames
      .filter((f) => f.type === 'message' && f.payload.callsid === callSid)
      .map((f) => (typeof f.payload.content === 'string' ? JSON.parse(f.payload.content) : f.payload.content));
  }

  async function hangUp(sid) {
    await control(`/calls/${sid}/hangup`, 'POST').catch(() => undefined);
  }

  async function stop() {
    for (const p of Object.values(phones)) p.close();
    await emu.stop();
  }

  return { emu, tap, phones, control, conferenceOf, holds, route, inboundCall, outgoingCall, messages, hangUp, stop };
}
