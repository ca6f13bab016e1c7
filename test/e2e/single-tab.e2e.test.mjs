// `single-tab` (issue 15 item 4), with two pages of one browser context against the emulator:
// only the leader (the tab holding the identity's Web Lock) registers, the other stands by and
// offers to take over (keyboard and screen reader friendly), closing, reloading or stopping the
// leader hands over, and a call rings in exactly one tab. The checks count registrations at the
// gateway, so they hold whether it rings one device per identity or every registered one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertBuilt } from './harness.mjs';
import { assertAccessible } from './axe.mjs';
import { launchBrowser, startBackgroundServer, waitForEmulator, waitForLog } from './background-harness.mjs';

let server;
let browser;
let context;
const pageErrors = [];
const handovers = [];

before(async () => {
  assertBuilt();
  server = await startBackgroundServer({ noAnswerMs: 1000 });
  browser = await launchBrowser();
  context = await browser.createBrowserContext();
});

after(async () => {
  if (handovers.length) console.log(`# single-tab handover (leader gone → other tab ready): ${handovers.map(([what, ms]) => `${what} ${ms} ms`).join('; ')}`);
  await browser?.close();
  await server?.stop();
  assert.deepEqual(pageErrors, []);
});

async function openTab(identity, extra = '') {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(`console: ${m.text()}`));
  await page.goto(`${server.url}/page.html?identity=${identity}&attrs=single-tab${extra}`);
  return page;
}

const stateOf = (page) => page.evaluate(() => document.getElementById('phone').state);
const whenState = (page, state) => page.waitForFunction((s) => document.getElementById('phone')?.state === s, { polling: 50 }, state);
const registered = (identity) => server.emulator.registrations().filter((r) => r.identity === identity);
const whenRegistrations = (identity, n) =>
  waitForEmulator(server, () => registered(identity).length === n && !registered(identity).some((r) => r.stale), `${n} registration(s) of ${identity}`);
const incoming = (page) => page.evaluate(() => window.log.filter((e) => e.type === 'incoming').length);
const shadowText = (page, part) =>
  page.evaluate((p) => document.getElementById('phone').shadowRoot.querySelector(`[part="${p}"]`)?.textContent.replace(/\s+/g, ' ').trim() ?? null, part);

/** Rings the identity; resolves with how many times each tab rang for it. The tabs reject calls. */
async function ringOnce(identity, tabs) {
  const before = await Promise.all(tabs.map(incoming));
  const call = await server.emulator.ring({ to: `client:${identity}` });
  const ended = await waitForEmulator(server, (emu) => emu.call(call.callSid).state !== 'ringing' && emu.call(call.callSid), 'the call to end');
  const after = await Promise.all(tabs.map(incoming));
  return { state: ended.state, rang: after.map((n, i) => n - before[i]) };
}

let a;
let b;

test('only the leader registers; the other tab stands by, says so and offers to take over; a call rings in exactly one tab', async () => {
  a = await openTab('desk');
  await whenState(a, 'ready');
  b = await openTab('desk');
  await whenState(b, 'standby');
  const standby = await b.evaluate(() => window.log.find((e) => e.type === 'state' && e.state === 'standby'));
  assert.equal(standby.reason, 'another-tab');
  assert.deepEqual(await b.evaluate(() => window.log.filter((e) => e.type === 'state').map((e) => e.state)), ['fetching-token', 'registering', 'standby']);
  await whenRegistrations('desk', 1);
  assert.equal(await shadowText(b, 'status'), 'Active in another tab');
  assert.equal(await shadowText(b, 'standby'), 'Calls ring in the other tab. Use this tab instead? Use here');
  assert.deepEqual(
    await b.evaluate(() => {
      const button = document.getElementById('phone').shadowRoot.querySelector('[part="take-over-button"]');
      const described = document.getElementById('phone').shadowRoot.getElementById(button.getAttribute('aria-describedby'));
      return { tag: button.localName, description: described?.textContent };
    }),
    { tag: 'button', description: 'Calls ring in the other tab. Use this tab instead?' },
  );
  // The standing-by tab holds no lock and has no Device; the leader holds the identity's lock.
  assert.deepEqual(await a.evaluate(() => window.locksHeld()), ['twilio-widgets/phone/desk']);
  assert.equal(await b.evaluate(() => document.getElementById('phone').device), null);
  await assertAccessible(assert, b, 'in standby');

  const call = await ringOnce('desk', [a, b]);
  assert.equal(call.state, 'rejected');
  assert.deepEqual(call.rang, [1, 0], 'rang in the leader only');
});

test('taking over with the keyboard: the other tab stands by, and calls ring in the new leader only', async () => {
  await b.bringToFront();
  await b.focus('#phone >>> [part="take-over-button"]');
  await b.keyboard.press('Enter');
  await whenState(b, 'ready');
  await whenState(a, 'standby');
  await whenRegistrations('desk', 1);
  const call = await ringOnce('desk', [a, b]);
  assert.deepEqual(call.rang, [0, 1], 'rang in the tab that took over only');
  assert.equal(await shadowText(a, 'take-over-button'), 'Use here');
});

test('closing the leader hands over to the tab standing by', async () => {
  const closedAt = Date.now();
  await b.close(); // the leader
  await whenState(a, 'ready');
  const readyAt = await a.evaluate(() => window.log.findLast((e) => e.type === 'state' && e.state === 'ready').at);
  handovers.push(['close', readyAt - closedAt]);
  await whenRegistrations('desk', 1);
  assert.deepEqual((await ringOnce('desk', [a])).rang, [1]);
});

test('reloading the leader hands over; the reloaded tab stands by', async () => {
  b = await openTab('desk');
  await whenState(b, 'standby');
  const reloadedAt = Date.now();
  const reloading = a.reload();
  await whenState(b, 'ready');
  const readyAt = await b.evaluate(() => window.log.findLast((e) => e.type === 'state' && e.state === 'ready').at);
  handovers.push(['reload', readyAt - reloadedAt]);
  await reloading;
  await whenState(a, 'standby');
  await whenRegistrations('desk', 1);
  assert.deepEqual((await ringOnce('desk', [a, b])).rang, [0, 1]);
});

test('stop() on the leader lets go: the other tab takes over; start() again stands by', async () => {
  await b.evaluate(() => document.getElementById('phone').stop());
  await whenState(a, 'ready');
  assert.deepEqual(await b.evaluate(() => window.locksHeld()), ['twilio-widgets/phone/desk'], 'the lock is the other tab`s now');
  await b.evaluate(() => document.getElementById('phone').start());
  await whenState(b, 'standby');
  await whenRegistrations('desk', 1);
  await a.close();
  await b.close();
});

test('taken over during a call: the old leader keeps the call but takes no new one, then stands by when it ends', async () => {
  const first = await openTab('desk-2', '&answer=keep');
  await whenState(first, 'ready');
  const second = await openTab('desk-2', '&answer=keep');
  await whenState(second, 'standby');
  const call = await server.emulator.ring({ to: 'client:desk-2', mode: 'echo' });
  await waitForLog(first, { type: 'incoming' });
  await first.evaluate(() => document.getElementById('phone').accept());
  await waitForEmulator(server, (emu) => emu.call(call.callSid).state === 'in-progress', 'the call to be answered');
  await whenState(first, 'busy');

  await second.evaluate(() => document.getElementById('phone').takeOver());
  await whenState(second, 'ready');
  await whenRegistrations('desk-2', 1);
  assert.equal(await stateOf(first), 'busy', 'the call goes on');
  assert.equal(server.emulator.call(call.callSid).state, 'in-progress');

  const next = await server.emulator.ring({ to: 'client:desk-2' });
  await waitForLog(second, { type: 'incoming' });
  server.emulator.cancel(next.callSid);
  assert.equal(await incoming(first), 1, 'no new call in the old leader');

  server.emulator.hangup(call.callSid);
  await whenState(first, 'standby');
  assert.deepEqual(await first.evaluate(() => window.log.filter((e) => e.type === 'state').map((e) => e.state)), [
    'fetching-token',
    'registering',
    'ready',
    'busy',
    'standby',
  ]);
  await whenRegistrations('desk-2', 1);
  await first.close();
  await second.close();
});
