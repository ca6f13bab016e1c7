// Emulator signaling + call signaling, over real TLS WebSockets.
// Run: npm run build:node && node --test test/node/emulator.signaling.test.mjs
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import twilio from 'twilio';
import { startEmulator, createEmulator, generateLocalhostCertificate, DEFAULT_ACCOUNT } from '../../dist/emulator/index.js';
import { ACCOUNT, KEY, Client, b64, basePayload, craft, fakeMedia, mint, poll, request, sleep, withEmulator } from '../support/emulator-harness.mjs';

const { AccessToken } = twilio.jwt;

async function expectAuthFailure(c, code) {
  const err = await c.next('error');
  assert.equal(err.payload.error.code, code, `expected ${code}, got ${JSON.stringify(err.payload)}`);
  assert.equal(typeof err.payload.error.message, 'string');
  await c.next('close');
  const closeCode = await c.closed;
  assert.equal(closeCode, 1000);
  // the close frame came right after the error frame, and nothing else in between
  const types = c.types();
  assert.deepEqual(types.slice(types.indexOf('error')), ['error', 'close']);
  return err;
}

// ---- tests ---------------------------------------------------------------------------

describe('listen / register', () => {
  test(
    'good token: connected (identity, ttl) → register → ready → unregister → offline',
    withEmulator({}, async ({ emu, connect }) => {
      const c = await connect();
      c.send('listen', { token: mint({ identity: 'alice', ttl: 600 }), browserinfo: {}, reconnectTimeout: 0 });
      const connected = await c.next('connected');
      assert.equal(connected.version, '1.6');
      assert.equal(connected.payload.region, 'US_EAST_VIRGINIA');
      assert.equal(connected.payload.edge, 'ashburn');
      assert.equal(connected.payload.home, 'us1');
      assert.equal(connected.payload.token.identity, 'alice');
      assert.ok(connected.payload.token.ttl >= 598 && connected.payload.token.ttl <= 600, `ttl ${connected.payload.token.ttl}`);
      assert.equal(emu.openSockets(), 1);
      assert.deepEqual(emu.registeredIdentities(), []);

      c.send('register', { media: { audio: true } });
      const ready = await c.next('ready');
      assert.deepEqual(ready.payload, {});
      assert.deepEqual(emu.registeredIdentities(), ['alice']);

      c.send('register', { media: { audio: false } });
      await c.next('offline');
      assert.deepEqual(emu.registeredIdentities(), []);
    }),
  );

  test(
    're-sent listen on an open socket (updateToken) answers connected again',
    withEmulator({}, async ({ connect }) => {
      const c = await connect();
      c.send('listen', { token: mint({ ttl: 60 }) });
      const first = await c.next('connected');
      assert.ok(first.payload.token.ttl <= 60);
      c.send('register', { media: { audio: true } });
      await c.next('ready');
      c.send('listen', { token: mint({ ttl: 7200 }) });
      const second = await c.next('connected');
      assert.ok(second.payload.token.ttl > 7000);
      // and a bad token on re-listen closes the socket
      c.send('listen', { token: mint({ secret: 'nope' }) });
      await expectAuthFailure(c, 31202);
    }),
  );

  test(
    'heartbeat: raw "\\n" every heartbeatMs',
    withEmulator({ heartbeatMs: 40 }, async ({ connect }) => {
      const c = await connect();
      await c.until(() => (c.heartbeats ?? 0) >= 3, '3 heartbeats', 2000);
      assert.ok(c.raw.filter((r) => r === '\n').length >= 3);
    }),
  );

  test(
    'register after the token expired → 31205 + close',
    withEmulator({}, async ({ connect }) => {
      const c = await connect();
      const now = Math.floor(Date.now() / 1000);
      c.send('listen', { token: craft(basePayload({ iat: now, exp: now + 1 })) });
      await c.next('connected');
      await sleep(1100 - (Date.now() % 1000) + 100);
      c.send('register', { media: { audio: true } });
      await expectAuthFailure(c, 31205);
    }),
  );

  test(
    'invite after the token expired → hangup 31205 for the temporary call id',
    withEmulator({}, async ({ emu, connect }) => {
      const c = await connect();
      const now = Math.floor(Date.now() / 1000);
      c.send('listen', { token: craft(basePayload({ iat: now, exp: now + 1 })) });
      await c.next('connected');
      await sleep(1100 - (Date.now() % 1000) + 100);
      c.send('invite', { callsid: 'TJSlate', sdp: 'v=0\r\n', twilio: { params: 'To=echo' } });
      const hangup = await c.next('hangup');
      assert.deepEqual(hangup.payload, { callsid: 'TJSlate', error: { code: 31205, message: 'JWT token expired' } });
      assert.deepEqual(emu.calls(), []);
    }),
  );

  test(
    'a client that closes its socket is no longer registered',
    withEmulator({}, async ({ emu, registered }) => {
      const c = await registered('carol');
      assert.deepEqual(emu.registeredIdentities(), ['carol']);
      c.ws.close();
      await c.closed;
      await poll(() => emu.openSockets() === 0, 'socket gone');
      assert.deepEqual(emu.registeredIdentities(), []);
      assert.equal(emu.openSockets(), 0);
    }),
  );
});

describe('invalid tokens: error code, then close frame, then the socket closes', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const cases = [
    ['wrong secret', () => mint({ secret: 'not-the-secret' }), 31202],
    ['unknown account', () => mint({ accountSid: 'AC' + '12'.repeat(16) }), 31203],
    ['unknown API key', () => mint({ keySid: 'SK' + '34'.repeat(16) }), 31202],
    ['expired', () => craft(basePayload({ iat: now() - 7200, exp: now() - 3600 })), 31205],
    ['alg none', () => craft(basePayload(), { alg: 'none', sign: false }), 31204],
    ['alg none with a signature', () => craft(basePayload(), { alg: 'none' }), 31204],
    ['HS512', () => new AccessToken(ACCOUNT, KEY.sid, KEY.secret, { identity: 'alice' }).toJwt('HS512'), 31204],
    [
      'tampered payload',
      () => {
        const [h, , s] = mint({ identity: 'alice' }).split('.');
        return `${h}.${b64(basePayload({ grants: { identity: 'mallory', voice: {} } }))}.${s}`;
      },
      31202,
    ],
    ['no voice grant', () => mint({ voice: false }), 31204],
    ['garbage string', () => 'this-is-not-a-jwt', 31204],
    ['three garbage parts', () => 'a.b.c', 31204],
    ['missing token', () => undefined, 31102],
    ['empty token', () => '', 31102],
    ['lifetime over 24 h', () => craft(basePayload({ iat: now(), exp: now() + 25 * 3600 })), 31207],
    ['nbf in the future', () => craft(basePayload({ nbf: now() + 600 })), 31204],
  ];
  for (const [name, token, code] of cases) {
    test(
      `${name} → ${code}`,
      withEmulator({}, async ({ emu, connect }) => {
        const c = await connect();
        const t = token();
        c.send('listen', t === undefined ? { browserinfo: {} } : { token: t });
        await expectAuthFailure(c, code);
        assert.deepEqual(emu.registeredIdentities(), []);
      }),
    );
  }

  test(
    'register after a failed listen gets no ready',
    withEmulator({}, async ({ connect }) => {
      const c = await connect();
      c.send('listen', { token: 'garbage' });
      c.send('register', { media: { audio: true } });
      await expectAuthFailure(c, 31204);
      assert.ok(!c.types().includes('ready'));
    }),
  );
});

describe('fault switches', () => {
  test(
    'closeWithoutCloseFrame: error frame, then the socket dies without close frame',
    withEmulator({ faults: { closeWithoutCloseFrame: true } }, async ({ connect }) => {
      const c = await connect();
      c.send('listen', { token: mint({ secret: 'wrong' }) });
      const err = await c.next('error');
      assert.equal(err.payload.error.code, 31202);
      assert.equal(await c.closed, 1006);
      assert.ok(!c.types().includes('close'));
    }),
  );

  test(
    'dropOnListen: no reply, socket terminated',
    withEmulator({ faults: { dropOnListen: true } }, async ({ connect }) => {
      const c = await connect();
      c.send('listen', { token: mint() });
      assert.equal(await c.closed, 1006);
      assert.deepEqual(c.types(), []);
    }),
  );

  test(
    'neverAnswerRegister: connected, then silence',
    withEmulator({ faults: { neverAnswerRegister: true } }, async ({ emu, connect }) => {
      const c = await connect();
      c.send('listen', { token: mint() });
      await c.next('connected');
      c.send('register', { media: { audio: true } });
      await sleep(300);
      assert.deepEqual(c.types(), ['connected']);
      emu.setFaults({ neverAnswerRegister: false });
      c.send('register', { media: { audio: true } });
      await c.next('ready');
    }),
  );

  test(
    'dropAfterMs: sockets are terminated N ms after they open',
    withEmulator({ faults: { dropAfterMs: 150 } }, async ({ connect }) => {
      const t0 = Date.now();
      const c = await connect();
      c.send('listen', { token: mint() });
      await c.next('connected');
      assert.equal(await c.closed, 1006);
      const elapsed = Date.now() - t0;
      assert.ok(elapsed >= 140 && elapsed < 2000, `dropped after ${elapsed} ms`);
    }),
  );

  test(
    'delayMs: every reply is delayed, order kept',
    withEmulator({ faults: { delayMs: 200 } }, async ({ connect }) => {
      const c = await connect();
      const t0 = Date.now();
      c.send('listen', { token: mint() });
      c.send('register', { media: { audio: true } });
      await c.next('connected');
      const t1 = Date.now();
      await c.next('ready');
      const t2 = Date.now();
      assert.ok(t1 - t0 >= 190, `connected after ${t1 - t0} ms`);
      assert.ok(t2 - t0 >= 390, `ready after ${t2 - t0} ms`);
      assert.deepEqual(c.types(), ['connected', 'ready']);
    }),
  );

  test(
    'refuseConnections: the upgrade gets HTTP 503',
    withEmulator({ faults: { refuseConnections: true } }, async ({ emu, open }) => {
      const c = open();
      await assert.rejects(c.opened, (e) => e.statusCode === 503);
      emu.setFaults({ refuseConnections: false });
      const d = open();
      await d.opened;
    }),
  );

  test(
    'upgradeDelayMs: the upgrade is answered that late; a client that gave up costs nothing',
    withEmulator({ faults: { upgradeDelayMs: 300 } }, async ({ emu, open }) => {
      const t0 = Date.now();
      const c = open();
      await c.opened;
      const elapsed = Date.now() - t0;
      assert.ok(elapsed >= 290, `opened after ${elapsed} ms`);
      // Gone before its answer: no session is ever made for it.
      const gone = open();
      await sleep(50);
      gone.ws.terminate();
      await sleep(400);
      assert.equal(emu.openSockets(), 1);
      emu.setFaults({ upgradeDelayMs: 0 });
      const t1 = Date.now();
      await open().opened;
      assert.ok(Date.now() - t1 < 250, 'answered at once when off');
    }),
  );

  test(
    'stopHeartbeats: no "\\n" while on',
    withEmulator({ heartbeatMs: 30, faults: { stopHeartbeats: true } }, async ({ emu, connect }) => {
      const c = await connect();
      await sleep(200);
      assert.equal(c.heartbeats ?? 0, 0);
      emu.setFaults({ stopHeartbeats: false });
      await c.until(() => (c.heartbeats ?? 0) >= 1, 'a heartbeat', 1000);
    }),
  );

  test(
    'errorOnListen: the given error (with retryAfter) instead of connected, then close',
    withEmulator({ faults: { errorOnListen: { code: 31206, message: 'Rate exceeded', retryAfter: 7 } } }, async ({ connect }) => {
      const c = await connect();
      c.send('listen', { token: mint() });
      const err = await expectAuthFailure(c, 31206);
      assert.deepEqual(err.payload.error, { code: 31206, message: 'Rate exceeded', retryAfter: 7 });
      assert.ok(!c.types().includes('connected'));
    }),
  );

  test(
    'garbageFrames: junk before each reply, real frames still arrive',
    withEmulator({ faults: { garbageFrames: true, malformedFrames: true } }, async ({ connect }) => {
      const c = await connect();
      c.send('listen', { token: mint() });
      await c.next('connected');
      const iConnected = c.raw.findIndex((r) => r.includes('"connected"') && r.includes('"token"'));
      const junk = c.raw.slice(0, iConnected).filter((r) => {
        try {
          const f = JSON.parse(r);
          return !(f && typeof f.type === 'string' && f.payload && ['connected', 'ready'].includes(f.type));
        } catch {
          return true;
        }
      });
      assert.ok(junk.length >= 2, `junk frames: ${junk.length}`);
      assert.ok(
        junk.some((r) => {
          try {
            JSON.parse(r);
            return false;
          } catch {
            return true;
          }
        }),
        'at least one non-JSON frame',
      );
      c.send('register', { media: { audio: true } });
      await c.next('ready');
    }),
  );

  test(
    'dropAllSockets: every socket terminated without close frame',
    withEmulator({}, async ({ emu, registered }) => {
      const a = await registered('alice');
      const b = await registered('bob');
      assert.equal(emu.openSockets(), 2);
      emu.dropAllSockets();
      assert.equal(await a.closed, 1006);
      assert.equal(await b.closed, 1006);
      assert.equal(emu.openSockets(), 0);
      assert.deepEqual(emu.registeredIdentities(), []);
    }),
  );
});

describe('control API', () => {
  test(
    'status, faults, drop, CORS, errors as JSON',
    withEmulator({}, async ({ emu, registered }) => {
      await registered('alice');
      let r = await request(emu.url, 'GET', '/emulator/status');
      assert.equal(r.status, 200);
      assert.equal(r.headers['access-control-allow-origin'], undefined, 'no CORS header without an Origin (never *)');
      assert.deepEqual(r.json.registeredIdentities, ['alice']);
      assert.equal(r.json.openSockets, 1);
      assert.deepEqual(r.json.calls, []);

      r = await request(emu.url, 'OPTIONS', '/emulator/faults', undefined, { origin: 'http://localhost:9999', 'access-control-request-method': 'POST' });
      assert.equal(r.status, 204);
      assert.equal(r.headers['access-control-allow-origin'], 'http://localhost:9999', 'a loopback origin is echoed');
      assert.match(r.headers['access-control-allow-headers'], /content-type/);

      r = await request(emu.url, 'POST', '/emulator/faults', { delayMs: 10, errorOnListen: { code: 31005, message: 'boom' } });
      assert.equal(r.status, 200);
      assert.equal(r.json.delayMs, 10);
      assert.equal(emu.faults.delayMs, 10);
      assert.deepEqual(emu.faults.errorOnListen, { code: 31005, message: 'boom' });

      r = await request(emu.url, 'POST', '/emulator/faults', { noSuchFault: true });
      assert.equal(r.status, 400);
      assert.equal(typeof r.json.code, 'number');
      assert.match(r.json.message, /noSuchFault/);

      r = await request(emu.url, 'POST', '/emulator/faults', '{not json');
      assert.equal(r.status, 400);
      assert.equal(typeof r.json.message, 'string');

      r = await request(emu.url, 'POST', '/emulator/faults/reset');
      assert.equal(r.status, 200);
      assert.equal(r.json.delayMs, 0);
      assert.equal(r.json.errorOnListen, null);

      r = await request(emu.url, 'POST', '/emulator/drop');
      assert.equal(r.status, 200);
      assert.equal(r.json.dropped, 1);
      assert.equal(emu.openSockets(), 0);

      r = await request(emu.url, 'POST', '/emulator/calls', { to: 'nobody' });
      assert.equal(r.status, 404);
      assert.equal(r.json.code, 20404);
      assert.match(r.json.message, /nobody/);

      r = await request(emu.url, 'POST', '/emulator/calls', {});
      assert.equal(r.status, 400);

      r = await request(emu.url, 'POST', '/emulator/calls/CA0000/hangup');
      assert.equal(r.status, 404);
      assert.equal(r.json.code, 20404);

      r = await request(emu.url, 'GET', '/emulator/nope');
      assert.equal(r.status, 404);
      assert.equal(typeof r.json.message, 'string');

      r = await request(emu.url, 'GET', '/emulator/calls');
      assert.deepEqual(r.json, { calls: [] });
    }),
  );

  test(
    'faults via POST take effect on the signaling socket',
    withEmulator({}, async ({ emu, connect }) => {
      const r = await request(emu.url, 'POST', '/emulator/faults', { refuseConnections: true });
      assert.equal(r.status, 200);
      const c = new Client(`wss://127.0.0.1:${emu.port}/signal`);
      await assert.rejects(c.opened, (e) => e.statusCode === 503);
      await request(emu.url, 'POST', '/emulator/faults', { refuseConnections: false });
      const d = await connect();
      d.send('listen', { token: mint() });
      await d.next('connected');
    }),
  );

  test(
    'REST API is mounted (Accounts fetch with Basic auth)',
    withEmulator({}, async ({ emu }) => {
      const auth = 'Basic ' + Buffer.from(`${ACCOUNT}:${DEFAULT_ACCOUNT.authToken}`).toString('base64');
      let r = await request(emu.url, 'GET', `/2010-04-01/Accounts/${ACCOUNT}.json`, undefined, { authorization: auth });
      assert.equal(r.status, 200);
      assert.equal(r.json.sid, ACCOUNT);
      r = await request(emu.url, 'GET', '/not-a-route');
      assert.equal(r.status, 404);
    }),
  );

  test('createEmulator mounts on another (plain HTTP) server', async () => {
    const emu = createEmulator({ heartbeatMs: 60_000 });
    const server = http.createServer((req, res) => {
      if (!emu.handleRequest(req, res)) {
        res.writeHead(404);
        res.end();
      }
    });
    server.on('upgrade', (req, socket, head) => {
      if (!emu.handleUpgrade(req, socket, head)) socket.destroy();
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const port = server.address().port;
    try {
      const r = await request(`http://127.0.0.1:${port}`, 'GET', '/emulator/status');
      assert.equal(r.status, 200);
      const c = new Client(`ws://127.0.0.1:${port}/signal`);
      await c.opened;
      c.send('listen', { token: mint() });
      await c.next('connected');
      const other = new Client(`ws://127.0.0.1:${port}/other`);
      await assert.rejects(other.opened);
      c.close();
    } finally {
      await emu.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('calls', () => {
  const OFFER = 'v=0\r\no=browser-offer\r\n';

  test(
    'echo: ringing (CA sid) then answer with the media leg SDP; dtmf recorded; hangup closes the leg',
    withEmulator({}, async ({ emu, registered, media }) => {
      const c = await registered('alice');
      c.send('invite', { callsid: 'TJSabc-123', sdp: OFFER, twilio: { params: 'To=echo&Foo=bar%20baz' } });
      const ringing = await c.next('ringing');
      assert.match(ringing.payload.callsid, /^CA[0-9a-f]{32}$/);
      const answer = await c.next('answer');
      assert.equal(answer.payload.callsid, ringing.payload.callsid);
      assert.match(answer.payload.sdp, /fake-answer/);
      assert.equal(media.legs.length, 1);
      assert.equal(media.legs[0].mode, 'echo');
      assert.deepEqual(media.legs[0].remote, [OFFER]);

      const sid = ringing.payload.callsid;
      let info = emu.calls().find((x) => x.callSid === sid);
      assert.equal(info.state, 'in-progress');
      assert.equal(info.direction, 'outgoing');
      assert.equal(info.from, 'client:alice');
      assert.equal(info.to, 'echo');
      assert.equal(info.params.Foo, 'bar baz');
      assert.ok(info.media);

      c.send('dtmf', { callsid: sid, dtmf: '12#' });
      await poll(() => emu.calls()[0].dtmf === '12#', 'dtmf frame recorded');
      media.legs[0].dtmfListeners.forEach((l) => l('9'));
      assert.equal(emu.calls().find((x) => x.callSid === sid).dtmf, '12#9');

      c.send('hangup', { callsid: sid });
      await poll(() => media.legs[0].closed, 'leg closed');
      info = emu.calls().find((x) => x.callSid === sid);
      assert.equal(info.state, 'completed');
      assert.ok(media.legs[0].closed);

      const r = await request(emu.url, 'GET', '/emulator/calls');
      assert.equal(r.json.calls[0].callSid, sid);
    }),
  );

  test(
    'tone and +E.164 use a tone leg',
    withEmulator({}, async ({ registered, media }) => {
      const c = await registered('alice');
      c.send('invite', { callsid: 'TJS1', sdp: OFFER, twilio: { params: 'To=tone' } });
      await c.next('answer');
      c.send('invite', { callsid: 'TJS2', sdp: OFFER, twilio: { params: 'To=%2B15551234567' } });
      await c.next('answer');
      assert.deepEqual(
        media.legs.map((l) => l.mode),
        ['tone', 'tone'],
      );
    }),
  );

  test(
    'hangup before the answer by temporary TJS id ends the call',
    withEmulator({ faults: {} }, async ({ emu, registered }) => {
      const c = await registered('alice');
      c.send('invite', { callsid: 'TJSearly', sdp: OFFER, twilio: { params: 'To=no-answer' } });
      await c.next('ringing');
      c.send('hangup', { callsid: 'TJSearly' });
      await poll(() => emu.calls()[0].state !== 'ringing', 'call ended');
      assert.equal(emu.calls()[0].state, 'canceled');
    }),
  );

  test(
    'busy: ringing then hangup 31486',
    withEmulator({}, async ({ emu, registered }) => {
      const c = await registered('alice');
      c.send('invite', { callsid: 'TJSb', sdp: OFFER, twilio: { params: 'To=busy' } });
      const ringing = await c.next('ringing');
      const hangup = await c.next('hangup');
      assert.equal(hangup.payload.callsid, ringing.payload.callsid);
      assert.deepEqual(hangup.payload.error, { code: 31486, message: 'Busy Here' });
      assert.equal(emu.calls()[0].state, 'busy');
    }),
  );

  test(
    'no-answer: ringing, then hangup 31480 after noAnswerMs',
    withEmulator({ noAnswerMs: 150 }, async ({ emu, registered }) => {
      const c = await registered('alice');
      const t0 = Date.now();
      c.send('invite', { callsid: 'TJSn', sdp: OFFER, twilio: { params: 'To=no-answer' } });
      await c.next('ringing');
      const hangup = await c.next('hangup');
      assert.ok(Date.now() - t0 >= 140);
      assert.deepEqual(hangup.payload.error, { code: 31480, message: 'Temporarily Unavailable' });
      assert.equal(emu.calls()[0].state, 'no-answer');
    }),
  );

  test(
    'unregistered client → hangup 31404',
    withEmulator({}, async ({ registered }) => {
      const c = await registered('alice');
      c.send('invite', { callsid: 'TJSu', sdp: OFFER, twilio: { params: 'To=client%3Aghost' } });
      await c.next('ringing');
      const hangup = await c.next('hangup');
      assert.equal(hangup.payload.error.code, 31404);
    }),
  );

  test(
    'malformed invite → error 31400',
    withEmulator({}, async ({ registered }) => {
      const c = await registered('alice');
      c.send('invite', { callsid: 'TJSm', twilio: {} });
      const err = await c.next('error');
      assert.equal(err.payload.error.code, 31400);
    }),
  );

  test(
    'ring() via the control API: invite with parameters, then cancel',
    withEmulator({}, async ({ emu, registered, media }) => {
      const bob = await registered('bob');
      const r = await request(emu.url, 'POST', '/emulator/calls', { to: 'client:bob', from: '+15550001111', params: { ticket: '42', who: 'a b' } });
      assert.equal(r.status, 201);
      const sid = r.json.callSid;
      assert.match(sid, /^CA[0-9a-f]{32}$/);
      assert.equal(r.json.state, 'ringing');
      assert.equal(r.json.direction, 'incoming');
      const invite = await bob.next('invite');
      assert.equal(invite.payload.callsid, sid);
      assert.match(invite.payload.sdp, /fake-offer/);
      assert.deepEqual(invite.payload.parameters, {
        CallSid: sid,
        AccountSid: ACCOUNT,
        From: '+15550001111',
        To: 'client:bob',
        ApiVersion: '2010-04-01',
        Params: 'ticket=42&who=a+b',
      });
      const c = await request(emu.url, 'POST', `/emulator/calls/${sid}/cancel`);
      assert.equal(c.status, 200);
      assert.equal(c.json.state, 'canceled');
      const cancel = await bob.next('cancel');
      assert.deepEqual(cancel.payload, { callsid: sid });
      await poll(() => media.legs[0].closed, 'leg closed');
      assert.ok(media.legs[0].closed);
      // cancel again → 409 JSON
      const again = await request(emu.url, 'POST', `/emulator/calls/${sid}/cancel`);
      assert.equal(again.status, 409);
      assert.equal(typeof again.json.message, 'string');
    }),
  );

  test(
    'ring(): answer applies the SDP to the leg; hangup() from the far end',
    withEmulator({}, async ({ emu, registered, media }) => {
      const bob = await registered('bob');
      const info = await emu.ring({ to: 'bob' });
      const invite = await bob.next('invite');
      assert.equal(invite.payload.parameters.From, '+15005550006');
      bob.send('answer', { callsid: info.callSid, sdp: 'v=0\r\no=bob-answer\r\n' });
      await poll(() => media.legs[0].remote.length === 1, 'answer applied');
      assert.deepEqual(media.legs[0].remote, ['v=0\r\no=bob-answer\r\n']);
      assert.equal(emu.calls()[0].state, 'in-progress');
      emu.hangup(info.callSid);
      const hangup = await bob.next('hangup');
      assert.deepEqual(hangup.payload, { callsid: info.callSid });
      assert.equal(emu.calls()[0].state, 'completed');
      await assert.rejects(emu.ring({ to: 'nobody' }), (e) => e.status === 404);
    }),
  );

  test(
    'ring() and reject',
    withEmulator({}, async ({ emu, registered }) => {
      const bob = await registered('bob');
      const info = await emu.ring({ to: 'bob' });
      await bob.next('invite');
      bob.send('reject', { callsid: info.callSid });
      await poll(() => emu.calls()[0].state !== 'ringing', 'call ended');
      assert.equal(emu.calls()[0].state, 'rejected');
    }),
  );

  test(
    'client to client: ring, answer, bridge, hang up',
    withEmulator({}, async ({ emu, registered, media }) => {
      const alice = await registered('alice');
      const bob = await registered('bob');
      alice.send('invite', { callsid: 'TJSc2c', sdp: OFFER, twilio: { params: 'To=client%3Abob&Topic=hi' } });
      const ringing = await alice.next('ringing');
      const invite = await bob.next('invite');
      assert.equal(invite.payload.parameters.From, 'client:alice');
      assert.equal(invite.payload.parameters.To, 'client:bob');
      assert.equal(invite.payload.parameters.Params, 'Topic=hi');
      assert.notEqual(invite.payload.callsid, ringing.payload.callsid);
      assert.ok(!alice.types().includes('answer'));

      bob.send('answer', { callsid: invite.payload.callsid, sdp: 'v=0\r\no=bob\r\n' });
      const answer = await alice.next('answer');
      assert.equal(answer.payload.callsid, ringing.payload.callsid);
      assert.match(answer.payload.sdp, /fake-answer/);
      const [aliceLeg, bobLeg] = media.legs;
      assert.equal(aliceLeg.bridgedTo, bobLeg);
      assert.equal(bobLeg.bridgedTo, aliceLeg);
      const calls = emu.calls();
      assert.equal(calls.length, 2);
      assert.ok(calls.every((c) => c.state === 'in-progress'));
      assert.equal(calls.find((c) => c.direction === 'incoming').parentCallSid, ringing.payload.callsid);

      bob.send('hangup', { callsid: invite.payload.callsid });
      const hangup = await alice.next('hangup');
      assert.deepEqual(hangup.payload, { callsid: ringing.payload.callsid });
      await poll(() => aliceLeg.closed && bobLeg.closed, 'legs closed');
      assert.ok(emu.calls().every((c) => c.state === 'completed'));
      assert.ok(aliceLeg.closed && bobLeg.closed);
    }),
  );

  test(
    'client to client: callee rejects → caller gets 31486',
    withEmulator({}, async ({ emu, registered }) => {
      const alice = await registered('alice');
      const bob = await registered('bob');
      alice.send('invite', { callsid: 'TJSr', sdp: OFFER, twilio: { params: 'To=bob' } });
      const invite = await bob.next('invite');
      bob.send('reject', { callsid: invite.payload.callsid });
      const hangup = await alice.next('hangup');
      assert.equal(hangup.payload.error.code, 31486);
      const states = emu
        .calls()
        .map((c) => `${c.direction}:${c.state}`)
        .sort();
      assert.deepEqual(states, ['incoming:rejected', 'outgoing:busy']);
    }),
  );

  test(
    'client to client: caller hangs up while ringing → callee gets cancel',
    withEmulator({}, async ({ registered }) => {
      const alice = await registered('alice');
      const bob = await registered('bob');
      alice.send('invite', { callsid: 'TJSx', sdp: OFFER, twilio: { params: 'To=client%3Abob' } });
      const ringing = await alice.next('ringing');
      const invite = await bob.next('invite');
      alice.send('hangup', { callsid: ringing.payload.callsid });
      const cancel = await bob.next('cancel');
      assert.equal(cancel.payload.callsid, invite.payload.callsid);
    }),
  );

  test(
    'a socket that dies keeps an answered call for reconnectGraceMs, then ends it and closes its leg',
    withEmulator({ reconnectGraceMs: 300 }, async ({ emu, registered, media }) => {
      const alice = await registered('alice');
      alice.send('invite', { callsid: 'TJSd', sdp: OFFER, twilio: { params: 'To=echo' } });
      const answer = await alice.next('answer');
      assert.match(answer.payload.reconnect, /^RT[0-9a-f]{32}$/);
      alice.close();
      await alice.closed;
      await sleep(100);
      assert.equal(emu.calls()[0].state, 'in-progress');
      await poll(() => media.legs[0].closed, 'leg closed');
      assert.equal(emu.calls()[0].state, 'completed');
    }),
  );

  test(
    'a socket closed with a close frame ends its calls at once',
    withEmulator({}, async ({ emu, registered, media }) => {
      const alice = await registered('alice');
      alice.send('invite', { callsid: 'TJSe', sdp: OFFER, twilio: { params: 'To=echo' } });
      await alice.next('answer');
      alice.ws.close(1000);
      await alice.closed;
      await poll(() => media.legs[0].closed, 'leg closed');
      assert.equal(emu.calls()[0].state, 'completed');
    }),
  );

  test(
    'signaling reconnection: invite{reconnect} on a new socket answers and keeps the call; a wrong token gets 31209',
    withEmulator({}, async ({ emu, registered, media }) => {
      const alice = await registered('alice');
      alice.send('invite', { callsid: 'TJSr', sdp: OFFER, twilio: { params: 'To=echo' } });
      const answer = await alice.next('answer');
      const { callsid, reconnect } = answer.payload;
      alice.close();
      await alice.closed;
      const again = await registered('alice');
      again.send('invite', { callsid, sdp: OFFER, reconnect: 'RTnope' });
      const refused = await again.next('hangup');
      assert.equal(refused.payload.error.code, 31209);
      again.send('invite', { callsid, sdp: OFFER, reconnect });
      const reanswer = await again.next('answer');
      assert.equal(reanswer.payload.callsid, callsid);
      assert.equal(emu.calls()[0].state, 'in-progress');
      assert.equal(media.legs[0].closed, false);
      // Another identity cannot take the call over.
      const mallory = await registered('mallory');
      mallory.send('invite', { callsid, sdp: OFFER, reconnect });
      assert.equal((await mallory.next('hangup')).payload.error.code, 31209);
      // The call now lives on the new socket: hangup from there ends it.
      again.send('hangup', { callsid });
      await poll(() => media.legs[0].closed, 'leg closed');
      assert.equal(emu.calls()[0].state, 'completed');
    }),
  );

  test('close() ends every call and closes every leg', async () => {
    const media = fakeMedia();
    const emu = await startEmulator({ certificate: await generateLocalhostCertificate(), mediaFactory: media.factory });
    const c = new Client(`wss://127.0.0.1:${emu.port}/signal`);
    await c.opened;
    c.send('listen', { token: mint() });
    await c.next('connected');
    c.send('invite', { callsid: 'TJSz', sdp: OFFER, twilio: { params: 'To=echo' } });
    await c.next('answer');
    await emu.stop();
    assert.equal(await c.closed, 1006);
    assert.ok(media.legs.every((l) => l.closed));
    assert.equal(emu.openSockets(), 0);
  });
});
