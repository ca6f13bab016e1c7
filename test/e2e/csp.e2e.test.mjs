// All three elements on a page served with a strict Content-Security-Policy
// (no inline script, no eval, Trusted Types required, `connect-src 'self'`) and
// no `sounds-url`: the phone reaches ready and completes an echo call, a TOTP
// code verifies, the sounds come from the page's origin, and not one
// `securitypolicyviolation` fires.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertBuilt, launchChromium, startDemoServer, totpCode } from './harness.mjs';

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

test('strict CSP page: phone ready, echo call, TOTP verified, zero violations', async () => {
  const response = await page.goto(`${server.url}/csp.html`);
  assert.match(response.headers()['content-security-policy'], /require-trusted-types-for 'script'/);
  await page.waitForFunction(() => customElements.get('twilio-phone') && document.getElementById('phone').tokenUrl);

  await page.evaluate(() => document.getElementById('phone').start());
  await page.waitForFunction(() => document.getElementById('phone').state === 'ready', null, { timeout: 20_000 });

  await page.evaluate(() => document.getElementById('phone').call('echo'));
  await page.waitForFunction(
    () => document.getElementById('phone').shadowRoot.querySelector('[part="timer"]') !== null,
    null,
    { timeout: 20_000 },
  );
  // Real media flows (the SDK's `accept` does not wait for ICE): poll the call's peer connection.
  const inbound = await page.evaluate(async () => {
    const call = document.getElementById('phone').activeCall;
    for (let i = 0; i < 100; i++) {
      const stats = await call._mediaHandler.version.pc.getStats();
      let packets = 0;
      stats.forEach((s) => s.type === 'inbound-rtp' && s.kind === 'audio' && (packets += s.packetsReceived));
      if (packets > 0) return packets;
      await new Promise((r) => setTimeout(r, 100));
    }
    return 0;
  });
  await page.evaluate(() => document.getElementById('phone').hangup());
  await page.waitForFunction(() => document.getElementById('phone').state === 'ready');
  assert.ok(inbound > 0, `audio packets received in the echo call: ${inbound}`);

  await page.click('#enrol');
  await page.waitForFunction(() => document.getElementById('secret').textContent.length > 0);
  const secret = await page.locator('#secret').textContent();
  const code = totpCode(secret);
  await page.locator('#totp [part="input"]').fill(code);
  await page.locator('#totp [part="button"]').click();
  await page.waitForFunction(() => document.getElementById('totp').getAttribute('outcome') === 'verified', null, { timeout: 10_000 });

  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.equal(await phoneState(), 'ready');
  // No sounds-url on the page: the SDK got the MP3 files shipped beside the bundle, from the page's origin.
  const sounds = requested.filter((u) => u.endsWith('.mp3'));
  assert.equal(new Set(sounds).size, 15, sounds.join(', '));
  assert.ok(sounds.every((u) => u.startsWith(`${server.url}cdn/sounds/`) || u.startsWith(`${server.url}/cdn/sounds/`)), sounds.join(', '));
  assert.deepEqual(requested.filter((u) => u.startsWith('data:')), []);
  assert.deepEqual(pageErrors, []);
});
