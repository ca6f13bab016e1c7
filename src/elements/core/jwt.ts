/**
 * Reads an access token without verifying it (the browser has no secret):
 * enough to catch malformed, expired or grant-less tokens before a socket opens.
 */
/** What the phone reads of a token: who issued it for which account, until when, and for whom. A voice grant is required. */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  exp: number;
  identity?: string;
}

export type TokenProblem = { kind: 'malformed'; message: string } | { kind: 'expired'; message: string };

export type DecodeResult = { ok: true; claims: AccessTokenClaims } | { ok: false; problem: TokenProblem };

function base64UrlDecode(part: string): string {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

function malformed(message: string): DecodeResult {
  return { ok: false, problem: { kind: 'malformed', message } };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Decodes and checks a Twilio access token.
 * @param nowSeconds current time; `skewSeconds` tolerates a client clock that runs ahead.
 */
export function decodeAccessToken(token: unknown, nowSeconds: number, skewSeconds = 300): DecodeResult {
  if (typeof token !== 'string' || token.length === 0) return malformed('The token is empty.');
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) {
    return malformed('The token is not a JWT (expected three base64url parts).');
  }
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(base64UrlDecode(parts[0]));
    payload = JSON.parse(base64UrlDecode(parts[1]));
  } catch {
    return malformed('The token is not a JWT (its parts are not JSON).');
  }
  if (!isRecord(header) || !isRecord(payload)) return malformed('The token is not a JWT (its parts are not JSON objects).');
  const { iss, sub, exp, grants } = payload;
  if (typeof iss !== 'string' || !iss.startsWith('SK')) return malformed('The token was not issued by an API key (iss must start with SK).');
  if (typeof sub !== 'string' || !sub.startsWith('AC')) return malformed('The token names no account (sub must start with AC).');
  if (typeof exp !== 'number') return malformed('The token has no expiry (exp).');
  const voice = isRecord(grants) ? grants.voice : undefined;
  if (!isRecord(voice)) return malformed('The token has no voice grant.');
  if (exp + skewSeconds < nowSeconds) {
    return { ok: false, problem: { kind: 'expired', message: 'The token has already expired.' } };
  }
  const identity = isRecord(grants) && typeof grants.identity === 'string' ? grants.identity : undefined;
  return { ok: true, claims: { iss, sub, exp, identity } };
}
