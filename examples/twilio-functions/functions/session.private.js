// The signed session the token and verify Functions act for (a private Function: other
// Functions require it, nobody can call it). Your sign-in, wherever it runs (your server or
// another Function of this service), signs the user's identity with SESSION_SECRET:
//
//   <identity>.<expires, Unix seconds>.<HMAC-SHA256(SESSION_SECRET, "<identity>.<expires>"), base64url>
//
// and the page sends it as the `__Host-session` cookie (HttpOnly; Secure; SameSite=Strict;
// Path=/: pages served by this service or by your domain in front of it) or, from a page on
// another origin, as `Authorization: Bearer <session>` (the phone's `tokenRequest` headers).
// The identity never comes from the request's query or body.
const { createHmac, timingSafeEqual } = require('node:crypto');

const COOKIE = '__Host-session';
// A Twilio client identity and a Verify entity identity at once.
const IDENTITY_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const MIN_SECRET_LENGTH = 32;

function mac(secret, payload) {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** The session value for `identity`, valid for `ttlSeconds` (your sign-in calls this). */
function signSession(identity, secret, ttlSeconds = 8 * 3600, now = Date.now()) {
  if (!IDENTITY_RE.test(identity)) throw new TypeError('invalid identity');
  const payload = `${identity}.${Math.floor(now / 1000) + ttlSeconds}`;
  return `${payload}.${mac(secret, payload)}`;
}

/** The identity of a good, unexpired session value; null for anything else. */
function verifySession(value, secret, now = Date.now()) {
  if (typeof value !== 'string' || value.length > 200) return null;
  const [identity, expires, given, ...rest] = value.split('.');
  if (rest.length || !IDENTITY_RE.test(identity ?? '') || !/^\d{1,12}$/.test(expires ?? '') || typeof given !== 'string') return null;
  const a = Buffer.from(given);
  const b = Buffer.from(mac(secret, `${identity}.${expires}`));
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  return Number(expires) * 1000 > now ? identity : null;
}

function cookie(header, name) {
  for (const part of String(header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The `identity(req)` hook of both Functions: the signed-in user, from the Bearer header or
 * the cookie; without a good session the request is refused with 401.
 */
function sessionIdentity(req) {
  const secret = req.native?.context?.SESSION_SECRET;
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    console.error(`SESSION_SECRET is not set (at least ${MIN_SECRET_LENGTH} characters): every request is refused`);
    throw Object.assign(new Error('Sign in first'), { status: 401 });
  }
  const auth = req.headers.authorization ?? '';
  const value = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : cookie(req.headers.cookie, COOKIE);
  const identity = verifySession(value, secret);
  if (!identity) throw Object.assign(new Error('Sign in first'), { status: 401 });
  return identity;
}

module.exports = { COOKIE, signSession, verifySession, sessionIdentity };
