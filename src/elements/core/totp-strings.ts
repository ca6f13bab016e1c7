/** Every text `<totp-verify>` shows, in English: the form's own (totp-code.ts) and the answers' (totp-outcome.ts). */
import { TOTP_FORM_STRINGS, type TotpStrings } from './totp-code.js';
import { TOTP_ANSWER_STRINGS } from './totp-outcome.js';

/** Every text `<totp-verify>` shows, in English; override any of them with its `strings` property. */
export const TOTP_DEFAULT_STRINGS: Readonly<TotpStrings> = Object.freeze({ ...TOTP_FORM_STRINGS, ...TOTP_ANSWER_STRINGS });
