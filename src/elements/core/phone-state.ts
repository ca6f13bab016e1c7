/** Every state a `<twilio-phone>` can be in (DESIGN.md section 3). */
export const PHONE_STATES = [
  'idle',
  'fetching-token',
  'registering',
  'ready',
  'busy',
  'offline',
  'standby',
  'bad-credentials',
  'error',
] as const;

export type PhoneState = (typeof PHONE_STATES)[number];

export function isPhoneState(value: unknown): value is PhoneState {
  return typeof value === 'string' && (PHONE_STATES as readonly string[]).includes(value);
}

/** An error as pages see it: a Twilio code when there is one, and a readable message. */
export interface PhoneError {
  code?: number;
  message: string;
}

/** Where a credentials failure was detected. */
export type BadCredentialsSource = 'token-url' | 'twilio';

/** "code: message" for display, without repeating a code the message already names (the SDK's do). */
export function describeError(error: PhoneError): string {
  if (error.code === undefined || error.message.includes(String(error.code))) return error.message;
  return `${error.code}: ${error.message}`;
}
