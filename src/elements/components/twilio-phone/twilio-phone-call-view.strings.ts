/**
 * `<twilio-phone>`'s call view's defaults (part of `TWILIO_PHONE_STRINGS`, overridable through
 * `strings`): the call view's chunk adds them (call-view-feature.ts) before anything of it renders.
 */
import { MICROPHONE_DENIED_MESSAGE, MICROPHONE_UNAVAILABLE_MESSAGE } from '../../core/microphone-messages.js';
import { CALL_OUTCOME_STRINGS } from '../../core/call-outcome.js';

export const CALL_VIEW_STRINGS = /* @__PURE__ */ Object.assign(
  {
    /** unused by the element today; kept, a page may have set it */
    stop: 'Stop',
    dialLabel: 'Number or client',
    dialPlaceholder: '+14155550100 or client:alice',
    call: 'Call',
    hangup: 'Hang up',
    accept: 'Accept',
    reject: 'Reject',
    mute: 'Mute',
    /** the mute toggle while muted (`aria-pressed="true"`) */
    unmute: 'Unmute',
    /** @deprecated unused since `incomingCall` (the status line says who calls) */
    incomingFrom: 'Incoming call from',
    dialing: 'Calling',
    ringing: 'Ringing',
    connected: 'Connected to',
    reconnecting: 'Connection lost, reconnecting…',
    dialpad: 'Dialpad',
    microphone: 'Microphone level',
    speaker: 'Speaker level',
    microphoneDevice: 'Microphone',
    speakerDevice: 'Speaker',
    /** unused by the element today (the outcome line says how the call ended) */
    callEnded: 'Call ended',
    dialEmpty: 'Enter a number or a client name.',
    dialNeedsE164: 'Numbers need the international format, e.g. +14155550100.',
    dialInvalid: 'Use +E.164 (e.g. +14155550100) or client:name.',
    microphoneDenied: MICROPHONE_DENIED_MESSAGE,
    microphoneUnavailable: MICROPHONE_UNAVAILABLE_MESSAGE,
  },
  CALL_OUTCOME_STRINGS,
);
export type CallViewStrings = typeof CALL_VIEW_STRINGS;
