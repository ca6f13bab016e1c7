// `<totp-verify>` (the first code is taken by one inside the element) is registered by TotpEnroll.define().
import { TotpEnroll } from './totp-enroll.js';

export { TotpEnroll };

TotpEnroll.define();
