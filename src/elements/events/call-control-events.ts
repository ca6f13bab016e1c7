/**
 * The events of `<twilio-phone>`'s call control, apart from events.ts (which re-exports them): only
 * the call-control chunk dispatches them, and a bundler keeps a module shared by an entry and a
 * chunk whole, in the entry's code.
 */
import type { CallControlErrorInfo } from '../core/call-control-error.js';
import type { Participant } from '../core/call-control-messages.js';
import type { CallControlAction } from '../core/call-control-machine.js';
import { WidgetEvent } from './widget-event.js';

export interface PhoneParticipantsChangeDetail {
  /** the parties of the call in front, as `participants` returns them */
  participants: Participant[];
}
/** `call-control-url`: the call's participants changed (an action's answer or the server's call message, whichever is newer). */
export class TwilioPhoneParticipantsChangeEvent extends WidgetEvent<PhoneParticipantsChangeDetail> {
  static get eventName(): 'twilio-phone-participants-change' {
    return 'twilio-phone-participants-change';
  }
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
  static get eventName(): 'twilio-phone-call-control' {
    return 'twilio-phone-call-control';
  }
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
