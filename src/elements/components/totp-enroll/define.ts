import { defineElement } from '../define-element.js';
// The first code is taken by a <totp-verify> inside the element.
import '../totp-verify/define.js';
import { TotpEnroll } from './totp-enroll.js';

export { TotpEnroll };

defineElement('totp-enroll', TotpEnroll);

declare global {
  interface HTMLElementTagNameMap {
    'totp-enroll': TotpEnroll;
  }
}
