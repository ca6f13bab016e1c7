// Background tabs (issue 19), in Chromium against the emulator: a page frozen longer than the
// gateway's stale time misses calls (twilio-voice.js issue #444, reproduced with the plain SDK),
// and <twilio-phone> notices, reports `offline`, re-registers and is reachable again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertBuilt } from './harness.mjs';
import { freeze, launchBrowser, startBackgroundServer, waitForEmulator, waitForLog } from './background-harness.mjs';

const HEARTBEAT_MS = 200;
const STALE_MS = 800;
const NO_ANSWER_MS = 400;

let server;
let browser;
const pageErrors = [];

before(async () => {
  assertBuilt();
  server = await startBackgroundServer({ heartbeatMs: HEARTBEAT_MS, staleAfterMs: STALE_MS, noAnswerMs: NO_ANSWER_MS });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  assert.deepEqual(pageErrors, []);
});

async function openPage(query) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(`console: ${m.text()}`));
  await page.goto(`${server.url}/page.html?${query}`);
  return page;
}

const registration = (identity) => server.emulator.registrations().find((r) => r.identity === identity);
const whenStale = (identity) => waitForEmulator(server, () => registration(identity)?.stale, `${identity} to turn stale`);

/** Rings `identity` from the emulator and waits for the call to end or to be rung in the page. */
async function ringAndSettle(identity) {
  const call = await server.emulator.ring({ to: `client:${identity}` });
  const ended = await waitForEmulator(server, (emu) => {
    const c = emu.call(call.callSid);
    return c.state !== 'ringing' && c;
  }, `call ${call.callSid} to end`);
  return ended;
}

test('issue #444 reproduced: a plain SDK page frozen past the stale time misses a call and still says registered', async () => {
  const page = await openPage('mode=sdk&identity=plain-444');
  await waitForLog(page, { type: 'sdk-ready' });
  const { result: missed } = await freeze(page, async () => {
    await whenStale('plain-444');
    return ringAndSettle('plain-444');
  });
  assert.equal(missed.state, 'no-answer', 'the caller heard no answer');
  assert.equal(missed.error?.code, 31480);
  // The page runs again: the SDK answered the queued heartbeats and noticed nothing.
  const seen = await page.evaluate(() => ({ state: window.device.state, events: window.log.map((e) => e.type) }));
  assert.equal(seen.state, 'registered');
  assert.deepEqual(seen.events.filter((t) => t !== 'registered' && t !== 'sdk-ready'), [], 'no unregistered, error or incoming event');
  assert.equal(registration('plain-444').stale, true, 'the gateway still holds it stale');
  // And a call right after the resume is missed too, until the SDK's own 30 s re-register.
  const after = await ringAndSettle('plain-444');
  assert.equal(after.state, 'no-answer');
  await page.close();
});
