/**
 * The optional control token of the emulator's control API: when set, every
 * control request carries `Authorization: Bearer <token>`. Compared in
 * constant time (both sides hashed first, so the length does not show either).
 * The token is never logged.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Checks the `controlToken` option; throws a TypeError if it is set but not a non-empty string. */
export function checkControlToken(token: unknown): string | undefined {
  if (token === undefined) return undefined;
  if (typeof token !== 'string' || token.length === 0 || /[\s]/.test(token)) {
    throw new TypeError('controlToken must be a non-empty string without white space');
  }
  return token;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Whether an `Authorization` header is `Bearer <token>` (scheme case-insensitive, one space). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^bearer ([^\s]+)$/i.exec(header ?? '');
  const presented = m ? m[1] : '';
  // Always compare, so a missing or malformed header takes as long as a wrong token.
  const same = timingSafeEqual(digest(presented), digest(token));
  return !!m && same;
}
