// Finding 3 of the security review: ten junk code checks for identity=victim from other
// addresses gave the victim's correct code 429 for 10 minutes; behind a reverse proxy every
// user shared the proxy's address as client key. Now the identity is the session's, so only
// the victim's own sessions count against the victim; other clients spend their own limit;
// behind proxies the client key is the address the proxy saw.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import express from 'express';
import { forwardedClientKey, createVerifyEndpoint, toExpressHandler } from '../../dist/server/index.js';
import { codeFor, enrolVerified, loopbackServers, post, sessionStore, startTwilio, verifyApp, verifyOptions, wrongCodeFor } from '../support/attack-target.mjs';

const servers = loopbackServers();
const sessions = sessionStore();
let twilio;

before(async () => {
  twilio = await startTwilio(servers);
});
after(() => servers.closeAll());

test('ten junk checks naming the victim from ten other addresses do not lock the victim out', async () => {
  const url = await verifyApp(servers, twilio, { identity: (req) => sessions.identity(req) });
  const victimCookie = sessions.signIn('lock-victim');
  const factor = await enrolVerified(url, victimCookie);
  const statuses = [];
  for (let i = 2; i < 12; i++) {
    const attacker = sessions.signIn(`stranger-${i}`);
    statuses.push(
      (
        await post(
          url,
          { action: 'create-challenge', identity: 'lock-victim', factorSid: factor.factorSid, code: '000000' },
          { cookie: attacker, from: `127.0.0.${i}` },
        )
      ).status,
    );
  }
  assert.deepEqual([...new Set(statuses)], [403]);
  const mine = await post(url, { action: 'create-challenge', factorSid: factor.factorSid, code: codeFor(factor.uri) }, { cookie: victimCookie });
  assert.equal(mine.status, 201);
  assert.equal(mine.json.status, 'approved');
});

test("a stranger's wrong codes for his own factor cost his own identity and address, not the victim's", async () => {
  const url = await verifyApp(servers, twilio, { identity: (req) => sessions.identity(req) });
  const victimCookie = sessions.signIn('lock-victim-2');
  const victim = await enrolVerified(url, victimCookie);
  const strangerCookie = sessions.signIn('stranger-own');
  const own = await enrolVerified(url, strangerCookie);
  const statuses = [];
  for (let i = 0; i < 8; i++)
    statuses.push(
      (await post(url, { action: 'create-challenge', factorSid: own.factorSid, code: wrongCodeFor(own.uri) }, { cookie: strangerCookie, from: '127.0.0.20' }))
        .status,
    );
  assert.deepEqual(statuses.slice(-2), [429, 429]);
  const mine = await post(
    url,
    { action: 'create-challenge', factorSid: victim.factorSid, code: codeFor(victim.uri) },
    { cookie: victimCookie, from: '127.0.0.21' },
  );
  assert.equal(mine.json.status, 'approved');
});

/** A reverse proxy on loopback that forwards to `target`, appending the caller's address to X-Forwarded-For like nginx's $proxy_add_x_forwarded_for. */
async function reverseProxy(target) {
  const t = new URL(target);
  return servers.listen((req, res) => {
    const xff = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const up = http.request(
      { host: t.hostname, port: t.port, path: req.url, method: req.method, headers: { ...req.headers, 'x-forwarded-for': xff }, localAddress: '127.0.0.99' },
      (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
      },
    );
    req.pipe(up);
  });
}

async function exhaustThenCheck(proxied, attackerFrom, victimFrom, spoof) {
  const attacker = sessions.signIn(`proxy-attacker-${attackerFrom.replaceAll('.', '-')}`);
  const statuses = [];
  for (let i = 0; i < 25; i++) {
    statuses.push(
      (
        await post(
          proxied,
          { action: 'verify-factor', factorSid: `YF${'0'.repeat(32)}`, code: '123456' },
          { cookie: attacker, from: attackerFrom, headers: spoof ? { 'x-forwarded-for': spoof } : {} },
        )
      ).status,
    );
  }
  const victimCookie = sessions.signIn(`proxy-victim-${victimFrom.replaceAll('.', '-')}`);
  const victim = await enrolVerified(proxied, victimCookie).catch((e) => e);
  return { statuses, victim };
}

test('behind a reverse proxy with forwardedClientKey(1): one client exhausting its limit leaves the others alone, and a spoofed X-Forwarded-For does not pick the key', async () => {
  const app = await verifyApp(servers, twilio, {
    identity: (req) => sessions.identity(req),
    clientKey: forwardedClientKey(1),
    maxAttempts: 100,
    maxClientAttempts: 5,
  });
  const proxied = await reverseProxy(app);
  // The attacker claims to be the victim's address: only the right-most entry (the proxy's own view) counts.
  const { statuses, victim } = await exhaustThenCheck(proxied, '127.0.0.30', '127.0.0.31', '127.0.0.31');
  assert.deepEqual(statuses.slice(0, 6), [404, 404, 404, 404, 404, 429]);
  assert.ok(!(victim instanceof Error), `victim refused: ${victim?.message}`);
});

test("behind the same proxy without a client key for it, everybody shares the proxy's address (what docs/guides/security.md#behind-a-reverse-proxy warns about)", async () => {
  const app = await verifyApp(servers, twilio, { identity: (req) => sessions.identity(req), maxAttempts: 100, maxClientAttempts: 5 });
  const proxied = await reverseProxy(app);
  const { victim } = await exhaustThenCheck(proxied, '127.0.0.32', '127.0.0.33');
  assert.ok(victim instanceof Error && /429/.test(victim.message), 'the shared key locked the second user out');
});

test("Express with app.set('trust proxy', 1): req.ip is the client key, one client's limit is its own", async () => {
  const ex = express();
  ex.set('trust proxy', 1);
  ex.use(express.json());
  ex.post(
    '/verify',
    toExpressHandler(createVerifyEndpoint(verifyOptions(twilio, { identity: (req) => sessions.identity(req), maxAttempts: 100, maxClientAttempts: 5 }))),
  );
  const app = await servers.listen(ex);
  const proxied = await reverseProxy(app);
  const { statuses, victim } = await exhaustThenCheck(`${proxied}/verify`, '127.0.0.40', '127.0.0.41', '127.0.0.41');
  assert.equal(statuses[5], 429);
  assert.ok(!(victim instanceof Error), `victim refused: ${victim?.message}`);
});

test('forwardedClientKey: hops from the right; no header → the socket address; a bad hop count throws', () => {
  const req = (xff, remoteAddress = '10.9.9.9') => ({ headers: xff === undefined ? {} : { 'x-forwarded-for': xff }, remoteAddress });
  const rows = [
    [1, 'spoofed, 198.51.100.7', '198.51.100.7'],
    [2, 'spoofed, 198.51.100.7, 10.0.0.2', '198.51.100.7'],
    [1, undefined, '10.9.9.9'],
    [3, '198.51.100.7', '198.51.100.7'],
    [1, ' 198.51.100.8 ,', '198.51.100.8'],
  ];
  for (const [hops, xff, want] of rows) assert.equal(forwardedClientKey(hops)(req(xff)), want, `${hops} hops of ${xff}`);
  for (const bad of [0, -1, 1.5, 11, NaN]) assert.throws(() => forwardedClientKey(bad), RangeError);
});
