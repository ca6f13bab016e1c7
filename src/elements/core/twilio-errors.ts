/**
 * What a Twilio Voice SDK error means for the phone. Codes come from the SDK's
 * TwilioError (`code`) and, with enableImprovedSignalingErrorPrecision, the
 * gateway's own code in `originalError.code` (research/voice-sdk.md section 2).
 */
import type { PhoneInput } from './phone-machine.js';

export type ErrorClass =
  /** the credentials behind the token are wrong */
  | 'credentials'
  /** the token expired: wrong credentials only if the token was just fetched */
  | 'token-expired'
  /** network or gateway trouble: never credentials */
  | 'transport'
  /** microphone denied or unavailable */
  | 'media-permission'
  | 'other';

const CREDENTIAL_CODES = new Set([20101, 20151, 31201, 31202, 31203, 31204, 31207, 31102]);
const EXPIRED_CODES = new Set([20104, 31205]);
const TRANSPORT_CODES = new Set([31005, 31009, 53000, 53001, 31003]);
const MEDIA_PERMISSION_CODES = new Set([31401, 31402, 31208]);

export interface SdkErrorLike {
  code?: unknown;
  message?: unknown;
  /** `{code?}` when the SDK wraps a gateway error; anything else otherwise */
  originalError?: unknown;
}

function numericCode(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The gateway's own code when the SDK wrapped it, else the SDK's code. */
export function originalCodeOf(error: SdkErrorLike): number | undefined {
  const original = error.originalError;
  if (original && typeof original === 'object' && 'code' in original) {
    return numericCode((original as { code?: unknown }).code);
  }
  return undefined;
}

export function classifyTwilioError(error: SdkErrorLike): ErrorClass {
  const code = numericCode(error.code);
  const original = originalCodeOf(error);
  // An auth cause inside a generic wrapper (53000 etc.) still means credentials.
  for (const c of [original, code]) {
    if (c === undefined) continue;
    if (CREDENTIAL_CODES.has(c)) return 'credentials';
    if (EXPIRED_CODES.has(c)) return 'token-expired';
  }
  for (const c of [code, original]) {
    if (c === undefined) continue;
    if (MEDIA_PERMISSION_CODES.has(c)) return 'media-permission';
    if (TRANSPORT_CODES.has(c)) return 'transport';
  }
  return 'other';
}

/** A plain `{code, message}` for events and the UI; never carries the SDK object. */
export function toPhoneError(error: SdkErrorLike, fallback = 'Unknown error'): { code?: number; message: string } {
  let code = numericCode(error.code);
  let message = typeof error.message === 'string' && error.message ? error.message : fallback;
  // A generic wrapper (53000) around an auth cause: the cause's code is the one a page can act on.
  const original = originalCodeOf(error);
  const decisive = (c: number | undefined) => c !== undefined && (CREDENTIAL_CODES.has(c) || EXPIRED_CODES.has(c));
  if (decisive(original) && !decisive(code)) {
    code = original;
    const originalMessage = (error.originalError as { message?: unknown }).message;
    if (typeof originalMessage === 'string' && originalMessage) message = originalMessage;
  }
  return code === undefined ? { message } : { code, message };
}

/** The phone machine's input for an SDK error (core/phone-machine.ts): its class and its plain `{code, message}`. */
export function sdkErrorInput(error: SdkErrorLike): Extract<PhoneInput, { type: 'sdk-error' }> {
  return { type: 'sdk-error', kind: classifyTwilioError(error), error: toPhoneError(error) };
}
