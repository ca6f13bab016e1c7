// Shared by the framework pages (plain HTML, React, Vue): what the page needs to
// know from the demo server, the identity, and TOTP enrolment. No framework code.

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

/** `?identity=` of the page, else a random one with the framework's name. */
export function pageIdentity(prefix) {
  const fromUrl = new URLSearchParams(location.search).get('identity');
  if (fromUrl && /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(fromUrl)) return fromUrl;
  return `${prefix}-${crypto.getRandomValues(new Uint32Array(1))[0].toString(36)}`;
}

/** Creates a TOTP factor for `identity` through the reference handler: `{factorSid, secret, uri}`. */
export async function enrol(identity) {
  const res = await fetch('/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'enroll', identity }),
  });
  const json = await res.json().catch(() => null);
  if (!res.ok || !json?.factorSid || !json?.secret) throw new Error(json?.message ?? `enrolment failed: HTTP ${res.status}`);
  return { factorSid: json.factorSid, secret: json.secret, uri: json.uri };
}

/** The label <device-status> shows for `ready` on every framework page, passed as an object property. */
export const STATUS_STRINGS = Object.freeze({ ready: 'Ready to call' });
