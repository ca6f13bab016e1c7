/**
 * The verify endpoint's attempt limits. The caller's client key is counted first: a client
 * over its limit is refused before any identity key is touched, so one client rotating
 * identities neither fills the store nor spends anybody else's attempts. The identity is
 * the session's (see identity-source.ts), so only that user's own sessions count against it.
 */
import type { AttemptStore } from './attempt-store.js';
import { withDeadline } from './deadline.js';
import { HttpError } from './endpoint.js';

export interface AttemptLimiterOptions {
  store: AttemptStore;
  windowMs: number;
  /** How long the store may take before the endpoint answers 503. */
  storeTimeoutMs: number;
  log?: (line: string) => void;
}

export interface AttemptLimits {
  perIdentity: number;
  perClient: number;
}

/** `kind` names the counter family (`verify` for code checks, `enroll` for new factors). */
export type CountAttempt = (kind: string, limits: AttemptLimits, identity: string, clientKey: string | undefined) => Promise<void>;

export function createAttemptLimiter(opts: AttemptLimiterOptions): CountAttempt {
  const { store, windowMs, storeTimeoutMs, log } = opts;
  const tooMany = () => new HttpError(429, 'Too many attempts, try again later', 20429, { 'retry-after': String(Math.max(1, Math.ceil(windowMs / 1000))) });

  async function hit(key: string): Promise<number> {
    try {
      return await withDeadline(store.hit(key, windowMs), storeTimeoutMs, () => {
        throw new Error(`no answer within ${storeTimeoutMs} ms`);
      });
    } catch (err) {
      log?.(`verify: attempt store unavailable (${err instanceof Error ? err.message : 'error'}); refused without asking Twilio`);
      throw new HttpError(503, 'Verification is unavailable right now (attempt limits cannot be checked); try again shortly', 20503, { 'retry-after': '5' });
    }
  }

  return async (kind, limits, identity, clientKey) => {
    if (clientKey && (await hit(`${kind}:client:${clientKey}`)) > limits.perClient) throw tooMany();
    if ((await hit(`${kind}:identity:${identity}`)) > limits.perIdentity) throw tooMany();
  };
}
