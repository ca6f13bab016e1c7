// A server-rendered sign-in page, the way Rails, Django, Laravel or PHP write
// one: `<form method="post">` with a CSRF field and `<totp-verify name="code">`,
// the library's script tag and no script of its own. A tiny real HTTP server
// renders it, takes the urlencoded POST, checks the code with Twilio Verify
// (the emulator, through twilio-node: a challenge on a verified factor) and
// renders its answer: a signed-in page, or the form again with
// `outcome="incorrect"`. Chromium types, presses Enter, clicks, and fills a
// page-owned `<input slot="input">` the way autofill does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import twilio from 'twilio';
import { ROOT, assertBuilt, launchChromium, totpCode } from './harness.mjs';
import { readText } from '../support/verify-routes.mjs';

const IDENTITY = `form-${Date.now().toString(36)}`;
const CSRF = 'csrf-6f1d2a';

let emulator;
let verify; // the Verify service of twilio-node, pointed at the emulator
let factorSid = '';
let secret = '';
let server;
let baseUrl = '';
/** Every POST /signin the server took: `{contentType, fields}`. */
const posts = [];
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
const pageErrors = [];

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The sign-in page. `variant`: `plain` (the element's own input and button), `own-button` (the page's button), `autofill` (a page-owned input, autosubmit). */
function signInPage({ variant = 'plain', outcome = '' } = {}) {
  const outcomeAttr = outcome ? ` outcome="${escapeHtml(outcome)}"` : '';
  const field =
    variant === 'autofill'
      ? `<totp-verify name="code" required autosubmit${outcomeAttr}>
           <input slot="input" autocomplete="one-time-code" inputmode="numeric" maxlength="6">
         </totp-verify>`
      : `<totp-verify name="code" required${outcomeAttr}></totp-verify>`;
  const ownButton =
    variant === 'own-button' ? '<style>totp-verify::part(button) { display: none; }</style><button type="submit" id="sign-in">Sign in</button>' : '';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Two-step sign-in</title>
    <script type="module" src="/cdn/twilio-widgets.js"></script>
  </head>
  <body>
    <main>
      <h1>Enter your code</h1>
      <form method="post" action="/signin?variant=${variant}">
        <input type="hidden" name="csrf" value="${CSRF}">
        ${field}
        ${ownButton}
      </form>
    </main>
  </body>
</html>`;
}

const signedInPage = (who) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signed in</title></head>
<body><main><h1 id="result">Signed in as ${escapeHtml(who)}</h1></main></body></html>`;

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

async function route(req, res) {
  const url = new URL(req.url ?? '/', 'http://app');
  const variant = url.searchParams.get('variant') ?? 'plain';
  if (url.pathname.startsWith('/cdn/')) {
    const name = url.pathname.slice('/cdn/'.length);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\.js$/.test(name)) return send(res, 404, 'text/plain', 'not found');
    try {
      return send(res, 200, 'text/javascript', await readFile(join(ROOT, 'dist', 'cdn', name)));
    } catch {
      return send(res, 404, 'text/plain', 'not found');
    }
  }
  if (url.pathname === '/favicon.ico') return send(res, 204, 'text/plain', '');
  if (url.pathname !== '/signin') return send(res, 404, 'text/plain', 'not found');
  if (req.method === 'GET') return send(res, 200, 'text/html; charset=utf-8', signInPage({ variant }));
  if (req.method !== 'POST') return send(res, 405, 'text/plain', 'method not allowed');

  const contentType = req.headers['content-type'] ?? '';
  const fields = Object.fromEntries(new URLSearchParams(await readText(req)));
  posts.push({ contentType, fields });
  if (fields.csrf !== CSRF) return send(res, 403, 'text/plain', 'bad csrf');
  // What a sign-in backend does with the code: a challenge on the user's verified factor.
  let status;
  try {
    const challenge = await verify.entities(IDENTITY).challenges.create({ factorSid, authPayload: String(fields.code ?? '') });
    status = challenge.status;
  } catch (err) {
    status = `error ${err?.code ?? ''}`;
  }
  if (status === 'approved') return send(res, 200, 'text/html; charset=utf-8', signedInPage(IDENTITY));
  return send(res, 200, 'text/html; charset=utf-8', signInPage({ variant, outcome: status === 'pending' ? 'incorrect' : 'error' }));
}

before(async () => {
  assertBuilt();
  const { startEmulator, DEFAULT_ACCOUNT } = await import('../../dist/emulator/index.js');
  const { createEmulatorHttpClient } = await import('../../dist/server/index.js');
  emulator = await startEmulator({ port: 0 });
  const key = DEFAULT_ACCOUNT.apiKeys[0];
  const client = twilio(key.sid, key.secret, { accountSid: DEFAULT_ACCOUNT.accountSid, httpClient: createEmulatorHttpClient(emulator.url) });
  verify = client.verify.v2.services(DEFAULT_ACCOUNT.verifyServiceSid);
  // The user enrolled earlier: a verified TOTP factor.
  const created = await verify.entities(IDENTITY).newFactors.create({ friendlyName: IDENTITY, factorType: 'totp' });
  factorSid = created.sid;
  secret = created.binding.secret;
  const verified = await verify
    .entities(IDENTITY)
    .factors(factorSid)
    .update({ authPayload: totpCode(secret) });
  assert.equal(verified.status, 'verified');

  server = createServer((req, res) => {
    route(req, res).catch((err) => {
      if (!res.headersSent) send(res, 500, 'text/plain', String(err?.message ?? err));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(`console: ${m.text()}`));
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  await emulator?.stop();
});

/** A code that is not valid for any window the server accepts. */
function wrongCode() {
  const valid = new Set([-1, 0, 1].map((o) => totpCode(secret, o)));
  return ['000000', '111111', '222222', '333333'].find((c) => !valid.has(c));
}

async function open(variant) {
  await page.goto(`${baseUrl}/signin?variant=${variant}`);
  await page.waitForFunction(
    () => customElements.get('totp-verify') !== undefined && document.querySelector('totp-verify')?.shadowRoot?.querySelector('[part="button"]'),
  );
}

/** Runs `action`, which makes the browser post the form, and waits for the page the server answered with. */
async function expectPost(action) {
  const before = posts.length;
  await Promise.all([page.waitForEvent('load'), action()]);
  assert.equal(posts.length, before + 1, 'one POST reached the server');
  return posts.at(-1);
}

test('the page has no script of its own: only the library module', async () => {
  await open('plain');
  const scripts = await page.evaluate(() => [...document.scripts].map((s) => ({ src: s.getAttribute('src'), inline: s.textContent.trim().length > 0 })));
  assert.deepEqual(scripts, [{ src: '/cdn/twilio-widgets.js', inline: false }]);
  // The entry and the elements file it loads; neither the page-owned-input code nor the QR encoder
  // is downloaded by a page that does not use them.
  const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  assert.deepEqual(
    loaded.filter((p) => p.startsWith('/cdn/')),
    ['/cdn/twilio-widgets.js', '/cdn/twilio-widgets-elements.js'],
  );
});

test('Enter posts the code as a normal form field; a wrong code comes back as outcome="incorrect", shown by the element', async () => {
  await open('plain');
  const input = page.locator('totp-verify [part="input"]');
  const wrong = wrongCode();
  await input.click();
  await page.keyboard.type(wrong);
  const post = await expectPost(() => page.keyboard.press('Enter'));
  assert.match(post.contentType, /^application\/x-www-form-urlencoded/);
  assert.deepEqual(post.fields, { csrf: CSRF, code: wrong });

  // The server's answer: the same form, rendered with the outcome.
  await page.waitForFunction(() => document.querySelector('totp-verify')?.shadowRoot?.querySelector('[part="message"]')?.textContent);
  const shown = await page.evaluate(() => {
    const el = /** @type {any} */ (document.querySelector('totp-verify'));
    return {
      outcome: el.outcome,
      state: el.matches(':state(incorrect)'),
      message: el.shadowRoot.querySelector('[part="message"]').textContent,
      invalid: el.shadowRoot.querySelector('input').getAttribute('aria-invalid'),
    };
  });
  assert.deepEqual(shown, {
    outcome: 'incorrect',
    state: true,
    message: 'That code is not correct. Enter the current code from your authenticator app.',
    invalid: 'true',
  });

  // The user tries again on the answered page: the right code signs in.
  const right = totpCode(secret);
  await input.click();
  await page.keyboard.type(right);
  const ok = await expectPost(() => page.keyboard.press('Enter'));
  assert.deepEqual(ok.fields, { csrf: CSRF, code: right });
  assert.equal(await page.locator('#result').textContent(), `Signed in as ${IDENTITY}`);
});

test('required: an empty or partial code is stopped in the browser (no POST) and the element says why', async () => {
  await open('own-button');
  const before = posts.length;
  await page.locator('#sign-in').click();
  const message = () => page.locator('totp-verify [part="message"]').textContent();
  await page.waitForFunction(() => document.querySelector('totp-verify')?.shadowRoot?.querySelector('[part="message"]')?.textContent);
  assert.equal(await message(), 'Enter all 6 digits of the code.');
  await page.locator('totp-verify [part="input"]').fill('123');
  await page.locator('#sign-in').click();
  assert.equal(await page.evaluate(() => /** @type {any} */ (document.querySelector('totp-verify')).validity.patternMismatch), true);
  assert.equal(posts.length, before, 'nothing was posted');

  // The page's own button posts a complete code.
  await page.locator('totp-verify [part="input"]').fill(totpCode(secret));
  const post = await expectPost(() => page.locator('#sign-in').click());
  assert.deepEqual(Object.keys(post.fields).sort(), ['code', 'csrf']);
  assert.equal(await page.locator('#result').textContent(), `Signed in as ${IDENTITY}`);
});

test('a page-owned input filled like autofill (value + input event) submits on its own (autosubmit) and signs in', async () => {
  await open('autofill');
  const input = page.locator('totp-verify > input[slot="input"]');
  await page.waitForFunction(() => document.querySelector('totp-verify > input[slot="input"]')?.hasAttribute('aria-describedby'));
  const chunks = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname)
      .filter((p) => p.startsWith('/cdn/')),
  );
  assert.ok(
    chunks.some((p) => /^\/cdn\/light-input-[\w-]+\.js$/.test(p)),
    chunks.join(', '),
  );
  assert.equal(await input.getAttribute('autocomplete'), 'one-time-code');
  assert.equal(await input.getAttribute('aria-label'), 'Verification code');
  // Playwright's fill() sets the value and dispatches `input`, as password managers do.
  const code = totpCode(secret);
  const post = await expectPost(() => input.fill(code));
  // The page input has no name: the code is submitted once, under the element's name.
  assert.deepEqual(post.fields, { csrf: CSRF, code });
  assert.equal(await page.locator('#result').textContent(), `Signed in as ${IDENTITY}`);
  assert.deepEqual(pageErrors, []);
});
