/**
 * `<twilio-phone>`'s call view's defaults (part of `TWILIO_PHONE_STRINGS`, overridable through
 * `strings`): the call view's chunk adds them (call-view-feature.ts) before anything of it renders.
 */
import { MICROPHONE_DENIED_MESSAGE, MICROPHONE_UNAVAILABLE_MESSAGE } from '../../core/microphone-messages.js';
import { CALL_OUTCOME_STRINGS } from '../../core/call-outcome.js';
import { SOUND_STRINGS } from './twilio-phone-sound-rows.strings.js';

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
    /** shown after the tab did not run for a while (frozen by the browser, the computer asleep); `{seconds}` is how long */
    pausedHint: 'This tab was paused for {seconds} s. Calls in that time may have been missed.',
    dismiss: 'Dismiss',
    /** `single-tab`: explains `standby` */
    standbyHint: 'Calls ring in the other tab. Use this tab instead?',
    takeOver: 'Use here',
    /** `notify`: the button that asks for notification permission */
    enableNotifications: 'Notify me of calls in the background',
    notificationsBlocked: 'Notifications are blocked, so a call in a background tab only rings.',
  },
  CALL_OUTCOME_STRINGS,
  // The sound rows (Silence, Test speaker, Copy diagnostics, Enable sound) render with the call view.
  SOUND_STRINGS,
);
export type CallViewStrings = typeof CALL_VIEW_STRINGS;
