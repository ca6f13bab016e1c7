/**
 * What `<totp-verify>` needs before any answer comes (pure): the outcomes' names, a code as
 * typed or pasted, and the texts of the form itself. What an answer means, and its texts, are
 * in totp-outcome.ts, loaded with the answer.
 */

/** Outcomes of a TOTP verification (docs/contract.md#5-totp-verify). Decided by `decideTotpOutcome`. */
export const TOTP_OUTCOMES = ['verified', 'incorrect', 'expired', 'denied', 'too-many-attempts', 'rate-limited', 'not-found', 'error'] as const;
export type TotpOutcome = (typeof TOTP_OUTCOMES)[number];

/** Clamps `code-length` to Verify's 3–8; anything unparsable is the default 6. */
export function clampCodeLength(n: unknown): number {
  const v = typeof n === 'number' ? n : Number(n);
  if (!Number.isFinite(v)) return 6;
  return Math.min(8, Math.max(3, Math.round(v)));
}

/**
 * Keeps digits only and at most `maxLength` of them, so a pasted `123 456`,
 * `123-456` or full-width `１２３４５６` becomes `123456`.
 */
export function normalizeCode(raw: string, maxLength: number): string {
  // NFKC folds full-width digits (IME, some authenticator apps) to ASCII.
  return raw.normalize('NFKC').replace(/\D+/g, '').slice(0, Math.max(0, maxLength));
}

/** Every text `<totp-verify>` shows; override any of them with its `strings` property. */
export interface TotpStrings {
  submit: string;
  verifying: string;
  incomplete: string;
  timeout: string;
  network: string;
  noUrl: string;
  verified: string;
  incorrect: string;
  expired: string;
  denied: string;
  'too-many-attempts': string;
  'rate-limited': string;
  /** `rate-limited` with the server's `Retry-After`: a live countdown; `{minutes}` / `{seconds}` left */
  retryInMinutes: string;
  retryInSeconds: string;
  /** the countdown is over */
  retryNow: string;
  'not-found': string;
  error: string;
}

/**
 * The texts shown before an answer's code is there: the button, the request under way, the
 * validation message, and `network`, also said when that code itself could not be loaded.
 */
export const TOTP_FORM_STRINGS = {
  submit: 'Verify',
  verifying: 'Checking the code…',
  incomplete: 'Enter all {length} digits of the code.',
  network: 'The server could not be reached. Check your connection and try again.',
} satisfies Partial<TotpStrings>;
