// A call to an emulator party through the default application (`To: supervisor`): the party
// answers and says its own tone (1400 Hz), metered like a conference leg. The "browser" is a
// werift leg behind a bare signaling client (its SDP without candidates, as the Voice SDK
// sends it); it plays the emulator's 440 Hz tone, and what it receives is decoded and measured.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, generateLocalhostCertificate } from '../../dist/emulator/index.js';
import { createMediaLeg } from '../../dist/emulator/media/werift-leg.js';
import { decodePcmu } from '../../dist/emulator/media/g711.js';
import { AudioWindow, toneLevel } from '../../dist/emulator/media/goertzel.js';
import { SignalClient } from '../support/signal-client.mjs';
import { callAudio as audio, eventually } from '../support/emulator-control.mjs';

const cleanup = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

const stripCandidates = (sdp) =>
  sdp
    .split('\r\n')
    .filter((l) => !l.startsWith('a=candidate:') && l !== 'a=end-of-candidates')
    .join('\r\n');

test('calling `supervisor` answers with its 1400 Hz tone; the emulator meters both directions', { timeout: 30_000 }, async () => {
  const emu = await startEmulator({ certificate: await generateLocalhostCertificate() });
  cleanup.push(() => emu.stop());
  const browser = createMediaLeg({ mode: 'tone' });
  cleanup.push(() => browser.close());
  const received = new AudioWindow();
  browser.onAudio((payload) => received.write(decodePcmu(payload)));
  const client = new SignalClient(`wss://localhost:${emu.port}/signal`);
  cleanup.push(() => client.close());
  await client.register('caller');
  client.send('invite', { callsid: 'TJ-party-1', sdp: stripCandidates(await browser.createOffer()), twilio: { params: 'To=supervisor' } });
  const answer = await client.next('answer');
  await browser.acceptAnswer(answer.payload.sdp);
  const callSid = answer.payload.callsid;
  assert.equal(emu.call(callSid).destination, 'party');
  await eventually(async () => {
    const { json } = await audio(emu, callSid, '440,1400');
    assert.ok(json.heard['1400'] > -30 && json.said['440'] > -30, JSON.stringify(json));
    assert.ok(toneLevel(received.samples(), 1400) > -30, `the browser receives ${toneLevel(received.samples(), 1400)} dBFS at 1400 Hz`);
    assert.ok(toneLevel(received.samples(), 440) < -50, 'and not its own tone back');
  });
});
