import { defineElement } from '../define-element.js';
import { TotpVerify } from './totp-verify.js';

export { TotpVerify };

defineElement('totp-verify', TotpVerify);

declare global {
  interface HTMLElementTagNameMap {
    'totp-verify': TotpVerify;
  }
}
