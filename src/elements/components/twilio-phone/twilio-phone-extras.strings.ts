/**
 * `<twilio-phone>`'s defaults for the call quality view and the pre-call test's results (part of
 * `TWILIO_PHONE_STRINGS`, overridable through `strings`): the extras chunk adds them
 * (twilio-phone-extras-feature.ts) before anything of it renders.
 */
import { PREFLIGHT_RESULT_STRINGS, QUALITY_LEVEL_STRINGS, QUALITY_WARNING_STRINGS } from '../../core/quality-strings.js';

export const EXTRAS_STRINGS = /* @__PURE__ */ Object.assign({}, QUALITY_LEVEL_STRINGS, QUALITY_WARNING_STRINGS, PREFLIGHT_RESULT_STRINGS);
export type ExtrasStrings = typeof EXTRAS_STRINGS;
