#!/usr/bin/env node
/* global bench -- the bench page's own global, used inside page.evaluate */
// `npm run bench`: <twilio-phone>, <device-status> and <totp-verify> against
// hand-written @twilio/voice-sdk code, side by side in one run, in headless
// Chromium against the local emulator, on loopback and on two shaped networks
// (bench/shaper.mjs: "broadband" RTT 40 ms, 50/10 Mbit/s; "mobile" RTT 150 ms,
// 8/2 Mbit/s, and Chromium's CPU throttling at 4× for every page of both sides,
// as Lighthouse's mobile preset). Prints one markdown table and writes it to bench/results.md.
//
//   node bench/run.mjs [--runs N] [--shaped-runs N] [--networks loopback,broadband,mobile]
//                      [--heap-runs N] [--cycles N] [--strict] [--no-waterfall] [--variants] [--raw-cdp] [--compare DIR]
//                      [--sections pageLoad,heap,...]
//   --variants adds the page-load design variants of bench/variants.mjs as information rows.
//   --raw-cdp adds the token-401 row measured without Playwright (bench/raw-cdp.mjs), as information.
//   --compare DIR adds a page-load row for another CDN build (a copy of dist/cdn, e.g. of a design
//     change), interleaved with this one and the hand-written page in the same run.
//   node bench/run.mjs --smoke      1 iteration of everything (loopback + broadband), no thresholds, no results.md
//
// Timings are performance.now() differences taken inside the pages; each
// figure is the median of N interleaved runs (ours, baseline, baseline,
// ours, ...: the order alternates) with min and max beside it.
//
// Structure: SECTIONS_PER_NETWORK run once per network, SECTIONS once, each as
// `await section(net)` / `await section(ctx)`. A module with more rows (e.g.
// bench/endpoints.mjs) exports `async (ctx) => void`, is imported here and
// listed in SECTIONS; it appends rows with ctx.table.add({figure, ours, base,
// ratio, goal, ok}) (bench/lib.mjs) and notes with ctx.notes.push(text), and may
// use ctx.interleave, ctx.ratioRow, ctx.log, ctx.runs, ctx.smoke, ctx.browser.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { createTable, fmtMs, fmtSize, kb, mb, median, ms, stats, waitForResult } from './lib.mjs';

const T_START = performance.now();
const LOAD_AT_START = loadavg()[0];
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const opt = (name) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const num = (name, dflt) => (opt(name) === undefined ? dflt : Number(opt(name)));
const SMOKE = flag('smoke');
const RUNS = SMOKE ? 1 : num('runs', 21);
const SHAPED_RUNS = SMOKE ? 1 : num('shaped-runs', 11);
const HEAP_RUNS = SMOKE ? 1 : num('heap-runs', 3);
const CYCLES = SMOKE ? 20 : num('cycles', 300);
const NETWORK_NAMES = opt('networks')?.split(',') ?? (SMOKE ? ['loopback', 'broadband'] : ['loopback', 'broadband', 'mobile']);
const WATERFALL = !SMOKE && !flag('no-waterfall') && NETWORK_NAMES.includes('mobile');
const VARIANTS = !SMOKE && flag('variants');
const RAW_CDP = !SMOKE && flag('raw-cdp');
/** --compare <dir>: another CDN build (a copy of dist/cdn) loaded beside this one in the page-load rows. */
const COMPARE_DIR = SMOKE ? undefined : opt('compare');
const STATUS_COUNT = 1000;
const SETTLE_MS = SMOKE ? 500 : 3500;
const log = (...a) => console.error(`[bench ${((performance.now() - T_START) / 1000).toFixed(1)}s]`, ...a);

/** Goals: the largest ratio ours ÷ baseline that passes, per network. */
const GOALS = {
  pageLoad: { loopback: 1.05, broadband: 0.9, mobile: 0.8 },
  startReady: { loopback: 1.05, broadband: 1.0, mobile: 1.0 },
  wrongSecret: { loopback: 1.0, broadband: 1.0, mobile: 1.0 },
  // The same SDK work plus our renders: parity is its floor.
  call: { loopback: 1.05, broadband: 1.05, mobile: 1.05 },
  token401: { loopback: 1.2, broadband: 1.1, mobile: 1.1 },
};

// ---------------------------------------------------------------- build
const NEEDED = ['dist/cdn/twilio-widgets.js', 'dist/emulator/index.js', 'dist/elements/components/totp-verify/define.js', 'dist/cdn/sounds/incoming.mp3'];
if (!NEEDED.every((f) => existsSync(ROOT + f))) {
  log('dist/ is missing or incomplete: npm run build');
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const { generateLocalhostCertificate } = await import('../dist/emulator/index.js');
const { startEmulatorThread } = await import('./emulator-thread.mjs');
const callControlApp = await import('../test/support/call-control-app.mjs');
const { startBenchServer, sdkChunk } = await import('./server.mjs');
const { createNetworks, checkShaping, pageLoadFloor } = await import('./network.mjs');
const { traceLoad, writeWaterfall, phaseTable } = await import('./waterfall.mjs');
const { buildVariants } = await import('./variants.mjs');
const { chromium } = await import('playwright-core');
const { build } = await import('esbuild');

/** The .js files of the `--compare` build, served under /variants/compare/ (its chunks load relative to its entry). */
function compareScripts(dir) {
  if (!dir) return [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  if (!files.includes('twilio-widgets.js')) throw new Error(`--compare ${dir}: no twilio-widgets.js there (a copy of dist/cdn is expected)`);
  return files.map((f) => [`/variants/compare/${f}`, readFileSync(join(dir, f))]);
}

// ---------------------------------------------------------------- infrastructure
const certificate = await generateLocalhostCertificate();
// The call-control rows' server (voice webhook, status callbacks) first: the emulator's TwiML app points at it.
await callControlApp.startCallControlApp();
const emulator = await startEmulatorThread({ certificate, ...callControlApp.emulatorApplications() });
callControlApp.buildCallControlEndpoints(emulator.url);
let nets = null;
const server = await startBenchServer({
  certificate,
  callControl: callControlApp.callControlFetchHandler,
  signalingHost: `127.0.0.1:${emulator.port}`,
  signalingHostFor: (port) => nets?.signalingHostFor(port),
  scripts: new Map([...(VARIANTS ? await buildVariants() : []), ...compareScripts(COMPARE_DIR)]),
});
nets = await createNetworks({ names: NETWORK_NAMES, serverPort: server.port, emulatorPort: emulator.port });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
log(`Chromium ${browser.version()}, page server ${server.origin}, emulator ${emulator.url}, networks ${NETWORK_NAMES.join(', ')}`);

/** Chromium's CPU throttling per network (CDP Emulation.setCPUThrottlingRate), for every page of both sides. */
const CPU_RATES = { mobile: 4 };
for (const net of nets.networks) net.cpuRate = CPU_RATES[net.name] ?? 1;
/** The network-free sections run on the first network's origin, never throttled. */
const unthrottled = () => ({ ...nets.networks[0], cpuRate: 1 });

const table = createTable(NETWORK_NAMES);
const notes = [];
/** Markdown sections after the notes (the waterfall's phases). */
const extras = [];
const pageErrors = [];
async function newContext() {
  return browser.newContext({ ignoreHTTPSErrors: true });
}
/** A new page of `context`, its CPU throttled at the network's rate before it loads anything. */
async function newPage(context, net) {
  const page = await context.newPage();
  if (net.cpuRate > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: net.cpuRate });
    page.benchCdp = cdp; // kept attached: the throttling lasts as long as the session
  }
  return page;
}
async function openPage(context, net, name, query = '') {
  const page = await newPage(context, net);
  page.on('pageerror', (err) => pageErrors.push(`${name}: ${err.message}`));
  await page.goto(`${net.origin}/pages/${name}${query}`);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30000 });
  return page;
}
/** Runs a page-side bench function that returns primitives only ({state, ms}). */
function call(page, expr, arg) {
  return withTimeout(
    page.evaluate(([e, a]) => (0, eval)(e)(a), [expr, arg]),
    30000,
    expr,
  );
}
function withTimeout(p, msTimeout, what) {
  let timer;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${msTimeout} ms: ${what}`)), msTimeout))),
  ]);
}
const runsOf = (net) => (net.name === 'loopback' ? RUNS : SHAPED_RUNS);

/**
 * Interleaved runs of one figure. `sides` maps a name to a run function returning
 * {state, ms}; every iteration runs each side once, rotating the order
 * (ours, base / base, ours / ...). A state other than `expect[side]` fails the bench.
 */
async function interleave(label, sides, expect, { runs = RUNS, warmup = true } = {}) {
  const names = Object.keys(sides);
  const res = Object.fromEntries(names.map((n) => [n, []]));
  const check = (side, r) => {
    if (r.state !== expect[side]) throw new Error(`${label}: ${side} ended in '${r.state}'${r.code ? ` (${r.code})` : ''}, expected '${expect[side]}'`);
    return r.ms;
  };
  if (warmup && !SMOKE) for (const n of names) check(n, await sides[n](-1));
  for (let i = 0; i < runs; i++) {
    const order = names.map((_, k) => names[(k + i) % names.length]);
    for (const side of order) res[side].push(check(side, await sides[side](i)));
  }
  log(`${label}: ${names.map((n) => `${n} ${ms(median(res[n]))} ms`).join(', ')}`);
  return Object.fromEntries(names.map((n) => [n, stats(res[n])]));
}

const ratioRow = (figure, net, r, goal, { key, floor } = {}) => {
  const ratio = r.ours.median / r.base.median;
  const max = goal ?? Infinity;
  table.add({
    key: key ?? figure,
    figure,
    network: net.name,
    ours: fmtMs(r.ours),
    base: fmtMs(r.base),
    ratio: ratio.toFixed(2),
    floor,
    goal: max === Infinity ? 'info' : `ratio ≤ ${max}`,
    ok: max === Infinity ? null : ratio <= max,
  });
  return ratio;
};

// ---------------------------------------------------------------- sections, per network
async function shapingCheck(net) {
  if (!net.profile) return;
  const context = await newContext();
  try {
    const page = await openPage(context, net, 'probe.html');
    const c = await checkShaping(net, page);
    log(`shaping check: ${c.text}`);
    notes.push(`Shaping check, ${c.text}.`);
  } finally {
    await context.close();
  }
}

/**
 * Page loads: each in a fresh browser context (no connection or cache reuse). `ours` and
 * `base` make the goal row; the others are design variants, information rows (bench/variants.mjs).
 */
const PAGE_LOADS = {
  ours: 'load-ours.html',
  base: 'load-base.html',
  ...(COMPARE_DIR ? { compare: 'load-ours.html?entry=/variants/compare/twilio-widgets.js' } : {}),
  ...(!VARIANTS
    ? {}
    : {
        preload: 'load-ours.html?preload=1',
        'phone-only': 'load-ours.html?entry=/variants/phone-only/entry.js',
        'no-prewarm': 'load-ours.html?entry=/variants/no-prewarm/entry.js',
        'one-file': 'load-ours.html?entry=/variants/one-file/entry.js',
      }),
};
const VARIANT_ROWS = {
  compare: `… the build in ${COMPARE_DIR} (\`--compare\`)`,
  preload: '… plus `<link rel="modulepreload">` of the SDK chunk',
  'phone-only': '… a phone-only entry (no `<device-status>`, `<totp-verify>`; esbuild)',
  'no-prewarm': '… without the signaling socket opened early (esbuild)',
  'one-file': '… one file: the boot module inside the whole bundle, as in 0.2.0 (esbuild)',
};
async function pageLoad(net) {
  const bytes = Object.fromEntries(Object.keys(PAGE_LOADS).map((k) => [k, []]));
  /** main-thread time (CDP Performance.getMetrics TaskDuration) of each throttled load, ms */
  const cpu = Object.fromEntries(Object.keys(PAGE_LOADS).map((k) => [k, []]));
  const loadOnce = (side) => async () => {
    const name = PAGE_LOADS[side];
    const context = await newContext();
    const before = await net.link?.stats();
    try {
      const page = await newPage(context, net);
      page.on('pageerror', (err) => pageErrors.push(`${name}: ${err.message}`));
      await page.benchCdp?.send('Performance.enable');
      const done = waitForResult(page);
      await page.goto(`${net.origin}/pages/${name}`, { waitUntil: 'commit' });
      await done;
      const result = await page.evaluate(() => ({ state: window.benchResult.state, code: window.benchResult.code, ms: window.benchResult.ms }));
      if (page.benchCdp) {
        const { metrics } = await page.benchCdp.send('Performance.getMetrics');
        cpu[side].push((metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN) * 1000);
      }
      return result;
    } finally {
      if (net.link) {
        const after = await net.link.stats();
        bytes[side].push({ down: after.down - before.down, up: after.up - before.up, connections: after.connections - before.connections });
      }
      await context.close();
    }
  };
  const sides = Object.fromEntries(Object.keys(PAGE_LOADS).map((k) => [k, loadOnce(k)]));
  const r = await interleave(`${net.name}: page load to ready`, sides, Object.fromEntries(Object.keys(PAGE_LOADS).map((k) => [k, 'ready'])), {
    runs: runsOf(net),
  });
  let floor;
  if (net.profile) {
    const scripts = ['/dist/cdn/twilio-widgets.js', '/dist/cdn/twilio-widgets-elements.js', `/dist/cdn/${sdkChunk()}`]
      .map((p) => server.sent.get(p) ?? 0)
      .reduce((a, b) => a + b, 0);
    const f = pageLoadFloor(net.profile, { html: server.sent.get(`/pages/${PAGE_LOADS.ours}`) ?? 0, scripts, token: server.sent.get('/token') ?? 0 });
    floor = `${ms(f.ms)} ms · ${(r.ours.median / f.ms).toFixed(2)}`;
    const med = (side, k) => median(bytes[side].map((b) => b[k]));
    notes.push(
      `Page load, ${net.name}: floor ${ms(f.ms)} ms = HTML ${ms(f.parts.html)} (3 RTT) + scripts ${ms(f.parts.scripts)} (1 RTT + ${kb(scripts)} br) + ` +
        `max(token, TLS + WebSocket) ${ms(f.parts.socket)} (3 RTT) + listen/register ${ms(f.parts.register)} (2 RTT). ` +
        `On the link per load (median): ours ${kb(med('ours', 'down'))} down, ${kb(med('ours', 'up'))} up, ${med('ours', 'connections')} connections; ` +
        `baseline ${kb(med('base', 'down'))} down, ${kb(med('base', 'up'))} up, ${med('base', 'connections')} connections.`,
    );
  }
  const slowed = Object.entries(CPU_RATES).map(([n, rate]) => `${n}: CPU ${rate}× slower`);
  ratioRow(`page load to \`ready\` (\`autostart\`), cold cache (${slowed.join(', ')})`, net, r, GOALS.pageLoad[net.name], { floor });
  if (net.profile && net.cpuRate > 1) {
    // The network floor plus the CPU the hand-written page itself needs at this rate (measured):
    // what a page as light as the baseline would take if none of its CPU overlapped the network.
    const f = Number(floor.split(' ')[0]);
    const baseCpu = median(cpu.base);
    const withCpu = f + baseCpu;
    table.add({
      key: 'floor with this CPU',
      figure: `page load floor with this CPU: the network floor + the hand-written page's main-thread time at ${net.cpuRate}× (measured)`,
      network: net.name,
      ours: fmtMs(r.ours),
      base: `${ms(withCpu)} ms = ${ms(f)} + ${ms(baseCpu)} CPU`,
      ratio: (r.ours.median / withCpu).toFixed(2),
      goal: 'info',
      ok: null,
    });
    notes.push(
      `Page load, ${net.name}: main-thread time at ${net.cpuRate}× (CDP \`Performance.getMetrics\` TaskDuration at \`ready\`, median): ours ${ms(median(cpu.ours))} ms, hand-written ${ms(baseCpu)} ms.`,
    );
  }
  for (const [side, figure] of Object.entries(VARIANT_ROWS)) {
    if (r[side]) ratioRow(figure, net, { ours: r[side], base: r.base }, undefined);
  }
}

async function waterfall(net) {
  if (!WATERFALL || net.name !== (process.env.BENCH_WATERFALL_NETWORK ?? 'mobile')) return;
  // The first AudioContext of a browser process starts its audio service (about 100 ms here): paid
  // once, before either trace, or it falls on whichever side is traced first (as in a full run, where
  // the page-load section ran before).
  const warm = await newContext();
  try {
    await (await warm.newPage()).evaluate(() => new AudioContext().close());
  } finally {
    await warm.close();
  }
  const traces = [];
  for (const [side, name, title] of [
    ['ours', PAGE_LOADS.ours, '<twilio-phone autostart> (CDN build)'],
    ['base', PAGE_LOADS.base, 'hand-written @twilio/voice-sdk'],
  ]) {
    const context = await newContext();
    try {
      const page = await newPage(context, net);
      traces.push({ side, title, ...(await traceLoad(browser, page, `${net.origin}/pages/${name}`, [net.origin, `wss://${net.signalingHost}`])) });
    } finally {
      await context.close();
    }
  }
  const file = writeWaterfall(traces, { network: net, out: new URL('./waterfall.svg', import.meta.url) });
  log(`waterfall: ${file}`);
  extras.push(phaseTable(traces, net));
}

async function warmStarts(net) {
  const context = await newContext();
  try {
    const ours = await openPage(context, net, 'ours.html');
    const base = await openPage(context, net, 'base.html');
    const runs = runsOf(net);
    const startTo = (page, url) => () => call(page, 'url => bench.startTo(url)', url);
    let r = await interleave(
      `${net.name}: start() to ready`,
      { ours: startTo(ours, '/token'), base: startTo(base, '/token') },
      { ours: 'ready', base: 'ready' },
      { runs },
    );
    ratioRow('`start()` to `ready`, SDK already loaded', net, r, GOALS.startReady[net.name]);
    const wrong = '/token?variant=wrong-secret';
    r = await interleave(
      `${net.name}: start() to bad-credentials (wrong secret)`,
      { ours: startTo(ours, wrong), base: startTo(base, wrong) },
      { ours: 'bad-credentials', base: 'error' },
      { runs },
    );
    ratioRow('`start()` to `bad-credentials` (wrong secret) vs first SDK `error`', net, r, GOALS.wrongSecret[net.name]);

    // calls: one registered caller on each page
    const setupOurs = await call(ours, '() => bench.callSetup()');
    const setupBase = await call(base, '() => bench.callSetup()');
    if (setupOurs !== 'ready' || setupBase !== 'ready') throw new Error(`call setup: ours ${setupOurs}, baseline ${setupBase}`);
    const echo = (page) => () => call(page, '() => bench.callEcho()');
    r = await interleave(`${net.name}: call to connected (echo)`, { ours: echo(ours), base: echo(base) }, { ours: 'connected', base: 'connected' }, { runs });
    ratioRow("call (`call('echo')`) to `connected` vs `device.connect()` to `accept`", net, r, GOALS.call[net.name]);
  } finally {
    await context.close();
  }
}

async function tokenRefused(net) {
  const sdkChunkRequests = () => [...server.requests].filter(([p]) => /\/cdn\/voice-sdk[^/]*\.js$/.test(p)).reduce((a, [, n]) => a + n, 0);
  let chunkLoads = 0;
  let runsOurs = 0;
  let r = await interleaveColdPages(net, `${net.name}: start() to bad-credentials (401)`, newContext, async (context, name) => {
    const page = await openPage(context, net, name);
    try {
      const before = sdkChunkRequests();
      const result = await call(page, '() => bench.go()');
      if (name === 'cold-ours.html') {
        runsOurs++;
        // Did start() ask for the SDK chunk? Its request needs one one-way delay to reach the server.
        await page.waitForTimeout(20 + (net.profile?.rttMs ?? 0));
        chunkLoads += sdkChunkRequests() - before;
      }
      return result;
    } finally {
      await page.close();
    }
  });
  ratioRow('`start()` to `bad-credentials` (token URL 401) vs one `fetch`, fresh page', net, r, GOALS.token401[net.name]);
  notes.push(`401 path, ${net.name}: the SDK chunk was requested in ${chunkLoads} of ${runsOurs} \`<twilio-phone>\` runs.`);

  // --raw-cdp: the same pages in a Chromium driven with no DevTools domain on (bench/raw-cdp.mjs), as a
  // visitor's browser runs them, without the initiator stacks Playwright's domains make it record.
  if (!RAW_CDP) return;
  rawChromium ??= await (await import('./raw-cdp.mjs')).launchRawChromium();
  r = await interleaveColdPages(net, `${net.name}: start() to bad-credentials (401), no DevTools domains`, rawChromium.newContext, async (context, name) => {
    const page = await context.open(`${net.origin}/pages/${name}`, { cpuRate: net.cpuRate });
    try {
      return await withTimeout(page.evaluate('bench.go()'), 30000, `${name}: bench.go()`);
    } finally {
      await page.close();
    }
  });
  ratioRow('… the same, the pages driven with no DevTools domain on (info)', net, r);
}
/** The Chromium of the rows measured without DevTools domains (bench/raw-cdp.mjs), launched on first use. */
let rawChromium = null;

/**
 * The 401 figure: `runOnce(context, name)` runs one fresh page of `cold-ours.html` or `cold-base.html`.
 * A new page per run (nothing of the SDK loaded), in one context per side: the setup is cheaper than a
 * fresh context and the connection to the page server is warm, as on a page just loaded.
 */
async function interleaveColdPages(net, label, makeContext, runOnce) {
  const contexts = { 'cold-ours.html': await makeContext(), 'cold-base.html': await makeContext() };
  const side = (name) => () => runOnce(contexts[name], name);
  try {
    return await interleave(
      label,
      { ours: side('cold-ours.html'), base: side('cold-base.html') },
      { ours: 'bad-credentials', base: 'bad-credentials' },
      { runs: runsOf(net) },
    );
  } finally {
    await Promise.all(Object.values(contexts).map((c) => c.close()));
  }
}

/** Call control (bench/call-control.mjs): hold() → music, transfer(cold) → target connected; information rows. */
async function callControl(net) {
  const { holdAnswer } = await (
    await import('./call-control.mjs')
  ).callControlRows(net, { newContext, openPage, call, runs: runsOf(net), table, log, emulatorUrl: emulator.url });
  notes.push(`Call control, ${net.name}: \`hold()\` resolved (the server's answer) after ${fmtMs(holdAnswer)}.`);
}

// ---------------------------------------------------------------- sections, network-free
async function statusFanout() {
  const net = unthrottled();
  const context = await newContext();
  try {
    const page = await openPage(context, net, 'status.html', `?n=${STATUS_COUNT}`);
    const tick = (kind) => () => call(page, 'k => bench.tick(k)', kind);
    const r = await interleave(`${STATUS_COUNT} badges`, { ours: tick('ours'), base: tick('vanilla') }, { ours: 'shown', base: 'shown' });
    ratioRow(`\`<device-status>\` × ${STATUS_COUNT} following one phone: state change to DOM written (no network)`, { name: '—' }, r, 1.5);
  } finally {
    await context.close();
  }
}

async function heap() {
  const net = unthrottled();
  const runs = { ours: [], base: [] };
  let tracked = 0;
  let failed = 0;
  let openSockets = 0;
  const measure = async (side) => {
    const context = await newContext();
    try {
      const page = await openPage(context, net, 'heap.html');
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
      const f = await withTimeout(
        page.evaluate(([e, a]) => (0, eval)(e)(a), [fn, CYCLES]),
        240000,
        'heap cycles',
      );
      // The SDK's Sound objects stay referenced by their own maxDuration timers (≤ 3 s) after destroy().
      await page.waitForTimeout(SETTLE_MS);
      const h1 = await sample();
      const run = Object.fromEntries(Object.keys(h0).map((k) => [k, h1[k] - h0[k]]));
      if (side === 'ours') {
        failed += f;
        tracked = await page.evaluate(() => bench.devicesTracked());
        run.live = await page.evaluate(() => bench.liveDevices());
        openSockets = Math.max(openSockets, await emulator.openSockets());
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
  table.add({
    figure: `JS heap growth after ${CYCLES} mount/\`start()\`-to-ready/remove cycles (n=${HEAP_RUNS})`,
    network: 'loopback',
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
  // <totp-verify>'s send path and its page-owned-input code) apart.
  const bundleFiles = async (opts) =>
    (
      await build({
        bundle: true,
        format: 'esm',
        minify: true,
        target: 'es2022',
        platform: 'browser',
        write: false,
        logLevel: 'silent',
        absWorkingDir: ROOT,
        splitting: true,
        outdir: `${ROOT}node_modules/.bench-out`,
        entryNames: 'entry',
        ...opts,
      })
    ).outputFiles;
  /**
   * The eager code of an entry: entry.js and every chunk it imports statically (esbuild moves code
   * the entry shares with a lazy chunk into a chunk of its own, which the page still loads at once).
   */
  const bundle = async (opts) => {
    const files = await bundleFiles(opts);
    const byName = new Map(files.map((f) => [f.path.split('/').pop(), f]));
    const eager = new Set();
    const visit = (name) => {
      if (eager.has(name) || !byName.has(name)) return;
      eager.add(name);
      for (const m of byName.get(name).text.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) visit(m[1]);
    };
    visit('entry.js');
    return Buffer.concat([...eager].map((n) => byName.get(n).contents));
  };
  const size = (bytes) => ({
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
  });
  const LIT_EXTERNAL = ['lit', 'lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*', '@lit/reactive-element', '@lit/reactive-element/*'];

  const totp = size(await bundle({ entryPoints: ['dist/elements/components/totp-verify/define.js'] }));
  const lit = size(await bundle({ stdin: { contents: "export * from 'lit';", resolveDir: ROOT, loader: 'js' } }));
  table.add({
    figure: 'JS of a page with only `<totp-verify>` (min, bundled)',
    ours: fmtSize(totp),
    base: `${fmtSize(lit)} (Lit alone)`,
    ratio: `+${kb(totp.gzip - lit.gzip)} gz`,
    goal: '≤ Lit + 5 KB gz',
    ok: totp.gzip <= lit.gzip + 5 * 1024,
  });

  const enrollFiles = await bundleFiles({ entryPoints: ['dist/elements/components/totp-enroll/define.js'] });
  const enroll = size(await bundle({ entryPoints: ['dist/elements/components/totp-enroll/define.js'] }));
  const qrChunk = size(enrollFiles.find((f) => /\/qr-[^/]+\.js$/.test(f.path))?.contents ?? new Uint8Array());
  table.add({
    figure: 'JS of a page with only `<totp-enroll>` (min, bundled; the lazy QR chunk apart)',
    ours: `${fmtSize(enroll)} + QR chunk ${fmtSize(qrChunk)}`,
    base: `${fmtSize(totp)} (\`<totp-verify>\` alone)`,
    ratio: `+${kb(enroll.gzip - totp.gzip)} gz`,
    goal: '—',
    ok: null,
  });

  const phone = size(await bundle({ entryPoints: ['dist/elements/components/twilio-phone/define.js'], external: [...LIT_EXTERNAL, '@twilio/voice-sdk'] }));
  table.add({
    figure: '`<twilio-phone>` code excluding Lit and the SDK (min)',
    ours: fmtSize(phone),
    base: '—',
    ratio: '—',
    goal: '≤ 15 KB gz',
    ok: phone.gzip <= 15 * 1024,
  });

  const boot = size(await bundle({ entryPoints: ['dist/elements/boot.js'], external: ['@twilio/voice-sdk'] }));
  table.add({
    figure: 'boot module (`boot.js`: finds autostart phones, starts their token request and socket; min, bundled)',
    ours: fmtSize(boot),
    base: '—',
    ratio: '—',
    goal: '≤ 2 KB gz',
    ok: boot.gzip <= 2 * 1024,
  });

  const chunkName = sdkChunk();
  const chunk = size(readFileSync(`${ROOT}dist/cdn/${chunkName}`));
  const twilioMin = size(readFileSync(`${ROOT}node_modules/@twilio/voice-sdk/dist/twilio.min.js`));
  const r = chunk.gzip / twilioMin.gzip;
  table.add({
    figure: `SDK chunk (\`dist/cdn/${chunkName}\`)`,
    ours: fmtSize(chunk),
    base: `${fmtSize(twilioMin)} (\`twilio.min.js\`)`,
    ratio: r.toFixed(2),
    goal: 'ratio ≤ 0.75',
    ok: r <= 0.75,
  });
  const cdn = size(readFileSync(`${ROOT}dist/cdn/twilio-widgets.js`));
  const cdnElements = size(readFileSync(`${ROOT}dist/cdn/twilio-widgets-elements.js`));
  notes.push(
    `Sizes: esbuild bundles (minified ESM) of \`dist/\`, gzip -9 and brotli q11; the CDN entry \`twilio-widgets.js\` (the boot module and the re-exports) is ${fmtSize(cdn)}, ` +
      `the file it loads at once, \`twilio-widgets-elements.js\` (every element + Lit), ${fmtSize(cdnElements)}. Lit alone = \`export * from 'lit'\`.`,
  );
}

// ---------------------------------------------------------------- run
const SECTIONS_PER_NETWORK = [shapingCheck, pageLoad, waterfall, warmStarts, tokenRefused, callControl];
/** Token and verify endpoints under load (bench/endpoints.mjs), against a bare `http` handler. */
async function endpoints(c) {
  const { rows, notes: more } = await (await import('./endpoints.mjs')).endpointRows({ smoke: c.smoke, log: c.log });
  for (const row of rows) c.table.add(row);
  c.notes.push(...more);
}

/** noise-suppression: its lazy files and its audio-thread cost (bench/noise-suppression.mjs). */
async function noiseSuppression(c) {
  await (await import('./noise-suppression.mjs')).noiseSuppressionRows(c);
}

const SECTIONS = [statusFanout, sizes, noiseSuppression, endpoints, heap];

// --sections pageLoad,heap runs only those (while working on one figure)
const only = (list) => (opt('sections') ? list.filter((s) => opt('sections').split(',').includes(s.name) || s === shapingCheck) : list);

/** What a section module gets (see the header). */
const ctx = { table, notes, log, interleave, ratioRow, runs: RUNS, smoke: SMOKE, browser, server, emulator, newContext };

let failure = null;
try {
  for (const net of nets.networks) for (const section of only(SECTIONS_PER_NETWORK)) await section(net);
  for (const section of only(SECTIONS)) await section(ctx);
} catch (err) {
  failure = err;
} finally {
  await browser.close().catch(() => undefined);
  await rawChromium?.close().catch(() => undefined);
  await nets.close();
  await server.close();
  await emulator.stop();
  await callControlApp.stopCallControlApp();
}
if (pageErrors.length) console.error(`page errors:\n  ${[...new Set(pageErrors)].join('\n  ')}`);
if (failure) {
  console.error(failure);
  if (SMOKE) console.log('ℹ pass 0\nℹ fail 1');
  process.exit(1);
}

const seconds = (performance.now() - T_START) / 1000;
const header =
  `${RUNS} interleaved runs per timing on loopback, ${SHAPED_RUNS} on each shaped network (heap: ${HEAP_RUNS}), Chromium ${browser.version()} headless, Node ${process.version}, ` +
  `${cpus().length}× ${cpus()[0]?.model?.trim() ?? 'CPU'}, networks: ${NETWORK_NAMES.join(', ')}, load average ${LOAD_AT_START.toFixed(1)} at start; total ${seconds.toFixed(0)} s.`;
const body = `${table.render({ smoke: SMOKE })}\n\n${header}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n${extras.map((e) => `\n${e}\n`).join('')}`;
console.log(`\n${body}`);
if (SMOKE) {
  console.log(`ℹ pass ${table.rows.length}\nℹ fail 0`);
} else {
  writeFileSync(new URL('./results.md', import.meta.url), `# Benchmark results\n\nWritten by \`npm run bench\` (bench/run.mjs).\n\n${body}`);
  console.log('written to bench/results.md');
  if (flag('strict') && table.rows.some((r) => r.ok === false)) process.exit(1);
}
