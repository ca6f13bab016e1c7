// diagnostic: renderer CPU time (CDP SystemInfo.getProcessInfo cpuTime) per <device-status> tick, ours vs vanilla, alternating batches
import { generateLocalhostCertificate } from '../dist/emulator/index.js';
import { startBenchServer } from './server.mjs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
const certificate = await generateLocalhostCertificate();
const server = await startBenchServer({ certificate, signalingHost: 'x' });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
const ctx = await browser.newContext({ ignoreHTTPSErrors: true });
const page = await ctx.newPage();
const url = process.argv[2] ?? `${server.origin}/pages/status.html?n=1000`;
await page.goto(url.replace('ORIGIN', server.origin));
await page.waitForFunction(() => window.benchReady === true);
const bcdp = await browser.newBrowserCDPSession();
const rendererCpu = async () => (await bcdp.send('SystemInfo.getProcessInfo')).processInfo.filter((p) => p.type === 'renderer').reduce((a, p) => a + p.cpuTime, 0);
const B = 100;
const res = { ours: [], vanilla: [] };
for (let i = 0; i < 10; i++) for (const k of ['ours', 'vanilla']) await page.evaluate((k) => bench.tick(k), k);
for (let round = 0; round < 8; round++) for (const kind of round % 2 ? ['vanilla', 'ours'] : ['ours', 'vanilla']) {
  const c0 = await rendererCpu();
  await page.evaluate(async ([k, n]) => { for (let i = 0; i < n; i++) await bench.tick(k); }, [kind, B]);
  res[kind].push(((await rendererCpu()) - c0) * 1000 / B);
}
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
console.log('renderer CPU ms/tick: ours', res.ours.map((x) => x.toFixed(2)).join(' '), '| vanilla', res.vanilla.map((x) => x.toFixed(2)).join(' '), '| ratio of medians', (med(res.ours) / med(res.vanilla)).toFixed(2));
await browser.close(); await server.close();
