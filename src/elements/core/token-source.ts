/**
 * Where a `<twilio-phone>` gets its access token, and what a failure to get one
 * means: the one token path of the phone's session and of its pre-call test.
 *
 * The classification is pure (`fromTokenUrl`, `fromFetchToken`, `checkAccessToken`);
 * `obtainToken` runs the host's source (its `fetchToken()` function, else its token URL
 * with the retries of `fetchAccessToken`) and classifies the result. DOM-free: only
 * `fetch`, `AbortController` and timers.
 */
import { decodeAccessToken, type AccessTokenClaims } from './jwt.js';
import type { PhoneError } from './phone-state.js';
import { fetchAccessToken } from './token-fetch.js';
import type { TokenAnswer } from './token-response.js';

/** Where a token came from: the `token-url` attribute, or the page's `fetchToken()` function. */
export type TokenSource = 'token-url' | 'fetch-token';

export type TokenFailure =
  /** neither `token-url` nor `fetchToken` is set */
  | { kind: 'no-source'; source: null; error: PhoneError }
  /**
   * `refused`: the source said no to our credentials (the URL answered 401/403, or `fetchToken()`
   * rejected with an error whose `status` is 401/403); never retried.
   * `failed`: no answer worth having (network, timeout, other HTTP status after the retries, a body
   * that holds no token, a `fetchToken()` that rejected otherwise).
   * `malformed`: an answer that is not a Twilio access token (not a JWT, no voice grant, ...).
   * `expired`: an access token that had already expired (20104): wrong credentials or clock.
   */
  | { kind: 'refused' | 'failed' | 'malformed' | 'expired'; source: TokenSource; error: PhoneError };

export type TokenResult = { ok: true; token: string; source: TokenSource; claims: AccessTokenClaims } | { ok: false; failure: TokenFailure };

/** What a host offers to get tokens from. */
export interface TokenHost {
  tokenUrl: string;
  tokenMethod: 'GET' | 'POST';
  tokenRequest: RequestInit;
  fetchToken?: (() => Promise<string>) | undefined;
  /** ms per token URL attempt */
  tokenTimeout: number;
}

/** Which source a host uses: `fetchToken()` replaces the URL entirely. */
export function tokenSourceOf(host: Pick<TokenHost, 'tokenUrl' | 'fetchToken'>): TokenSource | null {
  if (host.fetchToken) return 'fetch-token';
  return host.tokenUrl ? 'token-url' : null;
}

export const NO_TOKEN_SOURCE: TokenResult = Object.freeze({
  ok: false,
  failure: Object.freeze({ kind: 'no-source', source: null, error: Object.freeze({ message: 'No token-url is set and no fetchToken() is given.' }) }),
});

/** Decodes (without verifying: the browser has no secret) what a source handed over. */
export function checkAccessToken(raw: string, source: TokenSource, nowSeconds: number): TokenResult {
  const decoded = decodeAccessToken(raw, nowSeconds);
  if (decoded.ok) return { ok: true, token: raw, source, claims: decoded.claims };
  const { problem } = decoded;
  if (problem.kind === 'expired') return { ok: false, failure: { kind: 'expired', source, error: { code: 20104, message: problem.message } } };
  return { ok: false, failure: { kind: 'malformed', source, error: { message: problem.message } } };
}

/** A token URL's final answer (after `fetchAccessToken`'s retries). */
export function fromTokenUrl(answer: TokenAnswer, nowSeconds: number): TokenResult {
  switch (answer.kind) {
    case 'token':
      return checkAccessToken(answer.token, 'token-url', nowSeconds);
    case 'bad-credentials':
      return { ok: false, failure: { kind: 'refused', source: 'token-url', error: answer.error } };
    case 'transient':
    case 'fatal':
      return { ok: false, failure: { kind: 'failed', source: 'token-url', error: answer.error } };
  }
}

/** How a `fetchToken()` call settled: the value it resolved with, or the reason it rejected with. */
export type FetchTokenSettled = { value: unknown } | { error: unknown };

/**
 * What the page's `fetchToken()` gave. A rejection whose `status` is 401 or 403 (an HTTP-like
 * error, e.g. from the page's own fetch wrapper) means refused credentials; any other rejection
 * is a failure. Either way the status, when numeric, is the error's `code`.
 */
export function fromFetchToken(settled: FetchTokenSettled, nowSeconds: number): TokenResult {
  if ('error' in settled) {
    const err = settled.error;
    const status = (err as { status?: unknown } | null)?.status;
    const message = `fetchToken() failed: ${err instanceof Error ? err.message : String(err)}`;
    const error: PhoneError = typeof status === 'number' ? { code: status, status, message } : { message };
    return { ok: false, failure: { kind: status === 401 || status === 403 ? 'refused' : 'failed', source: 'fetch-token', error } };
  }
  const { value } = settled;
  if (typeof value !== 'string') {
    const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;
    return { ok: false, failure: { kind: 'malformed', source: 'fetch-token', error: { message: `fetchToken() resolved with ${what}, not a token string.` } } };
  }
  return checkAccessToken(value.trim(), 'fetch-token', nowSeconds);
}

/**
 * Gets a token from the host's source and classifies it; the one place the phone's session and
 * its pre-call test ask for one. Resolves with null when `signal` aborted meanwhile (the page
 * stopped the phone or the test): nobody wants that answer any more.
 */
export async function obtainToken(
  host: TokenHost,
  signal: AbortSignal,
  now: () => number = () => Date.now() / 1000,
  /** the token URL's fetch (a boot start's request already on its way, controllers/boot-handover.ts); default `fetch` */
  fetchImpl?: typeof fetch,
): Promise<TokenResult | null> {
  const source = tokenSourceOf(host);
  if (!source) return NO_TOKEN_SOURCE;
  let result: TokenResult;
  if (source === 'fetch-token') {
    let settled: FetchTokenSettled;
    try {
      settled = { value: await host.fetchToken!() };
    } catch (error) {
      settled = { error };
    }
    result = fromFetchToken(settled, now());
  } else {
    let answer: TokenAnswer;
    try {
      answer = await fetchAccessToken({
        url: host.tokenUrl,
        method: host.tokenMethod,
        init: host.tokenRequest,
        signal,
        timeoutMs: host.tokenTimeout,
        ...(fetchImpl ? { fetchImpl } : {}),
      });
    } catch (err) {
      // fetchAccessToken rejects only when `signal` aborts.
      if (signal.aborted) return null;
      throw err;
    }
    result = fromTokenUrl(answer, now());
  }
  return signal.aborted ? null : result;
}
