// Emulator media endpoint (werift) over loopback: legs connected to each other.
// "Browser" legs get their candidates stripped from their SDP, like the Voice
// SDK (no trickle ICE, c=IN IP4 0.0.0.0), so the emulator leg learns them as
// peer-reflexive exactly as with Chrome.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createMediaLeg } from '../../dist/emulator/media/werift-leg.js';
import { ulawToLinear, PCMU_SILENCE } from '../../dist/emulator/media/g711.js';
import { DtmfDetector, decodeTelephoneEvent, encodeTelephoneEvent } from '../../dist/emulator/media/dtmf.js';

const legs = [];
function leg(mode) {
  const l = createMediaLeg({ mode });
  legs.push(l);
  return l;
}
after(async () => {
  await Promise.all(legs.map((l) => l.close()));
});

const stripCandidates = (sdp) =>
  sdp
    .split('\r\n')
    .filter((l) => !l.startsWith('a=candidate:') && l !== 'a=end-of-candidates')
    .join('\r\n');

// A deadline for progress, not a measurement: generous, so a loaded machine is not a failure.
async function waitFor(what, cond, timeoutMs = 20_000) {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Outgoing-call shape: the browser offers (no candidates), the emulator answers. */
async function browserCallsEmulator(browser, emulator) {
  const offer = stripCandidates(await browser.createOffer());
  const answer = await emulator.answer(offer);
  await browser.acceptAnswer(answer);
  return answer;
}

/** Incoming-call shape: the emulator offers, the browser answers (no candidates). */
async function emulatorCallsBrowser(emulator, browser) {
  const offer = await emulator.createOffer();
  const answer = stripCandidates(await browser.answer(offer));
  await emulator.acceptAnswer(answer);
  return offer;
}

const isConnected = (l) => ['connected', 'completed'].includes(l.stats().iceState);

/** Zero crossings per 160-sample packet: 440 Hz gives ~17.6, silence 0. */
function zeroCrossings(payload) {
  let n = 0;
  let prev = ulawToLinear(payload[0]);
  for (let i = 1; i < payload.length; i++) {
    const v = ulawToLinear(payload[i]);
    if ((prev < 0 && v >= 0) || (prev >= 0 && v < 0)) n++;
    prev = v;
  }
  return n;
}
const isTone = (p) => p.length === 160 && zeroCrossings(p) >= 15 && zeroCrossings(p) <= 20;
const isSilence = (p) => p.length === 160 && p.every((b) => b === PCMU_SILENCE);

function collect(l) {
  const got = { tone: 0, silence: 0, other: 0 };
  l.onAudio((p) => {
    if (isTone(p)) got.tone++;
    else if (isSilence(p)) got.silence++;
    else got.other++;
  });
  return got;
}

test('answer SDP: CRLF, candidates, setup passive/active, msid', async () => {
  const browser = leg('silence');
  const emulator = leg('echo');
  const answer = await browserCallsEmulator(browser, emulator);
  assert.ok(!/[^\r]\n/.test(answer), 'only CRLF line endings');
  assert.ok(answer.endsWith('\r\n'));
  assert.match(answer, /\r\na=setup:(passive|active)\r\n/);
  assert.doesNotMatch(answer, /a=setup:actpass/);
  assert.match(answer, /\r\na=msid:\S+ \S+\r\n/);
  assert.match(answer, /a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host/);
  assert.match(answer, /a=rtpmap:0 PCMU\/8000/);
  assert.match(answer, /a=rtpmap:\d+ telephone-event\/8000/);
  await Promise.all([browser.close(), emulator.close()]);
});

// A real Chromium offer (captured), candidates stripped like the Voice SDK's.
const CHROME_OFFER = [
  'v=0',
  'o=- 1505067346286837949 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS a1434fae-e400-401f-b284-84fbbb54e919',
  'm=audio 9 UDP/TLS/RTP/SAVPF 0 111 63 9 8 13 110 126',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=ice-ufrag:lx0F',
  'a=ice-pwd:YTGZ4ZXLEoZpwDHHLpgPpkug',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 48:94:F7:A1:C8:1A:1E:98:AF:4C:41:6D:CD:1C:F2:C3:6E:82:C6:8F:19:03:4D:40:12:D3:51:96:B2:E1:C1:B9',
  'a=setup:actpass',
  'a=mid:0',
  'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
  'a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
  'a=sendrecv',
  'a=msid:a1434fae-e400-401f-b284-84fbbb54e919 d508064b-aa2b-43c6-9ce6-678c8455cfb4',
  'a=rtcp-mux',
  'a=rtcp-rsize',
  'a=rtcp-xr:rcvr-rtt=all',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:13 CN/8000',
  'a=rtpmap:110 telephone-event/48000',
  'a=rtpmap:126 telephone-event/8000',
  'a=ssrc:1443070347 cname:Pwhj4szCeMjMOkfp',
  'a=ssrc:1443070347 msid:a1434fae-e400-401f-b284-84fbbb54e919 d508064b-aa2b-43c6-9ce6-678c8455cfb4',
  '',
].join('\r\n');

test('answer to a real Chromium offer: PCMU + telephone-event/8000 (not /48000), setup active/passive', async () => {
  const emulator = leg('echo');
  const answer = await emulator.answer(CHROME_OFFER);
  assert.match(answer, /\r\nm=audio 9 UDP\/TLS\/RTP\/SAVPF 0 126\r\n/);
  assert.match(answer, /a=rtpmap:126 telephone-event\/8000/);
  assert.doesNotMatch(answer, /telephone-event\/48000|opus/);
  assert.match(answer, /\r\na=setup:(passive|active)\r\n/);
  assert.match(answer, /\r\na=msid:/);
  assert.match(answer, /127\.0\.0\.1 \d+ typ host/);
  assert.ok(!/[^\r]\n/.test(answer));
  await emulator.close();
});

test('tone both ways, browser -> emulator call (emulator answers, learns browser as prflx)', async () => {
  const browser = leg('tone');
  const emulator = leg('tone');
  const heardByBrowser = collect(browser);
  const heardByEmulator = collect(emulator);
  await browserCallsEmulator(browser, emulator);
  await waitFor('ICE connected', () => isConnected(browser) && isConnected(emulator));
  await waitFor('25 packets each way', () => browser.stats().packetsReceived >= 25 && emulator.stats().packetsReceived >= 25);
  const b = browser.stats();
  const e = emulator.stats();
  assert.ok(b.bytesReceived >= 25 * 160 && e.bytesReceived >= 25 * 160);
  assert.ok(b.packetsSent >= 25 && e.packetsSent >= 25);
  assert.ok(heardByBrowser.tone >= 25 && heardByBrowser.other === 0, JSON.stringify(heardByBrowser));
  assert.ok(heardByEmulator.tone >= 25 && heardByEmulator.other === 0, JSON.stringify(heardByEmulator));
  await Promise.all([browser.close(), emulator.close()]);
});

test('tone both ways, emulator -> browser call (emulator offers, browser answers without candidates)', async () => {
  const emulator = leg('tone');
  const browser = leg('tone');
  const offer = await emulatorCallsBrowser(emulator, browser);
  assert.match(offer, /a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host/);
  assert.match(offer, /a=setup:actpass/);
  await waitFor('ICE connected', () => isConnected(browser) && isConnected(emulator));
  await waitFor('25 packets each way', () => browser.stats().packetsReceived >= 25 && emulator.stats().packetsReceived >= 25);
  await Promise.all([browser.close(), emulator.close()]);
});

test('tone pacing: ~50 packets per second', async () => {
  const browser = leg('silence');
  const emulator = leg('tone');
  await browserCallsEmulator(browser, emulator);
  await waitFor('first packets', () => browser.stats().packetsReceived >= 5);
  const n0 = browser.stats().packetsReceived;
  await new Promise((r) => setTimeout(r, 1000));
  const rate = browser.stats().packetsReceived - n0;
  assert.ok(rate >= 40 && rate <= 60, `packets in 1 s: ${rate}`);
  await Promise.all([browser.close(), emulator.close()]);
});

test('echo returns the received packets; silence mode sends 0xFF packets', async () => {
  const browser = leg('tone');
  const emulator = leg('echo');
  const heard = collect(browser);
  await browserCallsEmulator(browser, emulator);
  await waitFor('25 echoed packets', () => heard.tone >= 25);
  assert.equal(heard.silence, 0);
  const e = emulator.stats();
  assert.ok(Math.abs(e.packetsSent - e.packetsReceived) <= 2, JSON.stringify(e));

  emulator.setMode('silence');
  const before = heard.silence;
  await waitFor('silence packets', () => heard.silence >= before + 25);
  emulator.setMode('tone');
  const tone0 = heard.tone;
  await waitFor('tone packets', () => heard.tone >= tone0 + 25);
  assert.equal(heard.other, 0);
  await Promise.all([browser.close(), emulator.close()]);
});

test('bridge: browser1 <-> emulator leg1 = leg2 <-> browser2, both ways', async () => {
  const browser1 = leg('tone');
  const browser2 = leg('silence');
  const leg1 = leg('echo');
  const leg2 = leg('echo');
  const heard1 = collect(browser1);
  const heard2 = collect(browser2);
  await browserCallsEmulator(browser1, leg1);
  await emulatorCallsBrowser(leg2, browser2);
  await waitFor('ICE connected', () => [browser1, browser2, leg1, leg2].every(isConnected));
  leg1.bridgeTo(leg2);
  leg2.bridgeTo(leg1);
  const t0 = { ...heard1 };
  const t2 = { ...heard2 };
  await waitFor('bridged audio', () => heard2.tone >= t2.tone + 25 && heard1.silence >= t0.silence + 25);
  // While bridged browser1 must not hear its own tone echoed back.
  const echoed = heard1.tone;
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(heard1.tone - echoed <= 2, `echo while bridged: ${heard1.tone - echoed}`);
  assert.ok(leg1.stats().packetsReceived > 0 && leg2.stats().packetsSent > 0);

  // Unbridge: leg1 goes back to echo.
  leg1.bridgeTo(null);
  leg2.bridgeTo(null);
  const t1 = heard1.tone;
  await waitFor('echo after unbridge', () => heard1.tone >= t1 + 25);
  assert.equal(heard1.other + heard2.other, 0);
  await Promise.all([browser1, browser2, leg1, leg2].map((l) => l.close()));
});

test('in-band DTMF (RFC 4733 telephone-event) is counted once per digit', async () => {
  const browser = leg('tone');
  const emulator = leg('echo');
  const digits = [];
  emulator.onDtmf((d) => digits.push(d));
  await browserCallsEmulator(browser, emulator);
  await waitFor('ICE connected', () => isConnected(browser) && isConnected(emulator));
  await waitFor('media', () => emulator.stats().packetsReceived > 5);
  await browser.sendDtmf('1*#09');
  await waitFor('5 digits', () => emulator.stats().dtmf.length >= 5);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(emulator.stats().dtmf, '1*#09');
  assert.deepEqual(digits, ['1', '*', '#', '0', '9']);
  await Promise.all([browser.close(), emulator.close()]);
});

test('DTMF detector: dedups end packets by timestamp, recovers a lost end, ignores non-DTMF', () => {
  const d = new DtmfDetector();
  const pkt = (event, end, duration) => encodeTelephoneEvent({ event, end, volume: 10, duration });
  const out = [];
  const push = (ts, p) => out.push(...d.push(ts, p));
  push(1000, pkt(1, false, 160));
  push(1000, pkt(1, false, 320));
  push(1000, pkt(1, true, 800));
  push(1000, pkt(1, true, 800));
  push(1000, pkt(1, true, 800));
  assert.deepEqual(out, ['1']);
  push(5000, pkt(10, false, 160)); // '*' whose end packets are lost
  push(9000, pkt(11, true, 800)); // '#'
  push(9000, pkt(11, true, 800));
  assert.deepEqual(out, ['1', '*', '#']);
  push(1000, pkt(1, true, 800)); // late duplicate of an old event
  push(12000, pkt(16, true, 800)); // not a DTMF event
  push(15000, pkt(12, true, 800)); // 'A'
  assert.deepEqual(out, ['1', '*', '#', 'A']);
  assert.deepEqual(decodeTelephoneEvent(Buffer.from([11, 0x8a, 0x03, 0x20])), { event: 11, end: true, volume: 10, duration: 800 });
  assert.equal(decodeTelephoneEvent(Buffer.from([1, 2])), null);
});

test('close is idempotent and stops the leg', async () => {
  const browser = leg('tone');
  const emulator = leg('tone');
  await browserCallsEmulator(browser, emulator);
  await waitFor('media', () => browser.stats().packetsReceived > 5);
  await emulator.close();
  await emulator.close();
  assert.equal(emulator.stats().iceState, 'closed');
  const n = browser.stats().packetsReceived;
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(browser.stats().packetsReceived - n <= 2);
  await browser.close();
  await assert.rejects(() => emulator.createOffer());
});
