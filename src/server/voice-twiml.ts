/**
 * The voice webhook's TwiML (docs/call-control.md §2), built with twilio-node's VoiceResponse
 * (never by string concatenation): the caller's leg into the conference named for the call,
 * or a rejection. Pure: tested as a table.
 */
import twilio from 'twilio';
import { STATUS_CALLBACK_EVENTS } from './conference-ops.js';

/** `tw-<CallSid>`: the conference a call's voice webhook made. */
export const conferenceName = (callSid: string): string => `tw-${callSid}`;

/** `<Dial><Conference …>tw-<CallSid></Conference></Dial>` with the caller's leg labelled `label`. */
export function conferenceTwiml(callSid: string, label: string, statusCallbackUrl: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.dial().conference(
    {
      startConferenceOnEnter: true,
      endConferenceOnExit: true,
      participantLabel: label,
      beep: 'false',
      waitUrl: '',
      statusCallback: statusCallbackUrl,
      statusCallbackEvent: [...STATUS_CALLBACK_EVENTS],
    },
    conferenceName(callSid),
  );
  return response.toString();
}

/** `<Reject/>`: the call is refused before it is answered (nothing billed). */
export function rejectTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.reject();
  return response.toString();
}

/** Said when the other leg could not be dialled, then the call ends. */
export function failedTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say('The call could not be connected.');
  response.hangup();
  return response.toString();
}
