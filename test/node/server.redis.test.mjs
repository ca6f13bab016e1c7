// Two verify handler instances sharing one Redis (Debian's redis-server,
// started here on a free loopback port) enforce one attempt limit, the way
// several servers behind a load balancer would. The fake Twilio is the
// emulator's REST API over real HTTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loopbackServers } from '../support/loopback-servers.mjs';
import net from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { createClient } from 'redis';
import { createTwilioRestApi } from '../../dist/emulator/rest/api.js';
import { DEFAULT_ACCOUNT as A } from '../../dist/emulator/auth/test-accounts.js';
import { createVerifyHandler, createEmulatorHttpClient, RedisAttemptStore } from '../../dist/server/index.js';

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
// CI installs redis-server (.ci/run); a developer machine without it skips, and says so.
const skip = !hasRedis && !process.env.CI ? 'redis-server is not installed (apt-get install redis-server)' : false;

let redis;
let clients = [];
const { listen, closeAll } = loopbackServers();
let appUrls = [];

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

before(async () => {
  if (skip) return;
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const api = createTwilioRestApi({ accounts: [A] });
  const fakeTwilio = await listen((req, res) => api.handleRequest(req, res) || res.writeHead(404).end());
  for (let i = 0; i < 2; i++) {
    const client = createClient({ url: `redis://127.0.0.1:${port}` });
    client.on('error', () => undefined);
    for (let t = 0; ; t++) {
      try {
        await client.connect();
        break;
      } catch (err) {
        if (t > 50) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    clients.push(client);
    const handler = createVerifyHandler({
      accountSid: A.accountSid,
      apiKeySid: A.apiKeys[0].sid,
      apiKeySecret: A.apiKeys[0].secret,
      verifyServiceSid: A.verifyServiceSid,
      httpClient: createEmulatorHttpClient(fakeTwilio, { keepAlive: false }),
      attemptStore: new RedisAttemptStore(client, `test-${Date.now()}:`),
      maxAttempts: 5,
      unsafeClientIdentity: true,
    });
    appUrls.push(await listen(handler));
  }
});

after(async () => {
  for (const c of clients) await c.quit().catch(() => undefined);
  await closeAll();
  redis?.kill();
});

async function post(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

test('two handler instances on one Redis share the attempt limit', { skip }, async () => {
  const identity = `redis-user-${Date.now()}`;
  const enrolled = await post(appUrls[0], { action: 'enroll', identity });
  assert.equal(enrolled.status, 201);
  const statuses = [];
  // Alternate instances, like a round-robin load balancer: the 6th attempt is refused.
  for (let i = 0; i < 7; i++) {
    const r = await post(appUrls[i % 2], { action: 'verify-factor', identity, factorSid: enrolled.body.factorSid, code: '000000' });
    statuses.push(r.status);
  }
  assert.deepEqual(
    statuses.slice(0, 5).every((s) => s === 200 || s === 403),
    true,
    `first five answered by Twilio: ${statuses}`,
  );
  assert.deepEqual(statuses.slice(5), [429, 429]);
});

test('RedisAttemptStore counts in a fixed window and resets', { skip }, async () => {
  const store = new RedisAttemptStore(clients[0], `unit-${Date.now()}:`);
  // Counting in a window long enough that a loaded machine cannot outlast it; expiry on a short one
  // (a slower machine only makes that one more expired).
  assert.equal(await store.hit('k', 60_000), 1);
  assert.equal(await store.hit('k', 60_000), 2);
  assert.equal(await store.hit('short', 200), 1);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await store.hit('short', 200), 1, 'the window expired');
  await store.reset('k');
  assert.equal(await store.hit('k', 60_000), 1);
});
