// The Twilio Functions example (examples/twilio-functions: functions/token.js and
// functions/verify.js) as shipped, served by twilio-run (Twilio's Serverless local runtime,
// installed on demand: see test/support/twilio-run.mjs) in one warm process like a deployed
// container (`--no-fork-process`; forking loads the runtime and twilio-node again for every
// request, seconds each on a busy CI machine), its environment pointing at the emulator. A page on another origin, in
// Chromium with the real SDK, uses it the way a site uses a deployed *.twil.io service:
// the phone reaches `ready` with the Function's token, and a TOTP factor enrolled through
// the verify Function is verified by <totp-verify>.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { startEmulator, DEFAULT_ACCOUNT as A } from '../../dist/emulator/index.js';
import { assertBuilt, launchChromium, totpCode } from './harness.mjs';
import { FUNCTIONS_EXAMPLE, ROOT, ensureTwilioRun, functionsDir, startTwilioRun } from '../support/twilio-run.mjs';

let emulator;
let pages;
let functions;
let folder;
let browser;
let page;
const pageErrors = [];

/** The site's page: the CDN bundle from dist/cdn, the endpoints on the Functions service. */
function pageHtml(functionsUrl, signalingHost) {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Functions</title>
<script type="module" src="/cdn/twilio-widgets.js"></script>
<twilio-phone id="phone" token-url="${functionsUrl}/token" signaling-host="${signalingHost}"></twilio-phone>
<totp-verify id="totp" verify-url="${functionsUrl}/verify"></totp-verify>
</html>`;
}

before(async () => {
  assertBuilt();
  const cli = await ensureTwilioRun();
  emulator = await startEmulator({ port: 0 });
  pages = http.createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml(functions.url, emulator.signalingHost));
      return;
    }
    const file = normalize(join(ROOT, 'dist', path));
    if (path.startsWith('/cdn/') && file.startsWith(join(ROOT, 'dist', 'cdn'))) {
      try {
        res.writeHead(200, { 'content-type': extname(file) === '.js' ? 'text/javascript' : 'audio/wav' }).end(await readFile(file));
        return;
      } catch {
        // fall through to 404
      }
    }
    res.writeHead(404).end();
  });
  await new Promise((r) => pages.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${pages.address().port}`;
  const key = A.apiKeys[0];
  folder = functionsDir({
    copyFrom: FUNCTIONS_EXAMPLE,
    env: {
      ACCOUNT_SID: A.accountSid,
      AUTH_TOKEN: A.authToken,
      API_KEY: key.sid,
      API_SECRET: key.secret,
      TWIML_APP_SID: A.twimlAppSid,
      VERIFY_SERVICE_SID: A.verifyServiceSid,
      CORS_ORIGINS: origin,
      TWILIO_EMULATOR_URL: emulator.url,
    },
  });
  functions = await startTwilioRun(cli, folder.dir, { forkProcess: false });
  browser = await launchChromium();
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(`console: ${m.text()}`));
  await page.goto(`${origin}/`);
});

after(async () => {
  await browser?.close();
  await functions?.stop();
  folder?.remove();
  await new Promise((r) => (pages ? pages.close(r) : r()));
  await emulator?.stop();
});

test('the phone reaches ready with a token from the token Function', async () => {
  await page.waitForFunction(() => customElements.get('twilio-phone') && customElements.get('totp-verify'));
  await page.evaluate(() => document.getElementById('phone').start());
  await page.waitForFunction(() => ['ready', 'error', 'bad-credentials'].includes(document.getElementById('phone').state), null, { timeout: 30_000 });
  const { state, lastError } = await page.evaluate(() => {
    const phone = document.getElementById('phone');
    return { state: phone.state, lastError: phone.lastError };
  });
  assert.equal(state, 'ready', `phone ended in ${state}: ${JSON.stringify(lastError)}\n${functions.output()}`);
  const registered = emulator.registeredIdentities();
  assert.equal(registered.length, 1);
  assert.match(registered[0], /^[A-Z][a-z]+[A-Z][a-z]+\d{4}$/, 'the random identity the Function gave');
});

test('a TOTP factor enrolled through the verify Function is verified by <totp-verify>', async () => {
  const identity = `functions-${Date.now()}`;
  // Enrolment from the page, cross-origin like a site calling its *.twil.io service.
  const enrolled = await page.evaluate(async ([url, identity]) => {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'enroll', identity }) });
    return { status: r.status, body: await r.json() };
  }, [`${functions.url}/verify`, identity]);
  assert.equal(enrolled.status, 201);
  assert.match(enrolled.body.factorSid, /^YF[0-9a-f]{32}$/);
  await page.evaluate(([identity, factorSid]) => {
    const totp = document.getElementById('totp');
    totp.setAttribute('identity', identity);
    totp.setAttribute('factor-sid', factorSid);
  }, [identity, enrolled.body.factorSid]);
  await page.locator('#totp [part="input"]').fill(totpCode(enrolled.body.secret));
  await page.locator('#totp [part="button"]').click();
  await page.waitForFunction(() => ['verified', 'incorrect', 'error', 'not-found'].includes(document.getElementById('totp').getAttribute('outcome')), null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.getElementById('totp').getAttribute('outcome')), 'verified');
  assert.deepEqual(pageErrors, []);
});
