import { TwilioPhone } from './twilio-phone.js';

export { TwilioPhone };
TwilioPhone.define();

declare global {
  interface HTMLElementTagNameMap {
    'twilio-phone': TwilioPhone;
  }
}
