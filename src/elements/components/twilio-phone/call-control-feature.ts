/**
 * Call control's code, loaded by `<twilio-phone>` only when it has a `call-control-url` (a lazy
 * chunk, asked for beside the SDK chunk): the controller with its reducer and parsers, the
 * section's forms and templates, and its styles.
 */
import { addDefaults } from './twilio-phone-defaults.js';
import { CALL_CONTROL_STRINGS } from './twilio-phone-call-control.strings.js';

export { CallControlSection } from './twilio-phone-call-control-section.js';

// The chunk's words, known before anything of it renders.
addDefaults(CALL_CONTROL_STRINGS);
