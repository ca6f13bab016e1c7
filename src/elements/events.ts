/**
 * Typed DOM events of every element. All bubble and cross shadow roots
 * (`composed`), carry a plain `detail`, and never fire for a property the page set.
 * `eventName` is a static getter, not a field: with `useDefineForClassFields: false` a field
 * compiles to a static block, which bundlers keep, so every element would carry every class.
 */
import type { BadCredentialsSource, PhoneError, PhoneState, PhoneStateReason } from './core/phone-state.js';

export type { BadCredentialsSource, PhoneStateReason } from './core/phone-state.js';
export { PHONE_STATE_REASONS } from './core/phone-state.js';
import { WidgetEvent } from './events/widget-event.js';
// The events only a lazy chunk dispatches live in files of their own, re-exported here as types only: a module
// this one re-exports at runtime would be in every entry's eager code. index.ts exports their classes.
export type * from './events/preflight-events.js';
export type * from './events/call-control-events.js';
export type * from './events/call-events.js';
// The TOTP elements' events live apart too, so a page with only those elements loads none of the phone's.
export * from './events/totp-events.js';

export type { CallControlErrorInfo } from './core/call-control-error.js';
export type { Participant, ParticipantRole } from './core/call-control-messages.js';
export type { CallControlAction, TransferMode } from './core/call-control-machine.js';

export interface PhoneStateChangeDetail {
  state: PhoneState;
  previousState: PhoneState;
  /** why the state changed; see `PHONE_STATE_REASONS` and docs/elements/twilio-phone.md#state-change-reasons */
  reason?: PhoneStateReason;
  error?: PhoneError;
}
/** Every change of `<twilio-phone>`'s `state`. */
export class TwilioPhoneStateChangeEvent extends WidgetEvent<PhoneStateChangeDetail> {
  static get eventName(): 'twilio-phone-state-change' {
    return 'twilio-phone-state-change';
  }
  constructor(detail: PhoneStateChangeDetail) {
    super(TwilioPhoneStateChangeEvent.eventName, detail);
  }
}

export interface PhoneBadCredentialsDetail {
  /** `token-url`: the URL answered 401/403 or an expired token; `fetch-token`: the page's `fetchToken()` did (status 401/403, or an expired token); `twilio`: Twilio refused the token */
  source: BadCredentialsSource;
  error: PhoneError;
}
/** The phone entered `bad-credentials`. */
export class TwilioPhoneBadCredentialsEvent extends WidgetEvent<PhoneBadCredentialsDetail> {
  static get eventName(): 'twilio-phone-bad-credentials' {
    return 'twilio-phone-bad-credentials';
  }
  constructor(detail: PhoneBadCredentialsDetail) {
    super(TwilioPhoneBadCredentialsEvent.eventName, detail);
  }
}

export interface PhoneErrorDetail {
  error: PhoneError;
  fatal: boolean;
}
/** An error worth a page's attention; not repeated for the same code while the state is unchanged. */
export class TwilioPhoneErrorEvent extends WidgetEvent<PhoneErrorDetail> {
  static get eventName(): 'twilio-phone-error' {
    return 'twilio-phone-error';
  }
  constructor(detail: PhoneErrorDetail) {
    super(TwilioPhoneErrorEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'twilio-phone-state-change': TwilioPhoneStateChangeEvent;
    'twilio-phone-bad-credentials': TwilioPhoneBadCredentialsEvent;
    'twilio-phone-error': TwilioPhoneErrorEvent;
  }
}

import type { NoiseSuppressionState } from './core/noise-suppression.js';
export type { NoiseSuppressionState } from './core/noise-suppression.js';

export interface PhoneNoiseSuppressionChangeDetail {
  state: NoiseSuppressionState;
  previousState: NoiseSuppressionState;
  /** on `failed`: what went wrong (the microphone is left unprocessed) */
  error?: { message: string };
}
/** `noise-suppression`: its state changed (`off`, `loading`, `on`, `unsupported`, `failed`). */
export class TwilioPhoneNoiseSuppressionChangeEvent extends WidgetEvent<PhoneNoiseSuppressionChangeDetail> {
  static get eventName(): 'twilio-phone-noise-suppression-change' {
    return 'twilio-phone-noise-suppression-change';
  }
  constructor(detail: PhoneNoiseSuppressionChangeDetail) {
    super(TwilioPhoneNoiseSuppressionChangeEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'twilio-phone-noise-suppression-change': TwilioPhoneNoiseSuppressionChangeEvent;
  }
}
