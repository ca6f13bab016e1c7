/**
 * Call control's code, loaded by `<twilio-phone>` only when it has a `call-control-url` (a lazy
 * chunk): the controller with its reducer and parsers, and the templates of the call view.
 */
export { CallControlController } from '../../controllers/call-control.js';
export { renderCallControl, renderOtherCall } from './twilio-phone-call-control.js';
