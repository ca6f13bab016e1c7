// Attack suite, bodies: every emulator HTTP route (control API, Twilio REST
// API) and the demo's sample TwiML app caps a request body before buffering it
// and answers a real 413 in Twilio's error envelope with `Connection: close`,
// without reading the rest of a chunked body; numbers the control API takes
// are finite and in range (400 otherwise).
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { DEFAULT_ACCOUNT } from '../../dist/emulator/index.js';
import { MAX_BODY_BYTES } from '../../dist/emulator/security/body-limit.js';
import { handleSampleApp } from '../../demo/sample-twiml-app.mjs';
import { request, withEmulator } from '../support/emulator-harness.mjs';
import { peakRssGrowth, streamBody } from '../support/raw-http.mjs';

const MB = 1024 * 1024;
const KEY = DEFAULT_ACCOUNT.apiKeys[0];
const BASIC = 'Basic ' + Buffer.from(`${KEY.sid}:${KEY.secret}`).toString('base64');
const FACTORS = `/v2/Services/${DEFAULT_ACCOUNT.verifyServiceSid}/Entities/mallory/Factors`;
const ACCOUNT = `/2010-04-01/Accounts/${DEFAULT_ACCOUNT.accountSid}.json`;

function assert413(answer, what) {
  assert.ok(answer, `${what}: an answer came back (not a reset)`);
  assert.equal(answer.status, 413, `${what}: ${answer.body}`);
  assert.equal(answer.headers.connection, 'close', `${what}: Connection: close`);
  assert.deepEqual(Object.keys(answer.json).sort(), ['code', 'message', 'more_info', 'status'], what);
  assert.equal(answer.json.status, 413);
  assert.equal(answer.json.code, 20413);
}

describe('control API', () => {
  test(
    `a body over ${MAX_BODY_BYTES / 1024} KiB with a Content-Length: 413, not a reset`,
    withEmulator({}, async ({ emu }) => {
      assert.equal(MAX_BODY_BYTES, 64 * 1024);
      const big = JSON.stringify({ to: 'bob', params: { x: 'y'.repeat(100 * 1024) } });
      const r = await streamBody(emu.url, {
        path: '/emulator/calls',
        headers: { 'content-type': 'application/json' },
        total: Buffer.byteLength(big),
        fill: 'y',
      });
      assert413(r.answer, 'control API, 100 KB');
      assert.equal(r.closed, true);
      // A declared size over the cap is refused before any byte of the body is read.
      const declared = await streamBody(emu.url, { path: '/emulator/faults', headers: { 'content-type': 'application/json' }, declared: 100 * MB, total: 0 });
      assert413(declared.answer, 'control API, declared 100 MB');
    }),
  );

  test(
    'a chunked body that never ends: 413, the connection is closed, bytes read stay bounded (routes that take no body too)',
    withEmulator({}, async ({ emu, registered }) => {
      await registered('alice');
      for (const path of ['/emulator/faults', '/emulator/drop', '/emulator/status']) {
        const r = await streamBody(emu.url, { path, headers: { 'content-type': 'application/json' }, total: 64 * MB, chunked: true });
        console.log(`control API ${path} chunked: ${(r.bytesWritten / MB).toFixed(1)} MB written of 64, closed ${r.closed} after ${r.ms} ms`);
        assert413(r.answer, `control API ${path}, chunked`);
        assert.equal(r.closed, true, 'the server closed the connection');
        assert.ok(r.bytesWritten < 16 * MB, `${(r.bytesWritten / MB).toFixed(1)} MB went onto the wire`);
      }
      assert.equal(emu.openSockets(), 1, '/emulator/drop did not run');
    }),
  );

  test(
    'a body just under the cap is read',
    withEmulator({}, async ({ emu }) => {
      const body = JSON.stringify({ delayMs: 1, errorOnListen: { code: 31005, message: 'm'.repeat(MAX_BODY_BYTES - 200) } });
      const r = await request(emu.url, 'POST', '/emulator/faults', body);
      assert.equal(r.status, 200);
    }),
  );

  test(
    'numbers: delayMs 1e300 and friends are refused with 400; sane values pass',
    withEmulator({}, async ({ emu, registered }) => {
      for (const [path, body, field] of [
        ['/emulator/faults', { delayMs: 1e300 }, 'delayMs'],
        ['/emulator/faults', { delayMs: 60_001 }, 'delayMs'],
        ['/emulator/faults', { delayMs: -1 }, 'delayMs'],
        ['/emulator/faults', '{"delayMs": 1e999}', 'delayMs'],
        ['/emulator/faults', { upgradeDelayMs: 60_001 }, 'upgradeDelayMs'],
        ['/emulator/faults', '{"upgradeDelayMs": 1e999}', 'upgradeDelayMs'],
        ['/emulator/faults', { dropAfterMs: 1e300 }, 'dropAfterMs'],
        ['/emulator/faults', { dropAfterMs: 3_600_001 }, 'dropAfterMs'],
        ['/emulator/faults', { errorOnListen: { code: 31005, retryAfter: 1e300 } }, 'retryAfter'],
        ['/emulator/faults', '{"errorOnListen": {"code": 31005, "retryAfter": 1e999}}', 'retryAfter'],
        ['/emulator/faults', { errorOnListen: { code: 1e300 } }, 'code'],
        ['/emulator/faults', { errorOnListen: { code: -5 } }, 'code'],
        ['/emulator/impairments', { delayMs: 1e300 }, 'delayMs'],
        ['/emulator/impairments', { jitterMs: 1e300 }, 'jitterMs'],
        ['/emulator/impairments', { loss: 1e300 }, 'loss'],
        ['/emulator/calls', { to: 'alice', timeout: 1e300 }, 'timeout'],
        ['/emulator/calls', { to: 'alice', timeout: -1 }, 'timeout'],
      ]) {
        const r = await request(emu.url, 'POST', path, body);
        assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}: ${r.text}`);
        assert.match(r.json.message, new RegExp(field));
      }
      assert.deepEqual(
        {
          delayMs: emu.faults.delayMs,
          upgradeDelayMs: emu.faults.upgradeDelayMs,
          dropAfterMs: emu.faults.dropAfterMs,
          errorOnListen: emu.faults.errorOnListen,
        },
        { delayMs: 0, upgradeDelayMs: 0, dropAfterMs: null, errorOnListen: null },
      );
      assert.equal(emu.impairments.global.delayMs, 0);
      const ok = await request(emu.url, 'POST', '/emulator/faults', {
        delayMs: 60_000,
        dropAfterMs: 3_600_000,
        errorOnListen: { code: 31005, retryAfter: 3600 },
      });
      assert.equal(ok.status, 200, ok.text);
      await request(emu.url, 'POST', '/emulator/faults/reset');
      await registered('alice');
      const call = await request(emu.url, 'POST', '/emulator/calls', { to: 'alice', timeout: 600 });
      assert.equal(call.status, 201);
    }),
  );
});

describe('REST API', () => {
  for (const [name, path] of [
    ['Verify', FACTORS],
    ['Accounts', ACCOUNT],
  ]) {
    test(
      `${name}: over-size bodies get 413 before buffering (declared, sent, chunked), with Connection: close`,
      withEmulator({}, async ({ emu }) => {
        const headers = { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' };
        const declared = await streamBody(emu.url, { path, headers, declared: 100 * MB, total: 0 });
        assert413(declared.answer, `${name}, declared`);
        const sent = await streamBody(emu.url, { path, headers, total: 100 * 1024 });
        assert413(sent.answer, `${name}, 100 KB`);
        const chunked = await streamBody(emu.url, { path, headers, total: 64 * MB, chunked: true });
        console.log(`REST ${name} chunked: ${(chunked.bytesWritten / MB).toFixed(1)} MB written of 64, closed ${chunked.closed} after ${chunked.ms} ms`);
        assert413(chunked.answer, `${name}, chunked`);
        assert.equal(chunked.closed, true);
        assert.ok(chunked.bytesWritten < 16 * MB, `${(chunked.bytesWritten / MB).toFixed(1)} MB went onto the wire`);
        // Unauthenticated over-size bodies: refused without reading either.
        const anon = await streamBody(emu.url, { path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, total: 64 * MB, chunked: true });
        assert.ok([401, 413].includes(anon.answer?.status), String(anon.answer?.status));
        assert.equal(anon.closed, true);
        assert.ok(anon.bytesWritten < 16 * MB);
      }),
    );
  }

  test(
    'unknown paths with a body do not read it forever',
    withEmulator({}, async ({ emu }) => {
      const r = await streamBody(emu.url, { path: '/nowhere', total: 64 * MB, chunked: true });
      assert.equal(r.answer?.status, 404);
      assert.equal(r.closed, true);
      assert.ok(r.bytesWritten < 16 * MB);
    }),
  );
});

describe('demo sample TwiML app', () => {
  const servers = [];
  after(() => Promise.all(servers.map((s) => (s.closeAllConnections(), new Promise((r) => s.close(r))))));

  async function sampleServer() {
    const s = http.createServer((req, res) => {
      handleSampleApp(req, res, { authToken: DEFAULT_ACCOUNT.authToken, publicUrl: 'http://127.0.0.1/twiml/sample' }).catch(() => res.destroy());
    });
    await new Promise((r) => s.listen(0, '127.0.0.1', r));
    servers.push(s);
    return `http://127.0.0.1:${s.address().port}`;
  }

  test('100 MB to POST /twiml/sample is refused before buffering: 413, memory growth < 20 MB', async () => {
    const base = await sampleServer();
    const { growth, result } = await peakRssGrowth(() =>
      streamBody(base, {
        path: '/twiml/sample',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'x' },
        total: 100 * MB,
        chunked: true,
        chunkSize: 256 * 1024,
      }),
    );
    console.log(
      `/twiml/sample 100 MB chunked: ${(result.bytesWritten / MB).toFixed(1)} MB written, RSS growth ${(growth / MB).toFixed(1)} MB, status ${result.answer?.status}`,
    );
    assert.equal(result.answer?.status, 413);
    assert.equal(result.answer.headers.connection, 'close');
    assert.ok(growth < 20 * MB, `RSS grew ${(growth / MB).toFixed(1)} MB`);
    assert.ok(result.bytesWritten < 30 * MB, `${(result.bytesWritten / MB).toFixed(1)} MB went onto the wire`);
    const declared = await streamBody(base, {
      path: '/twiml/sample',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      declared: 100 * MB,
      total: 0,
    });
    assert.equal(declared.answer?.status, 413);
  });

  test('a normal signed request still gets its TwiML; a bad signature its 403', async () => {
    const base = await sampleServer();
    const twilio = (await import('twilio')).default;
    const params = { To: 'hello', From: 'client:alice' };
    const signature = twilio.getExpectedTwilioSignature(DEFAULT_ACCOUNT.authToken, 'http://127.0.0.1/twiml/sample', params);
    const ok = await fetch(`${base}/twiml/sample`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params),
    });
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /<Say>/);
    const bad = await fetch(`${base}/twiml/sample`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'nope' },
      body: new URLSearchParams(params),
    });
    assert.equal(bad.status, 403);
  });
});

describe('REST call resources', () => {
  const CONF = `/2010-04-01/Accounts/${DEFAULT_ACCOUNT.accountSid}/Conferences`;
  const form = (o) => new URLSearchParams(o).toString();
  const formHeaders = (auth = BASIC) => ({ authorization: auth, 'content-type': 'application/x-www-form-urlencoded' });

  for (const [name, path] of [
    ['Participants', `${CONF}/tw-attack/Participants.json`],
    ['UserDefinedMessages', `/2010-04-01/Accounts/${DEFAULT_ACCOUNT.accountSid}/Calls/CA${'0'.repeat(32)}/UserDefinedMessages.json`],
  ]) {
    test(
      `${name}: over-size bodies get 413 before buffering (declared, chunked)`,
      withEmulator({}, async ({ emu }) => {
        const declared = await streamBody(emu.url, { path, headers: formHeaders(), declared: 100 * MB, total: 0 });
        assert413(declared.answer, `${name}, declared`);
        const chunked = await streamBody(emu.url, { path, headers: formHeaders(), total: 64 * MB, chunked: true });
        assert413(chunked.answer, `${name}, chunked`);
        assert.equal(chunked.closed, true);
        assert.ok(chunked.bytesWritten < 16 * MB);
        assert.deepEqual(emu.conferences(), [], 'nothing was created');
      }),
    );
  }

  test(
    'wrong or missing credentials, another account, bad SIDs and labels, oversize fields: Twilio errors, nothing created',
    withEmulator({}, async ({ emu }) => {
      const create = form({ From: '+15005550006', To: 'billing' });
      for (const auth of [undefined, 'Basic ' + Buffer.from(`${KEY.sid}:wrong`).toString('base64'), 'Bearer x', 'Basic !!!']) {
        const r = await request(
          emu.url,
          'POST',
          `${CONF}/tw-attack/Participants.json`,
          create,
          auth ? formHeaders(auth) : { 'content-type': 'application/x-www-form-urlencoded' },
        );
        assert.equal(r.status, 401, `${auth}: ${r.text}`);
        assert.equal(r.json.code, 20003);
      }
      const other = await request(emu.url, 'POST', `/2010-04-01/Accounts/AC${'1'.repeat(32)}/Conferences/tw-attack/Participants.json`, create, formHeaders());
      assert.equal(other.status, 404);
      for (const path of [
        `${CONF}/CF${'0'.repeat(32)}.json`,
        `${CONF}/CF${'0'.repeat(32)}/Participants.json`,
        `${CONF}/not-a-sid.json`,
        `${CONF}/tw-attack/Participants/..%2F..%2FCalls.json`,
        `${CONF}/CF${'0'.repeat(32)}/Participants/${'x'.repeat(5000)}.json`,
        `/2010-04-01/Accounts/${DEFAULT_ACCOUNT.accountSid}/Calls/CA${'0'.repeat(32)}.json`,
        `/2010-04-01/Accounts/${DEFAULT_ACCOUNT.accountSid}/Calls/..%2F.json`,
      ]) {
        const r = await request(emu.url, 'GET', path, undefined, { authorization: BASIC });
        assert.equal(r.status, 404, `${path}: ${r.text}`);
        assert.equal(r.json.code, 20404);
      }
      for (const [fields, code] of [
        [{ From: '+15005550006', To: 'x'.repeat(300) }, 20001],
        [{ From: '+15005550006', To: 'tone:5' }, 21211],
        [{ From: '+15005550006', To: 'client:' + 'a'.repeat(257) }, 20001],
        [{ From: '+15005550006', To: 'client:bad<name>' }, 31105],
        [{ From: '+15005550006', To: 'billing', Label: 'l'.repeat(129) }, 20001],
        [{ From: '+15005550006', To: 'billing', Timeout: '1e300' }, 20001],
        [{ From: '+15005550006', To: 'billing', ConferenceStatusCallback: 'javascript:alert(1)' }, 20001],
        [{ From: '+15005550006', To: 'billing', ConferenceStatusCallback: 'http://127.0.0.1/x', ConferenceStatusCallbackEvent: 'start bogus' }, 16002],
        [{ From: '+15005550006', To: 'billing', StartConferenceOnEnter: 'yes' }, 20001],
      ]) {
        const r = await request(emu.url, 'POST', `${CONF}/tw-attack/Participants.json`, form(fields), formHeaders());
        assert.equal(r.status, 400, `${JSON.stringify(fields).slice(0, 80)}: ${r.text}`);
        assert.equal(r.json.code, code, JSON.stringify(fields).slice(0, 80));
      }
      assert.ok(
        emu.conferences().every((c) => c.participants.length === 0),
        'no participant was added',
      );
      const calls = `/2010-04-01/Accounts/${DEFAULT_ACCOUNT.accountSid}/Calls/CA${'0'.repeat(32)}`;
      const udm = await request(emu.url, 'POST', `${calls}/UserDefinedMessages.json`, form({ Content: '{"a":"' + 'x'.repeat(5000) + '"}' }), formHeaders());
      assert.equal(udm.status, 400);
      const twiml = await request(emu.url, 'POST', `${calls}.json`, form({ Twiml: '<Response>' + ' '.repeat(5000) + '</Response>' }), formHeaders());
      assert.equal(twiml.status, 400);
    }),
  );
});
