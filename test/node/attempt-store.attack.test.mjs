// Finding 4 of the security review: the in-memory attempt store grew without bound (one
// client rotating identities added keys even when refused), and past 10,000 keys every hit
// scanned the whole map (0.23 ms a hit at 20k keys, 1.34 ms at 100k, measured on the old
// store in this repo's history). Now: a key cap with oldest-first eviction, expiry swept
// on a timer off the request path, O(1) per hit; the client key is counted before any
// identity key exists (see also verify-enrol.attack's store.size check).
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { MemoryAttemptStore } from '../../dist/server/index.js';
import { loopbackServers, post, sessionStore, startTwilio, verifyApp } from '../support/attack-target.mjs';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const WINDOW = 600_000;

async function perHitMs(store, label, n = 5000) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await store.hit(`verify:identity:${label}-${i}`, WINDOW);
  return Number(process.hrtime.bigint() - t0) / n / 1e6;
}

async function fill(store, n, prefix = 'user') {
  for (let i = 0; i < n; i++) await store.hit(`verify:identity:${prefix}-${i}`, WINDOW);
}

test('100k identities: a hit costs about the same as at 1k keys (O(1)), and the heap grows by less than 32 MB (about 220 bytes a key)', async () => {
  const small = new MemoryAttemptStore();
  await fill(small, 1000);
  const baseline = Math.min(await perHitMs(small, 'a'), await perHitMs(small, 'b'));
  small.stop();

  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const big = new MemoryAttemptStore();
  await fill(big, 100_000);
  gc();
  const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
  const at100k = Math.min(await perHitMs(big, 'c'), await perHitMs(big, 'd'));
  big.stop();
  console.log(
    `# per hit: ${(baseline * 1000).toFixed(2)} µs at 1k keys, ${(at100k * 1000).toFixed(2)} µs at 100k keys (ratio ${(at100k / baseline).toFixed(1)}); heap +${grownMb.toFixed(1)} MB for 100k keys`,
  );
  // The old store: 1.34 ms a hit at 100k keys, about 2700 × its 1k figure.
  assert.ok(at100k / baseline < 20, `a hit at 100k keys costs ${(at100k / baseline).toFixed(1)} × a hit at 1k keys`);
  assert.ok(at100k < 0.1, `${at100k} ms a hit at 100k keys`);
  assert.ok(grownMb < 32, `heap grew ${grownMb.toFixed(1)} MB`);
});

test('the cap holds: 150k distinct keys leave maxKeys keys, the oldest windows evicted first', async () => {
  const store = new MemoryAttemptStore();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  await fill(store, 150_000);
  gc();
  const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
  assert.equal(store.size, 100_000);
  // The ceiling is the cap's, whatever a caller sends: 1.5 × the keys, no more memory than 100k keys take.
  assert.ok(grownMb < 32, `heap grew ${grownMb.toFixed(1)} MB`);
  // user-0 … user-49999 were evicted; user-149999 is still counted.
  assert.equal(await store.hit('verify:identity:user-149999', WINDOW), 2);
  assert.equal(await store.hit('verify:identity:user-0', WINDOW), 1);
  store.stop();
});

test('eviction and windows (table, fake clock)', async () => {
  let now = 0;
  const store = new MemoryAttemptStore({ maxKeys: 3, now: () => now });
  const rows = [
    // [time, key, expected count, size after]
    [0, 'a', 1, 1],
    [1, 'b', 1, 2],
    [2, 'a', 2, 2],
    [3, 'c', 1, 3],
    [4, 'd', 1, 3], // evicts a (oldest window), even though it was hit later
    [5, 'a', 1, 3], // a starts over; evicts b
    [6, 'c', 2, 3],
    [1003, 'c', 1, 3], // window of 1000 ms over: a new window (moved to the newest end)
  ];
  for (const [t, key, count, size] of rows) {
    now = t;
    assert.equal(await store.hit(key, 1000), count, `${key} at ${t}`);
    assert.equal(store.size, size, `size after ${key} at ${t}`);
  }
  store.stop();
  assert.throws(() => new MemoryAttemptStore({ maxKeys: 0 }), RangeError);
  assert.throws(() => new MemoryAttemptStore({ sweepIntervalMs: 1.5 }), RangeError);
});

test('expired windows are swept on a timer, not on the request path (mocked timers)', async () => {
  mock.timers.enable({ apis: ['setInterval', 'Date'] });
  try {
    const store = new MemoryAttemptStore({ sweepIntervalMs: 60_000 });
    for (let i = 0; i < 100; i++) await store.hit(`k${i}`, 30_000);
    await store.hit('long', 600_000);
    assert.equal(store.size, 101);
    mock.timers.tick(59_999);
    assert.equal(store.size, 101, 'nothing swept before the interval');
    mock.timers.tick(1);
    assert.equal(store.size, 1, 'the 100 expired windows are gone; the long one stays');
    store.stop();
  } finally {
    mock.timers.reset();
  }
});

test('through the endpoint: one client rotating identities stops adding keys once refused', async () => {
  const servers = loopbackServers();
  try {
    const twilio = await startTwilio(servers);
    const store = new MemoryAttemptStore();
    const url = await verifyApp(servers, twilio, { unsafeClientIdentity: true, attemptStore: store });
    for (let i = 0; i < 60; i++)
      await post(url, { action: 'verify-factor', identity: `rot-${i}`, factorSid: `YF${'0'.repeat(32)}`, code: '123456' }, { from: '127.0.0.50' });
    // 1 client key + the 20 identities the client was allowed (4 × maxAttempts); 40 refusals made none.
    assert.equal(store.size, 21);
    // With sessions the same client can only ever spend its own identity.
    const sessions = sessionStore();
    const hooked = new MemoryAttemptStore();
    const url2 = await verifyApp(servers, twilio, { identity: (req) => sessions.identity(req), attemptStore: hooked });
    const cookie = sessions.signIn('rot-session');
    for (let i = 0; i < 10; i++)
      await post(url2, { action: 'verify-factor', identity: `rot-${i}`, factorSid: `YF${'0'.repeat(32)}`, code: '123456' }, { cookie, from: '127.0.0.51' });
    assert.equal(hooked.size, 0, 'naming other identities is refused (403) before anything is counted');
  } finally {
    await servers.closeAll();
  }
});
