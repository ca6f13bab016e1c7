/**
 * Defines every element (the script-tag entry) and re-exports their classes and event types.
 */
// First: an autostart phone's token request and socket start before the rest is evaluated.
import './boot.js';
export { TwilioPhone } from './components/twilio-phone/define.js';
export { TWILIO_PHONE_STRINGS, type TwilioPhoneStrings } from './components/twilio-phone/twilio-phone.js';
export { DeviceStatus, DEVICE_STATUS_STRINGS, type DeviceStatusStrings } from './components/device-status/define.js';
export { TotpVerify } from './components/totp-verify/define.js';
export { TotpEnroll } from './components/totp-enroll/define.js';
export { TOTP_ENROLL_STRINGS, type TotpEnrollStrings } from './components/totp-enroll/totp-enroll.js';
export type { EnrollState, EnrollStage } from './core/enroll-machine.js';
export { ENROLL_STATES } from './core/enroll-machine.js';
export * from './events.js';
export * from './events/preflight-events.js';
export * from './events/call-control-events.js';
export * from './events/call-events.js';
export type { PhoneState, PhoneError, BadCredentialsSource, PhoneStateReason } from './core/phone-state.js';
export { PHONE_STATES } from './core/phone-state.js';
export type { TotpOutcome, TotpStrings } from './core/totp-outcome.js';
export { TOTP_DEFAULT_STRINGS } from './core/totp-strings.js';
export { PreflightError } from './controllers/preflight-error.js';
export { CallControlError, CALL_CONTROL_CODES } from './core/call-control-error.js';
export type { PreflightReport, PreflightTiming, PreflightFailure, PreflightFailureReason } from './core/preflight-report.js';
export type { PreflightState } from './core/preflight-machine.js';
export type { CallQuality, QualityLevel } from './core/call-quality.js';
export { QUALITY_LEVELS } from './core/call-quality.js';
export type { LivenessPolicy } from './core/liveness-policy.js';
export { DEFAULT_LIVENESS_POLICY } from './core/liveness-policy.js';
