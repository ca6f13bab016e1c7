// The demo's call-control wiring (demo/server.mjs), with the real SDK in Chromium: a phone whose
// token comes from /token?app=call-control calls through the demo's /voice (createVoiceEndpoint,
// registered with the emulator as that TwiML application) into a conference, and acts on it
// through /call-control (createCallControlEndpoint, identity from the demo's signed session);
// the emulator's `customer` calls the demo number (POST /emulator/inbound), which rings the
// signed-in user the same way. Plain /token keeps the emulator's fixed test destinations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { assertBuilt, launchChromium, startDemoServer } from './harness.mjs';

const IDENTITY = `cc-${Date.now().toString(36)}`;
let server;
let browser;
let page;
const pageErrors = [];
/** The page's console errors (a failed request shows there as "Failed to load resource"). */
const consoleErrors = [];

before(async () => {
  assertBuilt();
  server = await startDemoServer();
  browser = await launchChromium();
  const context = await browser.newContext({ ignoreHTTPSErrors: true, permissions: ['microphone'] });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await page.goto(`${server.url}/?identity=${IDENTITY}`);
  await page.waitForSelector('body[data-ready]');
});
after(async () => {
  await browser?.close();
  const exit = await server?.stop();
  assert.equal(exit, 0, `demo server did not stop cleanly:\n${server?.output()}`);
  assert.deepEqual(pageErrors, []);
});

/** Resolves with the detail of the phone's next call-state-change to `state`. */
function nextCallState(state) {
  return page.evaluate(
    (s) =>
      new Promise((resolve, reject) => {
        const phone = document.getElementById('phone');
        const t = setTimeout(() => reject(new Error(`no ${s} call in 20 s`)), 20_000);
        phone.addEventListener('twilio-phone-call-state-change', function on(e) {
          if (e.detail.callState !== s) return;
          clearTimeout(t);
          phone.removeEventListener('twilio-phone-call-state-change', on);
          resolve(e.detail);
        });
      }),
    state,
  );
}

/** POST /call-control from the page (its session cookie); `{status, json, ms}`. */
function act(body) {
  return page.evaluate(async (b) => {
    const t0 = performance.now();
    const r = await fetch('/call-control', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
    return { status: r.status, json: await r.json(), ms: Math.round(performance.now() - t0) };
  }, body);
}

const conferences = () => page.evaluate(async () => (await fetch('/emulator/conferences')).json());
const labels = (participants) => participants.map((p) => `${p.role}:${p.label}${p.onHold ? ' (held)' : ''}`).sort();

test('config.json names the call-control endpoint, the token app, the demo number and the parties', async () => {
  const config = await page.evaluate(async () => (await fetch('/config.json')).json());
  assert.deepEqual(config.callControl, { url: '/call-control', tokenApp: 'call-control', inboundNumber: '+15005550100', parties: ['billing', 'supervisor'] });
});

test(
  'a plain echo call (plain /token) with call-control-url: a quiet re-sync, no controls, no error in the log or the console',
  { timeout: 60_000 },
  async () => {
    const errorsBefore = consoleErrors.length;
    await page.locator('twilio-phone [part="start-button"]').click();
    await page.waitForFunction(() => document.getElementById('phone').state === 'ready');
    const synced = page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const phone = document.getElementById('phone');
          const t = setTimeout(() => reject(new Error('no call-control event in 20 s')), 20_000);
          phone.addEventListener('twilio-phone-call-control', (e) => (clearTimeout(t), resolve(e.detail)), { once: true });
        }),
    );
    await page.evaluate(() => document.getElementById('phone').call('echo'));
    assert.deepEqual(await synced, { action: 'participants', outcome: 'done' });
    const shown = await page.evaluate(() => {
      const phone = document.getElementById('phone');
      const entries = [...document.querySelectorAll('#log .log-entry')].map((li) => ({ tone: li.className, text: li.textContent }));
      return {
        participants: phone.participants,
        controls: !!phone.shadowRoot.querySelector('[part="call-control"]'),
        callControlLog: entries.filter((e) => e.text.includes('twilio-phone-call-control')),
      };
    });
    assert.deepEqual(shown.participants, []);
    assert.equal(shown.controls, false, 'no call controls on a call in no conference');
    assert.equal(shown.callControlLog.length, 1, JSON.stringify(shown.callControlLog));
    assert.match(shown.callControlLog[0].tone, /tone-ok/);
    const ended = nextCallState('ended');
    await page.locator('twilio-phone [part="hangup-button"]').click();
    await ended;
    assert.deepEqual(consoleErrors.slice(errorsBefore), [], 'no console error (no failed request)');
    // The next test starts the phone again with a call-control token.
    await page.evaluate(() => document.getElementById('phone').stop());
    await page.waitForFunction(() => document.getElementById('phone').state === 'idle');
  },
);

test('an outgoing call with a call-control token runs in a conference; hold and add act on it', { timeout: 60_000 }, async () => {
  await page.evaluate(() => document.getElementById('phone').setAttribute('token-url', '/token?app=call-control'));
  await page.locator('twilio-phone [part="start-button"]').click();
  await page.waitForFunction(() => document.getElementById('phone').getAttribute('state') === 'ready' || document.getElementById('phone').state === 'ready');
  const connected = nextCallState('connected');
  await page.evaluate(() => document.getElementById('phone').call('billing'));
  const { callSid } = await connected;
  assert.match(callSid, /^CA[0-9a-f]{32}$/);
  const conf = (await conferences()).find((c) => c.name === `tw-${callSid}`);
  assert.ok(conf, 'the conference is named for the browser leg');
  const list = await act({ action: 'participants', callSid });
  assert.equal(list.status, 200, JSON.stringify(list.json));
  assert.deepEqual(labels(list.json.participants), ['remote:billing', `you:${IDENTITY}`]);
  const held = await act({ action: 'hold', callSid });
  assert.deepEqual(labels(held.json.participants), ['remote:billing (held)', `you:${IDENTITY}`]);
  const added = await act({ action: 'add', callSid, to: 'supervisor' });
  assert.deepEqual(labels(added.json.participants), ['added:supervisor', 'remote:billing (held)', `you:${IDENTITY}`]);
  console.log(`# demo /call-control latencies: participants ${list.ms} ms, hold ${held.ms} ms, add ${added.ms} ms`);
  const ended = nextCallState('ended');
  await page.locator('twilio-phone [part="hangup-button"]').click();
  await ended;
});

test("the emulator's customer calls the demo number: it rings the signed-in user, whose answer joins the conference", { timeout: 60_000 }, async () => {
  const ringing = page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const phone = document.getElementById('phone');
        const t = setTimeout(() => reject(new Error('no incoming call in 20 s')), 20_000);
        phone.addEventListener('twilio-phone-incoming', (e) => (clearTimeout(t), resolve(e.detail)), { once: true });
      }),
  );
  const placed = await page.evaluate(async () => {
    const r = await fetch('/emulator/inbound', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: '+15005550100', party: 'customer' }),
    });
    return { status: r.status, json: await r.json() };
  });
  assert.equal(placed.status, 201, JSON.stringify(placed.json));
  const incoming = await ringing;
  assert.equal(incoming.from, '+15005550006');
  const connected = nextCallState('connected');
  await page.evaluate(() => document.getElementById('phone').accept());
  const { callSid } = await connected;
  const list = await act({ action: 'participants', callSid });
  assert.equal(list.status, 200, JSON.stringify(list.json));
  assert.deepEqual(labels(list.json.participants), ['remote:+15005550006', `you:${IDENTITY}`]);
  const conf = (await conferences()).find((c) => c.participants.some((p) => p.callSid === callSid));
  assert.equal(conf.name, `tw-${placed.json.callSid}`);
  const ended = nextCallState('ended');
  await page.locator('twilio-phone [part="hangup-button"]').click();
  await ended;
});

/** A POST from outside the page (no session cookie), over the demo's self-signed TLS. */
function postOutside(path, type, body) {
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(path, server.url),
      { method: 'POST', rejectUnauthorized: false, agent: false, headers: { 'content-type': type } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

test('without a session /call-control answers 401; an unsigned POST to /voice 403 and no TwiML', async () => {
  const action = await postOutside('/call-control', 'application/json', JSON.stringify({ action: 'participants', callSid: 'CA' + '0'.repeat(32) }));
  assert.equal(action.status, 401, action.text);
  const voice = await postOutside('/voice', 'application/x-www-form-urlencoded', 'CallSid=CA' + '0'.repeat(32) + '&From=client%3Aalice&To=billing');
  assert.equal(voice.status, 403);
  assert.doesNotMatch(voice.text, /<Response/);
});
