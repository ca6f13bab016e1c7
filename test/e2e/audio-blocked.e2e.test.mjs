// Blocked audio: Chromium with the autoplay policy that needs a user gesture
// (`--autoplay-policy=document-user-activation-required`), a phone started by script (no gesture),
// and a call rung by the emulator. The phone must say so (the control and `twilio-phone-audio-blocked`),
// keep ringing on screen, and be unlocked by a real click (Playwright's clicks are trusted input).
// Then Copy diagnostics puts the report, with that call, on the clipboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { assertBuilt, startDemoServer } from './harness.mjs';

let server;
let browser;

before(async () => {
  assertBuilt();
  server = await startDemoServer();
  const args = CHROMIUM_ARGS.map((a) => (a.startsWith('--autoplay-policy=') ? '--autoplay-policy=document-user-activation-required' : a));
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * Runs `expression` in the page without a user gesture. Playwright's own evaluate (and the waits
 * built on it) counts as one, which would unlock audio before the test starts: until the click,
 * this test talks to the page through the DevTools protocol with `userGesture: false`.
 */
async function quietly(cdp, expression) {
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true, userGesture: false });
  if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  return result.value;
}

async function quietlyUntil(cdp, expression, what, timeoutMs = 20_000) {
  const started = Date.now();
  while (!(await quietly(cdp, expression))) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test(
  'audio blocked: Enable sound shown and the event fired, the call keeps ringing, a click unlocks, the call is accepted, Copy diagnostics copies the report',
  { timeout: 60_000 },
  async () => {
    // Clipboard access for Copy diagnostics at the end (it grants no user activation).
    const context = await browser.newContext({ ignoreHTTPSErrors: true, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${server.url}/csp.html`);
    const phone = "document.getElementById('phone')";
    await quietlyUntil(cdp, `!!customElements.get('twilio-phone') && !!${phone}.tokenUrl`, 'the page');
    await quietly(cdp, `window.blocked = []; ${phone}.addEventListener('twilio-phone-audio-blocked', (e) => window.blocked.push(e.detail)); ${phone}.start()`);
    await quietlyUntil(cdp, `${phone}.state === 'ready'`, 'ready');
    assert.equal(await quietly(cdp, 'navigator.userActivation.hasBeenActive'), false, 'no gesture so far');
    const identity = await quietly(cdp, "document.getElementById('identity').textContent");

    const ring = await context.request.post(`${server.url}/emulator/calls`, { data: { to: identity, from: '+15005550006' } });
    assert.equal(ring.status(), 201, await ring.text());
    await quietlyUntil(cdp, `!!${phone}.shadowRoot.querySelector('[part="accept-button"]')`, 'ringing');
    await quietlyUntil(cdp, `!!${phone}.shadowRoot.querySelector('[part="enable-sound-button"]')`, 'Enable sound');
    assert.equal(await quietly(cdp, `${phone}.audioBlocked`), true);
    // Once when the phone found sound blocked (ready), once more for the call that rings silently.
    assert.deepEqual(await quietly(cdp, 'window.blocked'), [{ what: 'audio' }, { what: 'ringtone' }]);
    assert.match(await quietly(cdp, `${phone}.shadowRoot.querySelector('[part="audio-blocked"]').textContent`), /blocking sound/);

    const el = page.locator('#phone');
    await el.locator('[part="enable-sound-button"]').click();
    await page.waitForFunction(() => !document.getElementById('phone').audioBlocked, null, { timeout: 5_000 });
    assert.equal(await el.locator('[part="audio-blocked"]').count(), 0);
    assert.equal(await page.evaluate(() => document.getElementById('phone').device.constructor.audioContext.state), 'running');
    // Still ringing after all that: it is answered.
    await el.locator('[part="accept-button"]').click();
    await el.locator('[part="timer"]').waitFor({ timeout: 15_000 });
    await page.evaluate(() => document.getElementById('phone').hangup());
    await page.waitForFunction(() => document.getElementById('phone').state === 'ready');

    // Copy diagnostics: the clipboard holds the report, with that call in it and nothing secret.
    await el.locator('[part="diagnostics-button"]').click();
    await page.waitForFunction(() => document.getElementById('phone').shadowRoot.querySelector('[part="tools-status"]').textContent === 'Diagnostics copied.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const report = JSON.parse(copied);
    assert.equal(report.version, 1);
    assert.equal(report.calls.at(-1).remote, '+•••••••••06');
    assert.match(report.calls.at(-1).callSid, /^CA[0-9a-f]{32}$/);
    assert.doesNotMatch(copied, /eyJ[\w-]+\.[\w-]+\./);
    assert.doesNotMatch(copied, /5005550006/);
    assert.deepEqual(problems, []);
    await context.close();
  },
);
