/**
 * The states of a TOTP enrolment (`<totp-enroll>`) as a pure reducer: ask the
 * server for a factor, show its key, take codes until one verifies it.
 * DOM-free and secret-free (the key lives in the controller, only while it is
 * shown), so the whole table is unit-tested.
 */
import type { TotpOutcome } from './totp-code.js';

export const ENROLL_STATES = ['idle', 'creating', 'created', 'verifying', 'verified', 'failed'] as const;
/**
 * `idle` nothing asked yet · `creating` the factor request is in flight ·
 * `created` the key is shown, waiting for a code · `verifying` a code is being
 * checked · `verified` the factor is verified (key gone) · `failed` the factor
 * could not be created, or can no longer be verified (start again).
 */
export type EnrollState = (typeof ENROLL_STATES)[number];

/** Which request an answer belongs to. */
export type EnrollStage = 'create' | 'verify';

/** An answer that was not a success, with the outcome vocabulary of `<totp-verify>`. */
export interface EnrollAnswer {
  outcome: TotpOutcome;
  status?: string;
  code?: number;
  message?: string;
  /** no HTTP answer (`timeout`, `network`), or a 2xx without a usable factor and key (`malformed`) */
  failure?: 'timeout' | 'network' | 'malformed';
}

export interface EnrollFailure extends EnrollAnswer {
  stage: EnrollStage;
}

export interface EnrollSnapshot {
  state: EnrollState;
  factorSid: string | null;
  /** outcome of the last refused code while a retry is allowed (`incorrect`, `rate-limited`, `error`) */
  lastOutcome: TotpOutcome | null;
  /** why the state is `failed` */
  failure: EnrollFailure | null;
}

export type EnrollInput =
  | { type: 'start' }
  | { type: 'created'; factorSid: string }
  | { type: 'create-failed'; answer: EnrollAnswer }
  | { type: 'code-sent' }
  | { type: 'code-answered'; answer: EnrollAnswer }
  | { type: 'reset' };

export const INITIAL_ENROLL: Readonly<EnrollSnapshot> = Object.freeze({ state: 'idle', factorSid: null, lastOutcome: null, failure: null });

/** Outcomes after which the same factor can take another code; any other refusal ends the enrolment. */
const RETRY: ReadonlySet<TotpOutcome> = new Set(['incorrect', 'rate-limited', 'error']);

/** Next snapshot; an input that does not apply in the current state leaves it unchanged (the same object). */
export function reduceEnroll(s: EnrollSnapshot, input: EnrollInput): EnrollSnapshot {
  switch (input.type) {
    case 'start':
      // One enrolment at a time: a new one starts from rest, a failure, or after success.
      return s.state === 'idle' || s.state === 'failed' || s.state === 'verified' ? { ...INITIAL_ENROLL, state: 'creating' } : s;
    case 'created':
      return s.state === 'creating' ? { ...INITIAL_ENROLL, state: 'created', factorSid: input.factorSid } : s;
    case 'create-failed':
      return s.state === 'creating' ? { ...INITIAL_ENROLL, state: 'failed', failure: { stage: 'create', ...input.answer } } : s;
    case 'code-sent':
      return s.state === 'created' ? { ...s, state: 'verifying' } : s;
    case 'code-answered': {
      if (s.state !== 'verifying' && s.state !== 'created') return s;
      const { outcome } = input.answer;
      if (outcome === 'verified') return { ...s, state: 'verified', lastOutcome: null, failure: null };
      if (RETRY.has(outcome)) return { ...s, state: 'created', lastOutcome: outcome };
      return { ...s, state: 'failed', lastOutcome: null, failure: { stage: 'verify', ...input.answer } };
    }
    case 'reset':
      return s.state === 'idle' ? s : { ...INITIAL_ENROLL };
  }
}

/** Whether the key (secret and QR code) is on screen in this state. */
export function showsKey(state: EnrollState): boolean {
  return state === 'created' || state === 'verifying';
}
