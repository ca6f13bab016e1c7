// The emulator's registration liveness (issue 19): heartbeats unanswered for `staleAfterMs`
// make a registration stale, the socket stays open, calls to it end as no-answer, and
// GET /emulator/registrations lists {identity, stale, since}. Real TLS WebSockets.
// Run: npm run build:node && node --test test/node/emulator.registrations.test.mjs
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { startEmulator, generateLocalhostCertificate } from '../../dist/emulator/index.js';
import { SignalClient, fakeMediaLeg } from '../support/signal-client.mjs';
import { emulatorRequest } from '../support/emulator-control.mjs';

const HEARTBEAT_MS = 100;
const STALE_MS = 300;
const NO_ANSWER_MS = 300;

let certificate;
before(async () => {
  certificate = await generateLocalhostCertificate();
});

describe('registration liveness', () => {
  let emu;
  const stale = new Set();
  const clients = [];
  const connect = () => {
    const c = new SignalClient(`wss://localhost:${emu.port}/signal`);
    clients.push(c);
    return c;
  };
  /** Resolves when the tracker logs that `identity`'s registration went stale (event-driven, from the emulator's log). */
  const staleWaiters = new Map();
  const whenStale = (identity) =>
    new Promise((resolve) => {
      if (stale.has(identity)) return resolve();
      staleWaiters.set(identity, resolve);
    });

  before(async () => {
    emu = await startEmulator({
      certificate,
      heartbeatMs: HEARTBEAT_MS,
      staleAfterMs: STALE_MS,
      noAnswerMs: NO_ANSWER_MS,
      mediaFactory: fakeMediaLeg,
      log: (line) => {
        const m = /^registration of (\S+) is stale/.exec(line);
        if (!m) return;
        stale.add(m[1]);
        staleWaiters.get(m[1])?.();
      },
    });
  });
  after(async () => {
    for (const c of clients) c.close();
    await emu.stop();
  });

  test('a registration that answers its heartbeats stays fresh', async () => {
    const c = connect();
    await c.register('fresh-1');
    await c.until(() => c.heartbeats >= 6, 'six heartbeats'); // 600 ms: twice the stale time
    const { status, json } = await emulatorRequest(emu, 'GET', '/emulator/registrations');
    assert.equal(status, 200);
    const mine = json.filter((r) => r.identity === 'fresh-1');
    assert.equal(mine.length, 1);
    assert.equal(mine[0].stale, false);
    assert.ok(!Number.isNaN(Date.parse(mine[0].since)), `since is an ISO time: ${mine[0].since}`);
  });

  test('unanswered heartbeats make it stale, the socket stays open, and a call to it ends as no-answer', async () => {
    const c = connect();
    await c.register('frozen-1');
    const registeredAt = Date.parse(emu.registrations().find((r) => r.identity === 'frozen-1').since);
    c.answering = false;
    await whenStale('frozen-1');
    const entry = (await emulatorRequest(emu, 'GET', '/emulator/registrations')).json.find((r) => r.identity === 'frozen-1');
    assert.equal(entry.stale, true);
    assert.ok(Date.parse(entry.since) >= registeredAt + STALE_MS, 'since moves to when it turned stale');
    assert.equal(c.closeCode, null, 'the gateway leaves the socket open, like Twilio');
    assert.deepEqual(emu.registeredIdentities().includes('frozen-1'), true, 'still registered as far as the socket goes');

    const call = await emu.ring({ to: 'client:frozen-1' });
    assert.equal(call.state, 'ringing');
    const heartbeatsBefore = c.heartbeats;
    await c.until(() => emu.call(call.callSid).state !== 'ringing', 'the call to end');
    const ended = emu.call(call.callSid);
    assert.equal(ended.state, 'no-answer');
    assert.equal(ended.error?.code, 31480);
    assert.ok(c.heartbeats > heartbeatsBefore, 'the socket kept receiving heartbeats meanwhile');
    assert.equal(c.frames.filter((f) => f.type === 'invite').length, 0, 'the invite was never delivered');
  });

  test('a caller dialling a stale client hears no answer (31480)', async () => {
    const callee = connect();
    await callee.register('frozen-2');
    callee.answering = false;
    await whenStale('frozen-2');
    const caller = connect();
    await caller.register('caller-2');
    caller.send('invite', { callsid: 'TJS-1', sdp: 'v=0\r\no=caller\r\n', twilio: { params: 'To=client%3Afrozen-2' } });
    const hangup = await caller.next('hangup');
    assert.equal(hangup.payload.error.code, 31480);
    assert.equal(callee.frames.filter((f) => f.type === 'invite').length, 0);
  });

  test('answering heartbeats again does not revive it; a new register does', async () => {
    const c = connect();
    await c.register('frozen-3');
    c.answering = false;
    await whenStale('frozen-3');
    c.answering = true;
    const beats = c.heartbeats;
    await c.until(() => c.heartbeats >= beats + 4, 'four more heartbeats, answered');
    assert.equal(emu.registrations().find((r) => r.identity === 'frozen-3').stale, true, 'still stale');

    c.send('register', { media: { audio: true } });
    await c.next('ready');
    assert.equal(emu.registrations().find((r) => r.identity === 'frozen-3').stale, false);
    const call = await emu.ring({ to: 'client:frozen-3' });
    const invite = await c.next('invite');
    assert.equal(invite.payload.callsid, call.callSid);
  });

  test('with one stale and one fresh registration of an identity, the fresh one gets the call', async () => {
    const awake = connect();
    await awake.register('pair');
    const frozen = connect();
    await frozen.register('pair'); // registered later: the one a plain "latest wins" would pick
    frozen.answering = false;
    await whenStale('pair');
    const call = await emu.ring({ to: 'client:pair' });
    const invite = await awake.next('invite');
    assert.equal(invite.payload.callsid, call.callSid);
    assert.equal(frozen.frames.filter((f) => f.type === 'invite').length, 0);
  });

  test('unregistering or closing removes the registration from the list', async () => {
    const a = connect();
    await a.register('leaving-1');
    a.send('register', { media: { audio: false } });
    await a.next('offline');
    const b = connect();
    await b.register('leaving-2');
    b.close();
    await b.until(() => b.closeCode !== null, 'close');
    await a.until(() => !emu.registrations().some((r) => r.identity === 'leaving-2'), 'the closed socket to be forgotten');
    assert.equal(
      emu.registrations().some((r) => r.identity === 'leaving-1'),
      false,
    );
  });
});

test('staleAfterMs: 0 never marks a registration stale', async () => {
  const emu = await startEmulator({ certificate, heartbeatMs: 50, staleAfterMs: 0, mediaFactory: fakeMediaLeg });
  const c = new SignalClient(`wss://localhost:${emu.port}/signal`);
  try {
    await c.register('patient');
    c.answering = false;
    await c.until(() => c.heartbeats >= 10, 'ten unanswered heartbeats');
    assert.equal(emu.registrations()[0].stale, false);
  } finally {
    c.close();
    await emu.stop();
  }
});

test('GET /emulator/registrations only; other methods are 405', async () => {
  const emu = await startEmulator({ certificate, mediaFactory: fakeMediaLeg });
  try {
    const empty = await emulatorRequest(emu, 'GET', '/emulator/registrations');
    assert.deepEqual(empty, { status: 200, json: [] });
    const status = await new Promise((resolve, reject) => {
      const req = https.request(new URL('/emulator/registrations', emu.url), { method: 'POST', rejectUnauthorized: false, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 405);
  } finally {
    await emu.stop();
  }
});
