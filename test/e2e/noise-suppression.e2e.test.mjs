// noise-suppression, measured end to end: the noisy-speech fixture (scripts/make-noise-fixture.mjs)
// is Chromium's fake microphone, the real SDK calls echo on the emulator from the strict-CSP page
// served with the documented policy (docs/guides/csp.md#noise-suppression), and the emulator
// records what it receives (PCMU, decoded): first with suppression off, then, in the same call,
// switched on. With it on, the noise-only stretches must be at least 15 dB lower, and the speech
// within 3 dB. Switched off again, the call stays up. Without 'wasm-unsafe-eval' it fails cleanly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { assertBuilt, startDemoServer } from './harness.mjs';
import { FIXTURE, alignToFixture, fixtureLevels, readWav } from '../support/noisy-speech.mjs';

const fixture = readWav();
const fixtureSeconds = fixture.samples.length / fixture.rate;
let server;
let browser;

before(async () => {
  assertBuilt();
  server = await startDemoServer();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, `--use-file-for-fake-audio-capture=${fileURLToPath(FIXTURE)}`] });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The emulator's control API, through the page's context (it trusts the demo's self-signed certificate). */
async function control(page, method, path) {
  const res = await page.context().request.fetch(`${server.url}/emulator${path}`, { method });
  assert.ok(res.ok(), `${method} /emulator${path}: HTTP ${res.status()} ${await res.text()}`);
  return res.json();
}

/** A page of the demo with the phone started (suppression `on` or not) and an echo call up; its CallSid. */
async function callEcho(path, suppression) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.url}${path}`);
  await page.waitForFunction(() => customElements.get('twilio-phone') && document.getElementById('phone').tokenUrl);
  await page.evaluate((on) => {
    const phone = document.getElementById('phone');
    window.nsStates = [];
    phone.addEventListener('twilio-phone-noise-suppression-change', (e) => window.nsStates.push(e.detail));
    phone.noiseSuppression = on;
    return phone.start();
  }, suppression);
  await page.waitForFunction(() => document.getElementById('phone').state === 'ready', null, { timeout: 20_000 });
  if (suppression)
    await page.waitForFunction(() => ['on', 'failed'].includes(document.getElementById('phone').noiseSuppressionState), null, { timeout: 20_000 });
  await page.evaluate(() => document.getElementById('phone').call('echo'));
  await page.waitForFunction(
    () => document.getElementById('phone').activeCall?.parameters?.CallSid && document.getElementById('phone').shadowRoot.querySelector('[part="timer"]'),
    null,
    {
      timeout: 20_000,
    },
  );
  const callSid = await page.evaluate(() => document.getElementById('phone').activeCall.parameters.CallSid);
  return { page, context, callSid, problems };
}

/** Records what the emulator receives for one fixture period and a half; its samples. */
async function recordCall(page, callSid) {
  await control(page, 'POST', `/calls/${callSid}/recording`);
  await page.waitForTimeout(Math.ceil(fixtureSeconds * 1.5 * 1000) + 1000);
  const { rate, pcm, skipped } = await control(page, 'GET', `/calls/${callSid}/recording`);
  assert.equal(skipped, 0, 'the call is PCMU, so every payload was decoded');
  const bytes = Buffer.from(pcm, 'base64');
  const samples = new Float32Array(bytes.length / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2) / 32768;
  return { samples, rate };
}

/** Levels of one recording of the looping fixture, aligned to it. */
async function levels(page, callSid) {
  const { samples, rate } = await recordCall(page, callSid);
  const { offset, correlation } = alignToFixture(samples, rate, fixture.samples, fixture.rate);
  return { ...fixtureLevels(samples, rate, fixtureSeconds, offset), correlation };
}

const state = (page) => page.evaluate(() => document.getElementById('phone').noiseSuppressionState);
const setSuppression = (page, on) => page.evaluate((v) => (document.getElementById('phone').noiseSuppression = v), on);

test(
  'one echo call: suppression switched on lowers the noise the emulator hears by at least 15 dB and leaves speech within 3 dB; switched off again, the call stays up',
  { timeout: 120_000 },
  async () => {
    const { page, context, callSid, problems } = await callEcho('/csp-noise.html', false);
    try {
      const off = await levels(page, callSid);
      // Switched on during the call: the chunk and the WASM load now, the SDK swaps the processed microphone in.
      await setSuppression(page, true);
      await page.waitForFunction(() => document.getElementById('phone').noiseSuppressionState === 'on', null, { timeout: 15_000 });
      await page.waitForTimeout(1000); // the new track reaches the emulator and RNNoise settles before the recording starts
      const on = await levels(page, callSid);
      const noiseDrop = off.noise - on.noise;
      const speechChange = on.speech - off.speech;
      console.log(
        `# off: noise ${off.noise.toFixed(1)} dBFS, speech ${off.speech.toFixed(1)} dBFS (alignment r=${off.correlation.toFixed(2)}); ` +
          `on: noise ${on.noise.toFixed(1)} dBFS, speech ${on.speech.toFixed(1)} dBFS (r=${on.correlation.toFixed(2)}); ` +
          `noise ${noiseDrop.toFixed(1)} dB lower, speech ${speechChange >= 0 ? '+' : ''}${speechChange.toFixed(1)} dB`,
      );
      assert.ok(off.correlation > 0.5 && on.correlation > 0.5, 'both recordings line up with the fixture');
      assert.ok(noiseDrop >= 15, `noise-only stretches ${noiseDrop.toFixed(1)} dB lower`);
      assert.ok(Math.abs(speechChange) <= 3, `speech changed by ${speechChange.toFixed(1)} dB`);

      // Off again: the same call goes on and the emulator keeps receiving.
      const packets = async () => (await control(page, 'GET', `/calls/${callSid}`)).media.packetsReceived;
      await setSuppression(page, false);
      await page.waitForFunction(() => document.getElementById('phone').noiseSuppressionState === 'off');
      const before = await packets();
      const started = Date.now();
      while ((await packets()) < before + 100 && Date.now() - started < 10_000) await page.waitForTimeout(100);
      assert.ok((await packets()) >= before + 100, 'the emulator keeps receiving audio after switching off');
      assert.equal((await control(page, 'GET', `/calls/${callSid}`)).state, 'in-progress');
      assert.equal(await state(page), 'off');
      assert.deepEqual(
        (await page.evaluate(() => window.nsStates)).map((d) => d.state),
        ['loading', 'on', 'off'],
      );
      await page.evaluate(() => document.getElementById('phone').hangup());
      await page.waitForFunction(() => document.getElementById('phone').state === 'ready');
      assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  },
);

test("without 'wasm-unsafe-eval' (the demo's other pages) it fails with the CSP's reason and the call goes on unprocessed", { timeout: 60_000 }, async () => {
  const { page, context, callSid } = await callEcho('/csp.html', true);
  try {
    const detail = await page.evaluate(() => window.nsStates.at(-1));
    assert.equal(detail.state, 'failed');
    assert.match(detail.error.message, /^Noise suppression could not load: .*(Content Security|unsafe-eval)/);
    assert.equal((await control(page, 'GET', `/calls/${callSid}`)).state, 'in-progress');
    const violations = await page.evaluate(() => window.cspViolations);
    assert.ok(violations.length >= 1 && violations.every((v) => v.startsWith('script-src')), violations.join('\n'));
  } finally {
    await context.close();
  }
});
