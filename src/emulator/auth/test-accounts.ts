/**
 * The emulator's built-in account: what the demo and the tests use when no
 * real Twilio credentials are configured. These are made-up values that only
 * the local emulator accepts; they are not Twilio secrets.
 */
export interface EmulatorApiKey {
  sid: string;
  secret: string;
}

export interface EmulatorAccount {
  accountSid: string;
  authToken: string;
  apiKeys: EmulatorApiKey[];
  /** TwiML app SID put in tokens' outgoing grant. */
  twimlAppSid: string;
  /** Verify service SID the TOTP API answers for. */
  verifyServiceSid: string;
  /** Friendly name, used as the TOTP issuer. */
  friendlyName: string;
}

export const DEFAULT_ACCOUNT: EmulatorAccount = {
  accountSid: 'AC' + '0e'.repeat(16),
  authToken: 'emulator-auth-token-' + 'a1'.repeat(6),
  apiKeys: [{ sid: 'SK' + '5e'.repeat(16), secret: 'emulator-api-secret-' + 'b2'.repeat(6) }],
  twimlAppSid: 'AP' + 'a9'.repeat(16),
  verifyServiceSid: 'VA' + 'fe'.repeat(16),
  friendlyName: 'twilio-widgets emulator',
};
