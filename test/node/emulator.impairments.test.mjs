// Impaired networks in the emulator: the settings and per-packet decisions
// (tables), the control API over real HTTPS, signaling frames delayed in
// order over a real TLS WebSocket, real werift media legs on loopback that
// lose and delay datagrams, and the preflight destination (a call without To).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startEmulator, generateLocalhostCertificate } from '../../dist/emulator/index.js';
import { Impairments, NO_IMPAIRMENT, TCP_RETRANSMIT_MS, datagramKind, frameDueAt, packetFate, parseImpairment } from '../../dist/emulator/media/impairment.js';
import { withImpairments } from '../../dist/emulator/media/impaired-media.js';
import { createMediaLeg } from '../../dist/emulator/media/werift-leg.js';
import { mintToken } from '../support/tokens.mjs';
import { emulatorRequest } from '../support/emulator-control.mjs';

const CALL = 'CA' + 'ab'.repeat(16);
const imp = (over) => ({ ...NO_IMPAIRMENT, ...over });
/** A random source that returns the given draws in turn. */
const draws =
  (...values) =>
  () => {
    if (!values.length) throw new Error('random drawn more often than expected');
    return values.shift();
  };
/** Deterministic uniform [0, 1) (a 32-bit LCG), so loss counts do not depend on luck. */
function seeded(seed = 1) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('parseImpairment', () => {
  const ok = [
    [{ loss: 0.1 }, { impairment: { loss: 0.1 } }],
    [{ loss: 0, jitterMs: 30, delayMs: 150 }, { impairment: { loss: 0, jitterMs: 30, delayMs: 150 } }],
    [{ signaling: true, media: false, delayMs: 10 }, { impairment: { signaling: true, media: false, delayMs: 10 } }],
    [
      { loss: 1, callSid: CALL },
      { callSid: CALL, impairment: { loss: 1 } },
    ],
    [{ callSid: null, loss: 0.2 }, { impairment: { loss: 0.2 } }],
    [{}, { impairment: {} }],
  ];
  for (const [input, expected] of ok) {
    test(`accepts ${JSON.stringify(input)}`, () => assert.deepEqual(parseImpairment(input), expected));
  }
  const bad = [
    [null, /JSON object/],
    [[1], /JSON object/],
    ['loss', /JSON object/],
    [{ loss: 10 }, /fraction between 0 and 1 \(0\.1 = 10 % loss\)/],
    [{ loss: -0.1 }, /fraction between 0 and 1/],
    [{ loss: '0.1' }, /fraction between 0 and 1/],
    [{ delayMs: -1 }, /delayMs must be a number of ms between 0 and 10000/],
    [{ jitterMs: 1e9 }, /jitterMs must be a number of ms/],
    [{ delayMs: Number.NaN }, /delayMs/],
    [{ signaling: 'yes' }, /signaling must be a boolean/],
    [{ callSid: 'CA123' }, /callSid must be a call SID/],
    [{ los: 0.1 }, /unknown impairment: los \(expected loss, jitterMs, delayMs, media, signaling, callSid\)/],
  ];
  for (const [input, message] of bad) {
    test(`rejects ${JSON.stringify(input)}`, () => assert.throws(() => parseImpairment(input), message));
  }
});

describe('packetFate and frameDueAt', () => {
  const fates = [
    ['clean network: sent now', imp({}), [], { drop: false, delayMs: 0 }],
    ['loss 0.1, draw 0.05: dropped', imp({ loss: 0.1 }), [0.05], { drop: true, delayMs: 0 }],
    ['loss 0.1, draw 0.1: kept (draw < loss drops)', imp({ loss: 0.1 }), [0.1], { drop: false, delayMs: 0 }],
    ['delay only: held delayMs', imp({ delayMs: 80 }), [], { drop: false, delayMs: 80 }],
    ['jitter 40, draw 0.5: +20', imp({ jitterMs: 40 }), [0.5], { drop: false, delayMs: 20 }],
    ['delay + jitter + loss kept', imp({ loss: 0.5, delayMs: 100, jitterMs: 10 }), [0.9, 0.25], { drop: false, delayMs: 102.5 }],
    ['loss 1: always dropped', imp({ loss: 1 }), [0.999], { drop: true, delayMs: 0 }],
  ];
  for (const [name, setting, random, expected] of fates) {
    test(`packetFate: ${name}`, () => assert.deepEqual(packetFate(setting, draws(...random)), expected));
  }
  test('packetFate: DTLS handshake records are only delayed (never lost or reordered)', () => {
    assert.deepEqual(packetFate(imp({ loss: 1, jitterMs: 50, delayMs: 30 }), draws(), 'dtls'), { drop: false, delayMs: 30 });
    assert.deepEqual(packetFate(imp({ loss: 1 }), draws(0.5), 'stun'), { drop: true, delayMs: 0 });
  });

  const kinds = [
    [undefined, 'other'],
    [0x00, 'stun'],
    [0x01, 'stun'],
    [22, 'dtls'], // handshake record
    [23, 'dtls'], // application data
    [0x80, 'rtp'], // RTP v2
    [0x81, 'rtp'], // RTCP (v2, count 1)
    [0xbf, 'rtp'],
    [64, 'other'], // TURN channel
    [0xc0, 'other'],
  ];
  for (const [byte, kind] of kinds) {
    test(`datagramKind(${byte}) = ${kind} (RFC 7983)`, () => assert.equal(datagramKind(byte), kind));
  }

  const frames = [
    ['signaling off: now', imp({ delayMs: 500 }), 1000, 0, [], 1000],
    ['signaling off: never before the previous frame', imp({ delayMs: 500 }), 1000, 1300, [], 1300],
    ['delay', imp({ signaling: true, delayMs: 500 }), 1000, 0, [], 1500],
    ['jitter draw 0.5 of 100', imp({ signaling: true, jitterMs: 100 }), 1000, 0, [0.5], 1050],
    ['a lost segment is retransmitted, not lost', imp({ signaling: true, loss: 0.5 }), 1000, 0, [0.1], 1000 + TCP_RETRANSMIT_MS],
    ['order kept: a short draw waits for the frame before it', imp({ signaling: true, delayMs: 10, jitterMs: 100 }), 1000, 1200, [0], 1200],
  ];
  for (const [name, setting, now, previous, random, expected] of frames) {
    test(`frameDueAt: ${name}`, () => assert.equal(frameDueAt(setting, now, previous, draws(...random)), expected));
  }
});

test('Impairments: global setting, per-call override merged from it, reset and forget', () => {
  const s = new Impairments({ delayMs: 20 });
  assert.deepEqual(s.forCall(CALL), imp({ delayMs: 20 }));
  s.set({ loss: 0.1 });
  assert.deepEqual(s.forCall(undefined), imp({ delayMs: 20, loss: 0.1 }));
  assert.deepEqual(s.set({ jitterMs: 5 }, CALL), imp({ delayMs: 20, loss: 0.1, jitterMs: 5 }));
  s.set({ loss: 0.3 }); // the call keeps its own copy
  assert.equal(s.forCall(CALL).loss, 0.1);
  assert.equal(s.forCall('CA' + '00'.repeat(16)).loss, 0.3);
  assert.deepEqual(Object.keys(s.snapshot().calls), [CALL]);
  s.reset(CALL);
  assert.equal(s.forCall(CALL).loss, 0.3);
  s.set({ loss: 0.5 }, CALL);
  s.forget(CALL);
  assert.deepEqual(s.snapshot().calls, {});
  s.reset();
  assert.deepEqual(s.snapshot(), { global: imp({}), calls: {} });
});

// ---- the emulator over real HTTPS and WebSockets --------------------------------------------

let certificate;
let emu;
before(async () => {
  certificate = await generateLocalhostCertificate();
  emu = await startEmulator({ certificate, heartbeatMs: 60_000, preflightMs: 1000 });
});
after(() => emu?.stop());

const request = (method, path, body) => emulatorRequest(emu, method, path, body);

/** A signaling client that records when each frame arrived. */
async function signalingClient() {
  const ws = new WebSocket(`wss://127.0.0.1:${emu.port}/signal`, { rejectUnauthorized: false });
  const frames = [];
  const waiters = new Set();
  ws.on('message', (data) => {
    const text = data.toString();
    if (text === '\n') return;
    frames.push({ ...JSON.parse(text), at: performance.now() });
    for (const w of waiters) w();
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return {
    send: (type, payload) => ws.send(JSON.stringify({ type, version: '1.6', payload })),
    frames,
    /** The first frame of `type` (after `from` frames), waiting for it. */
    next: (type, from = 0) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const f = frames.slice(from).find((x) => x.type === type);
          if (!f) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(f);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${type} frame; got ${frames.map((x) => x.type)}`));
        }, 5000);
        waiters.add(check);
        check();
      }),
    close: () => ws.terminate(),
  };
}

describe('control API /emulator/impairments', () => {
  test('GET, POST (merged into the global setting), status, reset; bad input and unknown calls answer with the reason', async () => {
    await request('POST', '/emulator/impairments/reset', {});
    assert.deepEqual((await request('GET', '/emulator/impairments')).json, { global: imp({}), calls: {} });

    const set = await request('POST', '/emulator/impairments', { loss: 0.1, jitterMs: 30 });
    assert.equal(set.status, 200);
    assert.deepEqual(set.json.impairment, imp({ loss: 0.1, jitterMs: 30 }));
    const merged = await request('POST', '/emulator/impairments', { delayMs: 50 });
    assert.deepEqual(merged.json.global, imp({ loss: 0.1, jitterMs: 30, delayMs: 50 }));
    assert.deepEqual((await request('GET', '/emulator/status')).json.impairments.global, merged.json.global);
    assert.deepEqual(emu.impairments.global, merged.json.global);

    const badLoss = await request('POST', '/emulator/impairments', { loss: 10 });
    assert.equal(badLoss.status, 400);
    assert.match(badLoss.json.message, /loss must be a fraction between 0 and 1/);
    const unknownCall = await request('POST', '/emulator/impairments', { loss: 0.1, callSid: CALL });
    assert.equal(unknownCall.status, 404);
    assert.match(unknownCall.json.message, new RegExp(`Call ${CALL} not found`));
    assert.equal((await request('PUT', '/emulator/impairments', {})).status, 405);

    const reset = await request('POST', '/emulator/impairments/reset', {});
    assert.deepEqual(reset.json, { global: imp({}), calls: {} });
  });
});

describe('signaling under impairment', () => {
  test('frames the gateway sends are delayed by delayMs, and with jitter still arrive in order', async () => {
    const c = await signalingClient();
    try {
      const clean = performance.now();
      c.send('listen', { token: mintToken({ identity: 'imp-sig' }) });
      const first = await c.next('connected');
      const cleanMs = first.at - clean;

      emu.setImpairment({ signaling: true, delayMs: 300 });
      const sent = performance.now();
      c.send('listen', { token: mintToken({ identity: 'imp-sig' }) });
      const second = await c.next('connected', c.frames.length);
      // A frame cannot leave before its due time: a lower bound, never a timing race.
      assert.ok(second.at - sent >= 300, `connected after ${second.at - sent} ms (clean: ${cleanMs} ms)`);

      emu.setImpairment({ signaling: true, delayMs: 0, jitterMs: 150 });
      const from = c.frames.length;
      // Messages for a call that does not exist: each is answered (error 31404, carrying its voiceeventsid), in order.
      for (let i = 0; i < 8; i++)
        c.send('message', { callsid: 'CA0', content: '{}', contenttype: 'application/json', messagetype: 'user-defined-message', voiceeventsid: `KX${i}` });
      await c.next('error', from);
      while (c.frames.length - from < 8) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(
        c.frames.slice(from).map((f) => f.payload.voiceeventsid),
        ['KX0', 'KX1', 'KX2', 'KX3', 'KX4', 'KX5', 'KX6', 'KX7'],
      );
    } finally {
      c.close();
      emu.resetImpairments();
    }
  });

  test('a call without To (Device.runPreflight) is answered like an echo and hung up after preflightMs', async () => {
    const c = await signalingClient();
    const browser = createMediaLeg({ mode: 'tone' });
    try {
      c.send('listen', { token: mintToken({ identity: 'imp-preflight' }) });
      await c.next('connected');
      const offer = await browser.createOffer();
      c.send('invite', { callsid: 'TJSpreflight', sdp: offer, twilio: {} });
      const ringing = await c.next('ringing');
      const answer = await c.next('answer');
      assert.equal(answer.payload.callsid, ringing.payload.callsid);
      await browser.acceptAnswer(answer.payload.sdp);
      const hangup = await c.next('hangup');
      assert.equal(hangup.payload.callsid, ringing.payload.callsid);
      assert.equal(hangup.payload.error, undefined, 'a normal end, not an error');
      const info = emu.call(ringing.payload.callsid);
      assert.equal(info.destination, 'preflight');
      assert.equal(info.state, 'completed');
      // preflightMs counts from the answer; frames may arrive late, never early.
      assert.ok(hangup.at - answer.at >= 500, `hung up ${hangup.at - answer.at} ms after the answer (preflightMs 1000)`);
    } finally {
      c.close();
      await browser.close();
    }
  });
});

// ---- real werift legs on loopback ---------------------------------------------------------

describe('media under impairment (werift legs on loopback)', () => {
  const legs = [];
  after(() => Promise.all(legs.map((l) => l.close())));
  const strip = (sdp) =>
    sdp
      .split('\r\n')
      .filter((l) => !l.startsWith('a=candidate:') && l !== 'a=end-of-candidates')
      .join('\r\n');

  /** An impaired emulator-side leg answering a plain "browser" leg; both connected. */
  async function connectedPair(setting, emulatorMode, browserMode) {
    const closed = [];
    const factory = withImpairments(createMediaLeg, { settings: () => setting.current, onLegClosed: (sid) => closed.push(sid), random: seeded(7) });
    const emulator = factory({ mode: emulatorMode, callSid: CALL });
    const browser = createMediaLeg({ mode: browserMode });
    legs.push(emulator, browser);
    await browser.acceptAnswer(await emulator.answer(strip(await browser.createOffer())));
    const start = Date.now();
    while (browser.stats().packetsReceived < 10) {
      if (Date.now() - start > 8000) throw new Error(`no media: ${JSON.stringify(browser.stats())}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return { emulator, browser, closed };
  }

  /** Counts what arrives at `leg` between two reads, with the largest gap between packets. */
  function arrivals(leg) {
    const times = [];
    leg.onAudio(() => times.push(performance.now()));
    return {
      since: () => times.length,
      maxGap: (from) => times.slice(from).reduce((gap, t, i, all) => (i ? Math.max(gap, t - all[i - 1]) : gap), 0),
    };
  }

  test('loss 0.5 drops about half of the datagrams the emulator sends; loss 0 passes all of them', async () => {
    const setting = { current: imp({}) };
    const { emulator, browser, closed } = await connectedPair(setting, 'tone', 'silence');
    const sent = () => emulator.stats().packetsSent;
    const got = () => browser.stats().packetsReceived;
    /** Sends `n` packets under `loss`, then cuts the line (loss 1) and waits for those in flight: how many arrived. */
    async function deliveredOf(n, loss) {
      setting.current = imp({ loss });
      const sent0 = sent();
      const got0 = got();
      while (sent() - sent0 < n) await new Promise((r) => setTimeout(r, 20));
      setting.current = imp({ loss: 1 });
      const total = sent() - sent0;
      for (let last = -1; got() !== last;) {
        last = got();
        await new Promise((r) => setTimeout(r, 500));
      }
      return { total, arrived: got() - got0 };
    }
    const clean = await deliveredOf(50, 0);
    assert.ok(clean.arrived >= clean.total - 1, `clean: ${clean.arrived} of ${clean.total}`);
    const lossy = await deliveredOf(100, 0.5);
    const ratio = lossy.arrived / lossy.total;
    assert.ok(ratio > 0.3 && ratio < 0.7, `loss 0.5 delivered ${lossy.arrived} of ${lossy.total}`);
    await emulator.close();
    assert.deepEqual(closed, [CALL], 'closing the leg tells the emulator to forget the call setting');
  });

  test('delayMs holds datagrams: the echo stream pauses for at least the delay when it starts', async () => {
    const setting = { current: imp({}) };
    const { browser } = await connectedPair(setting, 'echo', 'tone');
    const seen = arrivals(browser);
    while (seen.since() < 20) await new Promise((r) => setTimeout(r, 20));
    const before = seen.maxGap(0);
    const from = seen.since();
    setting.current = imp({ delayMs: 250 });
    while (seen.since() - from < 20) await new Promise((r) => setTimeout(r, 20));
    // Packets in flight when the delay starts are held 250 ms on each way: a gap of ~500 ms, never less than 250.
    const gap = seen.maxGap(from - 1);
    assert.ok(gap >= 250, `largest gap ${gap.toFixed(0)} ms after a 250 ms delay (before: ${before.toFixed(0)} ms)`);
  });
});
