// werift media legs beyond PCMU: the answer takes the offer's preferred codec
// (Opus first → Opus), a bridge of two Opus legs carries audio, and in-band
// DTMF received on one leg of a bridge is played again on the other, where
// the far "browser" decodes it. Browsers are werift legs without candidates.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createMediaLeg } from '../../dist/emulator/media/werift-leg.js';
import { OPUS_TONE_PACKETS } from '../../dist/emulator/media/opus-tone.js';

const legs = [];
const leg = (mode, codecs) => {
  const l = createMediaLeg({ mode, ...(codecs ? { codecs } : {}) });
  legs.push(l);
  return l;
};
after(() => Promise.all(legs.map((l) => l.close())));

const strip = (sdp) =>
  sdp
    .split('\r\n')
    .filter((l) => !l.startsWith('a=candidate:') && l !== 'a=end-of-candidates')
    .join('\r\n');
const firstPayload = (sdp) => /^m=audio \S+ \S+ (\d+)/m.exec(sdp)[1];
const connected = (l) => ['connected', 'completed'].includes(l.stats().iceState);

async function waitFor(what, cond, ms = 8000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function browserCalls(browser, emulator) {
  const answer = await emulator.answer(strip(await browser.createOffer()));
  await browser.acceptAnswer(answer);
  return answer;
}

for (const [codecs, expected, pt] of [
  [['opus', 'pcmu'], 'opus', '111'],
  [['pcmu', 'opus'], 'pcmu', '0'],
]) {
  test(`offer ${codecs.join(', ')}: the answer is ${expected}`, async () => {
    const browser = leg('silence', codecs);
    const emulator = leg('tone');
    const answer = await browserCalls(browser, emulator);
    assert.equal(firstPayload(answer), pt);
    await waitFor('connected', () => connected(browser) && connected(emulator));
    assert.equal(emulator.codec, expected);
    assert.equal(browser.codec, expected);
    const heard = [];
    browser.onAudio((p) => heard.push(p));
    await waitFor('tone packets', () => heard.length >= 25);
    if (expected === 'opus') {
      const tone = new Set(OPUS_TONE_PACKETS.map((b) => b.toString('hex')));
      assert.ok(
        heard.slice(-20).every((p) => tone.has(Buffer.from(p).toString('hex'))),
        'the Opus tone packets',
      );
    }
  });
}

test('an Opus bridge carries audio, and DTMF pressed on one side is played in band to the other', async () => {
  const caller = leg('silence', ['opus', 'pcmu']);
  const callee = leg('silence', ['opus']);
  const legA = leg('silence');
  const legB = leg('silence', ['opus']);
  await browserCalls(caller, legA);
  const offer = await legB.createOffer();
  await legB.acceptAnswer(strip(await callee.answer(offer)));
  await waitFor('all connected', () => [caller, callee, legA, legB].every(connected));
  legA.bridgeTo(legB);
  legB.bridgeTo(legA);
  const heardDigits = [];
  callee.onDtmf((d) => heardDigits.push(d));
  caller.setMode('tone');
  const audio = [];
  callee.onAudio((p) => audio.push(p));
  await waitFor('bridged audio', () => audio.length >= 25);
  await caller.sendDtmf('7*');
  await waitFor('digits at the far end', () => heardDigits.length >= 2);
  assert.deepEqual(heardDigits, ['7', '*']);
  assert.equal(legA.stats().dtmf, '7*');
  assert.equal(legB.stats().dtmfSent, '7*');
});
