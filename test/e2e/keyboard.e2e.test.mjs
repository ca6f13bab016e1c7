// Keyboard only: on the plain-HTML page, a user who never touches the mouse
// starts the phone, calls echo, sends DTMF, hangs up, enrols a TOTP factor and
// verifies a code. Every interaction is page.keyboard (Tab, Enter, typing);
// the test only reads state, the emulator's call record, and the live regions
// (role=status) that announce each change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertBuilt, launchChromium, startDemoServer, totpCode } from './harness.mjs';

/** @type {Awaited<ReturnType<typeof startDemoServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
const identity = `kbd-${Date.now().toString(36)}`;
const pageErrors = [];

before(async () => {
  assertBuilt();
  server = await startDemoServer();
  browser = await launchChromium();
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1200, height: 900 } });
  await context.grantPermissions(['microphone'], { origin: server.url });
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(`${server.url}/frameworks/plain.html?identity=${identity}`);
  await page.waitForSelector('body[data-ready]', { timeout: 20_000 });
});

after(async () => {
  await browser?.close();
  const exit = await server?.stop();
  assert.equal(exit, 0, `demo server did not stop cleanly:\n${server?.output()}`);
});

/** The focused element through shadow roots, as "host-tag:part" (or "#id" / tag in the light DOM). */
const focused = () =>
  page.evaluate(() => {
    let a = document.activeElement;
    let host = null;
    while (a?.shadowRoot?.activeElement) {
      host = a;
      a = a.shadowRoot.activeElement;
    }
    if (!a || a === document.body) return 'body';
    const name = a.getAttribute('part') ?? (a.id ? `#${a.id}` : a.localName);
    return host ? `${host.localName}:${name}` : name;
  });

/** Presses Tab (Shift+Tab with `back`) until `target` has focus; fails after `max` presses. */
async function tabTo(target, { max = 40, back = false } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    const now = await focused();
    if (now === target) return;
    seen.push(now);
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`${target} never got focus in ${max} ${back ? 'Shift+' : ''}Tab presses; focus went through: ${seen.join(' → ')}`);
}

const phoneState = () => page.evaluate(() => /** @type {any} */ (document.getElementById('phone')).state);
const waitFor = (fn, arg, what, timeout = 20_000) => page.waitForFunction(fn, arg, { timeout }).catch((err) => assert.fail(`${what}: ${err.message}`));
/** Text of the live region (role=status) inside an element's shadow root. */
const liveText = (selector, part) =>
  page.evaluate(
    ([sel, p]) => {
      const region = document.querySelector(sel)?.shadowRoot?.querySelector(`[part="${p}"]`);
      return { role: region?.getAttribute('role') ?? null, live: region?.getAttribute('aria-live') ?? null, text: region?.textContent?.trim() ?? null };
    },
    [selector, part],
  );
const emulatorCall = () =>
  page.evaluate(async (id) => {
    const status = await (await fetch('/emulator/status')).json();
    const c = (status.calls ?? []).filter((x) => x.identity === id && x.direction === 'outgoing').at(-1);
    return c ? { to: c.to, state: c.state, dtmf: c.dtmf } : null;
  }, identity);

/** Polls the emulator's record of the call until it has received `want` (the SDK sends each digit as it is pressed). */
async function untilDtmf(want, timeoutMs = 10_000) {
  const call = await untilEmulatorCall((c) => c?.dtmf === want, timeoutMs);
  if (call?.dtmf !== want) assert.fail(`the emulator received DTMF ${JSON.stringify(call?.dtmf)}, expected ${JSON.stringify(want)}`);
  return call;
}

/** Polls the emulator's record of the call until `done` holds or time runs out; returns the last record seen. */
async function untilEmulatorCall(done, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let call = null;
  while (Date.now() < deadline) {
    call = await emulatorCall();
    if (done(call)) return call;
    await new Promise((r) => setTimeout(r, 100));
  }
  return call;
}

test('Tab to "Start phone", Enter: the phone registers and its live region announces Ready', async () => {
  await tabTo('twilio-phone:start-button');
  await page.keyboard.press('Enter');
  await waitFor(() => /** @type {any} */ (document.getElementById('phone')).state === 'ready', null, 'phone ready');
  const status = await liveText('#phone', 'status');
  assert.deepEqual(status, { role: 'status', live: 'polite', text: 'Ready' });
  const badge = await liveText('#status', 'base');
  assert.equal(badge.role, 'status');
  assert.match(badge.text ?? '', /Ready to call/);
});

test('Tab to the number field, type echo, Enter: connected; digits typed go out as DTMF; Hang up with the keyboard', async () => {
  await tabTo('twilio-phone:dial-input');
  await page.keyboard.type('echo');
  await page.keyboard.press('Enter');
  await waitFor(() => document.getElementById('fw-call-state')?.textContent === 'connected', null, 'call connected', 20_000);
  assert.equal(await phoneState(), 'busy');
  const announced = await liveText('#phone', 'status');
  assert.equal(announced.text, 'On a call');

  // Into the dialpad, then each digit as a key press, waiting for the emulator to receive it.
  await tabTo('twilio-phone:key');
  let expected = '';
  for (const digit of ['4', '2', '#']) {
    await page.keyboard.press(digit);
    expected += digit;
    await untilDtmf(expected);
  }
  const call = await emulatorCall();
  assert.equal(call?.dtmf, '42#');
  assert.equal(call?.to, 'echo');

  // The dialpad comes after Hang up in the tab order: back to it with Shift+Tab.
  await tabTo('twilio-phone:hangup-button', { back: true });
  await page.keyboard.press('Enter');
  await waitFor(() => /** @type {any} */ (document.getElementById('phone')).state === 'ready', null, 'ready after hanging up');
  assert.equal(await page.locator('#fw-call-state').innerText(), 'ended');
  // The SDK's hang-up reaches the emulator over the socket after the element is already ready again.
  const ended = await untilEmulatorCall((c) => c?.state !== 'in-progress');
  assert.notEqual(ended?.state, 'in-progress');
});

test('Tab to "Enrol", Enter; Tab to the code field, type the code, Enter: verified, announced in the live region', async () => {
  await tabTo('#fw-enrol');
  await page.keyboard.press('Enter');
  await waitFor(
    () => !!document.querySelector('totp-verify') && /^[A-Z2-7]{16,}$/.test(document.getElementById('fw-secret')?.textContent ?? ''),
    null,
    'enrolled',
  );
  const secret = (await page.locator('#fw-secret').innerText()).trim();
  await tabTo('totp-verify:input');
  // An incomplete code first: the validation message is announced and focus stays in the field.
  await page.keyboard.type('12');
  await page.keyboard.press('Enter');
  await waitFor(
    () => /** @type {any} */ (document.querySelector('totp-verify')).shadowRoot.querySelector('[part="message"]').textContent.trim() !== '',
    null,
    'validation message',
  );
  const validation = await liveText('totp-verify', 'message');
  assert.deepEqual(validation, { role: 'status', live: 'polite', text: 'Enter all 6 digits of the code.' });
  assert.equal(await focused(), 'totp-verify:input');

  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(totpCode(secret));
  await page.keyboard.press('Enter');
  await waitFor(() => document.querySelector('totp-verify')?.getAttribute('outcome') === 'verified', null, 'verified', 15_000);
  const result = await liveText('totp-verify', 'message');
  assert.deepEqual(result, { role: 'status', live: 'polite', text: 'Code verified.' });
  assert.equal(await page.locator('#fw-totp-outcome').innerText(), 'verified');
  assert.deepEqual(pageErrors, []);
});
