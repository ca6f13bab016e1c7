// The bench's networks: loopback, and each shaping profile as a link with a
// forwarder in front of the page server and one in front of the emulator.
// Also the check of a link's shaping (timed transfers of a known body) and the
// page-load floor of a profile.
import { connect as tlsConnect } from 'node:tls';
import { Worker } from 'node:worker_threads';
import { PROFILES } from './shaper.mjs';
import { ms, mbit } from './lib.mjs';

/** The shaper worker (bench/shaper-worker.mjs), as an async call per request. */
function startShaperWorker() {
  const worker = new Worker(new URL('./shaper-worker.mjs', import.meta.url));
  const pending = new Map();
  let ids = 0;
  worker.on('message', ({ id, result, error }) => {
    const p = pending.get(id);
    pending.delete(id);
    if (error) p?.reject(new Error(`shaper: ${error}`));
    else p?.resolve(result);
  });
  worker.on('error', (err) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  });
  const request = (msg) =>
    new Promise((resolve, reject) => {
      const id = ++ids;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...msg });
    });
  return {
    request,
    async close() {
      await request({ op: 'close' });
      await worker.terminate();
    },
  };
}

/**
 * @param {{names: string[], serverPort: number, emulatorPort: number}} opts
 * @returns {Promise<{networks: Array<{name: string, profile?: object,
 *   link?: {stats(): Promise<{up: number, down: number, connections: number}>},
 *   origin: string, signalingHost: string}>, signalingHostFor(port: number): string | undefined,
 *   close(): Promise<void>}>}
 */
export async function createNetworks({ names, serverPort, emulatorPort }) {
  const byPagePort = new Map();
  const networks = [];
  let shaper = null;
  for (const name of names) {
    if (name === 'loopback') {
      networks.push({ name, origin: `https://127.0.0.1:${serverPort}`, signalingHost: `127.0.0.1:${emulatorPort}` });
      continue;
    }
    const profile = PROFILES[name];
    if (!profile) throw new Error(`unknown network '${name}' (loopback, ${Object.keys(PROFILES).join(', ')})`);
    shaper ??= startShaperWorker();
    const page = await shaper.request({ op: 'forward', profile: name, port: serverPort });
    const signaling = await shaper.request({ op: 'forward', profile: name, port: emulatorPort });
    const link = { stats: () => shaper.request({ op: 'stats', profile: name }) };
    const net = { name, profile, link, origin: `https://127.0.0.1:${page.port}`, signalingHost: `127.0.0.1:${signaling.port}` };
    byPagePort.set(page.port, net.signalingHost);
    networks.push(net);
  }
  return {
    networks,
    signalingHostFor: (port) => byPagePort.get(port),
    close: async () => {
      await shaper?.close();
    },
  };
}

/** ms from TCP connect to a finished TLS handshake, from Node, through the link's page forwarder. */
function tlsConnectMs(origin) {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const socket = tlsConnect({ host: hostname, port: Number(port), rejectUnauthorized: false, ALPNProtocols: ['h2'] }, () => {
      const t = performance.now() - t0;
      socket.destroy();
      resolve(t);
    });
    socket.on('error', reject);
  });
}

/**
 * Times known transfers across a shaped network and returns what they measure:
 * a TLS connect (2 RTT: TCP + TLS 1.3), a small request on a warm connection
 * (1 RTT), a download and an upload of half a second's worth at the profile's rates.
 * The page's fetch() timings run in Chromium, through the same forwarder as the bench pages.
 * @param {import('playwright-core').Page} page a page of the network's origin
 */
export async function checkShaping(net, page) {
  const { profile } = net;
  const downBytes = Math.round((profile.downMbps * 1e6) / 8 / 2);
  const upBytes = Math.round((profile.upMbps * 1e6) / 8 / 2);
  const connect = Math.min(await tlsConnectMs(net.origin), await tlsConnectMs(net.origin));
  const r = await page.evaluate(
    async ([down, up]) => {
      const timed = async (url, init) => {
        const t0 = performance.now();
        const res = await fetch(url, { cache: 'no-store', ...init });
        const body = await res.arrayBuffer();
        return { ms: performance.now() - t0, bytes: body.byteLength, text: init ? new TextDecoder().decode(body) : '' };
      };
      await timed('/known?bytes=1'); // the connection is warm from here on
      let rtt = Infinity;
      for (let i = 0; i < 3; i++) rtt = Math.min(rtt, (await timed('/known?bytes=1')).ms);
      const d = await timed(`/known?bytes=${down}`);
      const u = await timed('/sink', { method: 'POST', body: new Uint8Array(up), headers: { 'content-type': 'application/octet-stream' } });
      return { rtt, downMs: d.ms, downBytes: d.bytes, upMs: u.ms, upBytes: Number(u.text) };
    },
    [downBytes, upBytes],
  );
  if (r.downBytes !== downBytes || r.upBytes !== upBytes)
    throw new Error(`shaping check: ${net.name} carried ${r.downBytes}/${downBytes} down, ${r.upBytes}/${upBytes} up`);
  // A transfer takes one RTT (request out, first byte back) plus its bytes at the link's rate.
  const down = mbit(downBytes, r.downMs - r.rtt);
  const up = mbit(upBytes, r.upMs - r.rtt);
  const text =
    `${net.name}: TLS connect ${ms(connect)} ms (2 RTT = ${2 * profile.rttMs}), ` +
    `request on a warm connection ${ms(r.rtt)} ms (RTT ${profile.rttMs}), ` +
    `${(downBytes / 1000).toFixed(0)} kB down in ${ms(r.downMs)} ms = ${down.toFixed(2)} Mbit/s (${profile.downMbps}), ` +
    `${(upBytes / 1000).toFixed(0)} kB up in ${ms(r.upMs)} ms = ${up.toFixed(2)} Mbit/s (${profile.upMbps})`;
  return { connect, rtt: r.rtt, down, up, text };
}

/**
 * The floor of "page load → ready" on a profile: what no page can avoid with the
 * SDK's signaling protocol (every step waits for the one before):
 *   HTML       TCP + TLS + GET: 3 RTT, and its bytes
 *   scripts    1 RTT, and all their bytes on the shared link
 *   token ‖ WS the token GET (1 RTT) overlapped with the signaling connection
 *              (TCP + TLS + WebSocket upgrade: 3 RTT), which needs no token yet
 *   register   `listen` (token) → `connected`, `register` → `ready`: 2 RTT, and the token's bytes up
 * @param {{rttMs: number, downMbps: number, upMbps: number}} profile
 * @param {{html: number, scripts: number, token: number}} bytes as served
 */
export function pageLoadFloor(profile, bytes) {
  const down = (b) => (b * 8) / (profile.downMbps * 1000);
  const up = (b) => (b * 8) / (profile.upMbps * 1000);
  const parts = {
    html: 3 * profile.rttMs + down(bytes.html),
    scripts: profile.rttMs + down(bytes.scripts),
    socket: Math.max(profile.rttMs + down(bytes.token), 3 * profile.rttMs),
    register: 2 * profile.rttMs + up(bytes.token),
  };
  return { ms: parts.html + parts.scripts + parts.socket + parts.register, parts, rtts: 9 };
}
