import { TwilioPhone } from './twilio-phone.js';

export { TwilioPhone };
TwilioPhone.define();
