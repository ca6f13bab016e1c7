/**
 * Reads a Key URI (`otpauth://totp/Issuer:account?secret=…&digits=6&period=30`,
 * the Google Authenticator format Twilio Verify returns as `binding.uri`) and
 * formats its secret for reading. DOM-free.
 */

export interface OtpauthKey {
  /** base32, upper case, no padding */
  secret: string;
  issuer: string;
  account: string;
  /** 3–8 (Verify's range) */
  digits: number;
  /** seconds */
  period: number;
  algorithm: 'SHA1' | 'SHA256' | 'SHA512';
}

const BASE32 = /^[A-Z2-7]+$/;
const ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'] as const;

/** Upper case, spaces and padding dropped; null unless what is left is base32. */
export function cleanBase32(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.replace(/[\s=]+/g, '').toUpperCase();
  return s.length >= 16 && s.length <= 128 && BASE32.test(s) ? s : null;
}

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

function intIn(raw: string | null, fallback: number, min: number, max: number): number | null {
  if (raw === null || raw === '') return fallback;
  if (!/^\d{1,4}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= min && n <= max ? n : null;
}

/** The key of a `totp` Key URI, or null when it is not one (wrong scheme or type, no valid secret, bad parameters). */
export function parseOtpauthUri(uri: unknown): OtpauthKey | null {
  if (typeof uri !== 'string' || uri.length > 2048) return null;
  // Parsed by hand: `new URL` of a non-special scheme differs between engines.
  const m = /^otpauth:\/\/totp\/([^?#]*)(?:\?([^#]*))?$/i.exec(uri.trim());
  if (!m) return null;
  const label = decode(m[1]);
  if (label === null) return null;
  const q = new URLSearchParams(m[2] ?? '');
  const secret = cleanBase32(q.get('secret'));
  const digits = intIn(q.get('digits'), 6, 3, 8);
  const period = intIn(q.get('period'), 30, 1, 300);
  const alg = (q.get('algorithm') ?? 'SHA1').toUpperCase();
  if (!secret || digits === null || period === null || !(ALGORITHMS as readonly string[]).includes(alg)) return null;
  const colon = label.indexOf(':');
  const labelIssuer = colon >= 0 ? label.slice(0, colon).trim() : '';
  const account = (colon >= 0 ? label.slice(colon + 1) : label).trim();
  return { secret, issuer: (q.get('issuer') ?? labelIssuer).trim(), account, digits, period, algorithm: alg as OtpauthKey['algorithm'] };
}

/** `JBSWY3DPEHPK3PXP` → `['JBSW', 'Y3DP', 'EHPK', '3PXP']`, for reading a secret aloud or typing it. */
export function groupSecret(secret: string, size = 4): string[] {
  const groups: string[] = [];
  for (let i = 0; i < secret.length; i += size) groups.push(secret.slice(i, i + size));
  return groups;
}
