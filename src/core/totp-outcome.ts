/** Outcomes of a TOTP verification (DESIGN.md section 5). Decided by `decideTotpOutcome`. */
export const TOTP_OUTCOMES = ['verified', 'incorrect', 'expired', 'denied', 'too-many-attempts', 'rate-limited', 'not-found', 'error'] as const;
export type TotpOutcome = (typeof TOTP_OUTCOMES)[number];
