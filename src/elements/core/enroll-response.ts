/**
 * What an enrolment answer (`POST verify-url {action: 'enroll'}`) must hold for
 * `<totp-enroll>` to show it: a factor SID and a TOTP key. Accepts the reference
 * handler's `{factorSid, uri, secret}` and Twilio's own NewFactor
 * `{sid, binding: {uri, secret}}`. DOM-free.
 */
import { cleanBase32, parseOtpauthUri, type OtpauthKey } from './otpauth-uri.js';

export interface Enrollment {
  factorSid: string;
  /** the Key URI the QR code encodes */
  uri: string;
  key: OtpauthKey;
}

const FACTOR_SID = /^YF[0-9a-f]{32}$/i;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The enrolment in a 2xx answer, or null when it is not usable. A bare secret
 * without a URI gets a URI with the defaults (and `account` as its label); a
 * secret that disagrees with the URI's is refused rather than shown, since the
 * QR code and the typed key would then set up different accounts.
 */
export function readEnrollment(body: unknown, account = ''): Enrollment | null {
  if (!isRecord(body)) return null;
  const binding = isRecord(body.binding) ? body.binding : {};
  const factorSid = typeof body.factorSid === 'string' ? body.factorSid : typeof body.sid === 'string' ? body.sid : '';
  if (!FACTOR_SID.test(factorSid)) return null;
  const rawUri = body.uri ?? binding.uri;
  const rawSecret = body.secret ?? binding.secret;
  const secret = rawSecret === undefined || rawSecret === null ? null : cleanBase32(rawSecret);
  if (rawSecret !== undefined && rawSecret !== null && !secret) return null;
  if (rawUri !== undefined && rawUri !== null) {
    const key = parseOtpauthUri(rawUri);
    if (!key || (secret && secret !== key.secret)) return null;
    return { factorSid, uri: typeof rawUri === 'string' ? rawUri.trim() : '', key };
  }
  if (!secret) return null;
  const label = encodeURIComponent(account || 'account');
  return {
    factorSid,
    uri: `otpauth://totp/${label}?secret=${secret}&algorithm=SHA1&digits=6&period=30`,
    key: { secret, issuer: '', account, digits: 6, period: 30, algorithm: 'SHA1' },
  };
}
