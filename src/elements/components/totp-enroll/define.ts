// `<totp-verify>` (the first code is taken by one inside the element) is registered by TotpEnroll.define();
// this import brings its tag's type along.
import '../totp-verify/define.js';
import { TotpEnroll } from './totp-enroll.js';

export { TotpEnroll };

TotpEnroll.define();

declare global {
  interface HTMLElementTagNameMap {
    'totp-enroll': TotpEnroll;
  }
}
