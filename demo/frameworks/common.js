// Shared by the demo pages (main, plain HTML, React, Vue, French, strict CSP): what the page
// needs to know from the demo server, the demo's sign-in, and TOTP enrolment. No framework code.

/** `{mode, signalingHost}` from the demo server: the phone uses its /signal in emulator mode. */
export async function loadConfig() {
  try {
    const res = await fetch('/config.json');
    if (res.ok) return await res.json();
  } catch {
    // the defaults below
  }
  return { mode: 'emulator', signalingHost: location.host };
}

export const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** The name this browser last signed in with (a name, not a secret: the session is the HttpOnly cookie). */
const NAME_KEY = 'twilio-widgets-demo:name';

async function jsonRequest(method, url, body) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await res.json().catch(() => null);
  return { ok: res.ok, status: res.status, json };
}

/**
 * Signs this browser in as `name` (`POST /session`): the server answers with a signed,
 * HttpOnly session cookie, and from then on `/token` and `/verify` act for that name only.
 * Resolves with the identity; rejects with the server's message.
 */
export async function signIn(name) {
  const r = await jsonRequest('POST', '/session', { name });
  if (!r.ok || typeof r.json?.identity !== 'string') throw new Error(r.json?.message ?? `sign-in failed: HTTP ${r.status}`);
  try {
    localStorage.setItem(NAME_KEY, r.json.identity);
  } catch {
    // storage blocked: the sign-in still holds for this page
  }
  return r.json.identity;
}

/** Signs this browser out (`DELETE /session`). */
export async function signOut() {
  try {
    localStorage.removeItem(NAME_KEY);
  } catch {
    // nothing to forget
  }
  const r = await jsonRequest('DELETE', '/session');
  if (!r.ok) throw new Error(r.json?.message ?? `sign-out failed: HTTP ${r.status}`);
}

/** A random demo name with the page's prefix, e.g. `react-k3x9a`. */
export function randomName(prefix) {
  return `${prefix}-${crypto.getRandomValues(new Uint32Array(1))[0].toString(36)}`;
}

/**
 * The name the page signs in with: `?identity=NAME` of the page (a convenience for links and
 * tests; it only fills in the sign-in, the token URL never carries it), else the name this
 * browser last signed in with, else a random one with the page's prefix.
 */
export function pageName(prefix, random = () => randomName(prefix)) {
  const fromUrl = new URLSearchParams(location.search).get('identity');
  if (fromUrl && NAME_RE.test(fromUrl)) return fromUrl;
  let stored = null;
  try {
    stored = localStorage.getItem(NAME_KEY);
  } catch {
    // no storage
  }
  return stored && NAME_RE.test(stored) ? stored : random();
}

/** Drops `?identity=` from the address bar once used, so a reload keeps the session's name. */
export function forgetUrlName() {
  const url = new URL(location.href);
  if (!url.searchParams.has('identity')) return;
  url.searchParams.delete('identity');
  history.replaceState(history.state, '', url);
}

/**
 * Signs the page in before it starts anything (see pageName), and reloads it when another tab
 * of this browser signs in as someone else: one browser has one session cookie, so a phone
 * left registered under the old name would fetch its next token for the new one.
 */
export async function pageSignIn(prefix) {
  const identity = await signIn(pageName(prefix));
  forgetUrlName();
  onNameChange((name) => {
    if (name && name !== identity) location.reload();
  });
  return identity;
}

/** Calls `listener(name | null)` when another tab of this browser signs in (as someone else) or out. */
export function onNameChange(listener) {
  addEventListener('storage', (e) => {
    if (e.key === NAME_KEY || e.key === null) listener(e.newValue && NAME_RE.test(e.newValue) ? e.newValue : null);
  });
}

/**
 * Creates a TOTP factor through the reference handler for the signed-in user (the server
 * takes the identity from the session, so the body has none): `{identity, factorSid, secret, uri}`.
 */
export async function enrol() {
  const r = await jsonRequest('POST', '/verify', { action: 'enroll' });
  const json = r.json;
  if (!r.ok || !json?.factorSid || !json?.secret) throw new Error(json?.message ?? `enrolment failed: HTTP ${r.status}`);
  return { identity: json.identity, factorSid: json.factorSid, secret: json.secret, uri: json.uri };
}

/** The label <device-status> shows for `ready` on every framework page, passed as an object property. */
export const STATUS_STRINGS = Object.freeze({ ready: 'Ready to call' });
