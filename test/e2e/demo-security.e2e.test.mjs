// The demo server secure by default (issue 22): every page and asset answers with the same
// security headers (a strict CSP without 'unsafe-inline' or 'unsafe-eval', frame-ancestors
// 'none', HSTS, nosniff, no referrer, COOP, a Permissions-Policy for the microphone), each
// page runs in Chromium with zero CSP violations and zero console errors, and /token and
// /verify act only for the user of the signed session cookie: no session, a forged, tampered,
// expired or foreign cookie → 401; a session for alice never yields anything for `victim`,
// whatever the query or the body say.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { randomBytes } from 'node:crypto';
import { assertBuilt, launchChromium, startDemoServer } from './harness.mjs';
import { SESSION_COOKIE, sessionKey, signSession } from '../../demo/session.mjs';

const SECRET = randomBytes(24).toString('base64'); // 32 characters: DEMO_SESSION_SECRET
const KEY = sessionKey(SECRET);

/** @type {Awaited<ReturnType<typeof startDemoServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  assertBuilt();
  server = await startDemoServer({ DEMO_SESSION_SECRET: SECRET });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  const exit = await server?.stop();
  assert.equal(exit, 0, `demo server did not stop cleanly:\n${server?.output()}`);
});

/** One HTTPS request to the demo server: `{status, headers, text, json}`. */
function call(method, path, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, headers, rejectUnauthorized: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const postJson = (path, body, headers = {}) => call('POST', path, { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const cookieOf = (value) => ({ cookie: `${SESSION_COOKIE}=${value}` });

/** Signs in as `name`; returns the Cookie header that carries the session. */
async function signInAs(name) {
  const r = await postJson('/session', { name });
  assert.equal(r.status, 200, r.text);
  const set = [r.headers['set-cookie']].flat()[0] ?? '';
  return { cookie: set.split(';')[0] };
}

const jwtPayload = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

// ------------------------------------------------------------------ headers

const PAGES = ['/', '/index.html', '/csp.html', '/i18n.html', '/frameworks/plain.html', '/frameworks/react.html', '/frameworks/vue.html'];
const ASSETS = [
  '/demo.js',
  '/demo.css',
  '/csp.js',
  '/i18n.js',
  '/frameworks/common.js',
  '/frameworks/plain.js',
  '/frameworks/frameworks.css',
  '/frameworks/react.js',
  '/frameworks/vue.js',
  '/cdn/twilio-widgets.js',
  '/cdn/sounds/incoming.mp3',
  '/config.json',
  '/session',
  '/token',
  '/nowhere',
];

/** The directives of a CSP header: name → sources. */
function parseCsp(header) {
  const map = new Map();
  for (const part of String(header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) {
      assert.ok(!map.has(name), `directive ${name} given twice in ${header}`);
      map.set(name, sources);
    }
  }
  return map;
}

function assertSecurityHeaders(path, headers) {
  const csp = headers['content-security-policy'];
  assert.ok(csp, `${path}: no Content-Security-Policy`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval|\*/, `${path}: ${csp}`);
  const d = parseCsp(csp);
  const exactly = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'require-trusted-types-for': ["'script'"],
  };
  for (const [name, sources] of Object.entries(exactly)) assert.deepEqual(d.get(name), sources, `${path}: ${name} in ${csp}`);
  for (const name of ['img-src', 'media-src']) assert.ok(d.get(name)?.[0] === "'self'", `${path}: ${name} in ${csp}`);
  assert.equal(headers['strict-transport-security'], 'max-age=31536000', path);
  assert.equal(headers['x-content-type-options'], 'nosniff', path);
  assert.equal(headers['referrer-policy'], 'no-referrer', path);
  assert.equal(headers['cross-origin-opener-policy'], 'same-origin', path);
  assert.equal(headers['x-frame-options'], 'DENY', path);
  assert.match(headers['permissions-policy'] ?? '', /(^|, )microphone=\(self\)(,|$)/, path);
  return d;
}

describe('security headers', () => {
  test('every page answers with the strict CSP and the other security headers', async () => {
    for (const path of PAGES) {
      const r = await call('GET', path);
      assert.equal(r.status, 200, path);
      assert.match(r.headers['content-type'], /^text\/html/, path);
      assert.equal(r.headers['cache-control'], 'no-cache', path);
      const d = assertSecurityHeaders(path, r.headers);
      // No inline script or style, no inline event handler: the CSP would block them.
      assert.doesNotMatch(r.text, /<script(?![^>]*\bsrc=)[^>]*>/i, `${path}: inline <script>`);
      assert.doesNotMatch(r.text, /<style[\s>]|\sstyle=|\son[a-z]+=/i, `${path}: inline style or handler`);
      // /csp.html: the same and stricter still (only Lit's Trusted Types policy may be created).
      if (path === '/csp.html') assert.deepEqual(d.get('trusted-types'), ['lit-html']);
      else assert.equal(d.has('trusted-types'), false, path);
    }
  });

  test('every asset and JSON answer carries them too (also 401, 404 and HEAD)', async () => {
    for (const path of ASSETS) {
      const r = await call('GET', path);
      assert.ok([200, 401, 404].includes(r.status), `${path}: ${r.status}`);
      assertSecurityHeaders(path, r.headers);
    }
    assertSecurityHeaders('HEAD /', (await call('HEAD', '/')).headers);
    assertSecurityHeaders('POST /verify', (await postJson('/verify', { action: 'enroll' })).headers);
  });
});

// ------------------------------------------------------------------ sessions

describe('sign-in', () => {
  test('POST /session sets a __Host- cookie: HttpOnly, Secure, SameSite=Strict, Path=/; GET answers who; DELETE signs out', async () => {
    const r = await postJson('/session', { name: 'alice' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { identity: 'alice' });
    const set = [r.headers['set-cookie']].flat();
    assert.equal(set.length, 1);
    const [pair, ...attrs] = set[0].split('; ');
    assert.match(pair, /^__Host-demo-session=alice\.\d+\.[A-Za-z0-9_-]{43}$/);
    for (const a of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/']) assert.ok(attrs.includes(a), `${a} in ${set[0]}`);
    assert.ok(!attrs.some((a) => /^Domain=/i.test(a)), set[0]);

    const who = await call('GET', '/session', { headers: { cookie: pair } });
    assert.equal(who.status, 200);
    assert.deepEqual(who.json, { identity: 'alice' });

    const out = await call('DELETE', '/session', { headers: { cookie: pair } });
    assert.equal(out.status, 200);
    assert.match([out.headers['set-cookie']].flat()[0], /^__Host-demo-session=; Max-Age=0; /);
  });

  test('sign-in refuses bad names, other content types (CSRF), other origins and big bodies', async () => {
    for (const name of ['', '-x', 'a b', 'a'.repeat(65), 'client:alice', 42, null]) {
      const r = await postJson('/session', { name });
      assert.equal(r.status, 400, `${JSON.stringify(name)}: ${r.text}`);
      assert.equal(r.headers['set-cookie'], undefined);
    }
    // What a cross-site form can send: urlencoded or text/plain. Refused, no cookie.
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const r = await call('POST', '/session', { headers: { 'content-type': type }, body: type.startsWith('text') ? '{"name":"mallory"}' : 'name=mallory' });
      assert.equal(r.status, 415, type);
      assert.equal(r.headers['set-cookie'], undefined, type);
    }
    const cross = await postJson('/session', { name: 'mallory' }, { origin: 'https://evil.example' });
    assert.equal(cross.status, 403);
    assert.equal(cross.headers['set-cookie'], undefined);
    const same = await postJson('/session', { name: 'alice' }, { origin: server.url });
    assert.equal(same.status, 200, same.text);
    const big = await postJson('/session', { name: 'alice', pad: 'x'.repeat(5000) });
    assert.equal(big.status, 413);
    const notJson = await call('POST', '/session', { headers: { 'content-type': 'application/json' }, body: '{name' });
    assert.equal(notJson.status, 400);
    assert.equal((await call('PUT', '/session')).status, 405);
  });

  test('GET /session without a session is 401', async () => {
    const r = await call('GET', '/session');
    assert.equal(r.status, 401);
    assert.deepEqual(r.json, { code: 401, message: 'Sign in first', status: 401 });
  });
});

describe('/token and /verify act only for the signed-in user', () => {
  test('without a session: 401 {code, message: "Sign in first", status}, and no token', async () => {
    for (const path of ['/token', '/token?identity=victim', '/token?credentials=wrong', '/token?app=sample']) {
      const r = await call('GET', path);
      assert.equal(r.status, 401, path);
      assert.deepEqual(r.json, { code: 401, message: 'Sign in first', status: 401 }, path);
    }
    const post = await postJson('/token', { identity: 'victim' });
    assert.equal(post.status, 401);
    for (const body of [
      { action: 'enroll' },
      { action: 'enroll', identity: 'victim' },
      { action: 'verify-factor', identity: 'victim', factorSid: `YF${'0'.repeat(32)}`, code: '123456' },
    ]) {
      const r = await postJson('/verify', body);
      assert.equal(r.status, 401, JSON.stringify(body));
      assert.equal(r.json.message, 'Sign in first');
    }
  });

  test('a forged, tampered, expired or foreign cookie is no session: 401', async () => {
    const { cookie } = await signInAs('alice');
    const value = cookie.split('=')[1];
    const [name, expires, mac] = value.split('.');
    const forged = {
      'name swapped': `victim.${expires}.${mac}`,
      'expiry pushed back': `${name}.${Number(expires) + 86_400}.${mac}`,
      'MAC changed': `${name}.${expires}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`,
      'no MAC': `${name}.${expires}`,
      'signed with another key': signSession('victim', randomBytes(32)),
      'expired (right key)': signSession('victim', KEY, { now: Date.now() - 9 * 3600_000 }),
      'just a name': 'victim',
      empty: '',
    };
    for (const [what, v] of Object.entries(forged)) {
      const token = await call('GET', '/token', { headers: cookieOf(v) });
      assert.equal(token.status, 401, `${what}: ${token.text}`);
      assert.equal(token.json.message, 'Sign in first', what);
      const verify = await postJson('/verify', { action: 'enroll' }, cookieOf(v));
      assert.equal(verify.status, 401, `${what}: ${verify.text}`);
    }
    // The same key signs a good one: the server's check is the MAC and the expiry, nothing else.
    const minted = await call('GET', '/token', { headers: cookieOf(signSession('carol', KEY)) });
    assert.equal(minted.status, 200, minted.text);
    assert.equal(minted.json.identity, 'carol');
    // And a cookie of another name (not __Host-) is ignored.
    assert.equal((await call('GET', '/token', { headers: { cookie: `demo-session=${value}` } })).status, 401);
  });

  test("?identity=victim with alice's session: the token is alice's (also with credentials=wrong and app=sample)", async () => {
    const alice = await signInAs('alice');
    for (const path of ['/token?identity=victim', '/token?credentials=wrong&identity=victim', '/token?app=sample&identity=victim']) {
      const r = await call('GET', path, { headers: alice });
      assert.equal(r.status, 200, `${path}: ${r.text}`);
      assert.equal(r.json.identity, 'alice', path);
      assert.equal(jwtPayload(r.json.token).grants.identity, 'alice', path);
    }
    const post = await postJson('/token', { identity: 'victim' }, alice);
    assert.equal(post.status, 200, post.text);
    assert.equal(jwtPayload(post.json.token).grants.identity, 'alice');
  });

  test("a verify body identity of victim with alice's session is refused; without one it acts for alice", async () => {
    const alice = await signInAs('alice');
    const victim = await postJson('/verify', { action: 'enroll', identity: 'victim' }, alice);
    assert.equal(victim.status, 403, victim.text);
    assert.equal(victim.json.factorSid, undefined);
    const same = await postJson('/verify', { action: 'enroll', identity: 'alice' }, alice);
    assert.ok(same.status === 201 || same.status === 200, same.text);
    assert.equal(same.json.identity, 'alice');
    const none = await postJson('/verify', { action: 'enroll' }, alice);
    assert.ok(none.status === 201 || none.status === 200, none.text);
    assert.equal(none.json.identity, 'alice');
    // The factor is alice's: victim cannot answer it, alice can name it.
    const asVictim = await postJson('/verify', { action: 'verify-factor', identity: 'victim', factorSid: none.json.factorSid, code: '123456' }, alice);
    assert.equal(asVictim.status, 403, asVictim.text);
  });

  test('after signing out, the cookie the browser drops no longer matters and a fresh request is 401', async () => {
    const bob = await signInAs('bob');
    assert.equal((await call('GET', '/token', { headers: bob })).status, 200);
    const out = await call('DELETE', '/session', { headers: bob });
    const cleared = [out.headers['set-cookie']].flat()[0].split(';')[0];
    assert.equal((await call('GET', '/token', { headers: { cookie: cleared } })).status, 401);
  });
});

// ------------------------------------------------------------------ pages in Chromium

describe('pages in Chromium', () => {
  /** @type {import('playwright-core').BrowserContext} */
  let context;
  before(async () => {
    context = await browser.newContext({ ignoreHTTPSErrors: true });
    await context.grantPermissions(['microphone'], { origin: server.url });
    // Before any page script: record every violation the page reports.
    await context.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
      );
    });
  });
  after(() => context?.close());

  const READY = {
    '/csp.html': () => document.getElementById('phone')?.tokenUrl === '/token',
  };
  const ready = () => document.body.hasAttribute('data-ready');

  for (const path of ['/', '/csp.html', '/i18n.html', '/frameworks/plain.html', '/frameworks/react.html', '/frameworks/vue.html']) {
    test(`${path}: signs in, the phone reaches ready, zero CSP violations, zero console errors`, async () => {
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' || /Content.Security.Policy|Trusted Type|Permissions.Policy/i.test(m.text()))
          problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} ${r.url()}`));
      try {
        const name = `sec-${path.replace(/\W+/g, '') || 'main'}`;
        const res = await page.goto(`${server.url}${path}?identity=${name}`);
        assert.equal(res?.status(), 200);
        await page.waitForFunction(READY[path] ?? ready, null, { timeout: 20_000 });
        const session = await page.evaluate(async () => (await (await fetch('/session')).json()).identity);
        assert.equal(session, name);
        assert.equal(
          await page.evaluate(() => document.querySelector('twilio-phone').tokenUrl ?? document.querySelector('twilio-phone').getAttribute('token-url')),
          '/token',
        );
        // The session cookie is HttpOnly: the page's script cannot read it.
        assert.doesNotMatch(await page.evaluate(() => document.cookie), /demo-session/);
        await page.evaluate(() => document.querySelector('twilio-phone').start());
        await page.waitForFunction(() => document.querySelector('twilio-phone').state === 'ready', null, { timeout: 20_000 });
        // Vue and React rendered their parts (no template compiled in the page).
        if (path.startsWith('/frameworks/')) assert.match(await page.locator('#fw-rendered-by').innerText(), /plain DOM|React|Vue/);
        await page.waitForTimeout(300);
        assert.deepEqual(await page.evaluate(() => window.__violations), [], `${path}: CSP violations`);
        assert.deepEqual(problems, [], `${path}: console errors`);
        await page.evaluate(() => document.querySelector('twilio-phone').stop());
      } finally {
        await page.close();
      }
    });
  }

  test('an inline script injected into a page is blocked (the CSP is enforced, not just sent)', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/?identity=sec-inline`);
      await page.waitForFunction(() => document.body.hasAttribute('data-ready'));
      const ran = await page.evaluate(async () => {
        window.__inlineRan = false;
        try {
          const s = document.createElement('script');
          s.textContent = 'window.__inlineRan = true'; // Trusted Types refuses a plain string here
          document.body.append(s); // and script-src 'self' an inline script
        } catch {
          // refused
        }
        await new Promise((r) => setTimeout(r, 100));
        return window.__inlineRan;
      });
      assert.equal(ran, false);
      assert.ok((await page.evaluate(() => window.__violations)).length > 0, 'the attempt was reported');
    } finally {
      await page.close();
    }
  });
});
