/**
 * Defines all three elements (the script-tag entry) and re-exports their classes and event types.
 */
export { TwilioPhone } from './components/twilio-phone/define.js';
export { TWILIO_PHONE_STRINGS, type TwilioPhoneStrings } from './components/twilio-phone/twilio-phone.js';
export { DeviceStatus, DEVICE_STATUS_STRINGS, type DeviceStatusStrings } from './components/device-status/define.js';
export { TotpVerify } from './components/totp-verify/define.js';
export * from './events.js';
export type { PhoneState, PhoneError, BadCredentialsSource } from './core/phone-state.js';
export { PHONE_STATES } from './core/phone-state.js';
export type { TotpOutcome, TotpStrings } from './core/totp-outcome.js';
export { TOTP_DEFAULT_STRINGS } from './core/totp-outcome.js';
export type { LivenessPolicy } from './core/page-liveness.js';
export { DEFAULT_LIVENESS_POLICY } from './core/page-liveness.js';
