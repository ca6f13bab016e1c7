/**
 * Posts a TOTP code as JSON and reports what came back, without judging it
 * (that is `decideTotpOutcome`'s job). DOM-free: only `fetch`,
 * `AbortController` and timers. Never retries: a code is single-use-ish and
 * Verify counts attempts.
 */
import type { TotpResponse } from './totp-outcome.js';
import { deadline } from './deadline.js';
import { readTotpResponse } from './totp-response.js';

export type { TotpAnswer } from './totp-outcome.js';

export interface TotpRequestOptions {
  url: string;
  body: Record<string, unknown>;
  /** covers the whole exchange, body included; default 15000 */
  timeoutMs?: number;
  /** aborting it rejects the returned promise with its reason */
  signal?: AbortSignal;
  maxBodyBytes?: number;
  fetchImpl?: typeof fetch;
}

export interface TotpRequestResult extends TotpResponse {
  /** set when there was no usable HTTP answer */
  failure?: 'timeout' | 'network';
  /** a 429's `Retry-After`, in ms */
  retryAfterMs?: number;
}

export const TOTP_REQUEST_DEFAULTS = { timeoutMs: 15000, maxBodyBytes: 64 * 1024 };

/** The request timeout of an element's `timeout` property: a positive finite number of ms, else the default. */
export function requestTimeout(ms: unknown): number {
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : TOTP_REQUEST_DEFAULTS.timeoutMs;
}

/** Resolves with the answer or a failure; rejects only when `signal` aborts. */
export async function postTotpCode(opts: TotpRequestOptions): Promise<TotpRequestResult> {
  const fetchImpl = opts.fetchImpl ?? fetch;
  if (opts.signal?.aborted) throw opts.signal.reason;
  const limit = deadline(opts.signal, opts.timeoutMs ?? TOTP_REQUEST_DEFAULTS.timeoutMs);
  try {
    const response = await fetchImpl(opts.url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(opts.body),
      signal: limit.signal,
    });
    return await readTotpResponse(response, opts.maxBodyBytes ?? TOTP_REQUEST_DEFAULTS.maxBodyBytes);
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? err;
    if (limit.timedOut()) return { httpStatus: null, body: undefined, failure: 'timeout' };
    // fetch rejects with a bare TypeError for refused connections, resets and CORS alike.
    return { httpStatus: null, body: undefined, failure: 'network' };
  } finally {
    limit.dispose();
  }
}
