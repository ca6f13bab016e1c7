/**
 * Client identities as Twilio accepts them (error 31105, "Invalid client
 * name"): at most 256 characters, and no control, space, delimiter
 * (`<>#%"`) or unwise (`{}|\^[]` and backquote) characters. `Anonymous` is
 * what a token without an identity calls from.
 */
export const MAX_IDENTITY_LENGTH = 256;
export const ANONYMOUS_IDENTITY = 'Anonymous';

export const INVALID_CLIENT_NAME = { code: 31105, message: 'Invalid client name' } as const;

// eslint-disable-next-line no-control-regex -- control characters are what Twilio refuses in a client name
const FORBIDDEN = /[\u0000-\u0020\u007f<>#%"{}|\\^[\]`]/u;

/** Why an identity is not a valid Twilio client name, or null when it is. */
export function identityProblem(identity: string): string | null {
  if (identity.length === 0) return 'the client name is empty';
  if ([...identity].length > MAX_IDENTITY_LENGTH) return `the client name is longer than ${MAX_IDENTITY_LENGTH} characters`;
  const bad = FORBIDDEN.exec(identity);
  if (bad) return `the client name contains ${JSON.stringify(bad[0])} (no control, space, delimiter or unwise characters)`;
  return null;
}
