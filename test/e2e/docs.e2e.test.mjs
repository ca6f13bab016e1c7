// The docs site, built as `npm run docs:build` builds it and served as `npm run docs` serves it
// (the demo server, emulator mode): every page in Chromium with no console error, no failed
// request and no axe violation; the live examples working against the emulator; the search;
// and the static checks of scripts/docs/check.mjs (links, anchors, API tables, citations).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { assertBuilt, launchChromium, startDemoServer, totpCode } from './harness.mjs';
import { assertAccessible } from './axe.mjs';
import { buildDocs, SITE } from '../../scripts/docs/build.mjs';
import { checkDocs, sitePages } from '../../scripts/docs/check.mjs';

let demo;
let browser;
let context;
let pages;

before(async () => {
  assertBuilt();
  await buildDocs();
  pages = sitePages();
  demo = await startDemoServer();
  browser = await launchChromium();
  context = await browser.newContext({ ignoreHTTPSErrors: true });
  await context.grantPermissions(['microphone'], { origin: demo.url });
});

after(async () => {
  await browser?.close();
  await demo?.stop();
});

/**
 * Records what goes wrong in `page` (console errors, page errors, failed requests, HTTP errors)
 * into `sink.problems`; `sink.next()` starts a new list for the next document.
 */
function watch(page) {
  const sink = {
    problems: [],
    pending: [],
    next() {
      sink.problems = [];
      sink.problems.settled = () => Promise.all(sink.pending);
      return sink.problems;
    },
  };
  sink.next();
  // The `problems` each request was sent under: leaving a page aborts what it still had on the way
  // (its sound downloads, say), and that is not the next page's doing.
  const sentUnder = new WeakMap();
  page.on('request', (r) => sentUnder.set(r, sink.problems));
  page.on('console', (m) => m.type() === 'error' && sink.problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => sink.problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    const into = sentUnder.get(r) ?? sink.problems;
    if (into !== sink.problems) return;
    // Chromium now and then reports a fetch of /token or /verify as ERR_ABORTED after its answer
    // arrived (the phone did reach ready, the code did verify): a request answered with a good
    // status is not a failed load. Anything else is.
    const answered = r.failure()?.errorText === 'net::ERR_ABORTED' && r.response().then((res) => !!res && res.status() < 400);
    sink.pending.push(
      Promise.resolve(answered).then((ok) => {
        if (!ok) into.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
      }),
    );
  });
  page.on('response', (r) => r.status() >= 400 && sink.problems.push(`HTTP ${r.status()}: ${r.url()}`));
  return sink;
}

/** Goes to a docs page in `page` and waits until its live examples are in and started (or, on a static host, say why not). */
async function visit(page, path, base = `${demo.url}/docs/`) {
  await page.goto(new URL(path, base).href);
  await page.waitForFunction(() =>
    [...document.querySelectorAll('figure.example')].every(
      (f) => 'ready' in f.dataset || !f.querySelector('.example-note')?.textContent?.startsWith('Loading'),
    ),
  );
}

/** A new tab on a page of the docs with everything that goes wrong in it recorded. */
async function open(path, base = `${demo.url}/docs/`, ctx = context) {
  const page = await ctx.newPage();
  const { problems } = watch(page);
  await visit(page, path, base);
  return { page, problems };
}

/** What went wrong, once the failed requests' checks are in (a plain copy, for `deepEqual`). */
async function settledProblems(problems) {
  await problems.settled();
  return [...problems];
}

/** Closes the page and asserts nothing went wrong before (requests the closing itself ends are not the page's doing). */
async function closeClean(page, problems, what) {
  const before = await settledProblems(problems);
  await page.close();
  assert.deepEqual(before, [], what);
}

test('the built site holds together: links, anchors, API tables, citations in the source', () => {
  assert.deepEqual(checkDocs(), []);
});

/**
 * Runs `check` on each of `items`, `width` lanes at a time (most of a page's time is its load and
 * its phones' round trips): with a new tab per page the site's 26 pages took 60 s one by one here,
 * 37 s two at a time (44 s three); in two tabs going from page to page, 22 s.
 */
async function eachAtATime(items, width, check) {
  const queue = [...items];
  const lane = async (n) => {
    while (queue.length) await check(queue.shift(), n);
  };
  await Promise.all(Array.from({ length: width }, (_, n) => lane(n)));
}

test('every page: no console error, no failed request, axe finds nothing', async () => {
  assert.ok(pages.length >= 20, `the site has its pages (${pages.length})`);
  // One tab per lane, going from page to page as a reader does: a new tab per page started a
  // renderer each time, and that (with axe compiled afresh in it) was three quarters of the
  // sweep's CPU time (102 → 29 CPU seconds here). Each page is still a new document.
  const lanes = await Promise.all(
    [0, 1].map(async () => {
      const page = await context.newPage();
      return { page, sink: watch(page) };
    }),
  );
  try {
    await eachAtATime(pages, lanes.length, async (path, n) => {
      const { page, sink } = lanes[n];
      const problems = sink.next();
      await visit(page, path);
      await assertAccessible(assert, page, `on ${path}`);
      // The page's autostart phones settle before it goes (leaving it mid-request would abort one);
      // none of them in `error` (the wrong-credentials example ends in `bad-credentials`, as it should).
      const settled = () => [...document.querySelectorAll('twilio-phone[autostart]')].map((p) => p.getAttribute('state'));
      await page.waitForFunction(
        (busy) => [...document.querySelectorAll('twilio-phone[autostart]')].every((p) => !busy.includes(p.getAttribute('state'))),
        ['idle', 'fetching-token', 'registering'],
        { timeout: 20_000 },
      );
      assert.ok(!(await page.evaluate(settled)).includes('error'), `a phone ended in error on ${path}`);
      assert.deepEqual(await settledProblems(problems), [], `on ${path}`);
    });
  } finally {
    await Promise.all(lanes.map(({ page }) => page.close()));
  }
});

test('<twilio-phone> page: the phone reaches ready and an echo call connects', async () => {
  const { page, problems } = await open('elements/twilio-phone.html');
  await page.waitForSelector('#phone-basic[state="ready"]', { timeout: 20_000 });
  await page.waitForSelector('#phone-events[state="ready"]', { timeout: 20_000 });
  await page.waitForSelector('#phone-wrong[state="bad-credentials"]', { timeout: 20_000 });
  // The example's listener writes the log when the event arrives; the state attribute can be reflected first.
  await page.waitForFunction(() => document.getElementById('phone-wrong-log').textContent.startsWith('bad-credentials'), null, { timeout: 5_000 });
  assert.match(await page.locator('#phone-wrong-log').innerText(), /^bad-credentials from twilio: 3120\d /);
  await page.click('#phone-events-call');
  await page.waitForFunction(() => document.getElementById('phone-events-log').textContent.includes('call: connected'), null, { timeout: 20_000 });
  assert.match(await page.locator('#phone-basic-state').innerText(), /Phone state: ready/);
  await page.click('#phone-events-hangup');
  await page.waitForFunction(() => document.getElementById('phone-events-log').textContent.includes('call: ended'));
  await closeClean(page, problems);
});

test('<device-status> page: the linked badge shows the phone ready', async () => {
  const { page, problems } = await open('elements/device-status.html');
  await page.waitForSelector('#status-phone[state="ready"]', { timeout: 20_000 });
  await page.waitForFunction(() => document.getElementById('status-linked').shadowRoot.querySelector('[part="label"]')?.textContent.includes('Ready'));
  assert.match(await page.locator('#status-error [part="detail"]').innerText(), /20101/);
  await closeClean(page, problems);
});

/** Enrols with the `<totp-enroll>` of `id`: its QR code drawn, its first code verified; resolves with the key. */
async function enrol(page, id) {
  await page.locator(`#${id} [part="start-button"]`).click();
  await page.waitForSelector(`#${id} svg[part="qr"] path`);
  assert.ok(((await page.locator(`#${id} svg[part="qr"] path`).getAttribute('d')) ?? '').length > 100, 'the QR code is drawn');
  const secret = (await page.locator(`#${id} [part="secret"]`).innerText()).replace(/\s+/g, '');
  assert.match(secret, /^[A-Z2-7]{16,}$/);
  await page.locator(`#${id} totp-verify [part="input"]`).fill(totpCode(secret));
  await page.locator(`#${id} totp-verify [part="button"]`).click();
  await page.waitForFunction((el) => document.getElementById(el).getAttribute('state') === 'verified', id);
  return secret;
}

test('<totp-enroll> page: enrolment draws its QR code and the first code verifies', async () => {
  const { page, problems } = await open('elements/totp-enroll.html');
  await enrol(page, 'enroll-basic');
  await page.waitForFunction(() => document.getElementById('enroll-basic-log').textContent.includes('verified YF'));
  await closeClean(page, problems);
});

test('<totp-verify> page: a TOTP code verifies against the factor enrolled there, and the form control submits its code', async () => {
  const { page, problems } = await open('elements/totp-verify.html');
  const secret = await enrol(page, 'verify-enroll');
  await page.waitForFunction(() => !document.getElementById('verify-basic').disabled);
  await page.locator('#verify-basic [part="input"]').fill(totpCode(secret));
  await page.waitForFunction(() => document.getElementById('verify-basic-log').textContent.includes('outcome: verified'));
  // The form-control variation: the code goes with its form.
  await page.locator('#verify-form totp-verify [part="input"]').fill('123456');
  await page.locator('#verify-form > button').click();
  assert.equal(await page.locator('#verify-form-log').innerText(), 'would post code=123456');
  await closeClean(page, problems);
});

test('the search finds an element by its name', async () => {
  const { page, problems } = await open('index.html');
  await page.fill('#search-input', 'device-status');
  const hit = page.locator('#search-results a[href$="elements/device-status.html"]');
  await hit.first().waitFor();
  await hit.first().click();
  await page.waitForURL(/elements\/device-status\.html$/);
  await closeClean(page, problems);
});

test('on a static host the examples that need a server say so, and show their code', async () => {
  const TYPES = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.json': 'application/json',
    '.png': 'image/png',
    '.svg': 'image/svg+xml',
  };
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/favicon.ico') return res.writeHead(204).end();
    try {
      const body = await readFile(join(SITE, path.endsWith('/') ? `${path}index.html` : path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const ctx = await browser.newContext();
  try {
    const { page, problems } = await open('elements/twilio-phone.html', `http://127.0.0.1:${server.address().port}/`, ctx);
    assert.match(await page.locator('#example-twilio-phone-basic .example-note').innerText(), /needs a token and a verify endpoint: run `npm run docs`/);
    assert.equal(await page.locator('twilio-phone').count(), 0, 'no phone that would ask for a token');
    assert.match(await page.locator('#example-twilio-phone-basic pre[data-lang="html"]').innerText(), /<twilio-phone id="phone-basic"/);
    const states = await open('elements/device-status.html', `http://127.0.0.1:${server.address().port}/`, ctx);
    assert.match(await states.page.locator('#status-error [part="detail"]').innerText(), /20101/, 'an example without a server still runs');
    assert.deepEqual([...problems, ...states.problems], []);
  } finally {
    await ctx.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
