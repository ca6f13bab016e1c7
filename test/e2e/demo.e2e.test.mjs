// End to end: `node demo/server.mjs` (what `npm start` runs after the build) in emulator mode,
// the demo page in Chromium, and every feature of the page driven like a user would.
// Needs a build (`npm test` builds first) and Chromium at /usr/bin/chromium (CHROMIUM_PATH).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, copyFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ROOT, assertBuilt, launchChromium, startDemoServer, totpCode } from './harness.mjs';
import { assertAccessible } from './axe.mjs';

const SHOT = join(ROOT, 'test-output', 'demo.png');
const DOCS_SHOT = join(ROOT, 'docs', 'demo.png');
const IDENTITY = 'alice-4821';

let server;
let baseUrl = '';
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
const pageErrors = [];

const phoneState = () => page.evaluate(() => /** @type {any} */ (document.getElementById('phone')).state);
const waitPhoneState = (state, timeout = 20_000) =>
  page
    .waitForFunction((s) => /** @type {any} */ (document.getElementById('phone')).state === s, state, { timeout })
    .catch(async (err) => {
      throw new Error(`phone state is ${await phoneState()}, expected ${state}\nlog:\n${await page.locator('#log').innerText()}\n${err.message}`);
    });

/** Types a code into a <totp-verify> (by id), submits, and returns its outcome. */
async function submitCode(id, code) {
  const el = page.locator(`#${id}`);
  await el.locator('[part="input"]').fill(code);
  const result = page.evaluate(
    (elId) =>
      new Promise((resolve) =>
        document.getElementById(elId).addEventListener('totp-verify-result', (e) => resolve(/** @type {CustomEvent} */ (e).detail), { once: true }),
      ),
    id,
  );
  await el.locator('[part="button"]').click();
  return result;
}

before(async () => {
  assertBuilt();
  server = await startDemoServer({ DEMO_PREFLIGHT_MS: '4000' }); // the emulator's pre-call test line: 4 s instead of 10
  baseUrl = server.url;
  browser = await launchChromium();
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  await context.grantPermissions(['microphone'], { origin: baseUrl });
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
});

after(async () => {
  await browser?.close();
  const exit = await server?.stop();
  assert.equal(exit, 0, `demo server did not stop cleanly on SIGTERM:\n${server?.output()}`);
});

test('the page signs in (?identity= fills in the name), loads from the CDN bundle and configures the phone for the emulator', async () => {
  await page.goto(`${baseUrl}/?identity=${IDENTITY}`);
  await page.waitForSelector('body[data-ready]');
  assert.equal(await page.locator('#mode').innerText(), 'Local emulator');
  assert.equal(await page.locator('#signed-in').innerText(), `Signed in as ${IDENTITY}`);
  assert.equal(await page.evaluate(async () => (await (await fetch('/session')).json()).identity), IDENTITY);
  // The name served only to sign in: the address no longer carries it, the token URL never did.
  assert.equal(new URL(page.url()).search, '');
  const attrs = await page.evaluate(() => {
    const p = document.getElementById('phone');
    return { tokenUrl: p.getAttribute('token-url'), signalingHost: p.getAttribute('signaling-host'), defined: !!customElements.get('totp-verify') };
  });
  assert.equal(attrs.tokenUrl, '/token');
  assert.equal(attrs.signalingHost, new URL(baseUrl).host);
  assert.ok(attrs.defined);
  // Only external scripts: the page must run under a strict CSP later.
  assert.equal(await page.locator('script:not([src])').count(), 0);
  await assertAccessible(assert, page, 'in the sign-in bar', '.topbar');
});

test('the layout: a how-to strip first, links to every side page in the header, single-tab on, one status, the log and network beside the elements', async () => {
  // Before anything else in the page's content: the three steps.
  const howto = await page.locator('.howto').boundingBox();
  const main = await page.locator('main.grid').boundingBox();
  assert.ok(howto && main && howto.y < main.y, 'the how-to strip is above the elements');
  assert.equal(await page.locator('.howto li').count(), 3);
  const links = await page.locator('.topbar nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, ['/frameworks/plain.html', '/frameworks/react.html', '/frameworks/vue.html', '/i18n.html', '/csp.html', '/docs/']);
  assert.equal(await page.locator('#phone').getAttribute('single-tab'), '');
  // The phone's status line is the one status beside it; the badge sits in the other column.
  assert.equal(await page.locator('section:has(#phone-title) device-status').count(), 0);
  const phone = await page.locator('#phone').boundingBox();
  const log = await page.locator('#log').boundingBox();
  const network = await page.locator('#network-row').boundingBox();
  assert.ok(phone && log && network, 'phone, log and network switches are laid out');
  assert.ok(log.x > phone.x + phone.width && network.x > phone.x + phone.width, 'log and network switches in the right column');
  assert.ok(log.y < 900, 'the event log starts above the fold');
  // The destination buttons are greyed for a reason, and the reason is beside them.
  assert.equal(await page.locator('#destinations button').first().isDisabled(), true);
  assert.equal(await page.locator('#needs-ready').isVisible(), true);
  await assertAccessible(assert, page, 'in the new layout');
});

test('every side page is linked back and styled: its nav links the others', async () => {
  for (const path of ['/frameworks/plain.html', '/frameworks/react.html', '/frameworks/vue.html', '/i18n.html', '/csp.html']) {
    const side = await page.context().newPage();
    await side.goto(`${baseUrl}${path}`);
    const hrefs = await side.locator('nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const href of ['/', '/frameworks/react.html', '/frameworks/vue.html', '/i18n.html', '/csp.html', '/docs/'])
      assert.ok(hrefs.includes(href), `${path} links ${href}`);
    assert.notEqual(await side.locator('body').evaluate((b) => getComputedStyle(b).fontFamily), 'Times New Roman', `${path} is styled`);
    await side.close();
  }
});

test('the CSP page shows the policy its response carried, word for word', async () => {
  const side = await page.context().newPage();
  const response = await side.goto(`${baseUrl}/csp.html`);
  const sent = (await response.allHeaders())['content-security-policy'];
  await side.waitForFunction(() => document.getElementById('policy')?.textContent !== '…');
  const shown = (await side.locator('#policy').innerText()).replace(/;\s*\n/g, '; ').trim();
  assert.equal(shown, sent);
  await side.close();
});

test('starting the phone registers it with the emulator: ready, and <device-status> says so; one token request, none cancelled', async () => {
  const tokenRequests = [];
  const cancelled = [];
  const onRequest = (r) => new URL(r.url()).pathname === '/token' && tokenRequests.push(r.url());
  const onFailed = (r) => new URL(r.url()).pathname === '/token' && cancelled.push(r.failure()?.errorText);
  page.on('request', onRequest);
  page.on('requestfailed', onFailed);
  await page.locator('twilio-phone [part="start-button"]').click();
  await waitPhoneState('ready');
  // A restart too (what the demo's switches do): one request each, no ERR_ABORTED left behind.
  await page.evaluate(() => /** @type {any} */ (document.getElementById('phone')).start());
  await waitPhoneState('ready');
  page.off('request', onRequest);
  page.off('requestfailed', onFailed);
  assert.equal(tokenRequests.length, 2, `token requests: ${tokenRequests.join(', ')}`);
  assert.deepEqual(cancelled, []);
  await page.waitForFunction(() => document.getElementById('phone-status')?.getAttribute('state') === 'ready');
  assert.match(await page.locator('#phone-status [part="label"]').innerText(), /Ready/);
  assert.equal(await page.locator('#ring-me').isDisabled(), false);
});

test('calling echo connects with media, and hanging up returns to ready', async () => {
  const connected = page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const phone = document.getElementById('phone');
        const t = setTimeout(() => reject(new Error('no connected call in 20 s')), 20_000);
        phone.addEventListener('twilio-phone-call-state-change', (e) => {
          const d = /** @type {CustomEvent} */ (e).detail;
          if (d.callState === 'connected') {
            clearTimeout(t);
            resolve(d);
          }
        });
      }),
  );
  await page.locator('.dest[data-to="echo"]').click();
  const detail = /** @type {any} */ (await connected);
  assert.equal(detail.direction, 'outgoing');
  await waitPhoneState('busy');
  await page.locator('twilio-phone [part="hangup-button"]').click();
  await waitPhoneState('ready');
});

test('"Ring me" makes the emulator call the phone; accepting connects it', async () => {
  const states = page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const phone = document.getElementById('phone');
        const seen = [];
        const t = setTimeout(() => reject(new Error(`no connected incoming call in 20 s: ${seen.join(', ')}`)), 20_000);
        phone.addEventListener('twilio-phone-call-state-change', (e) => {
          const d = /** @type {CustomEvent} */ (e).detail;
          seen.push(`${d.direction}:${d.callState}`);
          if (d.direction === 'incoming' && d.callState === 'connected') {
            clearTimeout(t);
            resolve(seen);
          }
        });
      }),
  );
  await page.locator('#ring-me').click();
  await page.locator('twilio-phone [part="accept-button"]').click({ timeout: 10_000 });
  const seen = /** @type {string[]} */ (await states);
  assert.ok(seen.includes('incoming:ringing'), seen.join(', '));
  await page.locator('twilio-phone [part="hangup-button"]').click();
  await waitPhoneState('ready');
});

test('call control: the customer calls the demo number; Hold, Add the supervisor, call waiting; the log shows the call-control events', async () => {
  const phoneProp = (expr) => page.evaluate((e) => new Function('phone', `return ${e}`)(document.getElementById('phone')), expr);
  assert.equal(await page.locator('#phone').getAttribute('call-control-url'), '/call-control');
  await page.locator('#call-control-actions [data-action="inbound"]').click();
  await page.locator('twilio-phone [part="accept-button"]').click({ timeout: 10_000 });
  await page.locator('twilio-phone [part="hold-button"]').click({ timeout: 10_000 });
  await page.waitForFunction(
    () => document.getElementById('phone').shadowRoot.querySelector('[part="hold-button"]')?.getAttribute('aria-pressed') === 'true',
    null,
    { timeout: 10_000 },
  );
  await page.locator('#log .log-text', { hasText: 'hold: done' }).first().waitFor({ timeout: 5_000 });
  await page.locator('#log .log-name', { hasText: 'twilio-phone-participants-change' }).first().waitFor({ timeout: 5_000 });
  await assertAccessible(assert, page, 'with the call controls', '#phone');
  await page.locator('twilio-phone [part="hold-button"]').click();
  await page.locator('#log .log-text', { hasText: 'unhold: done' }).first().waitFor({ timeout: 5_000 });
  await page.locator('#call-control-actions [data-action="add"]').click();
  await page.waitForFunction(() => document.getElementById('phone').participants.length === 3, null, { timeout: 10_000 });
  assert.deepEqual((await phoneProp('phone.participants.map((p) => p.role)')).sort(), ['added', 'remote', 'you']);
  // The customer calls again during the call: call waiting.
  await page.locator('#call-control-actions [data-action="inbound"]').click();
  await page.locator('twilio-phone [part="accept-waiting-button"]').click({ timeout: 10_000 });
  await page.locator('twilio-phone [part="switch-button"]').waitFor({ timeout: 10_000 });
  await page.locator('#log .log-text', { hasText: '(call waiting)' }).first().waitFor({ timeout: 5_000 });
  // Hanging up the second call resumes the first; hanging that up ends it all.
  await page.locator('twilio-phone [part="hangup-button"]').click();
  await page.waitForFunction(() => document.getElementById('phone').participants.length === 3, null, { timeout: 10_000 });
  await page.locator('twilio-phone [part="hangup-button"]').click();
  await waitPhoneState('ready');
});

test('Network switches impair the emulator: the pre-call test reports the loss, a call shows its quality bars', async () => {
  const global = () => page.evaluate(async () => (await (await fetch('/emulator/impairments')).json()).global);
  await page.locator('#network label:has(input[value="lossy"])').click();
  await page.waitForFunction(async () => (await (await fetch('/emulator/impairments')).json()).global.loss === 0.1);

  const report = page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const phone = document.getElementById('phone');
        phone.addEventListener('twilio-phone-preflight', (e) => resolve(/** @type {CustomEvent} */ (e).detail), { once: true });
        phone.addEventListener('twilio-phone-preflight-failed', (e) => reject(new Error(JSON.stringify(/** @type {CustomEvent} */ (e).detail))), {
          once: true,
        });
      }),
  );
  await page.locator('twilio-phone [part="preflight-button"]').click();
  const detail = /** @type {any} */ (await report);
  // A clean loopback line reports 0 % loss and the SDK's top MOS, 4.43. Under the switch's random
  // 10 % loss, 55 pre-call tests of 4 s reported 4.6–16.3 % and a MOS of 2.7–4.21: the average of a
  // few samples can still read "excellent" (4.21), so the check is against the clean line's figures.
  assert.ok(detail.packetLoss >= 1, JSON.stringify(detail));
  assert.ok(detail.mos < 4.43, JSON.stringify(detail));
  // The verdict shown is the report's level, in words.
  const verdict = { excellent: 'Excellent', great: 'Great', good: 'Good', fair: 'Fair', degraded: 'Poor' }[detail.callQuality];
  assert.ok(verdict, JSON.stringify(detail));
  const shownResult = await page.locator('twilio-phone [part="preflight-result"]').innerText();
  assert.ok(shownResult.startsWith(`${verdict}: `), `${detail.callQuality} shown as: ${shownResult}`);
  assert.equal(await phoneState(), 'ready', 'the registered phone was not disturbed');
  await assertAccessible(assert, page, 'after a pre-call test', 'section:has(#phone-title)');

  const measured = page.evaluate(
    () =>
      new Promise((resolve) =>
        document.getElementById('phone').addEventListener('twilio-phone-call-quality', function on(e) {
          const d = /** @type {CustomEvent} */ (e).detail;
          if (d.level) {
            this.removeEventListener('twilio-phone-call-quality', on);
            resolve(d);
          }
        }),
      ),
  );
  await page.locator('.dest[data-to="echo"]').click();
  const quality = /** @type {any} */ (await measured);
  assert.ok(['excellent', 'great', 'good', 'fair', 'degraded'].includes(quality.level), JSON.stringify(quality));
  await page.waitForFunction(() =>
    /Call quality: /.test(document.getElementById('phone-status')?.shadowRoot?.querySelector('[part="quality-label"]')?.textContent ?? ''),
  );
  assert.match(await page.locator('twilio-phone [part="quality-label"]').innerText(), /^Call quality: /);
  await assertAccessible(assert, page, 'in a call on a lossy network', 'section:has(#phone-title)');
  await page.locator('twilio-phone [part="hangup-button"]').click();
  await waitPhoneState('ready');

  await page.locator('#network label:has(input[value="clean"])').click();
  await page.waitForFunction(async () => (await (await fetch('/emulator/impairments')).json()).global.loss === 0);
  assert.deepEqual(await global(), { loss: 0, jitterMs: 0, delayMs: 0, media: true, signaling: false });
  assert.match(await page.locator('#log').innerText(), /twilio-phone-preflight/);
});

let secret = '';

test('<totp-enroll> shows a QR code drawn in the page and the key; a wrong first code is refused, the computed one verifies the factor', async () => {
  const created = page.evaluate(
    () =>
      new Promise((resolve) =>
        document.getElementById('enroll').addEventListener('totp-enroll-created', (e) => resolve(/** @type {CustomEvent} */ (e).detail), { once: true }),
      ),
  );
  await page.locator('#enroll [part="start-button"]').click();
  const detail = /** @type {any} */ (await created);
  assert.deepEqual(Object.keys(detail), ['factorSid']);
  assert.match(detail.factorSid, /^YF[0-9a-f]{32}$/);
  secret = (await page.locator('#enroll [part="secret"]').innerText()).replace(/\s+/g, '');
  assert.match(secret, /^[A-Z2-7]{16,}$/);
  // The QR code is an <svg> the element drew itself (no request to the server for it).
  assert.equal(await page.locator('#enroll svg[part="qr"] path').count(), 1);
  assert.ok(((await page.locator('#enroll svg[part="qr"] path').getAttribute('d')) ?? '').length > 100);

  // A wrong code first: incorrect, retry allowed, the key stays on screen.
  const wrongCode = totpCode(secret) === '000000' ? '111111' : '000000';
  const refused = page.evaluate(
    () =>
      new Promise((resolve) =>
        document.getElementById('enroll').addEventListener('totp-enroll-error', (e) => resolve(/** @type {CustomEvent} */ (e).detail), { once: true }),
      ),
  );
  await page.locator('#enroll totp-verify [part="input"]').fill(wrongCode);
  await page.locator('#enroll totp-verify [part="button"]').click();
  const wrong = /** @type {any} */ (await refused);
  assert.equal(wrong.outcome, 'incorrect');
  assert.equal(wrong.status, 'unverified');
  assert.equal(wrong.fatal, false);

  await page.locator('#enroll totp-verify [part="input"]').fill(totpCode(secret));
  await page.locator('#enroll totp-verify [part="button"]').click();
  await page.waitForFunction(() => /** @type {any} */ (document.getElementById('enroll')).state === 'verified');
  assert.match(await page.locator('#enroll [part="message"]').innerText(), /set up/);
  assert.equal(await page.locator('#enroll [part="secret"]').count(), 0);
  assert.equal(await page.evaluate((k) => document.getElementById('enroll').shadowRoot.innerHTML.includes(k), secret), false, 'the key is gone from the page');
  await page.waitForFunction(() => !(/** @type {HTMLButtonElement} */ (document.getElementById('new-challenge')).disabled));
  assert.match(await page.locator('#log').innerText(), /totp-enroll-verified/);
});

test('challenges: a wrong code leaves the challenge pending, the right one approves it; legacy API answers 403 60324', async () => {
  // Legacy (pre-Oct-2021) behaviour: a wrong code is a 403 error, still "incorrect".
  await page.locator('#legacy-api').check({ force: true });
  await page.waitForFunction(async () => (await (await fetch('/emulator/legacy-totp')).json()).on === true);
  await page.locator('#new-challenge').click();
  const legacyWrong = /** @type {any} */ (await submitCode('challenge-verify', totpCode(secret) === '000000' ? '111111' : '000000'));
  assert.equal(legacyWrong.outcome, 'incorrect');
  assert.equal(legacyWrong.code, 60324);

  // Current behaviour: 201 with status pending, then the same challenge is answered.
  await page.locator('#legacy-api').uncheck({ force: true });
  await page.waitForFunction(async () => (await (await fetch('/emulator/legacy-totp')).json()).on === false);
  await page.locator('#new-challenge').click();
  const pending = /** @type {any} */ (await submitCode('challenge-verify', totpCode(secret) === '000000' ? '111111' : '000000'));
  assert.equal(pending.outcome, 'incorrect');
  assert.equal(pending.status, 'pending');
  const challengeSid = await page.locator('#challenge-verify').getAttribute('challenge-sid');
  assert.match(challengeSid ?? '', /^YC[0-9a-f]{32}$/);
  const approved = /** @type {any} */ (await submitCode('challenge-verify', totpCode(secret)));
  assert.equal(approved.outcome, 'verified', JSON.stringify(approved));
  assert.equal(approved.status, 'approved');
});

test('"use wrong credentials" restarts the phone, and Twilio (the emulator) refuses it: bad-credentials', async () => {
  const badCredentials = page.evaluate(
    () =>
      new Promise((resolve) =>
        document
          .getElementById('phone')
          .addEventListener('twilio-phone-bad-credentials', (e) => resolve(/** @type {CustomEvent} */ (e).detail), { once: true }),
      ),
  );
  await page.locator('#wrong-credentials').check({ force: true });
  await waitPhoneState('bad-credentials');
  const detail = /** @type {any} */ (await badCredentials);
  assert.equal(detail.source, 'twilio', JSON.stringify(detail));
  assert.equal(await page.locator('#phone').getAttribute('token-url'), '/token?credentials=wrong');
  await page.waitForFunction(() => document.getElementById('phone-status')?.getAttribute('state') === 'bad-credentials');
  assert.match(await page.locator('#phone-status [part="label"]').innerText(), /Wrong Twilio credentials/);
  assert.match(await page.locator('#log').innerText(), /twilio-phone-bad-credentials/);

  await page.waitForTimeout(300); // let the badge and log settle before the picture
  await mkdir(dirname(SHOT), { recursive: true });
  await page.screenshot({ path: SHOT, fullPage: true });
  // The picture of the README and the docs (docs/demo.png) changes only when asked: every run makes new secrets and timestamps.
  if (process.env.UPDATE_SCREENSHOT === '1') {
    await mkdir(dirname(DOCS_SHOT), { recursive: true });
    await copyFile(SHOT, DOCS_SHOT);
  }
});

test('switching back to the right credentials recovers: ready again', async () => {
  await page.locator('#wrong-credentials').uncheck({ force: true });
  await waitPhoneState('ready');
  assert.deepEqual(pageErrors, [], 'uncaught errors on the page');
});

const registeredAs = () => page.evaluate(async () => (await (await fetch('/emulator/registrations')).json()).filter((r) => !r.stale).map((r) => r.identity));

test('"Sign in as" another name (keyboard only): the phone registers again under that name; the TOTP steps start over', async () => {
  assert.ok((await registeredAs()).includes(IDENTITY));
  await page.locator('#identity').focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('bob-7');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('signed-in')?.textContent === 'Signed in as bob-7');
  await waitPhoneState('ready');
  await page.waitForFunction(async () => (await (await fetch('/emulator/registrations')).json()).some((r) => r.identity === 'bob-7' && !r.stale));
  assert.equal(await page.evaluate(async () => (await (await fetch('/session')).json()).identity), 'bob-7');
  assert.equal(await page.locator('#new-challenge').isDisabled(), true, 'the challenge step waits for a new enrolment');
  // A name the sign-in refuses leaves the session as it is.
  await page.locator('#identity').fill('not a name');
  await page.locator('#identity').press('Enter');
  assert.equal(await page.locator('#identity').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(async () => (await (await fetch('/session')).json()).identity), 'bob-7');
});

test('signing out stops the phone, puts it out of reach, and the endpoints answer 401', async () => {
  await page.locator('#sign-out').click();
  await page.waitForFunction(() => document.getElementById('signed-in')?.textContent === 'Signed out');
  await waitPhoneState('idle');
  assert.equal(await page.evaluate(() => /** @type {any} */ (document.getElementById('phone')).inert), true);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'identity', 'focus goes to the sign-in');
  assert.match(await page.locator('#phone-hint').innerText(), /Sign in/);
  const status = await page.evaluate(async () => [
    (await fetch('/token')).status,
    (await fetch('/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"action":"enroll"}' })).status,
  ]);
  assert.deepEqual(status, [401, 401]);
  // Signing in again brings it all back.
  await page.locator('#identity').fill(IDENTITY);
  await page.locator('#identity').press('Enter');
  await page.waitForFunction((n) => document.getElementById('signed-in')?.textContent === `Signed in as ${n}`, IDENTITY);
  assert.equal(await page.evaluate(() => /** @type {any} */ (document.getElementById('phone')).inert), false);
  assert.equal(await page.locator('#sign-out').isVisible(), true);
  assert.deepEqual(pageErrors, [], 'uncaught errors on the page');
});
