import { TotpVerify } from './totp-verify.js';

export { TotpVerify };

TotpVerify.define();

declare global {
  interface HTMLElementTagNameMap {
    'totp-verify': TotpVerify;
  }
}
