// The framework pages of the demo (plain HTML, React 19, Vue 3) in Chromium,
// each against the demo server in emulator mode: the phone is started and
// registers (ready), a TOTP factor is enrolled and verified with a code computed
// from the enrolment's secret, and the framework's own rendered output shows
// what the elements' events told it (phone state, call state, TOTP outcome).
// Object properties set by the framework (<device-status> strings) must arrive
// as properties, not as "[object Object]" attributes.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, assertBuilt, launchChromium, startDemoServer, totpCode } from './harness.mjs';
import { assertAccessible } from './axe.mjs';

const SHOTS = join(ROOT, 'test-output');

/** @type {Awaited<ReturnType<typeof startDemoServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  assertBuilt();
  server = await startDemoServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  const exit = await server?.stop();
  assert.equal(exit, 0, `demo server did not stop cleanly:\n${server?.output()}`);
});

const FRAMEWORKS = [
  { name: 'plain', renderedBy: /^plain DOM$/ },
  { name: 'react', renderedBy: /^React 19\.\d+\.\d+/ },
  { name: 'vue', renderedBy: /^Vue 3\.\d+\.\d+/ },
];

for (const fw of FRAMEWORKS) {
  describe(`${fw.name} page`, () => {
    /** @type {import('playwright-core').Page} */
    let page;
    const pageErrors = [];
    const consoleErrors = [];
    const identity = `${fw.name}-${Date.now().toString(36)}`;
    const text = (id) => page.locator(`#${id}`).innerText();
    const waitText = (id, expected, timeout = 20_000) =>
      page
        .waitForFunction(([i, e]) => document.getElementById(i)?.textContent?.trim() === e, [id, expected], { timeout })
        .catch(async (err) => {
          const events = await page
            .locator('#fw-events')
            .innerText()
            .catch(() => '?');
          throw new Error(`#${id} is "${await text(id).catch(() => '?')}", expected "${expected}"\nevents:\n${events}\n${err.message}`);
        });
    const eventLines = async () => (await page.locator('#fw-events li').allInnerTexts()).map((s) => s.trim());

    before(async () => {
      const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1200, height: 900 } });
      await context.grantPermissions(['microphone'], { origin: server.url });
      page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(err.message));
      page.on('console', (msg) => {
        if (msg.type() === 'error') consoleErrors.push(msg.text());
      });
    });
    after(() => page?.context().close());

    test('loads: the framework renders, the elements are defined and got their properties', async () => {
      const res = await page.goto(`${server.url}/frameworks/${fw.name}.html?identity=${identity}`);
      assert.equal(res?.status(), 200);
      await page.waitForSelector('body[data-ready]', { timeout: 20_000 });
      await page.waitForSelector('#fw-rendered-by');
      assert.match(await text('fw-rendered-by'), fw.renderedBy);
      assert.equal(await page.locator('#app').getAttribute('data-framework'), fw.name);
      await waitText('fw-phone-state', 'idle');
      const props = await page.evaluate(() => {
        const phone = /** @type {any} */ (document.querySelector('twilio-phone'));
        const status = /** @type {any} */ (document.querySelector('device-status'));
        return {
          defined: ['twilio-phone', 'device-status', 'totp-verify'].map((t) => !!customElements.get(t)),
          tokenUrl: phone.tokenUrl,
          signalingHost: phone.signalingHost,
          strings: JSON.stringify(status.strings),
          stringsAttr: status.getAttribute('strings'),
          statusFor: status.for,
        };
      });
      assert.deepEqual(props.defined, [true, true, true]);
      // Signed in as the ?identity= name; the token URL names nobody (the server takes the session's).
      assert.equal(props.tokenUrl, '/token');
      assert.equal(await text('fw-identity'), identity);
      assert.equal(props.signalingHost, new URL(server.url).host);
      assert.equal(props.strings, JSON.stringify({ ready: 'Ready to call' }));
      assert.equal(props.stringsAttr, null, 'strings must be set as a property, not an attribute');
      assert.equal(props.statusFor, 'phone');
    });

    test('starting the phone: ready at the emulator, and the framework rendered each state from the events', async () => {
      await page.locator('twilio-phone [part="start-button"]').click();
      await waitText('fw-phone-state', 'ready');
      assert.equal(await page.evaluate(() => /** @type {any} */ (document.querySelector('twilio-phone')).state), 'ready');
      const lines = await eventLines();
      const states = lines.filter((l) => l.startsWith('twilio-phone-state-change: ')).map((l) => l.split(': ')[1]);
      assert.deepEqual(states, ['fetching-token', 'registering', 'ready']);
      // <device-status> follows the phone and shows the string the framework passed.
      await page.waitForFunction(() => document.querySelector('device-status')?.getAttribute('state') === 'ready');
      assert.equal((await page.locator('device-status [part="label"]').innerText()).trim(), 'Ready to call');
      const registered = await page.evaluate(async () => (await (await fetch('/emulator/status')).json()).registered ?? null);
      if (Array.isArray(registered)) assert.ok(registered.includes(identity), `${identity} not registered: ${registered}`);
    });

    if (fw.name !== 'plain') {
      test('a framework button calls echo through a ref; the framework renders the call states', async () => {
        await page.locator('#fw-call-echo').click();
        await waitText('fw-call-state', 'connected');
        await waitText('fw-phone-state', 'busy');
        await page.locator('twilio-phone [part="hangup-button"]').click();
        await waitText('fw-call-state', 'ended');
        await waitText('fw-phone-state', 'ready');
        const calls = (await eventLines()).filter((l) => l.startsWith('twilio-phone-call-state-change: ')).map((l) => l.split(': ')[1]);
        assert.ok(calls.includes('outgoing connected') && calls.at(-1) === 'outgoing ended', calls.join(', '));
      });
    }

    test('TOTP: enrol, a wrong code renders incorrect, the computed code renders verified', async () => {
      await page.locator('#fw-enrol').click();
      await page.waitForFunction(() => /^[A-Z2-7]{16,}$/.test(document.getElementById('fw-secret')?.textContent?.trim() ?? ''), null, { timeout: 15_000 });
      const secret = (await text('fw-secret')).trim();
      await page.locator('totp-verify [part="input"]').waitFor();
      assert.equal(await page.evaluate(() => /** @type {any} */ (document.querySelector('totp-verify')).factorSid.slice(0, 2)), 'YF');

      // A wrong code: none of the codes the server's window could accept.
      const valid = new Set([-1, 0, 1].map((o) => totpCode(secret, o)));
      let wrong = '000000';
      while (valid.has(wrong)) wrong = String(Number(wrong) + 111111).padStart(6, '0');
      await page.locator('totp-verify [part="input"]').fill(wrong);
      await page.locator('totp-verify [part="button"]').click();
      await waitText('fw-totp-outcome', 'incorrect');

      await page.locator('totp-verify [part="input"]').fill(totpCode(secret));
      await page.locator('totp-verify [part="button"]').click();
      await waitText('fw-totp-outcome', 'verified');
      assert.equal(await page.locator('totp-verify').getAttribute('outcome'), 'verified');
      assert.equal(await page.evaluate(() => document.querySelector('totp-verify')?.matches(':state(verified)')), true);
      const lines = await eventLines();
      assert.ok(lines.includes('totp-verify-result: incorrect'), lines.join('\n'));
      assert.ok(lines.includes('totp-verify-result: verified'), lines.join('\n'));
      assert.ok(lines.includes('totp-verify-success: verified'), lines.join('\n'));

      await assertAccessible(assert, page, `on the ${fw.name} page after verification`);
      await mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `framework-${fw.name}.png`), fullPage: true });
      assert.deepEqual(pageErrors, [], 'uncaught errors on the page');
      assert.deepEqual(consoleErrors, [], 'console errors on the page');
    });
  });
}
