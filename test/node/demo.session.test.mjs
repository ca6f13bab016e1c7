// The demo's signed session cookie (demo/session.mjs): a cookie it signed reads back as the
// same name until it expires; anything tampered, expired, signed with another key, or not
// of its shape is no session at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  NAME_RE,
  SESSION_COOKIE,
  SESSION_TTL_SECONDS,
  clearedSessionCookie,
  readSession,
  sessionCookie,
  sessionKey,
  signSession,
  verifySession,
} from '../../demo/session.mjs';

const key = randomBytes(32);
const NOW = Date.UTC(2030, 0, 1);

test('a signed session reads back as its name and expiry', () => {
  const value = signSession('alice', key, { now: NOW });
  assert.match(value, /^alice\.\d+\.[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(verifySession(value, key, { now: NOW }), { name: 'alice', expires: NOW / 1000 + SESSION_TTL_SECONDS });
  assert.deepEqual(verifySession(value, key, { now: NOW + (SESSION_TTL_SECONDS - 1) * 1000 })?.name, 'alice');
});

test('expired: at and after its expiry it is no session', () => {
  const value = signSession('alice', key, { now: NOW, ttlSeconds: 60 });
  assert.equal(verifySession(value, key, { now: NOW + 60_000 }), null);
  assert.equal(verifySession(value, key, { now: NOW + 3_600_000 }), null);
});

test('wrong key: a cookie signed by another process (or secret) is refused', () => {
  const value = signSession('alice', randomBytes(32), { now: NOW });
  assert.equal(verifySession(value, key, { now: NOW }), null);
});

test('tampered: another name, a later expiry, or any changed MAC character is refused', () => {
  const value = signSession('alice', key, { now: NOW });
  const [name, expires, mac] = value.split('.');
  assert.equal(verifySession(`victim.${expires}.${mac}`, key, { now: NOW }), null, 'name swapped');
  assert.equal(verifySession(`${name}.${Number(expires) + 86400}.${mac}`, key, { now: NOW }), null, 'expiry pushed back');
  for (let i = 0; i < mac.length; i++) {
    const flipped = mac.slice(0, i) + (mac[i] === 'A' ? 'B' : 'A') + mac.slice(i + 1);
    assert.equal(verifySession(`${name}.${expires}.${flipped}`, key, { now: NOW }), null, `MAC character ${i}`);
  }
  // A MAC made for one name does not sign another name of the same length.
  const bob = signSession('bobby', key, { now: NOW });
  assert.equal(verifySession(`alice.${bob.split('.')[1]}.${bob.split('.')[2]}`, key, { now: NOW }), null);
});

test('malformed: anything not of the shape name.expires.mac is no session, and never throws', () => {
  const good = signSession('alice', key, { now: NOW });
  const [, expires, mac] = good.split('.');
  for (const value of [
    undefined,
    null,
    42,
    {},
    '',
    'alice',
    `alice.${expires}`,
    `alice.${expires}.${mac}.extra`,
    `.${expires}.${mac}`,
    `al ice.${expires}.${mac}`,
    `alice.-1.${mac}`,
    `alice.1e12.${mac}`,
    `alice.${expires}.${mac.slice(1)}`,
    `alice.${expires}.${mac}=`,
    `alice.${expires}.${mac.replace(/.$/, '+')}`,
    'a'.repeat(5000),
    `${'a'.repeat(65)}.${expires}.${mac}`,
  ]) {
    assert.equal(verifySession(/** @type {any} */ (value), key, { now: NOW }), null, JSON.stringify(value));
  }
});

test('names: only valid identities can be signed in', () => {
  for (const name of ['alice', 'Bob_2', 'x', 'a-b', 'a'.repeat(64)]) assert.match(name, NAME_RE);
  for (const name of ['', '-alice', '_a', 'a.b', 'a b', 'é', 'a'.repeat(65), 'client:alice']) {
    assert.doesNotMatch(name, NAME_RE);
    assert.throws(() => signSession(name, key), TypeError, name);
  }
});

test('readSession takes the cookie from the request among others; another cookie name is ignored', () => {
  const value = signSession('alice', key);
  assert.equal(readSession({ headers: { cookie: `theme=dark; ${SESSION_COOKIE}=${value}; x=1` } }, key)?.name, 'alice');
  assert.equal(readSession({ headers: { cookie: `demo-session=${value}` } }, key), null);
  assert.equal(readSession({ headers: {} }, key), null);
});

test('Set-Cookie: HttpOnly, Secure, SameSite=Strict, Path=/ (a __Host- cookie); signing out expires it', () => {
  const set = sessionCookie('v');
  assert.match(set, /^__Host-demo-session=v; /);
  for (const attr of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/', `Max-Age=${SESSION_TTL_SECONDS}`])
    assert.ok(set.split('; ').includes(attr), `${attr} in ${set}`);
  assert.doesNotMatch(set, /Domain=/i);
  const cleared = clearedSessionCookie();
  assert.match(cleared, /^__Host-demo-session=; /);
  assert.ok(cleared.split('; ').includes('Max-Age=0'));
});

test('the key: random per process without DEMO_SESSION_SECRET; a short secret is refused', () => {
  assert.notDeepEqual(sessionKey(''), sessionKey(''));
  assert.equal(sessionKey(undefined).length, 32);
  const secret = 's'.repeat(32);
  const value = signSession('alice', sessionKey(secret));
  assert.equal(verifySession(value, sessionKey(secret))?.name, 'alice', 'the same secret verifies across processes');
  assert.throws(() => sessionKey('short'), /at least 32/);
});
