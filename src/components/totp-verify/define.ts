import { defineElement } from '../../core/define.js';
import { TotpVerify } from './totp-verify.js';

export { TotpVerify };

defineElement('totp-verify', TotpVerify);

declare global {
  interface HTMLElementTagNameMap {
    'totp-verify': TotpVerify;
  }
}
