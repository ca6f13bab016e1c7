/**
 * The events of `<twilio-phone>`'s calls and sound, apart from events.ts (which re-exports them as
 * types): only lazy chunks dispatch them (the call view's `controllers/call-session.ts`, the sound
 * parts' `controllers/phone-sound.ts`), and a bundler keeps a module shared by an entry and a
 * chunk whole, in the entry's code. index.ts exports the classes.
 */
import { WidgetEvent } from './widget-event.js';

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
    'twilio-phone-incoming': TwilioPhoneIncomingEvent;
    'twilio-phone-call-state-change': TwilioPhoneCallStateChangeEvent;
    'twilio-phone-quality-warning': TwilioPhoneQualityWarningEvent;
    'twilio-phone-audio-blocked': TwilioPhoneAudioBlockedEvent;
  }
}
