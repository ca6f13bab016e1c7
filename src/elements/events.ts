/**
 * Typed DOM events of every element (the TOTP elements' in totp-events.ts, re-exported here).
 * All bubble and cross shadow roots (`composed`), carry a plain `detail`, and never fire for a
 * property the page set.
 */
import type { BadCredentialsSource, PhoneError, PhoneState, PhoneStateReason } from './core/phone-state.js';

export type { BadCredentialsSource, PhoneStateReason } from './core/phone-state.js';
export { PHONE_STATE_REASONS } from './core/phone-state.js';
import type { CallQuality } from './core/call-quality.js';
import type { PreflightState } from './core/preflight-machine.js';
import type { PreflightFailure, PreflightReport } from './core/preflight-report.js';
import type { CallControlErrorInfo } from './core/call-control-error.js';
import type { Participant } from './core/call-control-messages.js';
import type { CallControlAction } from './core/call-control-machine.js';
import { WidgetEvent } from './widget-event.js';

export type { CallControlErrorInfo } from './core/call-control-error.js';
export type { Participant, ParticipantRole } from './core/call-control-messages.js';
export type { CallControlAction, TransferMode } from './core/call-control-machine.js';
// The TOTP elements' events live apart, so a page with only those elements loads none of the phone's.
export * from './totp-events.js';

export interface PhoneStateChangeDetail {
  state: PhoneState;
  previousState: PhoneState;
  /** why the state changed; see `PHONE_STATE_REASONS` and docs/elements/twilio-phone.md#state-change-reasons */
  reason?: PhoneStateReason;
  error?: PhoneError;
}
/** Every change of `<twilio-phone>`'s `state`. */
export class TwilioPhoneStateChangeEvent extends WidgetEvent<PhoneStateChangeDetail> {
  static readonly eventName = 'twilio-phone-state-change';
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
  static readonly eventName = 'twilio-phone-bad-credentials';
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
  static readonly eventName = 'twilio-phone-error';
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
  static readonly eventName = 'twilio-phone-incoming';
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
  static readonly eventName = 'twilio-phone-call-state-change';
  constructor(detail: PhoneCallStateChangeDetail) {
    super(TwilioPhoneCallStateChangeEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'twilio-phone-state-change': TwilioPhoneStateChangeEvent;
    'twilio-phone-bad-credentials': TwilioPhoneBadCredentialsEvent;
    'twilio-phone-error': TwilioPhoneErrorEvent;
    'twilio-phone-incoming': TwilioPhoneIncomingEvent;
    'twilio-phone-call-state-change': TwilioPhoneCallStateChangeEvent;
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
  static readonly eventName = 'twilio-phone-quality-warning';
  constructor(detail: PhoneQualityWarningDetail) {
    super(TwilioPhoneQualityWarningEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'twilio-phone-quality-warning': TwilioPhoneQualityWarningEvent;
  }
}

/** Where a `twilio-phone-preflight-state-change` moves: see `PreflightState`. */
export interface PhonePreflightStateChangeDetail {
  state: PreflightState;
  previousState: PreflightState;
}
/** Progress of the pre-call test (`preflight()`): connecting, measuring, completed, failed; idle after a stop. */
export class TwilioPhonePreflightStateChangeEvent extends WidgetEvent<PhonePreflightStateChangeDetail> {
  static readonly eventName = 'twilio-phone-preflight-state-change';
  constructor(detail: PhonePreflightStateChangeDetail) {
    super(TwilioPhonePreflightStateChangeEvent.eventName, detail);
  }
}

/** The pre-call test finished: its report. */
export class TwilioPhonePreflightEvent extends WidgetEvent<PreflightReport> {
  static readonly eventName = 'twilio-phone-preflight';
  constructor(detail: PreflightReport) {
    super(TwilioPhonePreflightEvent.eventName, detail);
  }
}

/** The pre-call test failed (or was stopped: reason `cancelled`). The phone itself is not affected. */
export class TwilioPhonePreflightFailedEvent extends WidgetEvent<PreflightFailure> {
  static readonly eventName = 'twilio-phone-preflight-failed';
  constructor(detail: PreflightFailure) {
    super(TwilioPhonePreflightFailedEvent.eventName, detail);
  }
}

/** The call's quality over the last second, at most once a second while a call is up. */
export class TwilioPhoneCallQualityEvent extends WidgetEvent<CallQuality> {
  static readonly eventName = 'twilio-phone-call-quality';
  constructor(detail: CallQuality) {
    super(TwilioPhoneCallQualityEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'twilio-phone-preflight-state-change': TwilioPhonePreflightStateChangeEvent;
    'twilio-phone-preflight': TwilioPhonePreflightEvent;
    'twilio-phone-preflight-failed': TwilioPhonePreflightFailedEvent;
    'twilio-phone-call-quality': TwilioPhoneCallQualityEvent;
  }
}

export interface PhoneParticipantsChangeDetail {
  /** the parties of the call in front, as `participants` returns them */
  participants: Participant[];
}
/** `call-control-url`: the call's participants changed (an action's answer or the server's call message, whichever is newer). */
export class TwilioPhoneParticipantsChangeEvent extends WidgetEvent<PhoneParticipantsChangeDetail> {
  static readonly eventName = 'twilio-phone-participants-change';
  constructor(detail: PhoneParticipantsChangeDetail) {
    super(TwilioPhoneParticipantsChangeEvent.eventName, detail);
  }
}

export interface PhoneCallControlDetail {
  /** the action as posted to `call-control-url`: `hold`, `unhold`, `transfer`, `complete-transfer`, `cancel-transfer`, `add`, `remove`, `participants` (the re-sync when a call connects) */
  action: CallControlAction;
  outcome: 'done' | 'failed';
  /** on `failed`: the server's `{code, message}`, or the phone's own code (`call-control-busy`, `call-control-network`, `call-control-timeout`, `call-control-bad-response`, `call-control-unavailable`) */
  error?: CallControlErrorInfo;
}
/** `call-control-url`: a call-control action finished. A failed action leaves the call as it was. */
export class TwilioPhoneCallControlEvent extends WidgetEvent<PhoneCallControlDetail> {
  static readonly eventName = 'twilio-phone-call-control';
  constructor(detail: PhoneCallControlDetail) {
    super(TwilioPhoneCallControlEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'twilio-phone-participants-change': TwilioPhoneParticipantsChangeEvent;
    'twilio-phone-call-control': TwilioPhoneCallControlEvent;
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
  static readonly eventName = 'twilio-phone-noise-suppression-change';
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
  static readonly eventName = 'twilio-phone-audio-blocked';
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
