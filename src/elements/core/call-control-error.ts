/**
 * What a call-control action rejects with, apart from the parsers (call-control-messages.ts): the
 * element's class module exports these, so they are eager while the rest of call control is a
 * lazy chunk.
 */

/** `{code, message}` of a failed action, as the `error` of `twilio-phone-call-control` and the rejection. */
export interface CallControlErrorInfo {
  code: string;
  message: string;
}

/** Codes the phone itself gives a failed action (the server's own codes pass through as they are). */
export const CALL_CONTROL_CODES = {
  /** no `call-control-url`, or no connected call to act on */
  unavailable: 'call-control-unavailable',
  /** another action on this call is still waiting for its answer */
  busy: 'call-control-busy',
  /** the request did not reach the server */
  network: 'call-control-network',
  /** the server did not answer in time */
  timeout: 'call-control-timeout',
  /** the server answered something that is not the contract's shape */
  badResponse: 'call-control-bad-response',
} as const;

/** What `hold()`, `transfer()`… reject with: `code` is the server's or one of the phone's (`CALL_CONTROL_CODES`). */
export class CallControlError extends Error {
  override name = 'CallControlError';
  readonly code: string;
  constructor(info: CallControlErrorInfo) {
    super(info.message);
    this.code = info.code;
  }
}
