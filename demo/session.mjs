/**
 * The demo's own sign-in, in its smallest safe form: a signed session cookie.
 *
 * The cookie holds the user's name, when it expires and an HMAC-SHA256 over both:
 *
 *   __Host-demo-session=<name>.<expires, Unix seconds>.<MAC, base64url>
 *
 * Nothing is stored on the server; a cookie is good only if its MAC verifies with this
 * process's key (random per run, or DEMO_SESSION_SECRET), it has not expired, and the name
 * is a valid identity. A tampered, expired, malformed or foreign cookie is no session.
 * The `__Host-` prefix makes the browser refuse the cookie unless it is `Secure`, has
 * `Path=/` and no `Domain`, so no other host (a sibling subdomain) can set or shadow it.
 *
 * Your app has its own sign-in (passwords, SSO, …): keep its session and give the token and
 * verify handlers an `identity(req)` hook that reads it, as demo/server.mjs does with this one.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { getCookie } from '../dist/server/index.js';

export const SESSION_COOKIE = '__Host-demo-session';
/** What a name must look like: a valid Twilio client identity and Verify entity identity. */
export const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** How long a sign-in lasts (seconds). */
export const SESSION_TTL_SECONDS = 8 * 60 * 60;
const MIN_SECRET_LENGTH = 32;
const MAC_LABEL = 'twilio-widgets demo session v1\n';

/**
 * The signing key: DEMO_SESSION_SECRET (at least 32 characters, so sessions survive a
 * restart and several processes can share them), else 32 random bytes for this process only.
 */
export function sessionKey(secret = process.env.DEMO_SESSION_SECRET) {
  if (secret === undefined || secret === '') return randomBytes(32);
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`DEMO_SESSION_SECRET must be at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 32\`)`);
  }
  return Buffer.from(secret, 'utf8');
}

function mac(key, payload) {
  return createHmac('sha256', key)
    .update(MAC_LABEL + payload)
    .digest();
}

/** The cookie value for `name`, valid for `ttlSeconds` from `now` (ms). */
export function signSession(name, key, { now = Date.now(), ttlSeconds = SESSION_TTL_SECONDS } = {}) {
  if (typeof name !== 'string' || !NAME_RE.test(name)) throw new TypeError('invalid session name');
  const payload = `${name}.${Math.floor(now / 1000) + ttlSeconds}`;
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** `{name, expires}` (expires in Unix seconds) when `value` is a good, unexpired session; else null. */
export function verifySession(value, key, { now = Date.now() } = {}) {
  if (typeof value !== 'string' || value.length > 200) return null;
  const parts = value.split('.');
  if (parts.length !== 3) return null;
  const [name, expiresText, macText] = parts;
  if (!NAME_RE.test(name) || !/^\d{1,12}$/.test(expiresText) || !/^[A-Za-z0-9_-]{43}$/.test(macText)) return null;
  // The MAC as text (so no second spelling of the same bytes passes), in constant time,
  // before anything else about the contents is trusted.
  const given = Buffer.from(macText, 'latin1');
  const expected = Buffer.from(mac(key, `${name}.${expiresText}`).toString('base64url'), 'latin1');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const expires = Number(expiresText);
  if (expires * 1000 <= now) return null;
  return { name, expires };
}

/** The session of a request (`req.headers.cookie`), or null. */
export function readSession(req, key, opts) {
  return verifySession(getCookie(req.headers?.cookie, SESSION_COOKIE), key, opts);
}

const COOKIE_ATTRIBUTES = 'Path=/; HttpOnly; Secure; SameSite=Strict';

/** `Set-Cookie` for a signed-in session. */
export function sessionCookie(value, ttlSeconds = SESSION_TTL_SECONDS) {
  return `${SESSION_COOKIE}=${value}; Max-Age=${ttlSeconds}; ${COOKIE_ATTRIBUTES}`;
}

/** `Set-Cookie` that signs out (the browser drops the cookie). */
export function clearedSessionCookie() {
  return `${SESSION_COOKIE}=; Max-Age=0; ${COOKIE_ATTRIBUTES}`;
}
