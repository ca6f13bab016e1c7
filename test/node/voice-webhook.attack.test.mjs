// The voice webhook (createVoiceEndpoint) under attack, through every adapter: unsigned
// requests, signatures made for another URL of the same account (Host and X-Forwarded-*
// tricks, another endpoint's URL, an added query), tampered or added fields, another
// account's auth token, oversized and malformed bodies. Each is refused (403 / 413 / 415 /
// 400) with no TwiML and without a single request reaching Twilio (the emulator, counted at
// its door). Signed requests the app refuses get <Reject/>, again without asking Twilio.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import twilio from 'twilio';
import { startEmulator, DEFAULT_ACCOUNT as A } from '../../dist/emulator/index.js';
import { createVoiceEndpoint, createEmulatorHttpClient, toExpressHandler } from '../../dist/server/index.js';
import { ADAPTERS as SHARED } from '../support/adapter-servers.mjs';
import { tapEmulator } from '../support/emulator-tap.mjs';
import { streamBody } from '../support/raw-http.mjs';

const SID = 'CA' + '5'.repeat(32);
const LIMIT = 4096;
let emulator;
let tap;
const running = [];

// An app that parses forms itself before the webhook (express.urlencoded): the adapter takes the parsed fields.
const ADAPTERS = {
  ...SHARED,
  async 'express 5 + express.urlencoded()'(endpoints, routes) {
    const app = express();
    app.use(express.urlencoded({ extended: true, limit: '1mb' }));
    for (const [path, name] of Object.entries(routes)) app.all(path, toExpressHandler(endpoints[name]));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    return {
      url: `http://127.0.0.1:${server.address().port}`,
      close: () => new Promise((r) => (server.close(() => r()), server.closeAllConnections())),
    };
  },
};

before(async () => {
  emulator = await startEmulator({ port: 0 });
  tap = tapEmulator(emulator);
});
after(async () => {
  await Promise.all(running.map((s) => s.close()));
  await emulator?.stop();
});

/** Requests that reached the emulator's REST API. */
const restRequests = () => tap.count('GET', /^\/(2010|v2)/) + tap.count('POST', /^\/(2010|v2)/) + tap.count('DELETE', /^\/(2010|v2)/);

function sign(url, params, token = A.authToken) {
  return twilio.getExpectedTwilioSignature(token, url, params);
}

async function post(url, { params, signature, headers = {}, body, type = 'application/x-www-form-urlencoded' }) {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': type, ...(signature ? { 'x-twilio-signature': signature } : {}), ...headers },
    body: body ?? new URLSearchParams(params).toString(),
  });
  return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
}

for (const [adapter, start] of Object.entries(ADAPTERS)) {
  describe(adapter, () => {
    let base;
    let publicUrl;
    let asked;
    before(async () => {
      let known = 'http://pending.invalid';
      const voice = createVoiceEndpoint({
        accountSid: A.accountSid,
        apiKeySid: A.apiKeys[0].sid,
        apiKeySecret: A.apiKeys[0].secret,
        authToken: A.authToken,
        // The adapter's port is known only once it listens; the URL is still fixed by the app, never by the request.
        publicUrl: () => known,
        callerId: '+15005550006',
        statusCallbackUrl: 'http://127.0.0.1:9/call-control',
        bodyLimit: LIMIT,
        incomingIdentity: (params) => {
          asked.push(params.From);
          return null;
        },
        destinations: (to) => to === '+15551230000',
        httpClient: createEmulatorHttpClient(emulator.url),
      });
      const server = await start({ voice }, { '/voice': 'voice' });
      running.push(server);
      base = server.url;
      publicUrl = known = `${base}/voice`;
    });

    const outgoing = { CallSid: SID, AccountSid: A.accountSid, From: 'client:alice', To: '+15551230000', Direction: 'inbound' };

    /** Asserts a refusal with no TwiML and no request to Twilio. */
    async function refused(r, status, before) {
      assert.equal(r.status, status, r.text);
      assert.doesNotMatch(r.text, /<Response|<Dial|<Conference/);
      assert.equal(restRequests(), before, 'Twilio was asked nothing');
    }

    test('no signature → 403', async () => {
      const n = restRequests();
      await refused(await post(publicUrl, { params: outgoing }), 403, n);
    });
    test('an empty signature → 403', async () => {
      const n = restRequests();
      await refused(await post(publicUrl, { params: outgoing, headers: { 'x-twilio-signature': '' } }), 403, n);
    });
    test('signed for another host, sent with that Host / X-Forwarded-Host → 403', async () => {
      const n = restRequests();
      const other = 'https://attacker.example/voice';
      const r = await post(publicUrl, {
        params: outgoing,
        signature: sign(other, outgoing),
        headers: { 'x-forwarded-host': 'attacker.example', 'x-forwarded-proto': 'https', forwarded: 'host=attacker.example;proto=https' },
      });
      await refused(r, 403, n);
    });
    test("another endpoint's signed request replayed here (call-control URL) → 403", async () => {
      const n = restRequests();
      await refused(await post(publicUrl, { params: outgoing, signature: sign(`${base}/call-control`, outgoing) }), 403, n);
    });
    test('a query added to a signed URL → 403', async () => {
      const n = restRequests();
      await refused(await post(`${publicUrl}?To=%2B15559999999`, { params: outgoing, signature: sign(publicUrl, outgoing) }), 403, n);
    });
    test('a field changed after signing → 403', async () => {
      const n = restRequests();
      await refused(await post(publicUrl, { params: { ...outgoing, To: '+15559999999' }, signature: sign(publicUrl, outgoing) }), 403, n);
    });
    test('a field added after signing → 403', async () => {
      const n = restRequests();
      await refused(await post(publicUrl, { params: { ...outgoing, Extra: 'x' }, signature: sign(publicUrl, outgoing) }), 403, n);
    });
    test("signed with another account's auth token → 403", async () => {
      const n = restRequests();
      await refused(await post(publicUrl, { params: outgoing, signature: sign(publicUrl, outgoing, 'f'.repeat(32)) }), 403, n);
    });
    test('a signed field repeated with another value → 400', async () => {
      const n = restRequests();
      const body = `${new URLSearchParams(outgoing)}&To=%2B15559999999`;
      await refused(await post(publicUrl, { body, signature: sign(publicUrl, outgoing) }), 400, n);
    });
    test('JSON instead of a form → 415', async () => {
      if (adapter.includes('urlencoded')) return; // (the app's own parser runs first there; covered by the other rows)
      const n = restRequests();
      await refused(await post(publicUrl, { body: JSON.stringify(outgoing), type: 'application/json', signature: sign(publicUrl, outgoing) }), 415, n);
    });
    test('GET → 405', async () => {
      const r = await fetch(publicUrl);
      assert.equal(r.status, 405);
    });
    // With express.urlencoded() in front, the app's parser reads the body first (its own limit, 1 MB here);
    // the endpoint still refuses what it was handed past its own limit.
    const appParses = adapter.includes('urlencoded');
    test(`a declared body past the limit → 413${appParses ? '' : ' before it is read'}`, async () => {
      const n = restRequests();
      const size = appParses ? 4 * LIMIT : 10 * 1024 * 1024;
      const type = { 'Content-Type': 'application/x-www-form-urlencoded' };
      const r = await streamBody(base, { path: '/voice', headers: type, total: appParses ? size : 1024, declared: size, chunkSize: 1024 });
      assert.equal(r.answer?.status, 413, r.answer?.body);
      assert.equal(restRequests(), n);
    });
    test('a chunked body past the limit → 413', async () => {
      const n = restRequests();
      const type = { 'Content-Type': 'application/x-www-form-urlencoded' };
      const r = await streamBody(base, { path: '/voice', headers: type, total: 4 * LIMIT, chunked: true, chunkSize: 1024 });
      assert.equal(r.answer?.status, 413, r.answer?.body);
      assert.equal(restRequests(), n);
    });
    test('a signed outgoing call to a destination the app does not allow → <Reject/>, Twilio not asked', async () => {
      const n = restRequests();
      const params = { ...outgoing, To: '+15559999999' };
      const r = await post(publicUrl, { params, signature: sign(publicUrl, params) });
      assert.equal(r.status, 200);
      assert.match(r.type, /^text\/xml/);
      assert.match(r.text, /<Response><Reject\/><\/Response>/);
      assert.equal(restRequests(), n);
    });
    test('a signed incoming call nobody takes (incomingIdentity → null) → <Reject/>, Twilio not asked', async () => {
      asked = [];
      const n = restRequests();
      const params = { CallSid: SID, AccountSid: A.accountSid, From: '+15557654321', To: '+15005550100', Direction: 'inbound' };
      const r = await post(publicUrl, { params, signature: sign(publicUrl, params) });
      assert.equal(r.status, 200);
      assert.match(r.text, /<Response><Reject\/><\/Response>/);
      assert.deepEqual(asked, ['+15557654321'], 'the hook saw the signed fields');
      assert.equal(restRequests(), n);
    });
    test('a signed request with malformed percent-encoding is read as Twilio would and its signature still decides', async () => {
      const n = restRequests();
      const r = await post(publicUrl, { body: 'CallSid=%zz&From=client%3Aalice', signature: sign(publicUrl, outgoing) });
      await refused(r, 403, n);
    });
  });
}

test('construction: publicUrl, authToken, statusCallbackUrl and incomingIdentity are required and checked', () => {
  const base = {
    accountSid: A.accountSid,
    authToken: A.authToken,
    publicUrl: 'https://app.example/voice',
    callerId: '+15005550006',
    statusCallbackUrl: 'https://app.example/call-control',
    incomingIdentity: () => null,
  };
  assert.doesNotThrow(() => createVoiceEndpoint(base));
  assert.throws(() => createVoiceEndpoint({ ...base, publicUrl: undefined }), /publicUrl/);
  assert.throws(() => createVoiceEndpoint({ ...base, publicUrl: '/voice' }), /absolute URL/);
  assert.throws(() => createVoiceEndpoint({ ...base, publicUrl: 'ftp://app.example/voice' }), /http\(s\)/);
  assert.throws(() => createVoiceEndpoint({ ...base, authToken: '' }), /authToken/);
  assert.throws(() => createVoiceEndpoint({ ...base, statusCallbackUrl: undefined }), /statusCallbackUrl/);
  assert.throws(() => createVoiceEndpoint({ ...base, incomingIdentity: undefined }), /incomingIdentity/);
  assert.throws(() => createVoiceEndpoint({ ...base, destinations: ['+1'] }), /destinations/);
});
