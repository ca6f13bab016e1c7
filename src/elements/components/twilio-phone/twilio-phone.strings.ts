/**
 * Every visible string of `<twilio-phone>`, for pages (`TWILIO_PHONE_STRINGS`): the union of the
 * eager table and each lazy chunk's. No eager module imports this one, so a page that only
 * defines the element does not carry the chunks' words (an unused pure expression, dropped).
 */
import { EAGER_STRINGS, type EagerStrings } from './twilio-phone.eager-strings.js';
import { CALL_VIEW_STRINGS, type CallViewStrings } from './twilio-phone-call-view.strings.js';
import { CALL_CONTROL_STRINGS, type CallControlStrings } from './twilio-phone-call-control.strings.js';
import { EXTRAS_STRINGS, type ExtrasStrings } from './twilio-phone-extras.strings.js';
import { VOICE_SUPPORT_STRINGS, type VoiceSupportStrings } from '../../core/voice-support.js';

export type TwilioPhoneStrings = EagerStrings & CallViewStrings & CallControlStrings & ExtrasStrings & VoiceSupportStrings;

/** Every visible string of `<twilio-phone>`; override any through the `strings` property. */
export const TWILIO_PHONE_STRINGS: TwilioPhoneStrings = /* @__PURE__ */ Object.assign(
  {},
  EAGER_STRINGS,
  CALL_VIEW_STRINGS,
  CALL_CONTROL_STRINGS,
  EXTRAS_STRINGS,
  VOICE_SUPPORT_STRINGS,
);
