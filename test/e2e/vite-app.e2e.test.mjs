// A real bundler app: examples/vite-app, copied to an empty folder, installs
// twilio-widgets from `npm pack` of this checkout (plus its own dependencies,
// Vite included, from the registry), is built with its own `vite build`, and is
// served by its own server.mjs under a strict CSP (connect-src 'self', Trusted
// Types). In Chromium: the page signs in (the endpoints act for that session only),
// the phone reaches ready against the emulator, an echo
// call carries media with noise suppression on (RNNoise's worklet and WASM emitted by Vite as the
// app's own files, under the documented policy), a TOTP code verifies, the sounds come from the
// app's own origin as files, and no policy is violated.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { inboundAudioPackets, launchChromium, totpCode } from './harness.mjs';
import { emptyProject, npm, packTarball, ROOT } from '../support/user-install.mjs';

let app;
let server;
let browser;
let page;
const pageErrors = [];
const requested = [];

function startAppServer(dir) {
  const env = { ...process.env, PORT: '0' };
  for (const k of Object.keys(env)) if (k.startsWith('TWILIO_')) delete env[k];
  const child = spawn(process.execPath, ['server.mjs'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      output += c;
      const m = /ready at (https:\/\/localhost:\d+)\//.exec(output);
      if (m) resolve({ url: m[1], child, output: () => output });
    });
    child.stderr.on('data', (c) => (output += c));
    child.once('exit', (code) => reject(new Error(`the app server exited (${code}):\n${output}`)));
  });
}

/** The status the app server answers a request without a session cookie (from Node, not the page). */
function statusWithoutSession(path, body) {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${server.url}${path}`,
      { method: body ? 'POST' : 'GET', headers: body ? { 'content-type': 'application/json' } : {}, rejectUnauthorized: false },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

before(async () => {
  const tarball = await packTarball();
  app = emptyProject('vite-app');
  cpSync(join(ROOT, 'examples', 'vite-app'), app, { recursive: true, filter: (src) => !/node_modules|[/\\]dist$/.test(src) });
  await npm(app, ['install', '--prefer-offline', '--ignore-scripts', tarball]);
  await npm(app, ['run', 'build']);
  server = await startAppServer(app);
  browser = await launchChromium();
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(`console: ${m.text()} ${m.location().url}`));
  page.on('request', (r) => requested.push(r.url()));
  page.on('response', (r) => r.status() >= 400 && pageErrors.push(`HTTP ${r.status()} ${r.url()}`));
});

after(async () => {
  await browser?.close();
  server?.child.kill('SIGTERM');
});

test('vite build emits the sounds as files and keeps the Voice SDK in its own chunk', () => {
  const assets = readdirSync(join(app, 'dist', 'assets'));
  assert.equal(assets.filter((f) => f.endsWith('.mp3')).length, 15, assets.join(', '));
  assert.equal(assets.filter((f) => /^rnnoise.*\.wasm$/.test(f)).length, 1, assets.join(', '));
  assert.equal(assets.filter((f) => /^rnnoise-worklet.*\.js$/.test(f)).length, 1, assets.join(', '));
  const js = assets.filter((f) => f.endsWith('.js'));
  assert.ok(js.length >= 2, `one entry and the lazy SDK chunk: ${js.join(', ')}`);
  const entry = js.map((f) => readFileSync(join(app, 'dist', 'assets', f), 'utf8')).find((code) => code.includes('twilio-phone'));
  assert.ok(entry, 'the entry defines <twilio-phone>');
  assert.doesNotMatch(entry, /data:audio/, 'a sound was inlined as a data: URL');
  const sizes = js.map((f) => ({ f, gzip: gz(join(app, 'dist', 'assets', f)) }));
  const cdn = ['twilio-widgets.js', 'voice-sdk.js'].map((f) => ({ f, gzip: gz(join(ROOT, 'dist', 'cdn', f)) }));
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`vite app JS (gzip -9): ${sizes.map((s) => `${s.f} ${kb(s.gzip)}`).join(', ')}; CDN: ${cdn.map((s) => `${s.f} ${kb(s.gzip)}`).join(', ')}`);
});

test('under the strict CSP: phone ready, echo call with media, TOTP verified, sounds from the app origin, zero violations', async () => {
  const response = await page.goto(`${server.url}/`);
  assert.match(response.headers()['content-security-policy'], /connect-src 'self';/);
  await page.waitForFunction(() => customElements.get('twilio-phone') && document.getElementById('phone').tokenUrl);
  // Signed in first: the token URL names nobody, the session cookie is HttpOnly, and the
  // endpoints refuse a request without it.
  const who = await page.locator('#who').textContent();
  assert.match(who, /^vite-[0-9a-z]+$/);
  assert.equal(await page.evaluate(() => document.getElementById('phone').tokenUrl), '/token');
  assert.equal(await page.evaluate(() => document.cookie), '');
  assert.equal(await statusWithoutSession('/token'), 401);
  assert.equal(await statusWithoutSession('/verify', '{"action":"enroll","identity":"victim"}'), 401);

  await page.evaluate(() => document.getElementById('phone').start());
  await page.waitForFunction(() => document.getElementById('phone').state === 'ready', null, { timeout: 20_000 });

  await page.waitForFunction(() => document.getElementById('phone').noiseSuppressionState === 'on', null, { timeout: 20_000 });
  await page.evaluate(() => document.getElementById('phone').call('echo'));
  const inbound = await inboundAudioPackets(page);
  assert.equal(await page.evaluate(() => document.getElementById('phone').noiseSuppressionState), 'on');
  // The WASM is a page request; the worklet's module fetch is not one Playwright reports (state `on` proves it loaded).
  const noiseFiles = requested.filter((u) => /rnnoise/.test(new URL(u).pathname));
  assert.ok(noiseFiles.length >= 1 && noiseFiles.every((u) => u.startsWith(`${server.url}/assets/`)), noiseFiles.join(', '));
  await page.evaluate(() => document.getElementById('phone').hangup());
  await page.waitForFunction(() => document.getElementById('phone').state === 'ready');
  assert.ok(inbound > 0, `audio packets received in the echo call: ${inbound}`);

  await page.click('#enrol');
  await page.waitForFunction(() => document.getElementById('secret').textContent.length > 0);
  const secret = await page.locator('#secret').textContent();
  await page.locator('#totp [part="input"]').fill(totpCode(secret));
  await page.locator('#totp [part="button"]').click();
  await page.waitForFunction(() => document.getElementById('totp').getAttribute('outcome') === 'verified', null, { timeout: 10_000 });

  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.equal(await page.evaluate(async () => (await (await fetch('/token?identity=victim')).json()).identity), who);
  const sounds = requested.filter((u) => new URL(u).pathname.endsWith('.mp3'));
  assert.equal(new Set(sounds.map((u) => new URL(u).pathname)).size, 15, sounds.join(', '));
  assert.ok(
    sounds.every((u) => u.startsWith(`${server.url}/assets/`)),
    sounds.join(', '),
  );
  assert.deepEqual(
    requested.filter((u) => u.startsWith('data:')),
    [],
  );
  assert.deepEqual(pageErrors, []);
});
