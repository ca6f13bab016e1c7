/** Every state a `<twilio-phone>` can be in (docs/contract.md#3-twilio-phone). */
export const PHONE_STATES = ['idle', 'fetching-token', 'registering', 'ready', 'busy', 'offline', 'standby', 'bad-credentials', 'error'] as const;

export type PhoneState = (typeof PHONE_STATES)[number];

export function isPhoneState(value: unknown): value is PhoneState {
  return typeof value === 'string' && (PHONE_STATES as readonly string[]).includes(value);
}

/** An error as pages see it: a Twilio code when there is one, and a readable message. */
export interface PhoneError {
  code?: number;
  message: string;
  /** the HTTP status of the token URL's answer (or of a `fetchToken()` rejection), when there was one */
  status?: number;
  /** seconds the server asked to wait before trying again (a 429's `Retry-After`) */
  retryAfter?: number;
}

/** Where a credentials failure was detected: the token URL, the page's `fetchToken()`, or Twilio itself. */
export type BadCredentialsSource = 'token-url' | 'fetch-token' | 'twilio';

/**
 * Every `reason` of a `twilio-phone-state-change`: why the state changed (docs/elements/twilio-phone.md#state-change-reasons).
 * A state change without a reason is one of the machine's settling moves.
 */
export const PHONE_STATE_REASONS = [
  'started',
  'stopped',
  'token-received',
  'token-url-refused',
  'fetch-token-refused',
  'token-url-failed',
  'fetch-token-failed',
  'no-token-source',
  'token-expired',
  'token-malformed',
  'registered',
  'reconnected',
  'signaling-lost',
  'twilio-rejected-token',
  'twilio-rejected-fresh-token',
  'register-timeout',
  'unsupported-browser',
  'sdk-load-failed',
  'microphone-denied',
  'microphone-unavailable',
  'call-started',
  'call-ended',
  'page-resumed',
  'clock-gap',
  'page-visible',
  'another-tab',
  'leader',
] as const;

export type PhoneStateReason = (typeof PHONE_STATE_REASONS)[number];

/** The reasons of a terminal failure found outside the SDK and the token source (`error`). */
export type PhoneFailReason = Extract<PhoneStateReason, 'unsupported-browser' | 'sdk-load-failed' | 'microphone-denied' | 'microphone-unavailable'>;

/** "code: message" for display, without repeating a code the message already names (the SDK's do). */
export function describeError(error: PhoneError): string {
  if (error.code === undefined || error.message.includes(String(error.code))) return error.message;
  return `${error.code}: ${error.message}`;
}
