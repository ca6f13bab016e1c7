// Attack suite, webhooks: the emulator must not be a request forger or a port
// scanner. Webhook URLs are limited to loopback hosts and the hosts listed in
// `webhookHosts` (checked at registration and again at fetch time, on the
// resolved addresses), link-local and unspecified addresses never; failures
// come back as Twilio's codes with Twilio's generic messages, never with the
// remote's status, content type, socket error, host or port.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { loopbackServers } from '../support/loopback-servers.mjs';
import { mint, request, withEmulator } from '../support/emulator-harness.mjs';
import { classifyAddress, parseWebhookHosts, checkWebhookUrl, addressAllowed } from '../../dist/emulator/security/webhook-hosts.js';

const APP = 'AP' + '34'.repeat(16);
const servers = loopbackServers();
after(() => servers.closeAll());

const xml = (inner) => `<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`;

/** A server on 127.0.0.1 that counts the requests it gets, answering `answer(req)` ({status, type, body, statusText}). */
async function countingServer(answer = () => ({ body: xml('<Hangup/>') })) {
  const hits = [];
  const base = await servers.listen((req, res) => {
    req.resume();
    req.on('end', () => {
      hits.push({ method: req.method, url: req.url, host: req.headers.host });
      const { status = 200, type = 'text/xml', body = '', statusText } = answer(req);
      res.writeHead(status, statusText, { 'content-type': type });
      res.end(body);
    });
  });
  return { base, port: Number(new URL(base).port), hits };
}

/** A resolver that maps names to fixed addresses (and records what it was asked). */
function fakeLookup(map) {
  const asked = [];
  const fn = async (hostname) => {
    asked.push(hostname);
    const v = map[hostname];
    if (!v) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return v.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(fn, { asked });
}

async function callThrough(ctx, voiceUrl) {
  ctx.emu.setApplication(APP, { voiceUrl });
  const alice = await ctx.connect();
  alice.send('listen', { token: mint({ identity: 'alice', app: APP }) });
  await alice.next('connected');
  alice.send('invite', { callsid: 'TJ' + Math.random().toString(16).slice(2), sdp: 'v=0\r\no=browser 1\r\n', twilio: { params: 'To=bob' } });
  return alice.next('hangup', 20000);
}

/** Asserts that nothing of the remote shows: no port, no host, no status, no content type, no socket error. */
function assertNothingLeaks(texts, secrets) {
  for (const t of texts) for (const s of secrets) assert.ok(!t.includes(String(s)), `${JSON.stringify(s)} leaked in ${t}`);
}

describe('registration', () => {
  test(
    'POST /emulator/applications refuses hosts that are not loopback or listed (400 naming why); link-local and unspecified always',
    withEmulator({ webhookHosts: ['tw-app.test', '169.254.169.254', 'fe80::1', '0.0.0.0', 'only-port.test:8080'] }, async ({ emu }) => {
      for (const voiceUrl of [
        'http://evil.example/voice',
        'http://169.254.169.254/latest/meta-data/',
        'http://169.254.1.1/',
        'http://[fe80::1]/',
        'http://0.0.0.0:8443/',
        'http://0/',
        'http://[::]/',
        'http://[::ffff:169.254.169.254]/',
        'http://10.0.0.1/',
        'http://192.168.0.1/',
        'http://only-port.test:9090/',
        'http://only-port.test/',
        'https://localhost.evil.example/',
      ]) {
        const r = await request(emu.url, 'POST', '/emulator/applications', { sid: APP, voiceUrl });
        assert.equal(r.status, 400, `${voiceUrl}: ${r.text}`);
        assert.match(r.json.message, /voiceUrl/);
        assert.match(r.json.message, /webhookHosts|link-local|unspecified/, r.json.message);
      }
      // WHATWG URLs have no IPv6 zone ids: refused as not a URL.
      assert.equal((await request(emu.url, 'POST', '/emulator/applications', { sid: APP, voiceUrl: 'http://[fe80::1%25eth0]/' })).status, 400);
      assert.deepEqual(emu.applications(), []);
      for (const voiceUrl of [
        'http://127.0.0.1:9/voice',
        'https://localhost:8443/twiml',
        'http://[::1]:9/',
        'http://127.8.9.10/',
        'https://tw-app.test/voice',
        'https://TW-APP.test:444/voice',
        'http://only-port.test:8080/x',
      ]) {
        const r = await request(emu.url, 'POST', '/emulator/applications', { sid: APP, voiceUrl });
        assert.equal(r.status, 201, `${voiceUrl}: ${r.text}`);
      }
      const n = await request(emu.url, 'POST', '/emulator/numbers', { phoneNumber: '+15005550123', voiceUrl: 'http://evil.example/voice' });
      assert.equal(n.status, 400);
      assert.match(n.json.message, /voiceUrl/);
    }),
  );

  test('options: applications and numbers to a foreign host throw; a bad webhookHosts entry throws', async () => {
    const { createEmulator } = await import('../../dist/emulator/index.js');
    assert.throws(() => createEmulator({ applications: { [APP]: { voiceUrl: 'http://169.254.169.254/' } } }), /link-local/);
    assert.throws(() => createEmulator({ applications: { [APP]: { voiceUrl: 'http://evil.example/' } } }), /webhookHosts/);
    assert.throws(() => createEmulator({ numbers: { '+15005550123': { voiceUrl: 'http://evil.example/' } } }), /webhookHosts/);
    assert.throws(() => createEmulator({ webhookHosts: ['http://x.test/'] }), /webhookHosts/);
    assert.throws(() => createEmulator({ webhookHosts: [''] }), /webhookHosts/);
    assert.doesNotThrow(() => createEmulator({ webhookHosts: ['x.test'], applications: { [APP]: { voiceUrl: 'http://x.test/' } } }).close());
  });
});

describe('fetch time', () => {
  test('a listed name is requested (through the resolver); an unlisted one in a <Dial action> is never requested', async () => {
    const app = await countingServer((req) => ({
      body: req.url.startsWith('/voice')
        ? xml('<Dial timeout="1" action="http://unlisted.test:PORT/after"><Client>nobody</Client></Dial>').replace('PORT', String(app.port))
        : xml('<Hangup/>'),
    }));
    const lookup = fakeLookup({ 'tw-app.test': ['127.0.0.1'], 'unlisted.test': ['127.0.0.1'] });
    const lines = [];
    await withEmulator({ webhookHosts: ['tw-app.test'], webhookLookup: lookup, log: (l) => lines.push(l) }, async (ctx) => {
      const hangup = await callThrough(ctx, `http://tw-app.test:${app.port}/voice`);
      assert.deepEqual(
        app.hits.map((h) => h.url.split('?')[0]),
        ['/voice'],
        'only the listed host got a request',
      );
      assert.equal(app.hits[0].host, `tw-app.test:${app.port}`);
      assert.deepEqual(lookup.asked, ['tw-app.test'], 'the unlisted name was refused before any lookup');
      assert.deepEqual(hangup.payload.error, { code: 11205, message: 'HTTP connection failure' });
      assertNothingLeaks(
        [JSON.stringify(hangup), JSON.stringify((await request(ctx.emu.url, 'GET', '/emulator/calls')).json)],
        ['unlisted', String(app.port), 'webhookHosts'],
      );
      assert.ok(
        lines.some((l) => l.includes('unlisted.test')),
        'the developer log says what was refused',
      );
    })();
  });

  test('DNS rebinding: a listed name resolving to a link-local or unspecified address is refused before connecting', async () => {
    const app = await countingServer();
    for (const addresses of [['169.254.169.254'], ['127.0.0.1', '169.254.169.254'], ['0.0.0.0'], ['::'], ['fe80::1'], ['::ffff:169.254.169.254']]) {
      const lookup = fakeLookup({ 'tw-app.test': addresses });
      await withEmulator({ webhookHosts: ['tw-app.test'], webhookLookup: lookup }, async (ctx) => {
        const started = Date.now();
        const hangup = await callThrough(ctx, `http://tw-app.test:${app.port}/voice`);
        assert.deepEqual(hangup.payload.error, { code: 11205, message: 'HTTP connection failure' }, addresses.join());
        assert.ok(Date.now() - started < 5000, 'refused at once, not timed out');
        assert.deepEqual(lookup.asked, ['tw-app.test']);
      })();
    }
    assert.equal(app.hits.length, 0, 'no request reached the server');
  });

  test('DNS rebinding: "localhost" (loopback by name) resolving elsewhere is refused', async () => {
    const app = await countingServer();
    const lookup = fakeLookup({ localhost: ['192.0.2.10'] });
    await withEmulator({ webhookLookup: lookup }, async (ctx) => {
      const hangup = await callThrough(ctx, `http://localhost:${app.port}/voice`);
      assert.deepEqual(hangup.payload.error, { code: 11205, message: 'HTTP connection failure' });
      assert.deepEqual(lookup.asked, ['localhost']);
    })();
    const ok = fakeLookup({ localhost: ['127.0.0.1'] });
    await withEmulator({ webhookLookup: ok }, async (ctx) => {
      await callThrough(ctx, `http://localhost:${app.port}/voice`);
    })();
    assert.equal(app.hits.length, 1, 'only the loopback resolution was requested');
  });

  test('an unresolvable listed name: 11210 without the name', async () => {
    await withEmulator({ webhookHosts: ['gone.test'], webhookLookup: fakeLookup({}) }, async (ctx) => {
      const hangup = await callThrough(ctx, 'http://gone.test:1/voice');
      assert.deepEqual(hangup.payload.error, { code: 11210, message: 'HTTP bad host name' });
    })();
  });
});

describe('no port scanner: failures carry only Twilio codes and generic messages', () => {
  test('a loopback port with nothing listening: 11205, no ECONNREFUSED/host/port in the hangup or GET /emulator/calls (the log keeps them)', async () => {
    const app = await countingServer();
    const port = app.port;
    await servers.closeAll(); // nothing listens there now
    const lines = [];
    await withEmulator({ log: (l) => lines.push(l) }, async (ctx) => {
      const hangup = await callThrough(ctx, `http://127.0.0.1:${port}/voice`);
      assert.deepEqual(hangup.payload.error, { code: 11205, message: 'HTTP connection failure' });
      const calls = await request(ctx.emu.url, 'GET', '/emulator/calls');
      assert.deepEqual(calls.json.calls[0].error, { code: 11205, message: 'HTTP connection failure' });
      assertNothingLeaks(
        [JSON.stringify(hangup), calls.text, JSON.stringify((await request(ctx.emu.url, 'GET', `/emulator/calls/${calls.json.calls[0].callSid}`)).json)],
        ['ECONNREFUSED', String(port), '127.0.0.1', 'refused'],
      );
      assert.ok(
        lines.some((l) => l.includes('ECONNREFUSED')),
        'the developer log keeps the detail',
      );
    })();
  });

  for (const [name, answer, code, message, secrets] of [
    [
      'a non-2xx answer',
      { status: 418, statusText: 'Secret Teapot', type: 'application/x-secret', body: 'secret body' },
      11200,
      'HTTP retrieval failure',
      ['Teapot', 'Secret', 'x-secret', 'secret body'],
    ],
    ['a wrong content type', { type: 'application/x-secret-type', body: 'x' }, 12300, 'Invalid Content-Type', ['x-secret-type']],
    [
      'an HTML page',
      { type: 'text/html', body: '<!DOCTYPE html><html><title>secret admin</title>' },
      12100,
      'Document parse failure',
      ['secret admin', 'DOCTYPE', 'html'],
    ],
    ['a document with an unknown root', { body: '<SecretRoot/>' }, 12100, 'Document parse failure', ['SecretRoot']],
    ['a document with an unknown verb', { body: xml('<SecretVerb/>') }, 12200, 'Schema validation warning', ['SecretVerb']],
  ]) {
    test(`${name}: ${code} "${message}" only`, async () => {
      const app = await countingServer(() => answer);
      const lines = [];
      await withEmulator({ log: (l) => lines.push(l) }, async (ctx) => {
        const hangup = await callThrough(ctx, `${app.base}/voice`);
        assert.deepEqual(hangup.payload.error, { code, message });
        const calls = await request(ctx.emu.url, 'GET', '/emulator/calls');
        assert.deepEqual(calls.json.calls[0].error, { code, message });
        assertNothingLeaks([JSON.stringify(hangup), calls.text], [...secrets, String(app.port)]);
        assert.ok(
          lines.some((l) => l.includes(`${code}`) && secrets.some((s) => l.includes(s))),
          `the log has the detail: ${lines.join('\n')}`,
        );
      })();
      assert.equal(app.hits.length, 1);
    });
  }
});

describe('pure decisions', () => {
  const cls = [
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['0:0:0:0:0:0:0:0', 'unspecified'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['10.0.0.1', 'other'],
    ['192.168.1.1', 'other'],
    ['8.8.8.8', 'other'],
    ['fec0::1', 'other'],
    ['2001:db8::1', 'other'],
    ['not-an-ip', null],
  ];
  for (const [ip, expected] of cls) test(`classifyAddress(${ip}) = ${expected}`, () => assert.equal(classifyAddress(ip), expected));

  const hosts = parseWebhookHosts(['tw-app.test', 'Port.Test:8080', '10.0.0.7', '[fd00::1]:9000', '169.254.169.254']);
  const urls = [
    ['http://127.0.0.1:1/', true],
    ['http://localhost/', true],
    ['http://LOCALHOST./', true],
    ['http://[::1]/', true],
    ['https://tw-app.test/', true],
    ['https://tw-app.test.:8443/', true],
    ['https://sub.tw-app.test/', false],
    ['http://port.test:8080/', true],
    ['http://port.test/', false],
    ['https://port.test:8080/', true],
    ['http://10.0.0.7:1234/', true],
    ['http://10.0.0.8/', false],
    ['http://[fd00::1]:9000/', true],
    ['http://[fd00::1]:9001/', false],
    ['http://169.254.169.254/', false],
    ['http://[::ffff:169.254.169.254]/', false],
    ['http://0.0.0.0/', false],
    ['http://[::]/', false],
    ['http://evil.example/', false],
    ['http://2130706433/', true], // WHATWG URL parses it as 127.0.0.1
    ['http://0x7f.1/', true], // 127.0.0.1
    ['http://0xa9fea9fe/', false], // 169.254.169.254
  ];
  for (const [url, allowed] of urls)
    test(`checkWebhookUrl(${url}) ${allowed ? 'allows' : 'refuses'}`, () => assert.equal(checkWebhookUrl(new URL(url), hosts).ok, allowed));

  test('resolved addresses: loopback only for unlisted names; anything but link-local/unspecified for listed ones', () => {
    assert.equal(addressAllowed('127.0.0.1', false), true);
    assert.equal(addressAllowed('::1', false), true);
    assert.equal(addressAllowed('10.0.0.1', false), false);
    assert.equal(addressAllowed('10.0.0.1', true), true);
    assert.equal(addressAllowed('169.254.169.254', true), false);
    assert.equal(addressAllowed('fe80::1', true), false);
    assert.equal(addressAllowed('0.0.0.0', true), false);
    assert.equal(addressAllowed('::', true), false);
  });
});
