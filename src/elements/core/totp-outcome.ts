/**
 * Pure TOTP decisions for `<totp-verify>` and `<totp-enroll>`: what a verify response means
 * (docs/contract.md#5-totp-verify), the answer the elements report, its text, and the default
 * English texts of the answers. DOM-free so the whole table is unit-testable. `<totp-verify>`
 * loads it with the code that sends a code (a chunk of its own); what it needs before that is in
 * totp-code.ts.
 */
// Types only from totp-code.ts: `<totp-verify>` loads this module as part of a chunk of its own,
// and a value shared with the element's first file would become a third file.
import type { TOTP_FORM_STRINGS, TotpOutcome, TotpStrings } from './totp-code.js';
import type { TotpRequestResult } from './totp-request.js';

export type { TotpOutcome, TotpStrings } from './totp-code.js';

export interface TotpDecision {
  outcome: TotpOutcome;
  /** the Factor/Challenge `status` the decision came from */
  status?: string;
  /** the Twilio error code of an error envelope */
  code?: number;
  /** the server's `message`, trimmed and truncated; plain text, never markup to render */
  message?: string;
}

export interface TotpResponse {
  /** null: no HTTP answer at all (network failure, timeout) */
  httpStatus: number | null;
  /** parsed JSON, or undefined when the body was not JSON */
  body: unknown;
}

/** Server messages are shown to users; cap them so a stack trace or page can't flood the UI. */
export const TOTP_MESSAGE_MAX_LENGTH = 200;

// Factor and Challenge statuses do not overlap, so a bare `{status}` from a
// proxy that strips the resource is still unambiguous.
const FACTOR_STATUS: Record<string, TotpOutcome> = {
  verified: 'verified',
  // Since Oct 2021 a wrong code leaves the factor unverified instead of a 403.
  unverified: 'incorrect',
};
const CHALLENGE_STATUS: Record<string, TotpOutcome> = {
  approved: 'verified',
  // Since Oct 2021 a wrong code leaves the challenge pending instead of a 403.
  pending: 'incorrect',
  expired: 'expired',
  denied: 'denied',
  // Not a Challenge status (it is the SMS Verification's), accepted defensively.
  canceled: 'denied',
};

const CODE_OUTCOME: Record<number, TotpOutcome> = {
  60311: 'incorrect', // legacy: Factor verification failed
  60324: 'incorrect', // legacy: Challenge verification failed
  60323: 'expired',
  60310: 'too-many-attempts', // factor: 5 attempts, enrol a new factor
  60308: 'too-many-attempts', // challenge: 5 attempts, create a new challenge
  60312: 'rate-limited',
  60326: 'rate-limited',
  20429: 'rate-limited',
  20404: 'not-found',
  60390: 'not-found',
  60391: 'not-found',
  60392: 'not-found',
};

type ResourceKind = 'factor' | 'challenge' | 'unknown';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function resourceKind(body: Record<string, unknown>): ResourceKind {
  const sid = typeof body.sid === 'string' ? body.sid : '';
  if (sid.startsWith('YF')) return 'factor';
  if (sid.startsWith('YC')) return 'challenge';
  if ('factor_sid' in body || 'expiration_date' in body) return 'challenge';
  return 'unknown';
}

function statusOutcome(kind: ResourceKind, status: string): TotpOutcome | undefined {
  const key = status.toLowerCase();
  if (kind === 'factor') return FACTOR_STATUS[key];
  if (kind === 'challenge') return CHALLENGE_STATUS[key];
  return FACTOR_STATUS[key] ?? CHALLENGE_STATUS[key];
}

function readCode(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d{1,9}$/.test(v)) return Number(v);
  return undefined;
}

/** Collapses whitespace and control characters and caps the length; the result is shown as text only. */
export function cleanMessage(v: unknown, max = TOTP_MESSAGE_MAX_LENGTH): string | undefined {
  if (typeof v !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex -- control characters are what is removed here
  const flat = v.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
  if (!flat) return undefined;
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Decides the outcome of one verify response, for both the current and the pre-Oct-2021 Verify API. */
export function decideTotpOutcome({ httpStatus, body }: TotpResponse): TotpDecision {
  if (httpStatus === null) return { outcome: 'error' };
  const rec = isRecord(body) ? body : {};
  // The error envelope's `status` is the HTTP number; only a string is a resource status.
  const status = typeof rec.status === 'string' ? rec.status : undefined;
  const code = readCode(rec.code);
  const message = cleanMessage(rec.message);
  const ok = httpStatus >= 200 && httpStatus < 300;

  if (ok && status !== undefined) {
    const outcome = statusOutcome(resourceKind(rec), status);
    if (outcome) return { outcome, status };
  }
  const withCode = (outcome: TotpOutcome): TotpDecision => ({
    outcome,
    ...(code !== undefined ? { code } : {}),
    ...(message !== undefined ? { message } : {}),
  });
  if (code !== undefined && CODE_OUTCOME[code]) return withCode(CODE_OUTCOME[code]);
  if (httpStatus === 429) return withCode('rate-limited');
  if (httpStatus === 404) return withCode('not-found');
  const d = withCode('error');
  // A 2xx with an unknown status is still a malformed answer; keep the status for the page's log.
  return ok && status !== undefined ? { ...d, status } : d;
}

/** The English texts of the answers (the form's own are `TOTP_FORM_STRINGS`; both: `TOTP_DEFAULT_STRINGS`). */
export const TOTP_ANSWER_STRINGS: Readonly<Omit<TotpStrings, keyof typeof TOTP_FORM_STRINGS>> = Object.freeze({
  timeout: 'The server did not answer in time. Try again.',
  noUrl: 'This form has no verify URL.',
  verified: 'Code verified.',
  incorrect: 'That code is not correct. Enter the current code from your authenticator app.',
  expired: 'This verification has expired. Start again to get a new one.',
  denied: 'This verification was denied.',
  'too-many-attempts': 'Too many attempts. Start again to get a new verification.',
  'rate-limited': 'Too many attempts. Wait a moment and try again.',
  retryInMinutes: 'Too many attempts. Try again in {minutes} min.',
  retryInSeconds: 'Too many attempts. Try again in {seconds} s.',
  retryNow: 'You can try again now.',
  'not-found': 'This verification could not be found. Start again.',
  error: 'Something went wrong. Try again.',
});

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
