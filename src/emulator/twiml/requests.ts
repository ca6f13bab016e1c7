/**
 * The parameters of Twilio's webhook requests for a call's TwiML, and how
 * the call ends when its document is over. Pure functions.
 */
import type { CallHandle, DialOutcome, DialStatus } from '../voice/call-handle.js';
import { CALL_ERRORS, type CallError, type CallState } from '../voice/types.js';
import type { EmulatorPhoneNumber } from './applications.js';

/** A call that reached one of the account's numbers (a <Dial><Number> to it): its document runs for the same caller. */
export interface NumberLeg {
  number: EmulatorPhoneNumber;
  sid: string;
  from: string;
  /** STIR/SHAKEN: a caller ID that is one of the account's numbers gets full attestation. */
  stirStatus?: string;
}

type Pairs = Array<[string, string]>;

/** The application's request: the outgoing call as an inbound one to the app, with the call's custom parameters. */
export function applicationParams(call: Pick<CallHandle, 'accountSid' | 'sid' | 'answered' | 'from' | 'params'>, applicationSid: string, extra: Pairs): Pairs {
  const custom = Object.entries(call.params).filter(([k]) => k !== 'To');
  return [
    ['AccountSid', call.accountSid],
    // An inbound call to a number (POST /emulator/inbound) runs no application.
    ...(applicationSid ? ([['ApplicationSid', applicationSid]] as Pairs) : []),
    ['ApiVersion', '2010-04-01'],
    ['CallSid', call.sid],
    ['CallStatus', call.answered ? 'in-progress' : 'ringing'],
    ['Direction', 'inbound'],
    ['From', call.from],
    ['Caller', call.from],
    ['To', call.params.To ?? ''],
    ['Called', call.params.To ?? ''],
    ...custom,
    ...extra,
  ];
}

/** A number's request: an inbound call to the number, from the caller ID. */
export function numberParams(call: Pick<CallHandle, 'accountSid'>, leg: NumberLeg, extra: Pairs): Pairs {
  return [
    ['AccountSid', call.accountSid],
    ['ApiVersion', '2010-04-01'],
    ['CallSid', leg.sid],
    ['CallStatus', 'ringing'],
    ['Direction', 'inbound'],
    ['From', leg.from],
    ['Caller', leg.from],
    ['To', leg.number.phoneNumber],
    ['Called', leg.number.phoneNumber],
    ...(leg.stirStatus ? ([['StirVerstat', leg.stirStatus]] as Pairs) : []),
    ...extra,
  ];
}

const AFTER_DIAL: Record<DialStatus, (d: DialOutcome) => { state: CallState; error?: CallError }> = {
  completed: () => ({ state: 'completed' }),
  busy: () => ({ state: 'busy', error: CALL_ERRORS.busy }),
  'no-answer': () => ({ state: 'no-answer', error: CALL_ERRORS.unavailable }),
  failed: (d) => ({ state: 'failed', error: d.error ?? CALL_ERRORS.notFound }),
  canceled: () => ({ state: 'canceled' }),
};

/** End of the document: Twilio hangs up. An unanswered caller whose last <Dial> failed hears why. */
export function endOfDocument(answered: boolean, lastDial: DialOutcome | null): { state: CallState; error?: CallError } {
  if (answered) return { state: 'completed' };
  if (!lastDial) return { state: 'canceled' };
  return AFTER_DIAL[lastDial.status](lastDial);
}
