/**
 * Call control's code, loaded by `<twilio-phone>` only when it has a `call-control-url` (a lazy
 * chunk, asked for beside the SDK chunk): the controller with its reducer and parsers, the
 * section's forms and templates, and its styles.
 */
export { CallControlSection } from './twilio-phone-call-control-section.js';
