#!/usr/bin/env node
// `npm run bench`: <twilio-phone>, <device-status> and <totp-verify> against
// hand-written @twilio/voice-sdk code, side by side in one run, in headless
// Chromium against the local emulator on loopback. Prints one markdown table
// and writes it to bench/results.md.
//
//   node bench/run.mjs [--runs N] [--heap-runs N] [--cycles N] [--strict]
//   node bench/run.mjs --smoke      1 iteration of everything, no thresholds, no results.md
//
// Timings are performance.now() differences taken inside the pages; each
// figure is the median of RUNS interleaved runs (ours, baseline, baseline,
// ours, ...: the order alternates) with min and max beside it.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

const T_START = performance.now();
const LOAD_AT_START = loadavg()[0];
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const num = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const SMOKE = flag('smoke');
const RUNS = SMOKE ? 1 : num('runs', 21);
const HEAP_RUNS = SMOKE ? 1 : num('heap-runs', 3);
const CYCLES = SMOKE ? 20 : num('cycles', 500);
const STATUS_COUNT = 1000;
const SETTLE_MS = SMOKE ? 500 : 3500;
const log = (...a) => console.error(`[bench ${((performance.now() - T_START) / 1000).toFixed(1)}s]`, ...a);

// ---------------------------------------------------------------- build
const NEEDED = ['dist/cdn/twilio-widgets.js', 'dist/emulator/index.js', 'dist/elements/components/totp-verify/define.js', 'dist/elements/core/sounds.js'];
if (!NEEDED.every((f) => existsSync(ROOT + f))) {
  log('dist/ is missing or incomplete: npm run build');
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const { startEmulator, generateLocalhostCertificate } = await import('../dist/emulator/index.js');
const { startBenchServer, sdkChunk } = await import('./server.mjs');
const { chromium } = await import('playwright-core');
const { build } = await import('esbuild');

// ---------------------------------------------------------------- stats and formatting
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });
const ms = (v) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const fmtMs = (s) => `${ms(s.median)} ms (${ms(s.min)}–${ms(s.max)})`;
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const fmtSize = (s) => `${kb(s.gzip)} gz · ${kb(s.brotli)} br`;
const mb = (b) => `${(b / 1048576).toFixed(2)} MB`;

// ---------------------------------------------------------------- infrastructure
const certificate = await generateLocalhostCertificate();
const emulator = await startEmulator({ port: 0, certificate });
const signalingHost = `127.0.0.1:${emulator.port}`;
const server = await startBenchServer({ certificate, signalingHost });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
log(`Chromium ${browser.version()}, page server ${server.origin}, emulator ${emulator.url}`);

const pageErrors = [];
async function newContext() {
  return browser.newContext({ ignoreHTTPSErrors: true });
}
async function openPage(context, name, query = '') {
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${name}: ${err.message}`));
  await page.goto(`${server.origin}/pages/${name}${query}`);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30000 });
  return page;
}
/** Runs a page-side bench function that returns primitives only ({state, ms}). */
function call(page, expr, arg) {
  return withTimeout(page.evaluate(([e, a]) => (0, eval)(e)(a), [expr, arg]), 30000, expr);
}
function withTimeout(p, msTimeout, what) {
  let timer;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${msTimeout} ms: ${what}`)), msTimeout))),
  ]);
}

/**
 * Interleaved runs of one figure. `sides` maps a name to a run function returning
 * {state, ms}; every iteration runs each side once, rotating the order
 * (ours, base / base, ours / ...). A state other than `expect[side]` fails the bench.
 */
async function interleave(label, sides, expect, { warmup = true } = {}) {
  const names = Object.keys(sides);
  const res = Object.fromEntries(names.map((n) => [n, []]));
  const check = (side, r) => {
    if (r.state !== expect[side]) throw new Error(`${label}: ${side} ended in '${r.state}'${r.code ? ` (${r.code})` : ''}, expected '${expect[side]}'`);
    return r.ms;
  };
  if (warmup && !SMOKE) for (const n of names) check(n, await sides[n](-1));
  for (let i = 0; i < RUNS; i++) {
    const order = names.map((_, k) => names[(k + i) % names.length]);
    for (const side of order) res[side].push(check(side, await sides[side](i)));
  }
  log(`${label}: ${names.map((n) => `${n} ${ms(median(res[n]))} ms`).join(', ')}`);
  return Object.fromEntries(names.map((n) => [n, stats(res[n])]));
}

// ---------------------------------------------------------------- figures
const rows = [];
const notes = [];
const ratioRow = (figure, r, goalText, maxRatio) => {
  const ratio = r.ours.median / r.base.median;
  rows.push({ figure, ours: fmtMs(r.ours), base: fmtMs(r.base), ratio: ratio.toFixed(2), goal: goalText, ok: maxRatio === Infinity ? null : ratio <= maxRatio });
  return ratio;
};

async function pageLoad() {
  const loadOnce = (name) => async () => {
    const context = await newContext();
    try {
      const page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(`${name}: ${err.message}`));
      await page.goto(`${server.origin}/pages/${name}`, { waitUntil: 'commit' });
      await page.waitForFunction(() => window.benchResult, null, { timeout: 20000, polling: 10 });
      return await page.evaluate(() => ({ state: window.benchResult.state, code: window.benchResult.code, ms: window.benchResult.ms }));
    } finally {
      await context.close();
    }
  };
  const r = await interleave(
    'page load to ready',
    { ours: loadOnce('load-ours.html'), base: loadOnce('load-base.html'), preload: loadOnce('load-ours-preload.html') },
    { ours: 'ready', base: 'ready', preload: 'ready' },
  );
  ratioRow('page load to `ready` (`autostart`), cold cache', r, 'ratio ≤ 0.9', 0.9);
  ratioRow('… the same page plus `<link rel="modulepreload">` of the SDK chunk (proposed page-side hint; not a goal row)', { ours: r.preload, base: r.base }, 'info', Infinity);
}

async function warmStarts(context) {
  const ours = await openPage(context, 'ours.html');
  const base = await openPage(context, 'base.html');
  const startTo = (page, url) => () => call(page, 'url => bench.startTo(url)', url);
  let r = await interleave('start() to ready', { ours: startTo(ours, '/token'), base: startTo(base, '/token') }, { ours: 'ready', base: 'ready' });
  ratioRow('`start()` to `ready`, SDK already loaded', r, 'ratio ≤ 1.05', 1.05);
  const wrong = '/token?variant=wrong-secret';
  r = await interleave('start() to bad-credentials (wrong secret)', { ours: startTo(ours, wrong), base: startTo(base, wrong) }, { ours: 'bad-credentials', base: 'error' });
  ratioRow('`start()` to `bad-credentials` (wrong secret) vs first SDK `error`', r, 'ratio ≤ 1.0', 1.0);

  // calls: one registered caller on each page
  const setupOurs = await call(ours, '() => bench.callSetup()');
  const setupBase = await call(base, '() => bench.callSetup()');
  if (setupOurs !== 'ready' || setupBase !== 'ready') throw new Error(`call setup: ours ${setupOurs}, baseline ${setupBase}`);
  const echo = (page) => () => call(page, '() => bench.callEcho()');
  r = await interleave('call to connected (echo)', { ours: echo(ours), base: echo(base) }, { ours: 'connected', base: 'connected' });
  ratioRow('call (`call(\'echo\')`) to `connected` vs `device.connect()` to `accept`', r, 'ratio ≤ 1.05', 1.05);
  await ours.close();
  await base.close();
}

async function tokenRefused() {
  const sdkChunkRequests = () => [...server.requests].filter(([p]) => /\/cdn\/voice-sdk[^/]*\.js$/.test(p)).reduce((a, [, n]) => a + n, 0);
  let chunkLoads = 0;
  const coldOnce = (name, countChunk) => async () => {
    const context = await newContext();
    try {
      const page = await openPage(context, name);
      const before = sdkChunkRequests();
      const r = await call(page, '() => bench.go()');
      await page.waitForTimeout(20); // let a chunk request started by start() reach the server
      if (countChunk) chunkLoads += sdkChunkRequests() - before;
      return r;
    } finally {
      await context.close();
    }
  };
  const r = await interleave(
    'start() to bad-credentials (401)',
    { ours: coldOnce('cold-ours.html', true), base: coldOnce('cold-base.html', false) },
    { ours: 'bad-credentials', base: 'bad-credentials' },
  );
  ratioRow('`start()` to `bad-credentials` (token URL 401) vs one `fetch`, fresh page', r, 'ratio ≤ 1.2', 1.2);
  const runs = RUNS + (SMOKE ? 0 : 1);
  notes.push(
    `401 path: the SDK chunk was requested in ${chunkLoads} of ${runs} \`<twilio-phone>\` runs` +
      (chunkLoads ? ' (start() begins the SDK import before the token answer is known).' : '.'),
  );
}

async function statusFanout(context) {
  const page = await openPage(context, 'status.html', `?n=${STATUS_COUNT}`);
  const tick = (kind) => () => call(page, 'k => bench.tick(k)', kind);
  const r = await interleave(`${STATUS_COUNT} badges`, { ours: tick('ours'), base: tick('vanilla') }, { ours: 'shown', base: 'shown' });
  ratioRow(`\`<device-status>\` × ${STATUS_COUNT} following one phone: state change to DOM written`, r, 'ratio ≤ 2', 2);
  await page.close();
}

async function heap() {
  const runs = { ours: [], base: [] };
  let tracked = 0;
  let failed = 0;
  let openSockets = 0;
  const measure = async (side) => {
    const context = await newContext();
    try {
      const page = await openPage(context, 'heap.html');
      const cdp = await context.newCDPSession(page);
      const fn = side === 'ours' ? 'n => bench.phoneCycles(n)' : 'n => bench.divCycles(n)';
      const sample = async () => {
        for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
        const h = await cdp.send('Runtime.getHeapUsage');
        const d = await cdp.send('Memory.getDOMCounters');
        return { js: h.usedSize, blink: h.embedderHeapUsedSize ?? 0, nodes: d.nodes, listeners: d.jsEventListeners };
      };
      await call(page, fn, 3); // warm-up: the SDK chunk, sounds, first-use caches
      await page.waitForTimeout(SETTLE_MS);
      const h0 = await sample();
      const f = await withTimeout(page.evaluate(([e, a]) => (0, eval)(e)(a), [fn, CYCLES]), 240000, 'heap cycles');
      // The SDK's Sound objects stay referenced by their own maxDuration timers (≤ 3 s) after destroy().
      await page.waitForTimeout(SETTLE_MS);
      const h1 = await sample();
      const run = Object.fromEntries(Object.keys(h0).map((k) => [k, h1[k] - h0[k]]));
      if (side === 'ours') {
        failed += f;
        tracked = await page.evaluate(() => bench.devicesTracked());
        run.live = await page.evaluate(() => bench.liveDevices());
        openSockets = Math.max(openSockets, emulator.openSockets());
      }
      runs[side].push(run);
      await cdp.detach();
    } finally {
      await context.close();
    }
  };
  for (let i = 0; i < HEAP_RUNS; i++) {
    for (const side of i % 2 ? ['base', 'ours'] : ['ours', 'base']) await measure(side);
  }
  const med = (side, k) => median(runs[side].map((r) => r[k]));
  const o = stats(runs.ours.map((r) => r.js));
  const b = stats(runs.base.map((r) => r.js));
  const live = Math.max(...runs.ours.map((r) => r.live));
  const over = o.median - b.median;
  const fmt = (s) => `${mb(s.median)} (${mb(s.min)}–${mb(s.max)})`;
  log(`heap: ours +${mb(o.median)}, baseline +${mb(b.median)}, live Devices ${live}/${tracked}`);
  rows.push({
    figure: `JS heap growth after ${CYCLES} mount/\`start()\`-to-ready/remove cycles (n=${HEAP_RUNS})`,
    ours: `${fmt(o)}; live Devices ${live} of ${tracked}`,
    base: `${fmt(b)} (empty \`<div>\`)`,
    ratio: `${over >= 0 ? '+' : ''}${mb(over)}`,
    goal: '≤ +1 MB, 0 live Devices',
    ok: over <= 1048576 && live === 0 && failed === 0,
  });
  notes.push(
    `Heap: fresh page per run, ${SETTLE_MS / 1000} s settle, CDP \`HeapProfiler.collectGarbage\` ×3, \`Runtime.getHeapUsage\` (V8 \`usedSize\`) and \`Memory.getDOMCounters\`; live Devices = \`WeakRef\`s to each cycle's \`el.device\` still set after GC. ` +
      `Medians, ours vs empty div: Blink heap ${mb(med('ours', 'blink'))} vs ${mb(med('base', 'blink'))}, DOM nodes ${med('ours', 'nodes')} vs ${med('base', 'nodes')}, JS listeners ${med('ours', 'listeners')} vs ${med('base', 'listeners')}. ` +
      `Part of the Blink figure is DevTools' own network records (Playwright keeps the Network domain on and the SDK XHRs its 15 sounds per Device), ~8 KB a cycle even with no live Device. ` +
      `${failed} cycles missed \`ready\`; emulator signaling sockets still open afterwards: ${openSockets}.`,
  );
}

async function sizes() {
  // With code splitting, as a page gets it: the entry it downloads, lazy chunks (the QR encoder,
  // the page-owned-input code of <totp-verify>) apart.
  const bundleFiles = async (opts) =>
    (
      await build({ bundle: true, format: 'esm', minify: true, target: 'es2022', platform: 'browser', write: false, logLevel: 'silent', absWorkingDir: ROOT, splitting: true, outdir: `${ROOT}node_modules/.bench-out`, entryNames: 'entry', ...opts })
    ).outputFiles;
  const bundle = async (opts) => (await bundleFiles(opts)).find((f) => f.path.endsWith('/entry.js')).contents;
  const size = (bytes) => ({
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
  });
  const LIT_EXTERNAL = ['lit', 'lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*', '@lit/reactive-element', '@lit/reactive-element/*'];

  const totp = size(await bundle({ entryPoints: ['dist/elements/components/totp-verify/define.js'] }));
  const lit = size(await bundle({ stdin: { contents: "export * from 'lit';", resolveDir: ROOT, loader: 'js' } }));
  const ok1 = totp.gzip <= lit.gzip + 6 * 1024;
  rows.push({
    figure: 'JS of a page with only `<totp-verify>` (min, bundled)',
    ours: fmtSize(totp),
    base: `${fmtSize(lit)} (Lit alone)`,
    ratio: `+${kb(totp.gzip - lit.gzip)} gz`,
    goal: '≤ Lit + 6 KB gz',
    ok: ok1,
  });

  const enrollFiles = await bundleFiles({ entryPoints: ['dist/elements/components/totp-enroll/define.js'] });
  const enroll = size(enrollFiles.find((f) => f.path.endsWith('/entry.js')).contents);
  const qrChunk = size(enrollFiles.find((f) => /\/qr-[^/]+\.js$/.test(f.path))?.contents ?? new Uint8Array());
  rows.push({
    figure: 'JS of a page with only `<totp-enroll>` (min, bundled; the lazy QR chunk apart)',
    ours: `${fmtSize(enroll)} + QR chunk ${fmtSize(qrChunk)}`,
    base: `${fmtSize(totp)} (\`<totp-verify>\` alone)`,
    ratio: `+${kb(enroll.gzip - totp.gzip)} gz`,
    goal: '—',
    ok: null,
  });

  const phone = size(await bundle({ entryPoints: ['dist/elements/components/twilio-phone/define.js'], external: [...LIT_EXTERNAL, '@twilio/voice-sdk'] }));
  rows.push({ figure: '`<twilio-phone>` code excluding Lit and the SDK (min)', ours: fmtSize(phone), base: '—', ratio: '—', goal: '≤ 15 KB gz', ok: phone.gzip <= 15 * 1024 });

  const chunkName = sdkChunk();
  const chunk = size(readFileSync(`${ROOT}dist/cdn/${chunkName}`));
  const twilioMin = size(readFileSync(`${ROOT}node_modules/@twilio/voice-sdk/dist/twilio.min.js`));
  const r = chunk.gzip / twilioMin.gzip;
  rows.push({
    figure: `SDK chunk (\`dist/cdn/${chunkName}\`)`,
    ours: fmtSize(chunk),
    base: `${fmtSize(twilioMin)} (\`twilio.min.js\`)`,
    ratio: r.toFixed(2),
    goal: 'ratio ≤ 0.75',
    ok: r <= 0.75,
  });
  const cdn = size(readFileSync(`${ROOT}dist/cdn/twilio-widgets.js`));
  notes.push(
    `Sizes: esbuild bundles (minified ESM) of \`dist/\`, gzip -9 and brotli q11; the CDN entry \`twilio-widgets.js\` (every element + Lit) is ${fmtSize(cdn)}. Lit alone = \`export * from 'lit'\`.`,
  );
}

// ---------------------------------------------------------------- run
let failure = null;
try {
  const context = await newContext();
  await pageLoad();
  await warmStarts(context);
  await tokenRefused();
  await statusFanout(context);
  await context.close();
  await sizes();
  const endpoints = await (await import('./endpoints.mjs')).endpointRows({ smoke: SMOKE, log }); // token and verify endpoints under load
  rows.push(...endpoints.rows);
  notes.push(...endpoints.notes);
  await heap();
} catch (err) {
  failure = err;
} finally {
  await browser.close().catch(() => undefined);
  await server.close();
  await emulator.stop();
}
if (pageErrors.length) console.error(`page errors:\n  ${[...new Set(pageErrors)].join('\n  ')}`);
if (failure) {
  console.error(failure);
  if (SMOKE) console.log('ℹ pass 0\nℹ fail 1');
  process.exit(1);
}

const seconds = (performance.now() - T_START) / 1000;
const table = [
  '| figure | ours: median (min–max) | baseline, same run: median (min–max) | ratio | goal | |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.figure} | ${r.ours} | ${r.base} | ${r.ratio} | ${r.goal} | ${SMOKE || r.ok === null ? '–' : r.ok ? '✓' : '✗'} |`),
].join('\n');
const header = `${RUNS} interleaved runs per timing (heap: ${HEAP_RUNS}), Chromium ${browser.version()} headless, Node ${process.version}, ${cpus().length}× ${cpus()[0]?.model?.trim() ?? 'CPU'}, loopback emulator, load average ${LOAD_AT_START.toFixed(1)} at start; total ${seconds.toFixed(0)} s.`;
const body = `${table}\n\n${header}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`;
console.log(`\n${body}`);
if (SMOKE) {
  console.log(`ℹ pass ${rows.length}\nℹ fail 0`);
} else {
  writeFileSync(new URL('./results.md', import.meta.url), `# Benchmark results\n\nWritten by \`npm run bench\` (bench/run.mjs).\n\n${body}`);
  console.log('written to bench/results.md');
  if (flag('strict') && rows.some((r) => r.ok === false)) process.exit(1);
}
