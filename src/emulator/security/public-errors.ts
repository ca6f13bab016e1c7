/**
 * What a failed webhook or TwiML document tells the caller (the hangup frame,
 * `GET /emulator/calls`): Twilio's error code with Twilio's title for it, and
 * nothing of the remote (no status line, content type, socket error, host,
 * port or document text), so the emulator cannot be used to probe what listens
 * where. The detail goes to the emulator's log only (the developer's console).
 */

/** Twilio's titles of the webhook and document errors (https://www.twilio.com/docs/api/errors). */
export const WEBHOOK_ERROR_TITLES: Readonly<Record<number, string>> = Object.freeze({
  11100: 'Invalid URL format',
  11200: 'HTTP retrieval failure',
  11205: 'HTTP connection failure',
  11206: 'HTTP protocol violation',
  11210: 'HTTP bad host name',
  11220: 'SSL/TLS Handshake Error',
  12100: 'Document parse failure',
  12200: 'Schema validation warning',
  12300: 'Invalid Content-Type',
  12400: 'Internal Failure',
});

/** The error a caller sees for a webhook/document failure with this code (the title only). */
export function publicWebhookError(code: number): { code: number; message: string } {
  const title = WEBHOOK_ERROR_TITLES[code];
  return title ? { code, message: title } : { code: 12400, message: WEBHOOK_ERROR_TITLES[12400] };
}
