// The page-load waterfall: a Chromium trace (devtools.timeline + user timing)
// of one shaped page load per side, drawn as one small SVG with a shared time
// axis, so what starts when can be compared at a glance.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { waitForResult } from './lib.mjs';

const CATEGORIES = [
  'devtools.timeline',
  'blink.user_timing',
  'loading',
  'v8.execute',
  'disabled-by-default-devtools.timeline',
  ...(process.env.BENCH_TRACE_CPU ? ['disabled-by-default-v8.cpu_profiler'] : []),
];

/**
 * Loads `url` in `page` under a Chromium trace; resolves with its requests and sockets to
 * `origins` (the browser's own requests left out) and the page's marks, in ms from navigation start.
 */
export async function traceLoad(browser, page, url, origins) {
  await browser.startTracing(page, { categories: CATEGORIES });
  let events;
  try {
    const done = waitForResult(page);
    await page.goto(url, { waitUntil: 'commit' });
    await done;
  } finally {
    events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  }
  const result = await page.evaluate(() => window.benchResult);
  // BENCH_TRACE_DIR=/tmp/x keeps the raw traces (chrome://tracing, Perfetto) for a closer look.
  if (process.env.BENCH_TRACE_DIR)
    writeFileSync(`${process.env.BENCH_TRACE_DIR}/${new URL(url).pathname.split('/').pop()}.json`, JSON.stringify({ traceEvents: events }));
  const t = parseTrace(events);
  const ours = (u) => origins.some((o) => u.startsWith(o));
  return { requests: t.requests.filter((r) => ours(r.url)), sockets: t.sockets.filter((s) => ours(s.url)), marks: t.marks, result };
}

/** Requests (send → headers → finished), WebSockets (create → handshake sent → open) and page marks from trace events. */
export function parseTrace(events) {
  const nav = events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame !== false && e.args?.data?.documentLoaderURL);
  const t0 = (nav ?? events.find((e) => e.name === 'navigationStart'))?.ts;
  if (t0 === undefined) throw new Error('trace has no navigationStart');
  const at = (us) => (us - t0) / 1000;
  const requests = new Map();
  const sockets = new Map();
  const marks = [];
  for (const e of events) {
    const d = e.args?.data;
    switch (e.name) {
      case 'ResourceSendRequest':
        requests.set(d.requestId, { url: d.url, send: at(e.ts) });
        break;
      case 'ResourceReceiveResponse': {
        const r = requests.get(d.requestId);
        if (!r) break;
        r.status = d.statusCode;
        const t = d.timing;
        if (t) {
          const base = t.requestTime * 1000 - t0 / 1000;
          if (t.connectStart >= 0) r.connect = [base + t.connectStart, base + t.connectEnd];
          r.sent = base + t.sendStart;
          r.headers = base + t.receiveHeadersEnd;
        } else {
          r.headers = at(e.ts);
        }
        break;
      }
      case 'ResourceFinish': {
        const r = requests.get(d.requestId);
        if (r) r.finish = d.finishTime ? d.finishTime * 1000 - t0 / 1000 : at(e.ts);
        break;
      }
      case 'WebSocketCreate':
        sockets.set(d.identifier, { url: d.url, create: at(e.ts) });
        break;
      case 'WebSocketSendHandshakeRequest': {
        const s = sockets.get(d.identifier);
        if (s) s.handshake = at(e.ts);
        break;
      }
      case 'WebSocketReceiveHandshakeResponse': {
        const s = sockets.get(d.identifier);
        if (s) s.open = at(e.ts);
        break;
      }
      default:
        if (e.cat?.includes('blink.user_timing') && e.name.startsWith('bench:') && (e.ph === 'R' || e.ph === 'I' || e.ph === 'n' || e.ph === 'b')) {
          marks.push({ name: e.name.slice(6), at: at(e.ts) });
        }
    }
  }
  return {
    requests: [...requests.values()].filter((r) => r.finish !== undefined && !r.url.startsWith('data:')),
    sockets: [...sockets.values()],
    marks: [...new Map(marks.map((m) => [m.name, m])).values()],
  };
}

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function rowsOf(trace) {
  const rows = [];
  const sounds = [];
  for (const r of trace.requests.sort((a, b) => a.send - b.send)) {
    const u = new URL(r.url);
    if (u.pathname === '/favicon.ico') continue; // the browser's own request
    if (u.pathname.startsWith('/sounds/')) {
      sounds.push(r);
      continue;
    }
    const label = u.pathname.replace(/^\/(pages|dist\/cdn|sdk)\//, '') + (u.search ? u.search : '');
    rows.push({ label, start: r.send, connect: r.connect, wait: [r.sent ?? r.send, r.headers ?? r.finish], body: [r.headers ?? r.finish, r.finish] });
  }
  if (sounds.length) {
    const start = Math.min(...sounds.map((s) => s.send));
    const end = Math.max(...sounds.map((s) => s.finish));
    rows.push({
      label: `${sounds.length} sound files`,
      start,
      wait: [start, Math.min(...sounds.map((s) => s.headers ?? s.finish))],
      body: [Math.min(...sounds.map((s) => s.headers ?? s.finish)), end],
    });
  }
  for (const s of trace.sockets) {
    rows.push({
      label: 'signaling WebSocket',
      start: s.create,
      connect: s.handshake !== undefined ? [s.create, s.handshake] : undefined,
      wait: [s.handshake ?? s.create, s.open ?? s.create],
      open: s.open,
    });
  }
  return rows.sort((a, b) => a.start - b.start);
}

/**
 * Writes the SVG of `traces` (one panel each, same time scale) to `out`.
 * @param {Array<{title: string, requests: object[], sockets: object[], marks: {name: string, at: number}[], result: {ms: number}}>} traces
 */
export function writeWaterfall(traces, { network, out }) {
  const W = 860;
  const LABEL = 190;
  const ROW = 17;
  const panels = traces.map((t) => ({ ...t, rows: rowsOf(t) }));
  const end = Math.max(...panels.map((p) => p.result.ms)) * 1.04;
  const step = end > 2000 ? 250 : end > 800 ? 100 : 50;
  const x = (t) => LABEL + (Math.max(0, t) / end) * (W - LABEL - 10);
  const parts = [];
  let y = 24;
  parts.push(
    `<text x="10" y="16" class="h">Page load to ready, "${esc(network.name)}" network (RTT ${network.profile.rttMs} ms, ${network.profile.downMbps}/${network.profile.upMbps} Mbit/s), one Chromium trace each</text>`,
  );
  for (const p of panels) {
    y += 10;
    parts.push(`<text x="10" y="${y + 10}" class="t">${esc(p.title)}: ready at ${Math.round(p.result.ms)} ms</text>`);
    y += 16;
    const top = y;
    for (const r of p.rows) {
      parts.push(`<text x="10" y="${y + 12}" class="l">${esc(r.label.length > 30 ? r.label.slice(0, 29) + '…' : r.label)}</text>`);
      if (r.connect) parts.push(`<rect x="${x(r.connect[0])}" y="${y + 4}" width="${Math.max(1, x(r.connect[1]) - x(r.connect[0]))}" height="9" class="c"/>`);
      parts.push(`<rect x="${x(r.wait[0])}" y="${y + 4}" width="${Math.max(1, x(r.wait[1]) - x(r.wait[0]))}" height="9" class="w"/>`);
      if (r.body) parts.push(`<rect x="${x(r.body[0])}" y="${y + 4}" width="${Math.max(1.5, x(r.body[1]) - x(r.body[0]))}" height="9" class="b"/>`);
      if (r.open !== undefined) parts.push(`<rect x="${x(r.open)}" y="${y + 7}" width="${Math.max(1, x(p.result.ms) - x(r.open))}" height="3" class="o"/>`);
      y += ROW;
    }
    for (const m of p.marks) {
      parts.push(`<line x1="${x(m.at)}" x2="${x(m.at)}" y1="${top}" y2="${y}" class="${m.name === 'ready' ? 'r' : 'm'}"/>`);
      parts.push(`<text x="${x(m.at) + 2}" y="${y + 10}" class="${m.name === 'ready' ? 'rl' : 'ml'}">${esc(m.name)}</text>`);
    }
    y += 14;
  }
  y += 6;
  const grid = [];
  for (let t = 0; t <= end; t += step) {
    grid.push(`<line x1="${x(t)}" x2="${x(t)}" y1="30" y2="${y}" class="g"/><text x="${x(t)}" y="${y + 12}" class="a">${t}</text>`);
  }
  parts.unshift(...grid);
  y += 18;
  const legend = [
    ['c', 'TCP + TLS connect'],
    ['w', 'request sent → first byte (WebSocket: upgrade)'],
    ['b', 'body'],
    ['o', 'socket open (listen, register)'],
  ];
  let lx = 10;
  for (const [cls, text] of legend) {
    parts.push(`<rect x="${lx}" y="${y}" width="14" height="9" class="${cls}"/><text x="${lx + 18}" y="${y + 9}" class="l">${esc(text)}</text>`);
    lx += 30 + text.length * 6;
  }
  parts.push(`<text x="${W - 10}" y="${y + 9}" class="a" text-anchor="end">ms from navigation start</text>`);
  y += 18;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y}" viewBox="0 0 ${W} ${y}" font-family="system-ui, sans-serif">
<style>
.h{font-size:13px;font-weight:600;fill:#111}.t{font-size:12px;font-weight:600;fill:#111}.l{font-size:11px;fill:#333}
.a{font-size:10px;fill:#666;text-anchor:middle}.g{stroke:#e5e7eb}.c{fill:#f59e0b}.w{fill:#93c5fd}.b{fill:#1d4ed8}.o{fill:#16a34a}
.r{stroke:#dc2626;stroke-width:1.5}.m{stroke:#6b7280;stroke-dasharray:2 2}.rl{font-size:10px;fill:#dc2626}.ml{font-size:9px;fill:#6b7280}
</style>
<rect width="100%" height="100%" fill="#fff"/>
${parts.join('\n')}
</svg>
`;
  writeFileSync(out, svg);
  return fileURLToPath(out);
}

/**
 * When each phase of the page load ended, per side (ms from navigation start), as a markdown table:
 * HTML, our entry (the boot module) and elements file, token, signaling socket open, SDK chunk,
 * the first frame on the socket (`listen`; ours sends it ahead of the SDK), `ready`.
 */
export function phaseTable(traces, network) {
  const path = (r) => new URL(r.url).pathname;
  const PHASES = [
    ['HTML', (t) => t.requests.find((r) => path(r).startsWith('/pages/'))?.finish],
    ['entry (ours: the boot module, `twilio-widgets.js`)', (t) => t.requests.find((r) => path(r) === '/dist/cdn/twilio-widgets.js')?.finish],
    ['token', (t) => t.requests.find((r) => path(r) === '/token')?.finish],
    ['signaling socket open', (t) => t.sockets[0]?.open],
    ['SDK chunk', (t) => t.requests.find((r) => /\/voice-sdk\.js$/.test(path(r)))?.finish],
    ['elements + Lit (ours: `twilio-widgets-elements.js`)', (t) => t.requests.find((r) => path(r) === '/dist/cdn/twilio-widgets-elements.js')?.finish],
    ['first frame (`listen`) sent (ours: ahead of the SDK, once the token is good)', (t) => t.marks.find((m) => m.name === 'listen')?.at],
    ['`register` → `ready`', (t) => t.result.ms],
  ];
  const cell = (v) => (v === undefined ? '—' : `${Math.round(v)}`);
  const lines = [
    `Page load phases, "${network.name}" (RTT ${network.profile.rttMs} ms, ${network.profile.downMbps}/${network.profile.upMbps} Mbit/s${network.cpuRate > 1 ? `, CPU ${network.cpuRate}× slower` : ''}), one Chromium trace each: when each phase ended, ms from navigation start.`,
    '',
    `| phase | ${traces.map((t) => t.title).join(' | ')} |`,
    `| --- | ${traces.map(() => '---').join(' | ')} |`,
    ...PHASES.map(([name, at]) => `| ${name} | ${traces.map((t) => cell(at(t))).join(' | ')} |`),
  ];
  return lines.join('\n');
}
