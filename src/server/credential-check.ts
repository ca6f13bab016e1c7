/**
 * The token endpoint's check that Twilio accepts its credentials, before it signs anything:
 * one `accounts(sid).fetch()`, its answer (good or bad) reused for `ttlMs`. Concurrent
 * requests share the one check in flight, so a slow Twilio never piles up checks; each
 * request waits at most `timeoutMs` for it and then gets a 504 while the check runs on and
 * fills the cache for the requests after it.
 */
import { withDeadline } from './deadline.js';

export type CheckOutcome = { ok: true } | { ok: false; status: number; code?: number; message: string };

export interface CredentialCheckOptions {
  /** Resolves when Twilio accepts the credentials; rejects with twilio-node's RestException (or a network error). */
  fetchAccount: () => Promise<unknown>;
  ttlMs: number;
  timeoutMs: number;
  log?: (line: string) => void;
}

export interface CredentialCheck {
  check(): Promise<CheckOutcome>;
  /** Checks started (cache misses that reached Twilio). */
  readonly started: number;
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

export function createCredentialCheck(opts: CredentialCheckOptions): CredentialCheck {
  const { log } = opts;
  let cached: { outcome: CheckOutcome; at: number } | undefined;
  let inflight: Promise<CheckOutcome> | undefined;
  let started = 0;

  const badCredentials = (code?: number): CheckOutcome => ({
    ok: false,
    status: 401,
    code: code === undefined || code === 20404 ? 20003 : code,
    message: 'Twilio rejected the server credentials (Authenticate)',
  });
  const timedOut = (): CheckOutcome => ({
    ok: false,
    status: 504,
    message: `Twilio did not answer the credentials check within ${opts.timeoutMs} ms`,
  });

  async function run(): Promise<CheckOutcome> {
    started++;
    try {
      await opts.fetchAccount();
      cached = { outcome: { ok: true }, at: Date.now() };
      log?.('token: Twilio credentials check passed');
      return cached.outcome;
    } catch (err) {
      const e = err as { status?: unknown; code?: unknown };
      if (typeof e.status === 'number' && (e.status === 401 || e.status === 403 || e.status === 404)) {
        const code = typeof e.code === 'number' ? e.code : undefined;
        cached = { outcome: badCredentials(code), at: Date.now() };
        log?.(`token: Twilio credentials check failed (HTTP ${e.status}${code ? ` code ${code}` : ''})`);
        return cached.outcome;
      }
      // Unreachable, timeouts, 5xx: not cached, the next request tries again.
      if (typeof e.code === 'string' && TIMEOUT_CODES.has(e.code)) {
        log?.(`token: Twilio credentials check timed out (${e.code})`);
        return timedOut();
      }
      const what = typeof e.status === 'number' ? `HTTP ${e.status}` : err instanceof Error ? err.name : 'error';
      log?.(`token: Twilio unreachable for the credentials check (${what})`);
      return { ok: false, status: 502, message: 'Could not reach Twilio to check the server credentials' };
    }
  }

  return {
    get started() {
      return started;
    },
    async check() {
      if (cached && Date.now() - cached.at < opts.ttlMs) return cached.outcome;
      inflight ??= run().finally(() => {
        inflight = undefined;
      });
      return withDeadline(inflight, opts.timeoutMs, () => {
        log?.(`token: no answer from Twilio's credentials check within ${opts.timeoutMs} ms; the check runs on`);
        return timedOut();
      });
    },
  };
}
