import { defineElement } from '../define-element.js';
import { TwilioPhone } from './twilio-phone.js';

export { TwilioPhone };
defineElement('twilio-phone', TwilioPhone);

declare global {
  interface HTMLElementTagNameMap {
    'twilio-phone': TwilioPhone;
  }
}
