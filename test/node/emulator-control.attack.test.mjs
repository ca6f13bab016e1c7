// Attack suite, control API (/emulator/*): a web page the developer visits
// while the emulator runs must not be able to drive it. Foreign origins get a
// 403 in Twilio's error envelope, bodies must be JSON (no "simple" cross-origin
// POST without a preflight), CORS echoes only allowed origins (never `*`), and
// an optional control token guards every request.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { request, withEmulator } from '../support/emulator-harness.mjs';
import { originAllowed, normalizeAllowedOrigins, isLoopbackHostname } from '../../dist/emulator/security/origins.js';
import { bearerMatches } from '../../dist/emulator/security/control-token.js';

const EVIL = 'https://evil.example';

/** Like request(), but sends exactly these headers (no Content-Type of its own). */
function bareRequest(base, method, path, body, headers) {
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(path, base),
      { method, rejectUnauthorized: false, agent: false, headers: { 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text, json: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function assertEnvelope(r, status, code) {
  assert.equal(r.status, status, r.text);
  assert.deepEqual(Object.keys(r.json).sort(), ['code', 'message', 'more_info', 'status']);
  assert.equal(r.json.status, status);
  if (code !== undefined) assert.equal(r.json.code, code);
  assert.equal(r.json.more_info, `https://www.twilio.com/docs/errors/${r.json.code}`);
  assert.match(r.headers['content-type'], /^application\/json/);
}

function assertNoWildcard(r) {
  assert.notEqual(r.headers['access-control-allow-origin'], '*', 'CORS must never answer *');
}

describe('cross-origin requests', () => {
  test(
    'a foreign Origin gets 403 on reads, writes and preflights; nothing changes',
    withEmulator({}, async ({ emu, registered }) => {
      await registered('alice');
      let r = await request(emu.url, 'GET', '/emulator/status', undefined, { origin: EVIL });
      assertEnvelope(r, 403, 20403);
      assert.equal(r.headers['access-control-allow-origin'], undefined);
      assert.match(r.headers.vary ?? '', /origin/i);
      assert.doesNotMatch(r.text, /alice/, 'no status data leaks in the refusal');

      r = await request(emu.url, 'GET', '/emulator/calls', undefined, { origin: EVIL });
      assertEnvelope(r, 403, 20403);

      r = await request(emu.url, 'POST', '/emulator/drop', {}, { origin: EVIL });
      assertEnvelope(r, 403, 20403);
      assert.equal(emu.openSockets(), 1, 'the socket was not dropped');

      r = await request(emu.url, 'POST', '/emulator/faults', { refuseConnections: true }, { origin: EVIL });
      assertEnvelope(r, 403, 20403);
      assert.equal(emu.faults.refuseConnections, false);

      r = await request(emu.url, 'OPTIONS', '/emulator/faults', undefined, {
        origin: EVIL,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      });
      assert.equal(r.status, 403);
      assert.equal(r.headers['access-control-allow-origin'], undefined);
      assertNoWildcard(r);

      for (const origin of [
        'null',
        'http://localhost.evil.example',
        'http://127.0.0.1.evil.example:80',
        'file://',
        'chrome-extension://abc',
        'http://169.254.169.254',
        'http://10.0.0.1:8080',
      ]) {
        r = await request(emu.url, 'GET', '/emulator/status', undefined, { origin });
        assert.equal(r.status, 403, origin);
      }
    }),
  );

  test(
    'DNS rebinding: a page whose Origin matches a Host that is a DNS name is refused',
    withEmulator({}, async ({ emu }) => {
      const host = `rebind.example:${emu.port}`;
      const r = await request(emu.url, 'POST', '/emulator/faults', { refuseConnections: true }, { host, origin: `https://${host}` });
      assertEnvelope(r, 403, 20403);
      assert.equal(emu.faults.refuseConnections, false);
    }),
  );

  test(
    'loopback origins work and get their own origin echoed with Vary: Origin',
    withEmulator({}, async ({ emu }) => {
      for (const origin of ['http://localhost:8000', 'https://localhost', 'http://127.0.0.1:3000', 'http://127.4.5.6:1', 'http://[::1]:8080']) {
        let r = await request(emu.url, 'GET', '/emulator/status', undefined, { origin });
        assert.equal(r.status, 200, origin);
        assert.equal(r.headers['access-control-allow-origin'], origin);
        assert.match(r.headers.vary ?? '', /origin/i);

        r = await request(emu.url, 'OPTIONS', '/emulator/faults', undefined, {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, authorization',
        });
        assert.equal(r.status, 204);
        assert.equal(r.headers['access-control-allow-origin'], origin);
        assert.match(r.headers['access-control-allow-headers'], /content-type/);
        assert.match(r.headers['access-control-allow-headers'], /authorization/);
        assert.match(r.headers.vary ?? '', /origin/i);

        r = await request(emu.url, 'POST', '/emulator/faults', { delayMs: 5 }, { origin });
        assert.equal(r.status, 200);
        assert.equal(r.headers['access-control-allow-origin'], origin);
      }
      assert.equal(emu.faults.delayMs, 5);
    }),
  );

  test(
    'same-origin pages (Host is the emulator on an IP literal) work',
    withEmulator({}, async ({ emu }) => {
      const r = await request(emu.url, 'POST', '/emulator/faults', { delayMs: 7 }, { host: `127.0.0.1:${emu.port}`, origin: `https://127.0.0.1:${emu.port}` });
      assert.equal(r.status, 200);
      assert.equal(emu.faults.delayMs, 7);
    }),
  );

  test(
    'no Origin (tests, curl, Node) works; no answer ever carries Access-Control-Allow-Origin: *',
    withEmulator({}, async ({ emu }) => {
      for (const [method, path, body] of [
        ['GET', '/emulator/status'],
        ['GET', '/emulator/nope'],
        ['POST', '/emulator/faults', { delayMs: 1 }],
        ['POST', '/emulator/faults', { nope: 1 }],
        ['GET', '/nowhere'],
      ]) {
        const r = await request(emu.url, method, path, body);
        assertNoWildcard(r);
        assert.equal(r.headers['access-control-allow-origin'], undefined, `${method} ${path}: no CORS header without an Origin`);
      }
      assert.equal((await request(emu.url, 'GET', '/emulator/status')).status, 200);
    }),
  );

  test('allowedOrigins replaces the default; "loopback" keeps loopback pages', async () => {
    await withEmulator({ allowedOrigins: ['https://app.example.test:8443'] }, async ({ emu }) => {
      assert.equal((await request(emu.url, 'GET', '/emulator/status', undefined, { origin: 'https://app.example.test:8443' })).status, 200);
      assert.equal((await request(emu.url, 'GET', '/emulator/status', undefined, { origin: 'https://app.example.test:9999' })).status, 403);
      assert.equal((await request(emu.url, 'GET', '/emulator/status', undefined, { origin: 'http://localhost:8000' })).status, 403);
    })();
    await withEmulator({ allowedOrigins: ['loopback', 'https://app.example.test'] }, async ({ emu }) => {
      assert.equal((await request(emu.url, 'GET', '/emulator/status', undefined, { origin: 'https://app.example.test' })).status, 200);
      assert.equal((await request(emu.url, 'GET', '/emulator/status', undefined, { origin: 'https://app.example.test:443' })).status, 200);
      assert.equal((await request(emu.url, 'GET', '/emulator/status', undefined, { origin: 'http://localhost:8000' })).status, 200);
      assert.equal((await request(emu.url, 'GET', '/emulator/status', undefined, { origin: EVIL })).status, 403);
    })();
    const { createEmulator } = await import('../../dist/emulator/index.js');
    assert.throws(() => createEmulator({ allowedOrigins: ['*'] }), /allowedOrigins/);
    assert.throws(() => createEmulator({ allowedOrigins: ['https://app.example.test/path'] }), /allowedOrigins/);
  });
});

describe('JSON only', () => {
  test(
    'text/plain, form and missing Content-Type bodies get 415, before anything changes',
    withEmulator({}, async ({ emu }) => {
      for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
        const r = await bareRequest(emu.url, 'POST', '/emulator/faults', '{"refuseConnections":true}', type ? { 'content-type': type } : {});
        assertEnvelope(r, 415);
        assert.equal(emu.faults.refuseConnections, false, String(type));
      }
      // From a loopback page too: a browser request must be JSON even without a body.
      let r = await request(emu.url, 'POST', '/emulator/drop', undefined, { origin: 'http://localhost:8000' });
      assertEnvelope(r, 415);
      r = await request(emu.url, 'POST', '/emulator/drop', undefined, { origin: 'http://localhost:8000', 'content-type': 'application/json' });
      assert.equal(r.status, 200);
      // application/json with parameters is fine; so is a bodiless POST from a non-browser client.
      r = await request(emu.url, 'POST', '/emulator/faults', '{"delayMs":3}', { 'content-type': 'application/json; charset=utf-8' });
      assert.equal(r.status, 200);
      r = await request(emu.url, 'POST', '/emulator/faults/reset');
      assert.equal(r.status, 200);
    }),
  );
});

describe('control token', () => {
  const TOKEN = 'correct-horse-battery-staple';
  test('every control request needs Authorization: Bearer <token>; 401 otherwise; the token is never logged', async () => {
    const lines = [];
    await withEmulator({ controlToken: TOKEN, log: (l) => lines.push(l) }, async ({ emu }) => {
      let r = await request(emu.url, 'GET', '/emulator/status');
      assertEnvelope(r, 401, 20003);
      assert.match(r.headers['www-authenticate'] ?? '', /^Bearer/);
      for (const auth of [
        `Bearer ${TOKEN}x`,
        `Bearer ${TOKEN.slice(0, -1)}`,
        `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`,
        TOKEN,
        'Bearer ',
        `bearer  ${TOKEN} extra`,
      ]) {
        r = await request(emu.url, 'POST', '/emulator/faults', { refuseConnections: true }, { authorization: auth });
        assertEnvelope(r, 401, 20003);
      }
      assert.equal(emu.faults.refuseConnections, false);
      r = await request(emu.url, 'GET', '/emulator/status', undefined, { authorization: `Bearer ${TOKEN}` });
      assert.equal(r.status, 200);
      r = await request(emu.url, 'POST', '/emulator/faults', { delayMs: 2 }, { authorization: `Bearer ${TOKEN}` });
      assert.equal(r.status, 200);
      // A preflight carries no credentials: an allowed origin gets its 204, a foreign one still 403.
      r = await request(emu.url, 'OPTIONS', '/emulator/status', undefined, {
        origin: 'http://localhost:1234',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      });
      assert.equal(r.status, 204);
      r = await request(emu.url, 'OPTIONS', '/emulator/status', undefined, { origin: EVIL, 'access-control-request-method': 'GET' });
      assert.equal(r.status, 403);
      // An allowed origin with the token works; a foreign origin with the token is still refused.
      r = await request(emu.url, 'GET', '/emulator/status', undefined, { origin: 'http://localhost:1234', authorization: `Bearer ${TOKEN}` });
      assert.equal(r.status, 200);
      r = await request(emu.url, 'GET', '/emulator/status', undefined, { origin: EVIL, authorization: `Bearer ${TOKEN}` });
      assert.equal(r.status, 403);
      // The REST API and /signal are not the control API: untouched by the token.
      r = await request(emu.url, 'GET', '/2010-04-01/Accounts/AC00.json');
      assert.equal(r.status, 401);
      assert.notEqual(r.json.code, undefined);
    })();
    assert.ok(lines.length > 0);
    assert.ok(!lines.some((l) => l.includes(TOKEN)), 'the token never reaches the log');
    const { createEmulator } = await import('../../dist/emulator/index.js');
    assert.throws(() => createEmulator({ controlToken: '' }), /controlToken/);
    assert.throws(() => createEmulator({ controlToken: 42 }), /controlToken/);
  });
});

describe('pure decisions', () => {
  const loopback = normalizeAllowedOrigins(undefined);
  const listed = normalizeAllowedOrigins(['https://app.example.test', 'http://10.0.0.5:3000']);
  const cases = [
    // [origin, host header, policy, allowed]
    [undefined, 'localhost:8443', loopback, true],
    ['http://localhost:8000', 'localhost:8443', loopback, true],
    ['https://localhost', 'whatever:1', loopback, true],
    ['http://127.0.0.1:9', 'x:1', loopback, true],
    ['http://127.255.255.254:9', 'x:1', loopback, true],
    ['http://[::1]:9', 'x:1', loopback, true],
    ['http://[::ffff:127.0.0.1]:9', 'x:1', loopback, true],
    ['https://evil.example', 'localhost:8443', loopback, false],
    ['null', 'localhost:8443', loopback, false],
    ['garbage', 'localhost:8443', loopback, false],
    ['ftp://localhost', 'localhost:8443', loopback, false],
    ['http://localhost.evil.example', 'localhost:8443', loopback, false],
    ['http://128.0.0.1', 'localhost:8443', loopback, false],
    ['http://0.0.0.0:8443', '0.0.0.0:8443', loopback, true], // same-origin on an IP literal
    ['https://192.168.1.5:8443', '192.168.1.5:8443', loopback, true], // same-origin on an IP literal
    ['https://192.168.1.5:8443', '192.168.1.5:9999', loopback, false],
    ['https://mybox.lan:8443', 'mybox.lan:8443', loopback, false], // same-origin on a DNS name: rebinding
    ['https://app.example.test', 'x:1', listed, true],
    ['https://app.example.test:443', 'x:1', listed, true],
    ['http://app.example.test', 'x:1', listed, false],
    ['http://10.0.0.5:3000', 'x:1', listed, true],
    ['http://localhost:3000', 'x:1', listed, false],
    ['https://mybox.lan:8443', 'mybox.lan:8443', normalizeAllowedOrigins(['https://mybox.lan:8443']), true],
  ];
  for (const [origin, host, policy, allowed] of cases) {
    test(`origin ${origin} with Host ${host}: ${allowed ? 'allowed' : 'refused'}`, () => {
      assert.equal(originAllowed(origin, host, policy), allowed);
    });
  }
  test('loopback host names', () => {
    for (const h of ['localhost', 'LOCALHOST', 'localhost.', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1'])
      assert.equal(isLoopbackHostname(h), true, h);
    for (const h of ['localhost.evil', 'foo.localhost', '128.0.0.1', '0.0.0.0', '::', '169.254.169.254', 'example.com', ''])
      assert.equal(isLoopbackHostname(h), false, h);
  });
  test('bearer token comparison', () => {
    assert.equal(bearerMatches('Bearer abc', 'abc'), true);
    assert.equal(bearerMatches('bearer abc', 'abc'), true);
    assert.equal(bearerMatches('Bearer abcd', 'abc'), false);
    assert.equal(bearerMatches('Bearer ab', 'abc'), false);
    assert.equal(bearerMatches(undefined, 'abc'), false);
    assert.equal(bearerMatches('abc', 'abc'), false);
    assert.equal(bearerMatches('Basic abc', 'abc'), false);
  });
});

describe('CLI', () => {
  /** Runs the CLI until it prints its URL; resolves with that URL, what it printed so far and a stop(). */
  async function runCli(args, env = {}) {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [new URL('../../dist/emulator/cli.js', import.meta.url).pathname, '--port', '0', ...args], {
      env: { ...process.env, ...env, PORT: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const url = await new Promise((resolve, reject) => {
      child.stdout.on('data', (c) => {
        stdout += c;
        const m = /listening on (https:\/\/localhost:\d+)/.exec(stdout);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`cli exited ${code}: ${stderr}`)));
    });
    await new Promise((r) => setTimeout(r, 100));
    return {
      url: url.replace('localhost', '127.0.0.1'),
      output: () => stdout + stderr,
      stderr: () => stderr,
      stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))),
    };
  }

  test('--control-token and EMULATOR_CONTROL_TOKEN guard the control API; the token is never printed', async () => {
    for (const [args, env] of [
      [['--control-token', 'cli-token-123'], {}],
      [[], { EMULATOR_CONTROL_TOKEN: 'cli-token-123' }],
    ]) {
      const cli = await runCli(args, env);
      try {
        assert.equal((await request(cli.url, 'GET', '/emulator/status')).status, 401);
        assert.equal((await request(cli.url, 'GET', '/emulator/status', undefined, { authorization: 'Bearer cli-token-123' })).status, 200);
        assert.ok(!cli.output().includes('cli-token-123'), cli.output());
        assert.doesNotMatch(cli.stderr(), /WARNING/, 'no warning on loopback');
      } finally {
        await cli.stop();
      }
    }
  });

  test('--host 0.0.0.0 prints one loud warning on stderr', async () => {
    const cli = await runCli(['--host', '0.0.0.0']);
    try {
      const warnings = cli.stderr().match(/WARNING/g) ?? [];
      assert.equal(warnings.length, 1, cli.stderr());
      assert.match(cli.stderr(), /non-loopback address/);
      assert.match(cli.stderr(), /development and\s+tests only/);
      assert.match(cli.stderr(), /Never expose it/);
    } finally {
      await cli.stop();
    }
  });

  test('--allowed-origin and --webhook-host reach the options; a refused application URL exits 2', async () => {
    const cli = await runCli(['--allowed-origin', 'https://app.example.test', '--webhook-host', 'hooks.example.test']);
    try {
      assert.equal((await request(cli.url, 'GET', '/emulator/status', undefined, { origin: 'https://app.example.test' })).status, 200);
      assert.equal((await request(cli.url, 'GET', '/emulator/status', undefined, { origin: 'http://localhost:1' })).status, 403);
      const r = await request(cli.url, 'POST', '/emulator/applications', { sid: 'AP' + 'ab'.repeat(16), voiceUrl: 'https://hooks.example.test/voice' });
      assert.equal(r.status, 201, r.text);
    } finally {
      await cli.stop();
    }
    const { spawnSync } = await import('node:child_process');
    const bad = spawnSync(
      process.execPath,
      [new URL('../../dist/emulator/cli.js', import.meta.url).pathname, '--port', '0', '--application', `AP${'ab'.repeat(16)}=http://169.254.169.254/`],
      { encoding: 'utf8', timeout: 10000 },
    );
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /link-local/);
  });
});

describe('conference routes', () => {
  test(
    'foreign origins cannot list conferences, read a leg audio or place an inbound call',
    withEmulator({}, async ({ emu }) => {
      await request(emu.url, 'POST', '/emulator/numbers', { phoneNumber: '+15017122661', voiceUrl: 'http://127.0.0.1:9/voice' });
      for (const [method, path, body] of [
        ['GET', '/emulator/conferences'],
        ['GET', `/emulator/calls/CA${'0'.repeat(32)}/audio?freqs=600`],
        ['POST', '/emulator/inbound', { to: '+15017122661' }],
      ]) {
        const r = await request(emu.url, method, path, body, { origin: EVIL });
        assertEnvelope(r, 403, 20403);
        assertNoWildcard(r);
      }
      assert.deepEqual(emu.calls(), [], 'no inbound call was placed');
    }),
  );

  test(
    'bad call SIDs and frequencies on /audio: 404 or 400 in the envelope, never a crash',
    withEmulator({}, async ({ emu }) => {
      for (const path of [
        '/emulator/calls/CA../audio?freqs=600',
        `/emulator/calls/CA${'g'.repeat(32)}/audio?freqs=600`,
        `/emulator/calls/${encodeURIComponent('CA' + '0'.repeat(31) + '/')}/audio?freqs=600`,
        `/emulator/calls/CA${'0'.repeat(3200)}/audio?freqs=600`,
      ]) {
        const r = await request(emu.url, 'GET', path);
        assertEnvelope(r, 404, 20404);
      }
      const unknown = await request(emu.url, 'GET', `/emulator/calls/CA${'0'.repeat(32)}/audio?freqs=600`);
      assertEnvelope(unknown, 404, 20404);
      for (const freqs of ['', 'x', '1e9', '0', '-600', '600.5', '49', '4001', Array(9).fill('600').join(','), '600,,700,' + 'a'.repeat(5000)]) {
        const r = await request(emu.url, 'GET', `/emulator/calls/CA${'0'.repeat(32)}/audio?freqs=${encodeURIComponent(freqs)}`);
        assertEnvelope(r, 400, 400);
        assert.ok(r.json.message.length < 200, 'the refusal does not echo the input back whole');
      }
    }),
  );

  test(
    'POST /emulator/inbound: malformed bodies are 400, unknown numbers 404, nothing is placed',
    withEmulator({}, async ({ emu }) => {
      for (const body of [
        {},
        { to: 42 },
        { to: ['+15017122661'] },
        { to: '+15017122661', from: { toString: 'x' } },
        { to: '+15017122661', party: 'p'.repeat(1000) },
        '{"to": "+15017122661", "__proto__": {"party": "billing"}, "party": "constructor"}',
        { to: '+15017122661', party: 'tone:99999' },
        { to: '+15017122661', party: '__proto__' },
      ]) {
        const r = await request(emu.url, 'POST', '/emulator/inbound', body);
        assert.ok([400, 404].includes(r.status), `${JSON.stringify(body)}: ${r.text}`);
        assertEnvelope(r, r.status);
      }
      const unknown = await request(emu.url, 'POST', '/emulator/inbound', { to: '+15550000000' });
      assertEnvelope(unknown, 404, 20404);
      assert.deepEqual(emu.calls(), []);
      const get = await request(emu.url, 'GET', '/emulator/inbound');
      assertEnvelope(get, 405, 405);
    }),
  );
});
