/**
 * Defines all three elements (the script-tag entry) and re-exports their classes and event types.
 */
export { TwilioPhone, TWILIO_PHONE_STRINGS } from './components/twilio-phone/define.js';
export { DeviceStatus } from './components/device-status/define.js';
export { TotpVerify } from './components/totp-verify/define.js';
export * from './events.js';
export type { PhoneState, PhoneError, BadCredentialsSource } from './core/phone-state.js';
export { PHONE_STATES } from './core/phone-state.js';
export type { TotpOutcome } from './core/totp-outcome.js';
