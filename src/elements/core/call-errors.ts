/**
 * What a Call's `error` means for the phone (pure). Microphone failures (31401 denied,
 * 31402 acquisition failed, 31208 media access denied) are terminal for the session
 * (docs/contract.md#3-twilio-phone: state `error`) and get a message a person can act on; every
 * other call error (busy, no answer, gateway hangup) ends that call only.
 */
import { classifyTwilioError, toPhoneError, type SdkErrorLike } from './twilio-errors.js';
import type { PhoneError } from './phone-state.js';
import { MICROPHONE_DENIED_MESSAGE, MICROPHONE_UNAVAILABLE_MESSAGE } from './microphone-messages.js';

export interface CallErrorDecision {
  error: PhoneError;
  /** true: the session goes to `error` (reason below); false: only this call ends */
  fatal: boolean;
  reason?: 'microphone-denied' | 'microphone-unavailable';
}

export { MICROPHONE_DENIED_MESSAGE, MICROPHONE_UNAVAILABLE_MESSAGE };

export function decideCallError(raw: unknown): CallErrorDecision {
  const e = (raw && typeof raw === 'object' ? raw : {}) as SdkErrorLike;
  const error = toPhoneError(e, 'The call failed.');
  if (classifyTwilioError(e) === 'media-permission') {
    const denied = error.code !== 31402;
    return {
      error: { ...(error.code !== undefined ? { code: error.code } : {}), message: denied ? MICROPHONE_DENIED_MESSAGE : MICROPHONE_UNAVAILABLE_MESSAGE },
      fatal: true,
      reason: denied ? 'microphone-denied' : 'microphone-unavailable',
    };
  }
  return { error, fatal: false };
}
