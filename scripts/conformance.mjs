#!/usr/bin/env node
// `npm run conformance -- <twilio-voice.js checkout> [--spec NAME] [--log FILE] [--json FILE]`
//
// Runs Twilio's own SDK integration specs (cypress/e2e/**/*.cy.ts of a
// twilio-voice.js checkout, tag 2.18.3) against the emulator: each spec is
// bundled with esbuild (shims for Cypress.env/config, `it(title, {retries}, fn)`
// and the `twilio` token import), run under mocha in headless Chromium from a
// page on http://127.0.0.1, and Chromium's host resolver maps
// voice-js.<edge>.twilio.com to the emulator, so the unmodified SDK talks to it
// as to Twilio. Their "Integration Tests" TwiML app is registered as an
// emulator application. Nothing of the checkout is copied into this repository.
import { existsSync, readFileSync, readdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';
import { bundleSpec } from './conformance/bundle.mjs';
import { startPageServer } from './conformance/page-server.mjs';
import { startSoundsServer } from './conformance/sounds-server.mjs';
import { STIR_CALLER_ID, STIR_NUMBER } from './conformance/twiml-apps.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const SPEC_TIMEOUT_MS = 20 * 60_000;
const APP_SID = 'AP' + 'c0'.repeat(16);
const STIR_APP_SID = 'AP' + 'c5'.repeat(16);

function usage(message) {
  if (message) console.error(message);
  console.error('usage: npm run conformance -- <path to a twilio-voice.js checkout> [--spec NAME] [--log FILE] [--json FILE]');
  process.exit(2);
}

function parseArgs(argv) {
  const out = { checkout: null, spec: [], log: null, json: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--spec') out.spec.push(argv[++i] ?? usage('--spec needs a value'));
    else if (a === '--log') out.log = argv[++i] ?? usage('--log needs a value');
    else if (a === '--json') out.json = argv[++i] ?? usage('--json needs a value');
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (!out.checkout) out.checkout = resolve(a);
    else usage(`unexpected argument ${a}`);
  }
  if (!out.checkout) usage();
  return out;
}

function findSpecs(checkout) {
  const dir = join(checkout, 'cypress', 'e2e');
  return readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.cy.ts'))
    .map((f) => join(dir, f))
    .sort();
}

const args = parseArgs(process.argv.slice(2));
const pkgPath = join(args.checkout, 'package.json');
if (!existsSync(pkgPath)) usage(`${args.checkout} is not a twilio-voice.js checkout (no package.json)`);
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
if (pkg.name !== '@twilio/voice-sdk') usage(`${args.checkout} is ${pkg.name}, not @twilio/voice-sdk`);
if (pkg.version !== '2.18.3') console.warn(`note: the count in docs/guides/emulator.md is for twilio-voice.js 2.18.3; this checkout is ${pkg.version}`);
if (!existsSync(join(ROOT, 'dist', 'emulator', 'index.js'))) usage('dist/ is missing: run `npm run build` first');
if (!existsSync(CHROMIUM_PATH)) usage(`no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`);

let specs = findSpecs(args.checkout);
if (args.spec.length) specs = specs.filter((s) => args.spec.some((n) => relative(args.checkout, s).includes(n)));
if (!specs.length) usage('no spec matched');

const { startEmulator, generateLocalhostCertificate, DEFAULT_ACCOUNT } = await import(join(ROOT, 'dist', 'emulator', 'index.js'));
if (args.log) writeFileSync(args.log, '');
const log = args.log ? (line) => appendFileSync(args.log, `${new Date().toISOString()} ${line}\n`) : undefined;

console.log(`twilio-voice.js ${pkg.version}: bundling ${specs.length} specs…`);
const bundles = new Map();
for (const [i, spec] of specs.entries()) bundles.set(i, await bundleSpec(args.checkout, spec));

const settings = {
  defaultCommandTimeout: 10_000,
  env: {
    ACCOUNT_SID: DEFAULT_ACCOUNT.accountSid,
    AUTH_TOKEN: DEFAULT_ACCOUNT.authToken,
    API_KEY_SID: DEFAULT_ACCOUNT.apiKeys[0].sid,
    API_KEY_SECRET: DEFAULT_ACCOUNT.apiKeys[0].secret,
    APPLICATION_SID: APP_SID,
    APPLICATION_SID_STIR: STIR_APP_SID,
    CALLER_ID: STIR_CALLER_ID,
  },
};
const pages = await startPageServer({ bundles, settings });
const sounds = await startSoundsServer(await generateLocalhostCertificate());
const emulator = await startEmulator({
  log,
  applications: {
    [APP_SID]: { voiceUrl: `${pages.origin}/twiml/integration`, voiceMethod: 'POST' },
    [STIR_APP_SID]: { voiceUrl: `${pages.origin}/twiml/stir`, voiceMethod: 'POST' },
  },
  numbers: {
    [STIR_NUMBER]: { voiceUrl: `${pages.origin}/twiml/number`, voiceMethod: 'POST' },
    [STIR_CALLER_ID]: { voiceUrl: `${pages.origin}/twiml/number`, voiceMethod: 'POST' },
  },
});

const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: [
    ...CHROMIUM_ARGS,
    // The SDK's signaling host names reach the emulator, its sounds a local copy; its other Twilio hosts (insights) fail fast.
    `--host-resolver-rules=MAP voice-js.*.twilio.com 127.0.0.1:${emulator.port}, MAP sdk.twilio.com 127.0.0.1:${sounds.port}, MAP *.twilio.com ~NOTFOUND`,
    // Audio in the browser process: a headless audio service otherwise takes seconds to start,
    // and the SDK waits for its ringtone before it emits `incoming`.
    '--disable-features=AudioServiceOutOfProcess',
  ],
});
await warmUpAudio();

const results = [];
let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
});
try {
  for (const [i, spec] of specs.entries()) {
    if (interrupted) break;
    const name = relative(join(args.checkout, 'cypress', 'e2e'), spec);
    const started = Date.now();
    const outcome = await runSpec(i, name);
    results.push({ spec: name, ...outcome });
    const count = (s) => outcome.tests.filter((t) => t.state === s).length;
    console.log(`${name}: ${count('passed')} passed, ${count('failed')} failed, ${count('pending')} skipped (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    for (const t of outcome.tests.filter((x) => x.state === 'failed'))
      console.log(`  ✗ ${t.title}${t.error ? `: ${t.error.split('\n')[0]}` : t.ran ? '' : ' (not run: a hook failed)'}`);
    for (const h of outcome.hooks) console.log(`  ✗ hook ${h.title}: ${h.error.split('\n')[0]}`);
    for (const e of outcome.loadErrors) console.log(`  ! page error: ${e.split('\n')[0]}`);
  }
} finally {
  await browser.close();
  await emulator.stop();
  await pages.close();
  await sounds.close();
}

const all = results.flatMap((r) => r.tests);
const total = (s) => all.filter((t) => t.state === s).length;
if (args.json) writeFileSync(args.json, JSON.stringify({ sdkVersion: pkg.version, date: new Date().toISOString(), results }, null, 2));
console.log(`\ntwilio-voice.js ${pkg.version} conformance: ${all.length} tests in ${results.length} specs`);
console.log(`conformance: ${total('passed')} passed, ${total('failed')} failed, ${total('pending')} skipped`);
process.exitCode = interrupted ? 130 : 0;

/** Starts the browser's audio output once, as a desktop browser has it running already. */
async function warmUpAudio() {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${pages.origin}/mocha.js`);
    await page.evaluate(async () => {
      const audio = new Audio('https://sdk.twilio.com/js/client/sounds/releases/1.0.0/incoming.mp3');
      await audio.play().catch(() => undefined);
      audio.pause();
    });
  } finally {
    await context.close();
  }
}

async function runSpec(index, name) {
  const context = await browser.newContext({ permissions: ['microphone'] });
  const page = await context.newPage();
  const hooks = [];
  const consoleErrors = [];
  page.on('console', (msg) => {
    if (process.env.CONFORMANCE_CONSOLE) console.log(`  [${name}] ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  try {
    let resolveDone;
    let rejectDone;
    const done = new Promise((res, rej) => {
      resolveDone = res;
      rejectDone = rej;
    });
    const timer = setTimeout(() => rejectDone(new Error(`spec did not finish in ${SPEC_TIMEOUT_MS / 60000} min`)), SPEC_TIMEOUT_MS);
    page.on('crash', () => rejectDone(new Error('page crashed')));
    await page.exposeFunction('__report', (text) => {
      const msg = JSON.parse(text);
      if (msg.type === 'hook') hooks.push(msg);
      if (msg.type === 'end') {
        clearTimeout(timer);
        resolveDone(msg);
      }
    });
    await page.goto(`${pages.origin}/run/${index}`);
    const end = await done;
    return { tests: end.tests, hooks, loadErrors: end.loadErrors ?? [] };
  } catch (err) {
    return { tests: [], hooks, loadErrors: [String(err), ...consoleErrors] };
  } finally {
    await context.close();
  }
}
