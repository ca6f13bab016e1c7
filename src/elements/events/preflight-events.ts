/**
 * The events of `<twilio-phone>`'s pre-call test and call quality, apart from events.ts (which
 * re-exports them): only their lazy chunk (twilio-phone-extras-feature.ts) dispatches them, and a
 * bundler keeps a module shared by an entry and a chunk whole, in the entry's code.
 */
import type { CallQuality } from '../core/call-quality.js';
import type { PreflightState } from '../core/preflight-machine.js';
import type { PreflightFailure, PreflightReport } from '../core/preflight-report.js';
import { WidgetEvent } from './widget-event.js';

/** Where a `twilio-phone-preflight-state-change` moves: see `PreflightState`. */
export interface PhonePreflightStateChangeDetail {
  state: PreflightState;
  previousState: PreflightState;
}
/** Progress of the pre-call test (`preflight()`): connecting, measuring, completed, failed; idle after a stop. */
export class TwilioPhonePreflightStateChangeEvent extends WidgetEvent<PhonePreflightStateChangeDetail> {
  static get eventName(): 'twilio-phone-preflight-state-change' {
    return 'twilio-phone-preflight-state-change';
  }
  constructor(detail: PhonePreflightStateChangeDetail) {
    super(TwilioPhonePreflightStateChangeEvent.eventName, detail);
  }
}

/** The pre-call test finished: its report. */
export class TwilioPhonePreflightEvent extends WidgetEvent<PreflightReport> {
  static get eventName(): 'twilio-phone-preflight' {
    return 'twilio-phone-preflight';
  }
  constructor(detail: PreflightReport) {
    super(TwilioPhonePreflightEvent.eventName, detail);
  }
}

/** The pre-call test failed (or was stopped: reason `cancelled`). The phone itself is not affected. */
export class TwilioPhonePreflightFailedEvent extends WidgetEvent<PreflightFailure> {
  static get eventName(): 'twilio-phone-preflight-failed' {
    return 'twilio-phone-preflight-failed';
  }
  constructor(detail: PreflightFailure) {
    super(TwilioPhonePreflightFailedEvent.eventName, detail);
  }
}

/** The call's quality over the last second, at most once a second while a call is up. */
export class TwilioPhoneCallQualityEvent extends WidgetEvent<CallQuality> {
  static get eventName(): 'twilio-phone-call-quality' {
    return 'twilio-phone-call-quality';
  }
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
