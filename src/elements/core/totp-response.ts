/**
 * Reads the answer to a TOTP POST (`postTotpCode`): its body, size-capped and parsed as JSON
 * whatever the content type says, and a 429's `Retry-After`. DOM-free.
 */
import { parseRetryAfter } from './backoff.js';
import { BodyTooLargeError, readLimitedText } from './limited-body.js';
import type { TotpRequestResult } from './totp-request.js';

/** Parses JSON whatever the content type says: proxies mislabel both ways. */
function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The result of `response`; rejects as reading the body does (an abort, a reset), except for an oversized body. */
export async function readTotpResponse(response: Response, maxBodyBytes: number): Promise<TotpRequestResult> {
  let body: unknown;
  try {
    body = parseJson(await readLimitedText(response, maxBodyBytes));
  } catch (err) {
    // An oversized body is not a Verify answer; judge it by its status alone.
    if (!(err instanceof BodyTooLargeError)) throw err;
  }
  const retryAfterMs = response.status === 429 ? parseRetryAfter(response.headers.get('retry-after'), Date.now(), Number.POSITIVE_INFINITY) : undefined;
  return { httpStatus: response.status, body, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}
