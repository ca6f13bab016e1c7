/**
 * The strings `<twilio-phone>`'s eager code shows: the states, Start, the problems, the pre-call
 * test's button, the notification's title and body. The lazy chunks bring their own defaults (call view,
 * call control, the extras' quality and pre-call results: twilio-phone-*.strings.ts) and add them
 * to twilio-phone-defaults.ts when they run; `TWILIO_PHONE_STRINGS` (twilio-phone.strings.ts) is
 * the union of all of them, for pages, and no eager module imports it.
 */
import { DEFAULT_STATE_LABELS } from '../../core/phone-labels.js';
import { PREFLIGHT_BUTTON_STRINGS } from '../../core/preflight-button-strings.js';
import { PROBLEM_STRINGS } from '../../core/phone-problems.js';
import { SOUND_BLOCKED_STRINGS } from './twilio-phone-sound.strings.js';

export const EAGER_STRINGS = {
  ...DEFAULT_STATE_LABELS,
  start: 'Start phone',
  retry: 'Try again',
  /** Start while the phone fetches a token and registers (the button stays, so focus stays on it) */
  starting: 'Starting…',
  /** the status line while a call rings; `{from}` is the caller */
  incomingCall: 'Incoming call from {from}',
  ...PROBLEM_STRINGS,
  ...PREFLIGHT_BUTTON_STRINGS,
  /** `offline` while the phone re-checks its registration after the tab was paused or hidden */
  checking: 'Checking the connection…',
  notificationTitle: 'Incoming call',
  /** `{from}` is the caller */
  notificationBody: 'Call from {from}',
  ...SOUND_BLOCKED_STRINGS,
};
export type EagerStrings = typeof EAGER_STRINGS;

/** The element's own wording: only the eager keys (a key without an eager default does not compile). */
export type EagerText = (key: keyof EagerStrings) => string;

/** A lazy chunk's wording: the eager keys and the chunk's own table `T` (which the chunk adds when it runs). */
export type ChunkText<T> = (key: keyof EagerStrings | keyof T) => string;
