import { TotpVerify } from './totp-verify.js';

export { TotpVerify };

TotpVerify.define();
