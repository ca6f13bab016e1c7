/**
 * Fetches an access token with a timeout, a body-size cap and capped,
 * jittered retries for transient failures. 401/403 and malformed answers are
 * never retried. DOM-free: only `fetch`, `AbortController` and timers.
 */
import { backoffDelay, parseRetryAfter } from './backoff.js';
import { deadline } from './deadline.js';
import { interpretTokenResponse, type TokenAnswer } from './token-response.js';
import { tokenRequestInit } from './token-request-init.js';
import { BodyTooLargeError, readLimitedText } from './limited-body.js';

export { tokenRequestInit, BodyTooLargeError, readLimitedText };

export interface TokenFetchOptions {
  url: string;
  method?: 'GET' | 'POST';
  init?: RequestInit;
  /** per attempt */
  timeoutMs?: number;
  /** total attempts, the first included */
  maxAttempts?: number;
  maxBodyBytes?: number;
  signal?: AbortSignal;
  /** told before each retry, e.g. to count or log them */
  onRetry?: (attempt: number, delayMs: number, answer: TokenAnswer) => void;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const TOKEN_FETCH_DEFAULTS = { timeoutMs: 10000, maxAttempts: 4, maxBodyBytes: 64 * 1024 };

/** The longest `Retry-After` waited through before the next attempt; a longer one ends the attempts. */
export const MAX_RETRY_AFTER_MS = 30_000;

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * What one token URL response says: its body read within `maxBodyBytes`, then classified. Rejects
 * as reading the body does (aborted, `BodyTooLargeError`). Also the boot module's early look at a
 * copy of the first answer (controllers/boot-listen.ts).
 */
export async function readTokenAnswer(response: Response, maxBodyBytes: number): Promise<TokenAnswer> {
  const body = await readLimitedText(response, maxBodyBytes);
  return interpretTokenResponse({
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), Date.now(), Number.POSITIVE_INFINITY),
  });
}

async function attempt(opts: TokenFetchOptions, timeoutMs: number, maxBodyBytes: number): Promise<TokenAnswer> {
  const fetchImpl = opts.fetchImpl ?? fetch;
  const limit = deadline(opts.signal, timeoutMs);
  try {
    return await readTokenAnswer(await fetchImpl(opts.url, tokenRequestInit(opts, limit.signal)), maxBodyBytes);
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? err;
    if (err instanceof BodyTooLargeError) {
      return { kind: 'fatal', error: { message: `The token URL answered more than ${maxBodyBytes} bytes; a token is far smaller.` } };
    }
    if (limit.timedOut()) {
      return { kind: 'transient', error: { message: `The token URL did not answer within ${timeoutMs} ms.` } };
    }
    // fetch rejects with a bare TypeError for refused connections, resets and CORS rejections alike.
    return { kind: 'transient', error: { message: 'The token URL could not be reached (network error or CORS).' } };
  } finally {
    limit.dispose();
  }
}

/** Resolves with the final answer after retries; rejects only when `signal` aborts. */
export async function fetchAccessToken(opts: TokenFetchOptions): Promise<TokenAnswer> {
  const timeoutMs = opts.timeoutMs ?? TOKEN_FETCH_DEFAULTS.timeoutMs;
  const maxAttempts = Math.max(1, opts.maxAttempts ?? TOKEN_FETCH_DEFAULTS.maxAttempts);
  const maxBodyBytes = opts.maxBodyBytes ?? TOKEN_FETCH_DEFAULTS.maxBodyBytes;
  const sleep = opts.sleep ?? abortableSleep;
  for (let i = 0; ; i++) {
    const answer = await attempt(opts, timeoutMs, maxBodyBytes);
    if (answer.kind !== 'transient' || i + 1 >= maxAttempts) return answer;
    // A server that asks for a longer wait than a person would sit through gets it: no more attempts now.
    if (answer.retryAfterMs !== undefined && answer.retryAfterMs > MAX_RETRY_AFTER_MS) return answer;
    const delay = answer.retryAfterMs ?? backoffDelay(i);
    opts.onRetry?.(i + 1, delay, answer);
    await sleep(delay, opts.signal);
  }
}
