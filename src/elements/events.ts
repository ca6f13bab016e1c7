/**
 * Typed DOM events of every element. All bubble and cross shadow roots
 * (`composed`), carry a plain `detail`, and never fire for a property the page set.
 * `eventName` is a static getter, not a field: with `useDefineForClassFields: false` a field
 * compiles to a static block, which bundlers keep, so every element would carry every class.
 */
import type { BadCredentialsSource, PhoneError, PhoneState, PhoneStateReason } from './core/phone-state.js';

export type { BadCredentialsSource, PhoneStateReason } from './core/phone-state.js';
export { PHONE_STATE_REASONS } from './core/phone-state.js';
import type { TotpOutcome } from './core/totp-outcome.js';
import type { EnrollAnswer, EnrollStage } from './core/enroll-machine.js';
import { WidgetEvent } from './events/widget-event.js';
// The events only a lazy chunk dispatches live in files of their own, re-exported here as types only: a module
// this one re-exports at runtime would be in every entry's eager code. index.ts exports their classes.
export type * from './events/preflight-events.js';
export type * from './events/call-control-events.js';

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

export interface PhoneIncomingDetail {
  from: string;
  to: string;
  params: Record<string, string>;
  /** call waiting (`call-control-url`): another call is up; `accept()` holds it and answers this one, `reject()` leaves it as it is */
  waiting: boolean;
}
/** An incoming call rings. Cancelable: `preventDefault()` rejects it. */
export class TwilioPhoneIncomingEvent extends WidgetEvent<PhoneIncomingDetail> {
  static get eventName(): 'twilio-phone-incoming' {
    return 'twilio-phone-incoming';
  }
  constructor(detail: PhoneIncomingDetail) {
    super(TwilioPhoneIncomingEvent.eventName, detail, true);
  }
}

export type CallState = 'dialing' | 'ringing' | 'connected' | 'reconnecting' | 'ended';
export type CallDirection = 'outgoing' | 'incoming';
export interface PhoneCallStateChangeDetail {
  callState: CallState;
  previousCallState: CallState | null;
  direction: CallDirection;
  remote: string;
  callSid?: string;
  /** seconds, on `ended` */
  duration?: number;
}
/** The call lifecycle: dialing, ringing, connected, reconnecting, ended. */
export class TwilioPhoneCallStateChangeEvent extends WidgetEvent<PhoneCallStateChangeDetail> {
  static get eventName(): 'twilio-phone-call-state-change' {
    return 'twilio-phone-call-state-change';
  }
  constructor(detail: PhoneCallStateChangeDetail) {
    super(TwilioPhoneCallStateChangeEvent.eventName, detail);
  }
}

export interface TotpSendDetail {
  /** the JSON body about to be posted; listeners may change it */
  body: Record<string, unknown>;
}
/** About to POST a code. Cancelable: `preventDefault()` stops the request; `detail.body` may be changed. */
export class TotpVerifySendEvent extends WidgetEvent<TotpSendDetail> {
  static get eventName(): 'totp-verify-send' {
    return 'totp-verify-send';
  }
  constructor(detail: TotpSendDetail) {
    super(TotpVerifySendEvent.eventName, detail, true);
  }
}

export interface TotpResultDetail {
  outcome: TotpOutcome;
  status?: string;
  code?: number;
  message?: string;
  /** why there was no HTTP answer, when there was none */
  failure?: 'timeout' | 'network';
  /** the parsed JSON response body, or null when there was none */
  response: unknown;
}
/** The outcome of a submitted code. */
export class TotpVerifyResultEvent extends WidgetEvent<TotpResultDetail> {
  static get eventName(): 'totp-verify-result' {
    return 'totp-verify-result';
  }
  constructor(detail: TotpResultDetail) {
    super(TotpVerifyResultEvent.eventName, detail);
  }
}

/** The code was accepted (`verified`). */
export class TotpVerifySuccessEvent extends WidgetEvent<TotpResultDetail> {
  static get eventName(): 'totp-verify-success' {
    return 'totp-verify-success';
  }
  constructor(detail: TotpResultDetail) {
    super(TotpVerifySuccessEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'twilio-phone-state-change': TwilioPhoneStateChangeEvent;
    'twilio-phone-bad-credentials': TwilioPhoneBadCredentialsEvent;
    'twilio-phone-error': TwilioPhoneErrorEvent;
    'twilio-phone-incoming': TwilioPhoneIncomingEvent;
    'twilio-phone-call-state-change': TwilioPhoneCallStateChangeEvent;
    'totp-verify-send': TotpVerifySendEvent;
    'totp-verify-result': TotpVerifyResultEvent;
    'totp-verify-success': TotpVerifySuccessEvent;
  }
}

export interface PhoneQualityWarningDetail {
  /** the SDK's warning name, e.g. `high-rtt`, `low-mos`, `high-packet-loss` */
  name: string;
  /** true when the condition has cleared */
  cleared: boolean;
}
/** A call-quality warning from the SDK was raised or cleared. */
export class TwilioPhoneQualityWarningEvent extends WidgetEvent<PhoneQualityWarningDetail> {
  static get eventName(): 'twilio-phone-quality-warning' {
    return 'twilio-phone-quality-warning';
  }
  constructor(detail: PhoneQualityWarningDetail) {
    super(TwilioPhoneQualityWarningEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'twilio-phone-quality-warning': TwilioPhoneQualityWarningEvent;
  }
}

// The <totp-enroll> events name themselves with a static getter, not a static field: a class
// without static initialisers has no side effects, so bundles without the element drop it.

export interface TotpEnrollSendDetail {
  /** `create`: the enrolment request; `verify`: a code for the new factor */
  stage: EnrollStage;
  /** the JSON body about to be posted; listeners may change it */
  body: Record<string, unknown>;
}
/** `<totp-enroll>` is about to POST. Cancelable: `preventDefault()` stops the request; `detail.body` may be changed. */
export class TotpEnrollSendEvent extends WidgetEvent<TotpEnrollSendDetail> {
  static get eventName(): 'totp-enroll-send' {
    return 'totp-enroll-send';
  }
  constructor(detail: TotpEnrollSendDetail) {
    super(TotpEnrollSendEvent.eventName, detail, true);
  }
}

export interface TotpEnrollFactorDetail {
  /** the new factor's SID (`YF…`); never the secret */
  factorSid: string;
}
/** The factor exists and its key is shown; waiting for the first code. */
export class TotpEnrollCreatedEvent extends WidgetEvent<TotpEnrollFactorDetail> {
  static get eventName(): 'totp-enroll-created' {
    return 'totp-enroll-created';
  }
  constructor(detail: TotpEnrollFactorDetail) {
    super(TotpEnrollCreatedEvent.eventName, detail);
  }
}

/** The first code verified the factor; the key is gone from the page. */
export class TotpEnrollVerifiedEvent extends WidgetEvent<TotpEnrollFactorDetail> {
  static get eventName(): 'totp-enroll-verified' {
    return 'totp-enroll-verified';
  }
  constructor(detail: TotpEnrollFactorDetail) {
    super(TotpEnrollVerifiedEvent.eventName, detail);
  }
}

export interface TotpEnrollErrorDetail extends EnrollAnswer {
  stage: EnrollStage;
  /** the factor SID when the failure concerns a created factor */
  factorSid?: string;
  /** true when the enrolment has ended (state `failed`) and must start again; false when another code may be tried */
  fatal: boolean;
}
/** The factor could not be created, or a code for it was refused. */
export class TotpEnrollErrorEvent extends WidgetEvent<TotpEnrollErrorDetail> {
  static get eventName(): 'totp-enroll-error' {
    return 'totp-enroll-error';
  }
  constructor(detail: TotpEnrollErrorDetail) {
    super(TotpEnrollErrorEvent.eventName, detail);
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

export interface PhoneAudioBlockedDetail {
  /** what could not play: `ringtone` (an incoming call rings silently) or `audio` (the phone's sounds and call audio) */
  what: 'ringtone' | 'audio';
}
/** The browser refuses to play sound until the person interacts with the page (autoplay policy); the phone shows "Enable sound". */
export class TwilioPhoneAudioBlockedEvent extends WidgetEvent<PhoneAudioBlockedDetail> {
  static get eventName(): 'twilio-phone-audio-blocked' {
    return 'twilio-phone-audio-blocked';
  }
  constructor(detail: PhoneAudioBlockedDetail) {
    super(TwilioPhoneAudioBlockedEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'twilio-phone-noise-suppression-change': TwilioPhoneNoiseSuppressionChangeEvent;
    'twilio-phone-audio-blocked': TwilioPhoneAudioBlockedEvent;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'totp-enroll-send': TotpEnrollSendEvent;
    'totp-enroll-created': TotpEnrollCreatedEvent;
    'totp-enroll-verified': TotpEnrollVerifiedEvent;
    'totp-enroll-error': TotpEnrollErrorEvent;
  }
}
