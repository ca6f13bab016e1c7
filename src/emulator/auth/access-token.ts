import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EmulatorAccount } from './test-accounts.js';

/** Longest token lifetime Twilio accepts (24 h). */
export const MAX_TOKEN_TTL_SECONDS = 24 * 3600;

export interface ValidToken {
  ok: true;
  accountSid: string;
  apiKeySid: string;
  identity: string;
  /** Seconds since the epoch. */
  exp: number;
  iat?: number;
  grants: Record<string, unknown>;
}

export interface InvalidToken {
  ok: false;
  code: number;
  message: string;
}

export type TokenValidation = ValidToken | InvalidToken;

export const TOKEN_ERRORS = {
  missing: { code: 31102, message: 'Authorization token missing' },
  invalid: { code: 31204, message: 'JWT is invalid' },
  signature: { code: 31202, message: 'Signature validation failed' },
  noAccount: { code: 31203, message: 'No valid account' },
  expired: { code: 31205, message: 'JWT token expired' },
  tooLong: { code: 31207, message: 'JWT token expiration too long' },
} as const;

function fail(e: { code: number; message: string }): InvalidToken {
  return { ok: false, code: e.code, message: e.message };
}

function decodeJsonPart(part: string): unknown {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(part)) throw new Error('not base64url');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validates a Twilio access token the way the Voice signaling gateway does.
 * The header is trusted for nothing but `alg`, which must be HS256; the key
 * is looked up from the payload's `sub` (Account SID) and `iss` (API key SID).
 *
 * @param now seconds since the epoch
 */
export function validateAccessToken(
  token: unknown,
  accounts: readonly EmulatorAccount[],
  now: number = Date.now() / 1000,
  options: { requireVoiceGrant?: boolean } = {},
): TokenValidation {
  const requireVoiceGrant = options.requireVoiceGrant ?? true;
  if (token === undefined || token === null || token === '') return fail(TOKEN_ERRORS.missing);
  if (typeof token !== 'string') return fail(TOKEN_ERRORS.invalid);
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) return fail(TOKEN_ERRORS.invalid);

  let header: unknown;
  let payload: unknown;
  try {
    header = decodeJsonPart(parts[0]);
    payload = decodeJsonPart(parts[1]);
  } catch {
    return fail(TOKEN_ERRORS.invalid);
  }
  if (!isObject(header) || !isObject(payload)) return fail(TOKEN_ERRORS.invalid);
  if (header.alg !== 'HS256') return fail(TOKEN_ERRORS.invalid);

  const sub = payload.sub;
  const iss = payload.iss;
  if (typeof sub !== 'string') return fail(TOKEN_ERRORS.invalid);
  const account = accounts.find((a) => a.accountSid === sub);
  if (!account) return fail(TOKEN_ERRORS.noAccount);
  const key = typeof iss === 'string' ? account.apiKeys.find((k) => k.sid === iss) : undefined;
  // Twilio answers an unknown key like a bad signature.
  if (!key) return fail(TOKEN_ERRORS.signature);

  const expected = createHmac('sha256', key.secret).update(`${parts[0]}.${parts[1]}`).digest();
  let given: Buffer;
  try {
    if (!/^[A-Za-z0-9_-]+={0,2}$/.test(parts[2])) throw new Error('not base64url');
    given = Buffer.from(parts[2], 'base64url');
  } catch {
    return fail(TOKEN_ERRORS.signature);
  }
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return fail(TOKEN_ERRORS.signature);

  const exp = payload.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return fail(TOKEN_ERRORS.invalid);
  if (exp <= now) return fail(TOKEN_ERRORS.expired);
  const iat = typeof payload.iat === 'number' ? payload.iat : undefined;
  if (exp - (iat ?? now) > MAX_TOKEN_TTL_SECONDS || exp - now > MAX_TOKEN_TTL_SECONDS) return fail(TOKEN_ERRORS.tooLong);
  if (payload.nbf !== undefined) {
    if (typeof payload.nbf !== 'number') return fail(TOKEN_ERRORS.invalid);
    if (payload.nbf > now) return fail(TOKEN_ERRORS.invalid);
  }

  const grants = payload.grants;
  if (!isObject(grants)) return fail(TOKEN_ERRORS.invalid);
  if (requireVoiceGrant && !isObject(grants.voice)) return fail(TOKEN_ERRORS.invalid);
  // No identity is allowed (twilio-node 3 minted such tokens): it can call out, as client:Anonymous, but not register.
  const identity = typeof grants.identity === 'string' ? grants.identity : '';

  return {
    ok: true,
    accountSid: account.accountSid,
    apiKeySid: key.sid,
    identity,
    exp,
    ...(iat !== undefined ? { iat } : {}),
    grants,
  };
}
