/** What `preflight()` rejects with; apart from the pre-call test's code, which loads when first needed. */
import type { PreflightFailure, PreflightFailureReason } from '../core/preflight-report.js';

/** Why `preflight()` rejected: `reason` as in `twilio-phone-preflight-failed`, and the Twilio code when there is one. */
export class PreflightError extends Error {
  override readonly name = 'PreflightError';
  readonly reason: PreflightFailureReason;
  readonly code: number | undefined;
  constructor(failure: PreflightFailure) {
    super(failure.error.message);
    this.reason = failure.reason;
    this.code = failure.error.code;
  }
}
