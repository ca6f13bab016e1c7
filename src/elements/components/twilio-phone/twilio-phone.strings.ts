/**
 * Every visible string of `<twilio-phone>`, in a module of its own: the element and its
 * templates (twilio-phone-quality.ts) both read it, and neither imports the other for it.
 */
import { DEFAULT_STATE_LABELS } from '../../core/phone-labels.js';
import { MICROPHONE_DENIED_MESSAGE, MICROPHONE_UNAVAILABLE_MESSAGE } from '../../core/microphone-messages.js';
import { PREFLIGHT_STRINGS, QUALITY_LEVEL_STRINGS, QUALITY_WARNING_STRINGS } from '../../core/quality-strings.js';
import { VOICE_SUPPORT_STRINGS } from '../../core/voice-support.js';
import { CALL_OUTCOME_STRINGS, PROBLEM_STRINGS } from '../../core/phone-problems.js';
import { SOUND_STRINGS } from './twilio-phone-sound.strings.js';

/** Every visible string of `<twilio-phone>`; override any through the `strings` property. */
export const TWILIO_PHONE_STRINGS = {
  ...DEFAULT_STATE_LABELS,
  start: 'Start phone',
  retry: 'Try again',
  /** Start while the phone fetches a token and registers (the button stays, so focus stays on it) */
  starting: 'Starting…',
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
  /** the status line while a call rings; `{from}` is the caller */
  incomingCall: 'Incoming call from {from}',
  dialing: 'Calling',
  ringing: 'Ringing',
  connected: 'Connected to',
  reconnecting: 'Connection lost, reconnecting…',
  dialpad: 'Dialpad',
  microphone: 'Microphone level',
  speaker: 'Speaker level',
  microphoneDevice: 'Microphone',
  speakerDevice: 'Speaker',
  callEnded: 'Call ended',
  dialEmpty: 'Enter a number or a client name.',
  dialNeedsE164: 'Numbers need the international format, e.g. +14155550100.',
  dialInvalid: 'Use +E.164 (e.g. +14155550100) or client:name.',
  microphoneDenied: MICROPHONE_DENIED_MESSAGE,
  microphoneUnavailable: MICROPHONE_UNAVAILABLE_MESSAGE,
  ...PROBLEM_STRINGS,
  ...CALL_OUTCOME_STRINGS,
  ...QUALITY_LEVEL_STRINGS,
  ...QUALITY_WARNING_STRINGS,
  ...PREFLIGHT_STRINGS,
  ...VOICE_SUPPORT_STRINGS,
  /** `offline` while the phone re-checks its registration after the tab was paused or hidden */
  checking: 'Checking the connection…',
  /** shown after the tab did not run for a while (frozen by the browser, the computer asleep); `{seconds}` is how long */
  pausedHint: 'This tab was paused for {seconds} s. Calls in that time may have been missed.',
  dismiss: 'Dismiss',
  /** `single-tab`: explains `standby` */
  standbyHint: 'Calls ring in the other tab. Use this tab instead?',
  takeOver: 'Use here',
  /** `notify`: the button that asks for notification permission */
  enableNotifications: 'Notify me of calls in the background',
  notificationsBlocked: 'Notifications are blocked, so a call in a background tab only rings.',
  notificationTitle: 'Incoming call',
  /** `{from}` is the caller */
  notificationBody: 'Call from {from}',
  /** `call-control-url`: the call-control group and its controls */
  callControl: 'Call control',
  hold: 'Hold',
  transfer: 'Transfer',
  transferTo: 'Transfer to',
  transferMode: 'Transfer',
  transferCold: 'Now (cold)',
  transferWarm: 'After talking to them first (warm)',
  addParticipant: 'Add',
  addTo: 'Add to the call',
  destinationPlaceholder: 'billing, +14155550100 or client:bob',
  destinationEmpty: 'Enter who to call.',
  cancel: 'Cancel',
  /** a warm transfer waits for Complete or Cancel */
  consulting: 'Talking to the transfer target; the caller is on hold.',
  completeTransfer: 'Complete transfer',
  cancelTransfer: 'Cancel transfer',
  participants: 'Participants',
  roleYou: 'You',
  roleRemote: 'caller',
  roleConsulted: 'transfer target',
  roleAdded: 'added',
  onHoldMark: 'on hold',
  mutedMark: 'muted',
  remove: 'Remove',
  /** the Remove button's accessible name; `{label}` is the participant */
  removeParticipant: 'Remove {label}',
  /** call waiting: `{from}` is the second caller */
  callWaiting: 'Call waiting: {from}',
  acceptWaiting: 'Hold and accept',
  /** call waiting: `{remote}` is the call held meanwhile */
  heldCall: 'On hold: {remote}',
  switchCall: 'Switch calls',
  /** announced in the status line when an action is done */
  announceHeld: 'Call on hold.',
  announceResumed: 'Call resumed.',
  announceTransferred: 'Call transferred.',
  announceConsulting: 'Transfer started; the caller is on hold.',
  announceTransferCompleted: 'Transfer completed.',
  announceTransferCancelled: 'Transfer cancelled; back with the caller.',
  announceAdded: 'Participant added.',
  announceRemoved: 'Participant removed.',
  /** an action failed; `{message}` is the server's message */
  announceFailed: 'Call control failed: {message}',
  ...SOUND_STRINGS,
};
export type TwilioPhoneStrings = typeof TWILIO_PHONE_STRINGS;
