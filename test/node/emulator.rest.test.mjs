// The emulator's Twilio REST API (Accounts fetch + Verify v2 TOTP), driven by the real
// twilio-node client through an httpClient that rewrites https://*.twilio.com to the
// loopback server (research verify-totp.md §3.4 option A).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import twilio from 'twilio';
import { TOTP, URI, Secret } from 'otpauth';
import { createTwilioRestApi } from '../../dist/emulator/rest/api.js';
import { DEFAULT_ACCOUNT as A } from '../../dist/emulator/auth/test-accounts.js';
import { createEmulatorHttpClient } from '../../dist/server/twilio-client.js';

const KEY = A.apiKeys[0];
let clock = Date.UTC(2026, 0, 15, 12, 0, 0);
const api = createTwilioRestApi({ accounts: [A], now: () => clock });
let server;
let base;
let seen = [];

function client({ user = KEY.sid, pass = KEY.secret } = {}) {
  return twilio(user, pass, { accountSid: A.accountSid, httpClient: createEmulatorHttpClient(base, { keepAlive: false }) });
}
const svc = (c = client()) => c.verify.v2.services(A.verifyServiceSid);

function totpFrom(binding) {
  return URI.parse(binding.uri);
}
const codeNow = (totp) => totp.generate({ timestamp: clock });
function wrongCode(totp) {
  const digits = totp.digits;
  for (let i = 0; ; i++) {
    const c = String((Number(codeNow(totp)) + 1 + i) % 10 ** digits).padStart(digits, '0');
    if (totp.validate({ token: c, window: 2, timestamp: clock }) === null) return c;
  }
}
async function rejects(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}
let n = 0;
const newIdentity = () => `user-${Date.now().toString(36)}-${n++}`;

async function enrolVerified(identity, extra = {}) {
  const s = svc();
  const f = await s.entities(identity).newFactors.create({ friendlyName: 'Test', factorType: 'totp', ...extra });
  const totp = totpFrom(f.binding);
  const v = await s
    .entities(identity)
    .factors(f.sid)
    .update({ authPayload: codeNow(totp) });
  assert.equal(v.status, 'verified');
  return { factor: f, totp };
}

before(async () => {
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (!api.handleRequest(req, res)) {
      res.statusCode = 418;
      res.end('not mine');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(async () => {
  api.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('Accounts', () => {
  test('fetch with API key + secret and with the auth token', async () => {
    const a = await client().api.v2010.accounts(A.accountSid).fetch();
    assert.equal(a.sid, A.accountSid);
    assert.equal(a.status, 'active');
    assert.equal(a.friendlyName, A.friendlyName);
    assert.equal(a.type, 'Full');
    assert.ok(a.dateCreated instanceof Date && !Number.isNaN(a.dateCreated.getTime()));
    assert.equal(a.authToken, null, 'the account JSON has auth_token, null: the emulator never hands out credentials');
    const b = await client({ user: A.accountSid, pass: A.authToken }).api.v2010.accounts(A.accountSid).fetch();
    assert.equal(b.sid, A.accountSid);
    assert.ok(seen.includes(`GET /2010-04-01/Accounts/${A.accountSid}.json`));
  });

  test('wrong secret, wrong token, unknown key -> 401 20003 Authenticate', async () => {
    for (const creds of [{ pass: 'wrong' }, { user: A.accountSid, pass: 'wrong' }, { user: 'SK' + '00'.repeat(16), pass: KEY.secret }]) {
      const e = await rejects(client(creds).api.v2010.accounts(A.accountSid).fetch());
      assert.equal(e.constructor.name, 'RestException');
      assert.equal(e.status, 401);
      assert.equal(e.code, 20003);
      assert.equal(e.message, 'Authenticate');
      assert.equal(e.moreInfo, 'https://www.twilio.com/docs/errors/20003');
    }
  });

  test('missing credentials -> 401 envelope; unknown account SID -> 404 20404', async () => {
    const r = await fetch(`${base}/2010-04-01/Accounts/${A.accountSid}.json`);
    assert.equal(r.status, 401);
    assert.deepEqual(await r.json(), {
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401,
    });
    const e = await rejects(
      client()
        .api.v2010.accounts('AC' + '12'.repeat(16))
        .fetch(),
    );
    assert.equal(e.status, 404);
    assert.equal(e.code, 20404);
  });

  test('handleRequest claims only its own paths', async () => {
    const r = await fetch(`${base}/signal`);
    assert.equal(r.status, 418);
    const r2 = await fetch(`${base}/v2/Other`);
    assert.equal(r2.status, 418);
  });
});

describe('Verify TOTP factors', () => {
  test('create -> 201 NewFactor with binding; verify with a real code -> verified', async () => {
    const identity = newIdentity();
    const s = svc();
    const info = await s.entities(identity).newFactors.createWithHttpInfo({ friendlyName: 'Alice phone', factorType: 'totp' });
    assert.equal(info.statusCode, 201);
    const f = info.body;
    assert.match(f.sid, /^YF[0-9a-f]{32}$/);
    assert.match(f.entitySid, /^YE[0-9a-f]{32}$/);
    assert.equal(f.identity, identity);
    assert.equal(f.status, 'unverified');
    assert.equal(f.factorType, 'totp');
    assert.equal(f.accountSid, A.accountSid);
    assert.equal(f.serviceSid, A.verifyServiceSid);
    assert.deepEqual(f.config, { alg: 'sha1', skew: 1, code_length: 6, time_step: 30 });
    assert.match(f.binding.secret, /^[A-Z2-7]{32}$/);
    const totp = totpFrom(f.binding);
    assert.equal(totp.issuer, A.friendlyName);
    assert.equal(totp.label, 'Alice phone');
    assert.equal(totp.secret.base32, f.binding.secret);
    assert.equal(totp.digits, 6);
    assert.equal(totp.period, 30);

    const fetched = await s.entities(identity).factors(f.sid).fetch();
    assert.equal(fetched.status, 'unverified');
    assert.equal(fetched.binding, undefined, 'binding only on create');

    const upd = await s
      .entities(identity)
      .factors(f.sid)
      .updateWithHttpInfo({ authPayload: codeNow(totp) });
    assert.equal(upd.statusCode, 200);
    assert.equal(upd.body.status, 'verified');
    assert.equal((await s.entities(identity).factors(f.sid).fetch()).status, 'verified');
    const list = await s.entities(identity).factors.list();
    assert.deepEqual(
      list.map((x) => x.sid),
      [f.sid],
    );
  });

  test('raw wire format: form-encoded dotted params in, snake_case JSON out', async () => {
    const identity = newIdentity();
    const auth = 'Basic ' + Buffer.from(`${KEY.sid}:${KEY.secret}`).toString('base64');
    const r = await fetch(`${base}/v2/Services/${A.verifyServiceSid}/Entities/${identity}/Factors`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'FriendlyName=Raw&FactorType=totp&Config.CodeLength=8&Config.TimeStep=60&Config.Alg=sha256&Config.Skew=0',
    });
    assert.equal(r.status, 201);
    const j = await r.json();
    for (const k of [
      'sid',
      'account_sid',
      'service_sid',
      'entity_sid',
      'identity',
      'binding',
      'date_created',
      'date_updated',
      'friendly_name',
      'status',
      'factor_type',
      'config',
      'metadata',
      'url',
    ]) {
      assert.ok(k in j, `field ${k}`);
    }
    assert.deepEqual(j.config, { alg: 'sha256', skew: 0, code_length: 8, time_step: 60 });
    assert.match(j.date_created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(j.url, `https://verify.twilio.com/v2/Services/${A.verifyServiceSid}/Entities/${identity}/Factors/${j.sid}`);
    const totp = totpFrom(j.binding);
    assert.equal(totp.algorithm, 'SHA256');
    assert.equal(totp.digits, 8);
    assert.equal(totp.period, 60);
    const v = await fetch(`${base}/v2/Services/${A.verifyServiceSid}/Entities/${identity}/Factors/${j.sid}`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: `AuthPayload=${codeNow(totp)}`,
    });
    assert.equal(v.status, 200);
    assert.equal((await v.json()).status, 'verified');
  });

  test('Config honoured through twilio-node; Binding.Secret accepted; code from a different clock step rejected with skew 0', async () => {
    const identity = newIdentity();
    const secret = new Secret({ size: 20 }).base32;
    const s = svc();
    const f = await s.entities(identity).newFactors.create({
      friendlyName: 'cfg',
      factorType: 'totp',
      'binding.secret': secret,
      'config.codeLength': 4,
      'config.timeStep': 20,
      'config.skew': 0,
      'config.alg': 'sha512',
    });
    assert.equal(f.binding.secret, secret);
    assert.deepEqual(f.config, { alg: 'sha512', skew: 0, code_length: 4, time_step: 20 });
    const totp = totpFrom(f.binding);
    const stale = totp.generate({ timestamp: clock - 20_000 });
    const current = codeNow(totp);
    if (stale !== current) {
      const v = await s.entities(identity).factors(f.sid).update({ authPayload: stale });
      assert.equal(v.status, 'unverified');
    }
    const ok = await s.entities(identity).factors(f.sid).update({ authPayload: current });
    assert.equal(ok.status, 'verified');
  });

  test('invalid config -> 400 60200', async () => {
    const e = await rejects(svc().entities(newIdentity()).newFactors.create({ friendlyName: 'x', factorType: 'totp', 'config.codeLength': 9 }));
    assert.equal(e.status, 400);
    assert.equal(e.code, 60200);
    assert.match(e.message, /Config\.CodeLength/);
    const e2 = await rejects(svc().entities(newIdentity()).newFactors.create({ friendlyName: 'x', factorType: 'push' }));
    assert.equal(e2.status, 400);
  });

  test('wrong code: 200 unverified (current API) / 403 60311 (legacy)', async () => {
    const identity = newIdentity();
    const s = svc();
    const f = await s.entities(identity).newFactors.create({ friendlyName: 'x', factorType: 'totp' });
    const totp = totpFrom(f.binding);
    const info = await s
      .entities(identity)
      .factors(f.sid)
      .updateWithHttpInfo({ authPayload: wrongCode(totp) });
    assert.equal(info.statusCode, 200);
    assert.equal(info.body.status, 'unverified');
    api.setLegacyTotpErrors(true);
    try {
      const e = await rejects(
        s
          .entities(identity)
          .factors(f.sid)
          .update({ authPayload: wrongCode(totp) }),
      );
      assert.equal(e.status, 403);
      assert.equal(e.code, 60311);
      assert.equal(e.message, 'Factor verification failed');
      assert.equal(e.moreInfo, 'https://www.twilio.com/docs/errors/60311');
    } finally {
      api.setLegacyTotpErrors(false);
    }
    const ok = await s
      .entities(identity)
      .factors(f.sid)
      .update({ authPayload: codeNow(totp) });
    assert.equal(ok.status, 'verified');
  });

  test('5 wrong factor codes -> 429 60310, even for a correct code afterwards', async () => {
    const identity = newIdentity();
    const s = svc();
    const f = await s.entities(identity).newFactors.create({ friendlyName: 'x', factorType: 'totp' });
    const totp = totpFrom(f.binding);
    for (let i = 0; i < 5; i++) {
      assert.equal(
        (
          await s
            .entities(identity)
            .factors(f.sid)
            .update({ authPayload: wrongCode(totp) })
        ).status,
        'unverified',
      );
    }
    const e = await rejects(
      s
        .entities(identity)
        .factors(f.sid)
        .update({ authPayload: codeNow(totp) }),
    );
    assert.equal(e.status, 429);
    assert.equal(e.code, 60310);
  });

  test('AuthPayload length outside 3..8 -> 400 60200', async () => {
    const identity = newIdentity();
    const f = await svc().entities(identity).newFactors.create({ friendlyName: 'x', factorType: 'totp' });
    const e = await rejects(svc().entities(identity).factors(f.sid).update({ authPayload: '12' }));
    assert.equal(e.status, 400);
    assert.equal(e.code, 60200);
  });
});

describe('Verify TOTP challenges', () => {
  test('challenging an unverified factor -> 403 60318', async () => {
    const identity = newIdentity();
    const f = await svc().entities(identity).newFactors.create({ friendlyName: 'x', factorType: 'totp' });
    const e = await rejects(svc().entities(identity).challenges.create({ factorSid: f.sid, authPayload: '123456' }));
    assert.equal(e.status, 403);
    assert.equal(e.code, 60318);
  });

  test('correct code at creation -> 201 approved', async () => {
    const identity = newIdentity();
    const { factor, totp } = await enrolVerified(identity);
    const info = await svc()
      .entities(identity)
      .challenges.createWithHttpInfo({ factorSid: factor.sid, authPayload: codeNow(totp) });
    assert.equal(info.statusCode, 201);
    const c = info.body;
    assert.match(c.sid, /^YC[0-9a-f]{32}$/);
    assert.equal(c.status, 'approved');
    assert.equal(c.respondedReason, 'none');
    assert.equal(c.factorSid, factor.sid);
    assert.equal(c.factorType, 'totp');
    assert.equal(c.identity, identity);
    assert.equal(c.expirationDate.getTime(), clock - (clock % 1000) + 5 * 60 * 1000);
    assert.ok(c.dateResponded instanceof Date);
    // Answering an approved challenge again -> 403 60322
    const e = await rejects(
      svc()
        .entities(identity)
        .challenges(c.sid)
        .update({ authPayload: codeNow(totp) }),
    );
    assert.equal(e.status, 403);
    assert.equal(e.code, 60322);
  });

  test('wrong code -> 201 pending, then the right code on the challenge -> 200 approved', async () => {
    const identity = newIdentity();
    const { factor, totp } = await enrolVerified(identity);
    const info = await svc()
      .entities(identity)
      .challenges.createWithHttpInfo({ factorSid: factor.sid, authPayload: wrongCode(totp) });
    assert.equal(info.statusCode, 201);
    assert.equal(info.body.status, 'pending');
    assert.equal(info.body.respondedReason, 'none', 'Twilio says none while a challenge waits');
    const wrong = await svc()
      .entities(identity)
      .challenges(info.body.sid)
      .update({ authPayload: wrongCode(totp) });
    assert.equal(wrong.status, 'pending');
    const upd = await svc()
      .entities(identity)
      .challenges(info.body.sid)
      .updateWithHttpInfo({ authPayload: codeNow(totp) });
    assert.equal(upd.statusCode, 200);
    assert.equal(upd.body.status, 'approved');
    const fetched = await svc().entities(identity).challenges(info.body.sid).fetch();
    assert.equal(fetched.status, 'approved');
    const list = await svc().entities(identity).challenges.list({ factorSid: factor.sid });
    assert.equal(list.length, 1);
  });

  test('legacy: wrong code on create or answer -> 403 60324', async () => {
    const identity = newIdentity();
    const { factor, totp } = await enrolVerified(identity);
    const c = await svc().entities(identity).challenges.create({ factorSid: factor.sid });
    assert.equal(c.status, 'pending');
    api.setLegacyTotpErrors(true);
    try {
      const e1 = await rejects(
        svc()
          .entities(identity)
          .challenges.create({ factorSid: factor.sid, authPayload: wrongCode(totp) }),
      );
      assert.equal(e1.status, 403);
      assert.equal(e1.code, 60324);
      const e2 = await rejects(
        svc()
          .entities(identity)
          .challenges(c.sid)
          .update({ authPayload: wrongCode(totp) }),
      );
      assert.equal(e2.status, 403);
      assert.equal(e2.code, 60324);
      assert.equal(e2.message, 'Challenge verification failed');
    } finally {
      api.setLegacyTotpErrors(false);
    }
  });

  test('past expiration_date -> status expired; answering it -> 403 60323', async () => {
    const identity = newIdentity();
    const { factor, totp } = await enrolVerified(identity);
    const c = await svc().entities(identity).challenges.create({ factorSid: factor.sid });
    assert.equal(c.status, 'pending');
    const saved = clock;
    clock += 5 * 60 * 1000 + 1000;
    try {
      const f = await svc().entities(identity).challenges(c.sid).fetch();
      assert.equal(f.status, 'expired');
      const e = await rejects(
        svc()
          .entities(identity)
          .challenges(c.sid)
          .update({ authPayload: codeNow(totp) }),
      );
      assert.equal(e.status, 403);
      assert.equal(e.code, 60323);
    } finally {
      clock = saved;
    }
  });

  test('ExpirationDate honoured', async () => {
    const identity = newIdentity();
    const { factor } = await enrolVerified(identity);
    const exp = new Date(clock + 60_000);
    const c = await svc().entities(identity).challenges.create({ factorSid: factor.sid, expirationDate: exp });
    assert.equal(c.expirationDate.getTime(), Math.floor(exp.getTime() / 1000) * 1000);
    const saved = clock;
    clock += 61_000;
    try {
      assert.equal((await svc().entities(identity).challenges(c.sid).fetch()).status, 'expired');
    } finally {
      clock = saved;
    }
  });

  test('5 wrong answers on a challenge -> 429 60308', async () => {
    const identity = newIdentity();
    const { factor, totp } = await enrolVerified(identity);
    const c = await svc()
      .entities(identity)
      .challenges.create({ factorSid: factor.sid, authPayload: wrongCode(totp) });
    for (let i = 0; i < 4; i++) {
      assert.equal(
        (
          await svc()
            .entities(identity)
            .challenges(c.sid)
            .update({ authPayload: wrongCode(totp) })
        ).status,
        'pending',
      );
    }
    const e = await rejects(
      svc()
        .entities(identity)
        .challenges(c.sid)
        .update({ authPayload: codeNow(totp) }),
    );
    assert.equal(e.status, 429);
    assert.equal(e.code, 60308);
  });
});

describe('not found and auth on Verify', () => {
  test('unknown entity, factor, challenge, service -> 404 20404', async () => {
    const identity = newIdentity();
    const { factor } = await enrolVerified(identity);
    const cases = [
      svc().entities('nobody-here').fetch(),
      svc().entities('nobody-here').factors(factor.sid).fetch(),
      svc()
        .entities(identity)
        .factors('YF' + '0'.repeat(32))
        .fetch(),
      svc()
        .entities(identity)
        .factors('YF' + '0'.repeat(32))
        .update({ authPayload: '123456' }),
      svc()
        .entities(identity)
        .challenges('YC' + '0'.repeat(32))
        .fetch(),
      svc()
        .entities(identity)
        .challenges('YC' + '0'.repeat(32))
        .update({ authPayload: '123456' }),
      svc()
        .entities(identity)
        .challenges.create({ factorSid: 'YF' + '0'.repeat(32), authPayload: '123456' }),
      client()
        .verify.v2.services('VA' + '00'.repeat(16))
        .entities(identity)
        .factors(factor.sid)
        .fetch(),
    ];
    for (const p of cases) {
      const e = await rejects(p);
      assert.equal(e.status, 404);
      assert.equal(e.code, 20404);
      assert.equal(e.moreInfo, 'https://www.twilio.com/docs/errors/20404');
    }
  });

  test('Verify requires Basic auth -> 401 20003', async () => {
    const e = await rejects(
      svc(client({ pass: 'nope' }))
        .entities('someone')
        .factors.list(),
    );
    assert.equal(e.status, 401);
    assert.equal(e.code, 20003);
    const r = await fetch(`${base}/v2/Services/${A.verifyServiceSid}/Entities/x/Factors`, {
      method: 'POST',
      body: 'FriendlyName=x&FactorType=totp',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(r.status, 401);
    const j = await r.json();
    assert.deepEqual(Object.keys(j).sort(), ['code', 'message', 'more_info', 'status']);
  });

  test('delete factor -> 204 then 404', async () => {
    const identity = newIdentity();
    const { factor } = await enrolVerified(identity);
    assert.equal(await svc().entities(identity).factors(factor.sid).remove(), true);
    const e = await rejects(svc().entities(identity).factors(factor.sid).fetch());
    assert.equal(e.status, 404);
  });
});

test('TOTP sanity: RFC 6238 vector via otpauth', () => {
  const t = new TOTP({ secret: Secret.fromLatin1('12345678901234567890'), digits: 8, algorithm: 'SHA1', period: 30 });
  assert.equal(t.generate({ timestamp: 59_000 }), '94287082');
});
