// First: an autostart phone's token request and socket start before the rest is evaluated.
import '../../boot.js';
import { TwilioPhone } from './twilio-phone.js';

export { TwilioPhone };
TwilioPhone.define();
