/**
 * What `<twilio-phone>` says when something went wrong (pure): a headline in plain words, the one
 * next step, and the raw code and message for a details line (never the headline). The state
 * design table in docs/guides/states.md lists every row; the strings are the defaults below.
 */
import type { PhoneError, PhoneState, PhoneStateReason } from './phone-state.js';
import { retryWait } from './retry-wait.js';

/** English defaults; `{minutes}` / `{seconds}` are replaced by the wait left. */
export const PROBLEM_STRINGS = {
  problemSignIn: 'Sign in to use the phone',
  stepSignIn: 'Sign in, then press Try again.',
  problemNotAllowed: 'This account may not use the phone',
  stepNotAllowed: 'Ask the site’s administrator for access.',
  problemCredentials: 'The phone’s Twilio settings are wrong',
  stepCredentials: 'Tell the site’s administrator: the Twilio account settings need fixing.',
  problemRateLimited: 'Too many attempts',
  stepRateLimitedMinutes: 'Try again in {minutes} min.',
  stepRateLimitedSeconds: 'Try again in {seconds} s.',
  stepRateLimitedNow: 'You can try again now.',
  problemUnreachable: 'The phone service cannot be reached',
  stepUnreachable: 'Check your connection, then press Try again.',
  problemSetup: 'The phone is not set up correctly',
  stepSetup: 'Tell the site’s administrator.',
  problemTimeout: 'Twilio did not answer in time',
  stepTimeout: 'Press Try again.',
  problemMicrophone: 'The microphone is not available',
  problemBrowser: 'This browser cannot make calls',
  problemLoad: 'The phone could not load',
  problemOther: 'The phone stopped',
  stepOther: 'Press Try again.',
  /** prefix of the details line with the raw code and message */
  details: 'Details:',
};
export type ProblemStrings = typeof PROBLEM_STRINGS;
type Key = keyof ProblemStrings;

export type ProblemKind =
  'sign-in' | 'not-allowed' | 'credentials' | 'rate-limited' | 'unreachable' | 'setup' | 'timeout' | 'microphone' | 'browser' | 'load' | 'other';

/**
 * How the Start button reads beside the problem: `primary` when trying again is the next step,
 * `secondary` when it cannot help until someone else fixes something, `wait` until `retryAt`.
 */
export type RetryEmphasis = 'primary' | 'secondary' | 'wait';

export interface PhoneProblem {
  kind: ProblemKind;
  headline: Key;
  /** null: the step is the error's own message (microphone, browser: already plain and specific; the details line then has the code only) */
  step: Key | null;
  retry: RetryEmphasis;
}

const ROW: Record<ProblemKind, Omit<PhoneProblem, 'kind'>> = {
  'sign-in': { headline: 'problemSignIn', step: 'stepSignIn', retry: 'primary' },
  'not-allowed': { headline: 'problemNotAllowed', step: 'stepNotAllowed', retry: 'secondary' },
  credentials: { headline: 'problemCredentials', step: 'stepCredentials', retry: 'secondary' },
  'rate-limited': { headline: 'problemRateLimited', step: 'stepRateLimitedMinutes', retry: 'wait' },
  unreachable: { headline: 'problemUnreachable', step: 'stepUnreachable', retry: 'primary' },
  setup: { headline: 'problemSetup', step: 'stepSetup', retry: 'secondary' },
  timeout: { headline: 'problemTimeout', step: 'stepTimeout', retry: 'primary' },
  microphone: { headline: 'problemMicrophone', step: null, retry: 'primary' },
  browser: { headline: 'problemBrowser', step: null, retry: 'secondary' },
  load: { headline: 'problemLoad', step: 'stepUnreachable', retry: 'primary' },
  other: { headline: 'problemOther', step: 'stepOther', retry: 'primary' },
};

/** The kind of problem a failed state shows, from the reason it was entered with and its error. */
export function problemKind(state: PhoneState, reason: PhoneStateReason | undefined, error: PhoneError | null): ProblemKind | null {
  if (state !== 'bad-credentials' && state !== 'error') return null;
  // The HTTP status decides for a token URL's answer: its body's own `code` (20003…) says less.
  const code = error?.status ?? error?.code;
  switch (reason) {
    case 'token-url-refused':
    case 'fetch-token-refused':
      // A 401 from the site's own token URL is the site's sign-in, not Twilio's credentials.
      if (code === 401) return 'sign-in';
      if (code === 403) return 'not-allowed';
      return 'credentials';
    case 'twilio-rejected-token':
    case 'twilio-rejected-fresh-token':
    case 'token-expired':
      return 'credentials';
    case 'token-url-failed':
    case 'fetch-token-failed':
      if (code === 429) return 'rate-limited';
      return 'unreachable';
    case 'no-token-source':
    case 'token-malformed':
      return 'setup';
    case 'register-timeout':
      return 'timeout';
    case 'microphone-denied':
    case 'microphone-unavailable':
      return 'microphone';
    case 'unsupported-browser':
      return 'browser';
    case 'sdk-load-failed':
      return 'load';
    default:
      return state === 'bad-credentials' ? 'credentials' : 'other';
  }
}

export function describeProblem(state: PhoneState, reason: PhoneStateReason | undefined, error: PhoneError | null): PhoneProblem | null {
  const kind = problemKind(state, reason, error);
  return kind ? { kind, ...ROW[kind] } : null;
}

/** The rate-limit step for `msLeft` (rounded up: "1 min" until the last minute, then seconds). */
export function retryWaitStep(msLeft: number): { key: Key; minutes: number; seconds: number } {
  const { unit, minutes, seconds } = retryWait(msLeft);
  return { key: unit === 'now' ? 'stepRateLimitedNow' : unit === 'seconds' ? 'stepRateLimitedSeconds' : 'stepRateLimitedMinutes', minutes, seconds };
}
