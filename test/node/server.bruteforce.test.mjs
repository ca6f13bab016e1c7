// TOTP brute force is stopped: 100 guesses at one factor reach Twilio at
// most `maxAttempts` times; every other guess is refused with 429 before
// Twilio is asked. Both limits count: per identity (guesses spread over many
// clients) and per client (one client guessing for many identities).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loopbackServers } from '../support/loopback-servers.mjs';
import { createTwilioRestApi } from '../../dist/emulator/rest/api.js';
import { DEFAULT_ACCOUNT as A } from '../../dist/emulator/auth/test-accounts.js';
import { createVerifyHandler, createEmulatorHttpClient, MemoryAttemptStore } from '../../dist/server/index.js';

const { listen, closeAll } = loopbackServers();
let twilioChecks = 0;
let fakeTwilio;

before(async () => {
  const api = createTwilioRestApi({ accounts: [A] });
  fakeTwilio = await listen((req, res) => {
    if (req.method === 'POST' && /\/Factors\/YF/.test(req.url)) twilioChecks++;
    if (!api.handleRequest(req, res)) res.writeHead(404).end();
  });
});
after(async () => {
  await closeAll();
});

function handler(clientKey) {
  return createVerifyHandler({
    accountSid: A.accountSid,
    apiKeySid: A.apiKeys[0].sid,
    apiKeySecret: A.apiKeys[0].secret,
    verifyServiceSid: A.verifyServiceSid,
    httpClient: createEmulatorHttpClient(fakeTwilio, { keepAlive: false }),
    attemptStore: new MemoryAttemptStore(),
    clientKey,
    // Guessing for many identities from one client needs the identity from the request.
    unsafeClientIdentity: true,
    maxClientAttempts: 5,
  });
}

async function post(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.status;
}

test('100 guesses from 100 clients at one identity: 5 reach Twilio, 95 get 429', async () => {
  let n = 0;
  const url = await listen(handler(() => `client-${n++}`)); // every request looks like a new client
  const identity = `brute-${Date.now()}`;
  const factor = await (
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'enroll', identity }) })
  ).json();
  twilioChecks = 0;
  const statuses = [];
  for (let i = 0; i < 100; i++)
    statuses.push(await post(url, { action: 'verify-factor', identity, factorSid: factor.factorSid, code: String(100000 + i * 7919).slice(0, 6) }));
  assert.equal(statuses.filter((s) => s === 429).length, 95);
  assert.equal(twilioChecks, 5);
});

test('100 guesses from one client over 100 identities: 5 reach Twilio, 95 get 429', async () => {
  const url = await listen(handler(() => 'one-client'));
  const statuses = [];
  for (let i = 0; i < 100; i++) {
    statuses.push(await post(url, { action: 'verify-factor', identity: `victim-${i}`, factorSid: `YF${'ab'.repeat(16)}`, code: '123456' }));
  }
  assert.equal(statuses.filter((s) => s === 429).length, 95);
  assert.equal(statuses.filter((s) => s !== 429).length, 5);
});
