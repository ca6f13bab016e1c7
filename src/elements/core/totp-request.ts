/**
 * Posts a TOTP code as JSON and reports what came back, without judging it
 * (that is `decideTotpOutcome`'s job). DOM-free: only `fetch`,
 * `AbortController` and timers. Never retries: a code is single-use-ish and
 * Verify counts attempts.
 */
import { BodyTooLargeError, readLimitedText } from './token-fetch.js';
import { decideTotpOutcome, type TotpOutcome, type TotpResponse, type TotpStrings } from './totp-outcome.js';
import { deadline } from './deadline.js';
import { parseRetryAfter } from './backoff.js';

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

/** What a request's result means, in `<totp-verify>`'s outcome vocabulary: the fields both elements report. */
export interface TotpAnswer {
  outcome: TotpOutcome;
  status?: string;
  code?: number;
  message?: string;
  /** why there was no HTTP answer, when there was none */
  failure?: 'timeout' | 'network';
  /** `rate-limited` with the server's `Retry-After`: seconds to wait */
  retryAfter?: number;
}

/** The answer of a request's result (outcome decided by `decideTotpOutcome`), without fields that are absent. */
export function totpAnswer(result: TotpRequestResult): TotpAnswer {
  const d = decideTotpOutcome(result);
  return {
    outcome: d.outcome,
    ...(d.status !== undefined ? { status: d.status } : {}),
    ...(d.code !== undefined ? { code: d.code } : {}),
    ...(d.message !== undefined ? { message: d.message } : {}),
    ...(result.failure ? { failure: result.failure } : {}),
    ...(d.outcome === 'rate-limited' && result.retryAfterMs !== undefined ? { retryAfter: Math.ceil(result.retryAfterMs / 1000) } : {}),
  };
}

/**
 * The text an element shows for an answer: the outcome's string, or for `error` what went
 * wrong (no verify URL, no HTTP answer, or the server's own message).
 */
export function totpAnswerText(answer: Pick<TotpAnswer, 'outcome' | 'message' | 'failure'>, strings: TotpStrings, hasUrl: boolean): string {
  if (answer.outcome !== 'error') return strings[answer.outcome];
  if (!hasUrl) return strings.noUrl;
  return answer.failure ? strings[answer.failure] : (answer.message ?? strings.error);
}

/** Parses JSON whatever the content type says: proxies mislabel both ways. */
function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Resolves with the answer or a failure; rejects only when `signal` aborts. */
export async function postTotpCode(opts: TotpRequestOptions): Promise<TotpRequestResult> {
  const timeoutMs = opts.timeoutMs ?? TOTP_REQUEST_DEFAULTS.timeoutMs;
  const maxBodyBytes = opts.maxBodyBytes ?? TOTP_REQUEST_DEFAULTS.maxBodyBytes;
  const fetchImpl = opts.fetchImpl ?? fetch;
  if (opts.signal?.aborted) throw opts.signal.reason;
  const limit = deadline(opts.signal, timeoutMs);
  try {
    const response = await fetchImpl(opts.url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(opts.body),
      signal: limit.signal,
    });
    let body: unknown;
    try {
      body = parseJson(await readLimitedText(response, maxBodyBytes));
    } catch (err) {
      // An oversized body is not a Verify answer; judge it by its status alone.
      if (!(err instanceof BodyTooLargeError)) throw err;
    }
    const retryAfterMs = response.status === 429 ? parseRetryAfter(response.headers.get('retry-after'), Date.now(), Number.POSITIVE_INFINITY) : undefined;
    return { httpStatus: response.status, body, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? err;
    if (limit.timedOut()) return { httpStatus: null, body: undefined, failure: 'timeout' };
    // fetch rejects with a bare TypeError for refused connections, resets and CORS alike.
    return { httpStatus: null, body: undefined, failure: 'network' };
  } finally {
    limit.dispose();
  }
}
