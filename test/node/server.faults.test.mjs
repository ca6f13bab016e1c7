// The endpoints under concurrency and faults, against the emulator (HTTPS, counted at its
// door) and a real redis-server:
// - 200 concurrent wrong codes for one identity, spread over two verify instances (Express
//   and Fastify) sharing one Redis: exactly the configured number reach Twilio;
// - Redis stopped mid-run: 503 without asking Twilio or counting anything, and back to
//   normal by itself once Redis is up again;
// - a slow Twilio: the token endpoint answers 504 in time and never piles up checks.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { URI } from 'otpauth';
import { startEmulator, DEFAULT_ACCOUNT as A } from '../../dist/emulator/index.js';
import { createTokenEndpoint, createVerifyEndpoint, createEmulatorHttpClient, RedisAttemptStore } from '../../dist/server/index.js';
import { ADAPTERS } from '../support/adapter-servers.mjs';
import { tapEmulator } from '../support/emulator-tap.mjs';
import { hasRedis, startRedis } from '../support/redis-server.mjs';

// CI installs redis-server (.ci/run); a developer machine without it skips, and says so.
const noRedis = !hasRedis && !process.env.CI ? 'redis-server is not installed (apt-get install redis-server)' : false;
const KEY = A.apiKeys[0];
let emulator;
let tap;
const closers = [];

before(async () => {
  emulator = await startEmulator({ port: 0 });
  tap = tapEmulator(emulator);
});
after(async () => {
  for (const close of closers.reverse()) await close();
  await emulator?.stop();
});

const credentials = () => ({ accountSid: A.accountSid, apiKeySid: KEY.sid, apiKeySecret: KEY.secret, httpClient: createEmulatorHttpClient(emulator.url) });

async function post(url, body, headers = {}) {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: r.status, headers: r.headers, json: await r.json() };
}

function wrongCodeFor(uri) {
  const t = URI.parse(uri);
  for (let i = 1; ; i++) {
    const c = String((Number(t.generate()) + i) % 1e6).padStart(6, '0');
    if (t.validate({ token: c, window: 2 }) === null) return c;
  }
}

/** The client's next `event` (events.once would reject on the 'error' events an outage brings). */
const next = (client, event) => new Promise((resolve) => client.once(event, resolve));

async function redisClient(url, options = {}) {
  const client = createClient({ url, ...options });
  client.on('error', () => undefined); // reconnection is the client's job; the endpoint reports the outage
  await client.connect();
  closers.push(() => client.destroy());
  return client;
}

async function verifyInstances(redisUrl, prefix, maxAttempts, clientOptions) {
  const urls = [];
  const clients = [];
  for (const [i, adapter] of ['express 5', 'fastify 5'].entries()) {
    const client = await redisClient(redisUrl, clientOptions[i]);
    clients.push(client);
    const verify = createVerifyEndpoint({
      ...credentials(),
      verifyServiceSid: A.verifyServiceSid,
      attemptStore: new RedisAttemptStore(client, prefix),
      maxAttempts,
      unsafeClientIdentity: true,
      clientKey: (req) => req.headers['x-client-id'], // every guess from a new client: only the identity limit holds
      // Counting is under test here, not deadlines: a busy machine must not turn answers into 503/504.
      storeTimeoutMs: 60_000,
      twilioTimeoutMs: 60_000,
    });
    const server = await ADAPTERS[adapter]({ verify }, { '/verify': 'verify' });
    closers.push(server.close);
    urls.push(`${server.url}/verify`);
  }
  return { urls, clients };
}

describe('verify endpoints sharing one Redis', { skip: noRedis }, () => {
  let redis;
  before(async () => {
    redis = await startRedis();
    closers.push(() => redis.close());
  });

  test('200 concurrent wrong codes for one identity across two instances: exactly the configured 4 reach Twilio', async (t) => {
    const MAX = 4; // not the emulator's own 5, so the count is ours
    const { urls } = await verifyInstances(redis.url, `concurrent-${Date.now()}:`, MAX, [{}, {}]);
    const identity = `crowd-${Date.now()}`;
    const factor = (await post(urls[0], { action: 'enroll', identity })).json;
    const before = tap.factorChecks();
    const started = performance.now();
    const guesses = Array.from({ length: 200 }, (_, i) =>
      post(urls[i % 2], { identity, factorSid: factor.factorSid, code: wrongCodeFor(factor.uri) }, { 'x-client-id': `guesser-${i}` }),
    );
    const statuses = (await Promise.all(guesses)).map((r) => r.status);
    t.diagnostic(`200 concurrent guesses answered in ${Math.round(performance.now() - started)} ms`);
    assert.equal(tap.factorChecks() - before, MAX, 'code checks that reached the emulator');
    assert.equal(statuses.filter((s) => s === 200).length, MAX);
    assert.equal(statuses.filter((s) => s === 429).length, 200 - MAX);
  });

  test('Redis stopped mid-run: 503 with no call to Twilio and nothing counted; recovers by itself when Redis is back', async (t) => {
    const MAX = 5;
    const prefix = `outage-${Date.now()}:`;
    // One client as recommended (no offline queue), one with node-redis defaults (commands
    // would queue while disconnected and run after the reconnect): both must fail closed.
    const { urls, clients } = await verifyInstances(redis.url, prefix, MAX, [{ disableOfflineQueue: true }, {}]);
    const observer = await redisClient(redis.url);
    const identity = `outage-${Date.now()}`;
    const factor = (await post(urls[0], { action: 'enroll', identity })).json;
    const guess = (i) => post(urls[i % 2], { identity, factorSid: factor.factorSid, code: wrongCodeFor(factor.uri) }, { 'x-client-id': `c${i}` });

    assert.deepEqual([(await guess(0)).status, (await guess(1)).status], [200, 200], 'two attempts counted before the outage');

    const lost = clients.map((c) => next(c, 'reconnecting'));
    await redis.stop();
    await Promise.all(lost);
    const before = tap.verifyRequests();
    const refusedAt = performance.now();
    const during = await Promise.all(Array.from({ length: 10 }, (_, i) => guess(i)));
    t.diagnostic(`10 guesses during the outage: all 503 within ${Math.round(performance.now() - refusedAt)} ms`);
    for (const r of during) {
      assert.equal(r.status, 503);
      assert.equal(r.json.code, 20503);
      assert.equal(r.json.message, 'Verification is unavailable right now (attempt limits cannot be checked); try again shortly');
      assert.equal(r.headers.get('retry-after'), '5');
    }
    assert.equal(tap.verifyRequests(), before, 'no call to Twilio while the limits cannot be checked');

    const back = [...clients, observer].map((c) => next(c, 'ready'));
    await redis.start();
    const upAt = performance.now();
    await Promise.all(back); // node-redis reconnects on its own: nobody restarts the endpoints
    t.diagnostic(`clients ready again ${Math.round(performance.now() - upAt)} ms after redis-server accepted connections`);
    assert.equal(await observer.get(`${prefix}verify:identity:${identity}`), '2', 'the refused attempts were not counted, then or later');

    const after = [];
    for (let i = 0; i < 4; i++) after.push((await guess(i)).status);
    assert.deepEqual(after, [200, 200, 200, 429], '3 attempts left of 5, as before the outage');
    assert.equal(tap.verifyRequests() - before, 3);
  });
});

describe('a slow Twilio API', () => {
  test('token endpoint: 504 within its timeout, one credentials check for 100 callers, and the late answer still serves the next caller', async () => {
    const token = createTokenEndpoint({ ...credentials(), twimlAppSid: A.twimlAppSid, twilioTimeoutMs: 300 });
    const server = await ADAPTERS['node http']({ token }, { '/token': 'token' });
    closers.push(server.close);
    const before = tap.accountFetches();
    tap.hold(); // Twilio answers nothing until released
    try {
      const wave = async () =>
        Promise.all(Array.from({ length: 50 }, () => fetch(`${server.url}/token`).then(async (r) => ({ status: r.status, json: await r.json() }))));
      for (const answers of [await wave(), await wave()]) {
        for (const r of answers) {
          assert.equal(r.status, 504);
          assert.deepEqual(r.json, { message: 'Twilio did not answer the credentials check within 300 ms', status: 504 });
        }
      }
      await tap.until(() => tap.accountFetches() > before); // on a busy machine the check may still be on its way
      assert.equal(tap.accountFetches() - before, 1, 'the two waves shared the one check in flight');
    } finally {
      await tap.release(); // the check's answer arrives late and is cached
    }
    const r = await fetch(`${server.url}/token`);
    assert.equal(r.status, 200);
    assert.ok((await r.json()).token);
    assert.equal(tap.accountFetches() - before, 1, 'served from the late answer: no new check');
  });

  test('verify endpoint: 504 when Twilio does not answer in time', async () => {
    const verify = createVerifyEndpoint({ ...credentials(), verifyServiceSid: A.verifyServiceSid, twilioTimeoutMs: 300, unsafeClientIdentity: true });
    const server = await ADAPTERS['node http']({ verify }, { '/verify': 'verify' });
    closers.push(server.close);
    tap.hold();
    try {
      const r = await post(`${server.url}/verify`, { action: 'enroll', identity: `slow-${Date.now()}` });
      assert.equal(r.status, 504);
      assert.deepEqual(r.json, { message: 'Twilio did not answer within 300 ms', status: 504 });
    } finally {
      await tap.release();
    }
  });
});
