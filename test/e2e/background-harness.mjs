// Shared by the background-tab and single-tab tests: one HTTPS origin (port 0) with the CDN
// bundle, a token route and an in-process emulator whose heartbeat and stale times the test
// picks; test pages with a <twilio-phone> or a hand-written plain-SDK Device; and Debian's
// Chromium through puppeteer-core, with Chromium's background throttling left ON (puppeteer and
// Playwright turn it off by default; Playwright also keeps every page "visible").
import { createServer } from 'node:https';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import puppeteer from 'puppeteer-core';
import { createEmulator, generateLocalhostCertificate } from '../../dist/emulator/index.js';
import { mintToken } from '../support/tokens.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { ROOT } from './harness.mjs';

const TYPES = { '.js': 'text/javascript', '.mp3': 'audio/mpeg', '.html': 'text/html; charset=utf-8' };
const SOUNDS = ['incoming', 'outgoing', 'disconnect', ...'0123456789'.split('').map((d) => `dtmf${d}`), 'dtmfs', 'dtmfh'];

/** The test page. `?mode=phone` (default): a <twilio-phone>; `?mode=sdk`: a plain SDK Device, as its docs show. */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>background</title></head>
<body>
<main><h1>Background tabs</h1></main>
<script type="module">
const q = new URLSearchParams(location.search);
const identity = q.get('identity') ?? 'alice';
window.log = [];
const note = (type, detail = {}) => window.log.push({ type, at: Date.now(), ...detail });
window.locksHeld = async () => (await navigator.locks.query()).held.map((l) => l.name);
if (q.get('spyNotifications')) {
  // Headless Chromium shows no system notification a test could see: record each one the page
  // creates (the real Notification still runs, this only subclasses it).
  const Real = window.Notification;
  window.Notification = class extends Real {
    constructor(title, options) {
      super(title, options);
      note('notification', { title, body: options?.body, visibility: document.visibilityState });
      this.addEventListener('close', () => note('notification-closed'));
    }
  };
}
if (q.get('mode') === 'sdk') {
  // The SDK's own browser build, by a script tag, as its docs show (dist/cdn/voice-sdk.js is the
  // phone's chunk: the SDK with the phone's code around it, no public exports).
  await new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { src: '/sdk/twilio.min.js', onload: resolve, onerror: reject });
    document.head.append(script);
  });
  const { Device } = window.Twilio;
  const { token } = await (await fetch('/token?identity=' + encodeURIComponent(identity))).json();
  const sounds = Object.fromEntries(${JSON.stringify(SOUNDS)}.map((n) => [n, '/cdn/sounds/' + n + '.mp3']));
  const device = new Device(token, { chunderw: location.host, publishEvents: false, logLevel: 'silent', sounds });
  window.device = device;
  for (const name of ['registered', 'unregistered', 'error']) device.on(name, (e) => note(name, { code: e?.code }));
  device.on('incoming', (call) => {
    note('incoming', { callSid: call.parameters.CallSid });
    call.reject();
  });
  await device.register();
  note('sdk-ready');
} else {
  await import('/cdn/twilio-widgets.js');
  const phone = document.createElement('twilio-phone');
  phone.id = 'phone';
  phone.tokenUrl = '/token?identity=' + encodeURIComponent(identity);
  phone.signalingHost = location.host;
  phone.soundsUrl = '/cdn/sounds';
  if (q.get('policy')) phone.backgroundPolicy = JSON.parse(q.get('policy'));
  for (const attr of (q.get('attrs') ?? '').split(',').filter(Boolean)) phone.setAttribute(attr, '');
  phone.addEventListener('twilio-phone-state-change', (e) => note('state', { state: e.detail.state, reason: e.detail.reason }));
  phone.addEventListener('twilio-phone-incoming', (e) => {
    note('incoming', { callSid: phone.activeCall?.parameters?.CallSid, from: e.detail.from });
    if (q.get('answer') !== 'keep') e.preventDefault(); // rejects: the caller hears busy
  });
  document.querySelector('main').append(phone);
  if (q.get('start') !== 'no') await phone.start();
}
</script>
</body></html>`;

/**
 * Starts the origin. Options go to the emulator (`heartbeatMs`, `staleAfterMs`, `noAnswerMs`).
 * Resolves with `{url, emulator, stop(), onLog(fn)}`; `onLog` sees every emulator log line.
 */
export async function startBackgroundServer(emulatorOptions = {}) {
  const listeners = new Set();
  const emulator = createEmulator({ ...emulatorOptions, log: (line) => listeners.forEach((l) => l(line)) });
  const cert = await generateLocalhostCertificate();
  const server = createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    serve(req, res, emulator).catch((err) => {
      res.writeHead(500).end(String(err));
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if (!emulator.handleUpgrade(req, socket, head)) socket.destroy();
  });
  server.on('tlsClientError', () => undefined);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://localhost:${server.address().port}`;
  return {
    url,
    emulator,
    onLog(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    async stop() {
      await emulator.close();
      await new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function serve(req, res, emulator) {
  const u = new URL(req.url, 'https://x');
  if (u.pathname === '/page.html') {
    res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
    return res.end(PAGE);
  }
  if (u.pathname === '/favicon.ico') return res.writeHead(204).end();
  if (u.pathname === '/token') {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    const identity = u.searchParams.get('identity') ?? 'alice';
    return res.end(JSON.stringify({ identity, token: mintToken({ identity, ttl: 3600 }) }));
  }
  if (u.pathname === '/sdk/twilio.min.js') {
    res.writeHead(200, { 'content-type': TYPES['.js'] });
    return res.end(await readFile(join(ROOT, 'node_modules', '@twilio', 'voice-sdk', 'dist', 'twilio.min.js')));
  }
  if (u.pathname.startsWith('/cdn/')) {
    const rel = normalize(u.pathname.slice('/cdn/'.length));
    if (rel.startsWith('..')) return res.writeHead(403).end();
    try {
      const body = await readFile(join(ROOT, 'dist', 'cdn', rel));
      res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' });
      return res.end(body);
    } catch {
      return res.writeHead(404).end();
    }
  }
  if (emulator.handleRequest(req, res)) return;
  res.writeHead(404).end();
}

/** Debian's Chromium, headless, with background timer throttling and renderer backgrounding left on. */
export function launchBrowser() {
  return puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    acceptInsecureCerts: true,
    ignoreDefaultArgs: ['--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows', '--disable-renderer-backgrounding'],
  });
}

/**
 * Freezes the page, runs `during(pausedAt)` once its JavaScript stopped, then unfreezes it.
 * Returns `{resumedAt, result}`.
 * The page's JavaScript is paused through the DevTools Protocol (`Debugger.pause`): nothing
 * answers the gateway, which is what a frozen tab looks like from outside. Chromium's
 * `Page.setWebLifecycleState({state: 'frozen'})` alone dispatches `freeze`/`resume` but, in
 * headless mode, leaves timers and sockets running. `lifecycle: true` does both (the page gets
 * `freeze` before and `resume` after, like a real Chrome freeze); without it the page sees only
 * a wall-clock gap, like after a laptop sleep or some real freezes.
 */
export async function freeze(page, during, { lifecycle = false } = {}) {
  const cdp = await page.createCDPSession();
  if (lifecycle) await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  await cdp.send('Debugger.enable');
  // The pause takes effect at the page's next statement: `during` starts from there.
  const paused = new Promise((resolve) => cdp.once('Debugger.paused', () => resolve(Date.now())));
  await cdp.send('Debugger.pause');
  let result;
  let resumedAt;
  try {
    result = await during(await paused);
  } finally {
    resumedAt = Date.now();
    // Queued while paused: `resume` is the first thing the page runs.
    if (lifecycle) await cdp.send('Page.setWebLifecycleState', { state: 'active' }).catch(() => undefined);
    await cdp.send('Debugger.resume').catch(() => undefined);
    await cdp.send('Debugger.disable').catch(() => undefined);
    await cdp.detach().catch(() => undefined);
  }
  return { resumedAt, result };
}

/** Sets the notification permission of `origin` in a puppeteer browser context: 'granted', 'denied' or 'default'. */
export async function setNotificationPermission(context, origin, setting) {
  if (setting === 'default') return context.clearPermissionOverrides();
  // puppeteer grants what is listed and denies the rest.
  return context.overridePermissions(origin, setting === 'granted' ? ['notifications'] : ['geolocation']);
}

/** Resolves with the first entry of the page's `window.log` that matches, waiting for it (event-driven on the page side). */
export function waitForLog(page, match, { after = 0, timeout = 20_000 } = {}) {
  return page
    .waitForFunction((m, a) => window.log?.find((e) => e.at >= a && Object.entries(m).every(([k, v]) => e[k] === v)), { timeout, polling: 50 }, match, after)
    .then((h) => h.jsonValue());
}

/** Waits until `check(emulator)` is truthy, re-checked on each emulator log line (with a deadline). */
export function waitForEmulator(server, check, what, timeout = 20_000) {
  return new Promise((resolve, reject) => {
    const done = (v) => {
      clearTimeout(timer);
      off();
      resolve(v);
    };
    const off = server.onLog(() => {
      const v = check(server.emulator);
      if (v) done(v);
    });
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeout);
    const v = check(server.emulator);
    if (v) done(v);
  });
}
