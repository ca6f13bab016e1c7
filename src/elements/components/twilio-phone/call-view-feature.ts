/**
 * `<twilio-phone>`'s call view (a lazy chunk, asked for beside the SDK chunk and awaited with it):
 * the calls, the dial form, the call's rows, the device pickers, and their styles.
 */
import { addDefaults } from './twilio-phone-defaults.js';
import { CALL_VIEW_STRINGS } from './twilio-phone-call-view.strings.js';

export { CallViewSection } from './twilio-phone-call-view.js';

// The chunk's words, known before anything of it renders.
addDefaults(CALL_VIEW_STRINGS);
