/**
 * `<twilio-phone>`'s call view (a lazy chunk, asked for beside the SDK chunk and awaited with it):
 * the calls, the dial form, the call's rows, the device pickers, and their styles.
 */
export { CallViewSection } from './twilio-phone-call-view.js';
