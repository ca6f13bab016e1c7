// The Twilio Functions example (examples/twilio-functions: functions/token.js, verify.js and
// the private session.private.js) as shipped, served by twilio-run (Twilio's Serverless local
// runtime, installed on demand: see test/support/twilio-run.mjs) in one warm process like a
// deployed container (`--no-fork-process`; forking loads the runtime and twilio-node again for
// every request, seconds each on a busy CI machine), its environment pointing at the emulator.
// The Functions act only for a signed session (SESSION_SECRET):
// - a page on another origin, in Chromium with the real SDK, uses the service the way a site
//   uses a deployed *.twil.io service: its own server signs the user in and hands the page a
//   signed session, which the phone sends as `Authorization: Bearer`; the phone reaches
//   `ready` with the Function's token, for that user;
// - a page served by the service itself (its assets) carries the session as a cookie: a TOTP
//   factor enrolled through the verify Function is verified by <totp-verify>, for that user;
// - no session, a forged one, or a body naming someone else is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { extname, join, normalize } from 'node:path';
import { startEmulator, DEFAULT_ACCOUNT as A } from '../../dist/emulator/index.js';
import { assertBuilt, launchChromium, totpCode } from './harness.mjs';
import { FUNCTIONS_EXAMPLE, ROOT, ensureTwilioRun, functionsDir, startTwilioRun } from '../support/twilio-run.mjs';

const { COOKIE, signSession } = createRequire(import.meta.url)(join(FUNCTIONS_EXAMPLE, 'functions', 'session.private.js'));
const SESSION_SECRET = randomBytes(32).toString('base64url');
const USER = `functions-${Date.now().toString(36)}`;

let emulator;
let pages;
let functions;
let folder;
let browser;
let page;
const pageErrors = [];

/** The site's page (another origin): the CDN bundle from dist/cdn, the token endpoint on the Functions service. */
function pageHtml(functionsUrl, signalingHost) {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Functions</title>
<script type="module" src="/cdn/twilio-widgets.js"></script>
<script type="module" src="/app.js"></script>
<twilio-phone id="phone" signaling-host="${signalingHost}"></twilio-phone>
<p id="who"></p>
</html>`;
}

/** The site's script: gets the signed session from its own server, hands it to the phone as a Bearer header. */
const APP_JS = (functionsUrl) => `
const { identity, session } = await (await fetch('/functions-session')).json();
const phone = document.getElementById('phone');
phone.tokenRequest = { headers: { authorization: 'Bearer ' + session } };
phone.tokenUrl = '${functionsUrl}/token';
document.getElementById('who').textContent = identity;
`;

/** A page served by the Functions service itself: same origin, so the session is a cookie. (No favicon: twilio-run redirects /favicon.ico to twilio.com.) */
const ASSET_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Functions (same origin)</title>
<link rel="icon" href="data:,">
<script type="module" src="/cdn/twilio-widgets.js"></script>
<totp-verify id="totp" verify-url="/verify"></totp-verify>
</html>`;

before(async () => {
  assertBuilt();
  const cli = await ensureTwilioRun();
  emulator = await startEmulator({ port: 0 });
  // The site: its sign-in is out of scope here; this user is signed in, and the site's server
  // signs a session for the Functions with the secret it shares with them.
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
    if (path === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(APP_JS(functions.url));
      return;
    }
    if (path === '/functions-session') {
      res
        .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify({ identity: USER, session: signSession(USER, SESSION_SECRET) }));
      return;
    }
    const file = normalize(join(ROOT, 'dist', path));
    if (path.startsWith('/cdn/') && file.startsWith(join(ROOT, 'dist', 'cdn'))) {
      try {
        res.writeHead(200, { 'content-type': extname(file) === '.js' ? 'text/javascript' : 'audio/mpeg' }).end(await readFile(file));
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
      SESSION_SECRET,
      CORS_ORIGINS: origin,
      TWILIO_EMULATOR_URL: emulator.url,
    },
  });
  // The same-origin page and the CDN bundle as assets of the service.
  mkdirSync(join(folder.dir, 'assets'), { recursive: true });
  writeFileSync(join(folder.dir, 'assets', 'index.html'), ASSET_PAGE);
  cpSync(join(ROOT, 'dist', 'cdn'), join(folder.dir, 'assets', 'cdn'), { recursive: true });
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

/** A request to the Functions service from Node: `{status, json}`. */
async function fn(path, { method = 'POST', headers = {}, body } = {}) {
  const r = await fetch(`${functions.url}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: r.status, json: await r.json().catch(() => null) };
}
const bearer = (identity, secret = SESSION_SECRET, ttl) => ({ authorization: `Bearer ${signSession(identity, secret, ttl)}` });

test('without a good session the Functions refuse: 401, and no token', async () => {
  const forged = signSession('victim', SESSION_SECRET).replace(/^victim/, 'mallor');
  for (const headers of [
    {},
    bearer('victim', randomBytes(32).toString('base64url')),
    { authorization: `Bearer ${forged}` },
    bearer('victim', SESSION_SECRET, -60),
    { cookie: `${COOKIE}=victim` },
  ]) {
    const token = await fn('/token', { headers, body: { identity: 'victim' } });
    assert.equal(token.status, 401, JSON.stringify(headers));
    assert.equal(token.json?.token, undefined);
    assert.equal((await fn('/verify', { headers, body: { action: 'enroll', identity: 'victim' } })).status, 401, JSON.stringify(headers));
  }
});

test('a session for one user never acts for another: the token is theirs, a body naming someone else gets 403', async () => {
  const token = await fn('/token?identity=victim', { headers: bearer('alice'), body: { identity: 'victim' } });
  assert.equal(token.status, 200, JSON.stringify(token.json));
  assert.equal(token.json.identity, 'alice');
  assert.equal(JSON.parse(Buffer.from(token.json.token.split('.')[1], 'base64url')).grants.identity, 'alice');
  const cookieToken = await fn('/token', { headers: { cookie: `${COOKIE}=${signSession('alice', SESSION_SECRET)}` } });
  assert.equal(cookieToken.json?.identity, 'alice');
  const victim = await fn('/verify', { headers: bearer('alice'), body: { action: 'enroll', identity: 'victim' } });
  assert.equal(victim.status, 403, JSON.stringify(victim.json));
});

test('cross-origin: the phone reaches ready with a token from the token Function, for the signed-in user', async () => {
  await page.waitForFunction(() => customElements.get('twilio-phone') && document.getElementById('phone').tokenUrl);
  await page.evaluate(() => document.getElementById('phone').start());
  await page.waitForFunction(() => ['ready', 'error', 'bad-credentials'].includes(document.getElementById('phone').state), null, { timeout: 30_000 });
  const { state, lastError } = await page.evaluate(() => {
    const phone = document.getElementById('phone');
    return { state: phone.state, lastError: phone.lastError };
  });
  assert.equal(state, 'ready', `phone ended in ${state}: ${JSON.stringify(lastError)}\n${functions.output()}`);
  assert.deepEqual(emulator.registeredIdentities(), [USER], 'the identity of the session the site signed');
  await page.evaluate(() => document.getElementById('phone').stop());
  assert.deepEqual(pageErrors, []);
});

test('same origin: a TOTP factor enrolled through the verify Function (session cookie) is verified by <totp-verify>', async () => {
  const context = page.context();
  // As the user's sign-in would set it. (A Secure cookie for http://localhost: Chromium treats
  // localhost as a secure origin and sends it; DevTools only takes it with an https URL.)
  await context.addCookies([
    {
      name: COOKIE,
      value: signSession(USER, SESSION_SECRET),
      url: functions.url.replace(/^http:/, 'https:'),
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
    },
  ]);
  const same = await context.newPage();
  same.on('pageerror', (e) => pageErrors.push(e.message));
  same.on('console', (m) => m.type() === 'error' && pageErrors.push(`console: ${m.text()} ${m.location().url}`));
  await same.goto(`${functions.url}/index.html`);
  await same.waitForFunction(() => customElements.get('totp-verify'));
  // Enrolment from the page: no identity in the body, the Function takes the session's.
  const enrolled = await same.evaluate(async () => {
    const r = await fetch('/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'enroll' }) });
    return { status: r.status, body: await r.json() };
  });
  assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
  assert.equal(enrolled.body.identity, USER);
  assert.match(enrolled.body.factorSid, /^YF[0-9a-f]{32}$/);
  await same.evaluate((factorSid) => document.getElementById('totp').setAttribute('factor-sid', factorSid), enrolled.body.factorSid);
  await same.locator('#totp [part="input"]').fill(totpCode(enrolled.body.secret));
  await same.locator('#totp [part="button"]').click();
  await same.waitForFunction(() => ['verified', 'incorrect', 'error', 'not-found'].includes(document.getElementById('totp').getAttribute('outcome')), null, {
    timeout: 30_000,
  });
  assert.equal(await same.evaluate(() => document.getElementById('totp').getAttribute('outcome')), 'verified');
  await same.close();
  assert.deepEqual(pageErrors, []);
});
