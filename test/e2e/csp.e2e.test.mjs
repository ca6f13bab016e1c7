// Every element on a page served with a strict Content-Security-Policy
// (no inline script, no eval, Trusted Types required, `connect-src 'self'`) and
// no `sounds-url`: the phone reaches ready and completes an echo call,
// <totp-enroll> draws its QR code and verifies a factor, a TOTP code verifies,
// the sounds come from the page's origin, and not one
// `securitypolicyviolation` fires.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertBuilt, inboundAudioPackets, launchChromium, startDemoServer, totpCode } from './harness.mjs';

let server;
let browser;
let page;
const pageErrors = [];
const requested = [];

before(async () => {
  assertBuilt();
  server = await startDemoServer();
  browser = await launchChromium();
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('request', (r) => requested.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(`console: ${m.text()}`));
});

after(async () => {
  await browser?.close();
  const code = await server?.stop();
  assert.equal(code, 0, 'the demo server stops cleanly');
});

const phoneState = () => page.evaluate(() => document.getElementById('phone').state);

test('strict CSP page: phone ready, echo call, TOTP enrolled (QR drawn) and verified, zero violations', async () => {
  const response = await page.goto(`${server.url}/csp.html`);
  assert.match(response.headers()['content-security-policy'], /require-trusted-types-for 'script'/);
  await page.waitForFunction(() => customElements.get('twilio-phone') && document.getElementById('phone').tokenUrl);

  await page.evaluate(() => document.getElementById('phone').start());
  await page.waitForFunction(() => document.getElementById('phone').state === 'ready', null, { timeout: 20_000 });

  await page.evaluate(() => document.getElementById('phone').call('echo'));
  await page.waitForFunction(() => document.getElementById('phone').shadowRoot.querySelector('[part="timer"]') !== null, null, { timeout: 20_000 });
  const inbound = await inboundAudioPackets(page);
  await page.evaluate(() => document.getElementById('phone').hangup());
  await page.waitForFunction(() => document.getElementById('phone').state === 'ready');
  assert.ok(inbound > 0, `audio packets received in the echo call: ${inbound}`);

  // <totp-enroll>: the QR code is drawn under Trusted Types, then the first code verifies the factor.
  await page.locator('#enroll [part="start-button"]').click();
  await page.locator('#enroll svg[part="qr"]').waitFor({ timeout: 15_000 });
  const secret = (await page.locator('#enroll [part="secret"]').innerText()).replace(/\s+/g, '');
  await page.locator('#enroll totp-verify [part="input"]').fill(totpCode(secret));
  await page.locator('#enroll totp-verify [part="button"]').click();
  await page.waitForFunction(() => document.getElementById('enroll').state === 'verified', null, { timeout: 10_000 });

  const code = totpCode(secret);
  await page.locator('#totp [part="input"]').fill(code);
  await page.locator('#totp [part="button"]').click();
  await page.waitForFunction(() => document.getElementById('totp').getAttribute('outcome') === 'verified', null, { timeout: 10_000 });

  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.equal(await phoneState(), 'ready');
  // No sounds-url on the page: the SDK got the MP3 files shipped beside the bundle, from the page's origin.
  const sounds = requested.filter((u) => u.endsWith('.mp3'));
  assert.equal(new Set(sounds).size, 15, sounds.join(', '));
  assert.ok(
    sounds.every((u) => u.startsWith(`${server.url}cdn/sounds/`) || u.startsWith(`${server.url}/cdn/sounds/`)),
    sounds.join(', '),
  );
  assert.deepEqual(
    requested.filter((u) => u.startsWith('data:')),
    [],
  );
  assert.deepEqual(pageErrors, []);
});
