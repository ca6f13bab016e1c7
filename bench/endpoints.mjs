// Load figures of the reference endpoints (twilio-widgets/server) for `npm run bench`:
// autocannon on loopback, bounded in time, against a child process serving a bare Node
// `http` handler (a fixed JSON body, the baseline of the same run), the token endpoint and
// the verify endpoint; the emulator (the fake Twilio, HTTPS) runs in a third process.
//
//   endpointRows({ smoke })  →  { rows, notes }   (rows in bench/run.mjs's table format)
//
// Token: GET /token with the credentials check cached (one check at warm-up). Verify:
// POST verify-factor with the current TOTP code of one enrolled factor, so every request
// is counted against the attempt limit (set out of reach) and proxied to the emulator.
// Smoke: one short round of each, same checks (every answer 2xx, no errors).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { URI } from 'otpauth';

const HOST = fileURLToPath(new URL('./endpoint-host.mjs', import.meta.url));
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function startHost(args) {
  const child = fork(HOST, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, urls: m.ready }));
    child.once('exit', (code) => reject(new Error(`bench/endpoint-host.mjs ${args[0]} exited (${code}) before it was ready`)));
  });
}

function stopHost(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.disconnect();
  });
}

async function load(name, opts) {
  const result = await autocannon(opts);
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad) throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts of ${result.requests.total}`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total };
}

const int = (x) => Math.round(x).toLocaleString('en-US');
const fmt = (s) => `${int(s.rps)} req/s${s.n > 1 ? ` (${int(s.min)}–${int(s.max)})` : ''} · p50 ${s.p50} ms · p99 ${s.p99} ms`;

export async function endpointRows({ smoke = false, log = () => undefined } = {}) {
  const rounds = smoke ? 1 : 3;
  const shape = smoke ? { amount: 30, connections: 2 } : { duration: 4, connections: 10 };
  const { child: emuHost, urls: emu } = await startHost(['emulator']);
  let host;
  try {
    const started = await startHost(['endpoints', emu.emulator]);
    host = started.child;
    const urls = started.urls;

    // One enrolled, verified factor for the verify load.
    const post = (body) =>
      fetch(urls.verify, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
    const identity = `bench-${Date.now()}`;
    const factor = await post({ action: 'enroll', identity });
    const totp = URI.parse(factor.uri);
    let period = -1;
    let code = '';
    const currentCode = () => {
      const p = Math.floor(Date.now() / 30_000);
      if (p !== period) [period, code] = [p, totp.generate()];
      return code;
    };
    const first = await post({ identity, factorSid: factor.factorSid, code: currentCode() });
    if (first.status !== 'verified') throw new Error(`bench factor not verified: ${JSON.stringify(first)}`);
    const verifyRequest = { method: 'POST', headers: { 'content-type': 'application/json' } };
    const verifySetup = (req) => ({ ...req, body: JSON.stringify({ identity, factorSid: factor.factorSid, code: currentCode() }) });

    const targets = {
      bare: (o) => load('bare handler', { url: urls.bare, ...o }),
      token: (o) => load('token endpoint', { url: `${urls.token}/token`, ...o }),
      verify: (o) => load('verify endpoint', { url: urls.verify, requests: [{ ...verifyRequest, setupRequest: verifySetup }], ...o }),
    };
    // Warm-up: JIT, keep-alive sockets to the emulator, and the token endpoint's credentials check (cached from here on).
    for (const run of Object.values(targets)) await run(smoke ? { amount: 5, connections: 1 } : { duration: 1, connections: 10 });

    const res = { bare: [], token: [], verify: [] };
    const names = Object.keys(targets);
    for (let i = 0; i < rounds; i++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + i) % names.length]; // rotate the order between rounds
        res[name].push(await targets[name](shape));
      }
    }
    const summary = (xs) => {
      const rps = xs.map((x) => x.rps);
      return {
        rps: median(rps),
        min: Math.min(...rps),
        max: Math.max(...rps),
        n: xs.length,
        p50: median(xs.map((x) => x.p50)),
        p99: median(xs.map((x) => x.p99)),
      };
    };
    const bare = summary(res.bare);
    const token = summary(res.token);
    const verify = summary(res.verify);
    log(`endpoints: bare ${fmt(bare)}; token ${fmt(token)}; verify ${fmt(verify)}`);
    const row = (figure, s, goal, min) => ({
      figure,
      ours: fmt(s),
      base: `${fmt(bare)} (bare \`http\` handler, fixed JSON)`,
      ratio: (s.rps / bare.rps).toFixed(2),
      goal,
      ok: min === null ? null : s.rps / bare.rps >= min,
    });
    const rows = [
      row('token endpoint: `GET /token`, credentials check cached (req/s ratio)', token, 'ratio ≥ 0.25', 0.25),
      row('verify endpoint: `verify-factor` with a valid code, proxied to the emulator (req/s ratio)', verify, 'info (bounded by the emulator)', null),
    ];
    const notes = [
      `Endpoints: autocannon ${smoke ? `${shape.amount} requests` : `${shape.duration} s × ${rounds} rounds (order rotated), medians`} on loopback with ${shape.connections} connections; ` +
        'the bare handler, the token and the verify endpoint (Node adapter) share one child process, the emulator (HTTPS, keep-alive) runs in another. ' +
        'Token requests sign a JWT (HS256) each; verify requests count the attempt (in-memory store), then wait for the emulator to check the TOTP code.',
    ];
    return { rows, notes };
  } finally {
    if (host) await stopHost(host);
    await stopHost(emuHost);
  }
}

// `node bench/endpoints.mjs [--smoke]`: these rows alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { rows, notes } = await endpointRows({ smoke: process.argv.includes('--smoke'), log: (...a) => console.error('[endpoints]', ...a) });
  for (const r of rows) console.log(`| ${r.figure} | ${r.ours} | ${r.base} | ${r.ratio} | ${r.goal} |`);
  for (const n of notes) console.log(`- ${n}`);
}
