/**
 * The CDN entry (`dist/cdn/twilio-widgets.js`, built apart by rollup.config.mjs): the boot module,
 * inlined in this small file, so an autostart phone's token request and signaling socket start as
 * soon as these few bytes are here; then every element and Lit (`twilio-widgets-elements.js`),
 * requested from here at once, whose exports this module re-exports (a top-level await: an importer
 * gets the classes defined, as before).
 */
// The entry's additions to the boot module first: a phone already in the document gets them.
import './cdn-boot.js';
import './boot.js';
import type * as cdn from './cdn.js';

const elements = await import('./index.js');

export const {
  CALL_CONTROL_CODES,
  CallControlError,
  DEFAULT_LIVENESS_POLICY,
  DEVICE_STATUS_STRINGS,
  DeviceStatus,
  ENROLL_STATES,
  PHONE_STATES,
  PHONE_STATE_REASONS,
  PreflightError,
  QUALITY_LEVELS,
  TOTP_DEFAULT_STRINGS,
  TOTP_ENROLL_STRINGS,
  TWILIO_PHONE_STRINGS,
  TotpEnroll,
  TotpEnrollCreatedEvent,
  TotpEnrollErrorEvent,
  TotpEnrollSendEvent,
  TotpEnrollVerifiedEvent,
  TotpVerify,
  TotpVerifyResultEvent,
  TotpVerifySendEvent,
  TotpVerifySuccessEvent,
  TwilioPhone,
  TwilioPhoneAudioBlockedEvent,
  TwilioPhoneBadCredentialsEvent,
  TwilioPhoneCallControlEvent,
  TwilioPhoneCallQualityEvent,
  TwilioPhoneCallStateChangeEvent,
  TwilioPhoneErrorEvent,
  TwilioPhoneIncomingEvent,
  TwilioPhoneNoiseSuppressionChangeEvent,
  TwilioPhoneParticipantsChangeEvent,
  TwilioPhonePreflightEvent,
  TwilioPhonePreflightFailedEvent,
  TwilioPhonePreflightStateChangeEvent,
  TwilioPhoneQualityWarningEvent,
  TwilioPhoneStateChangeEvent,
} = elements;

// Every value `index.ts` exports is re-exported above: a new one fails to compile here until listed.
type Listed = keyof typeof cdn;
export type CdnExportsComplete = Exclude<keyof typeof elements, Listed> extends never ? true : never;
const complete: CdnExportsComplete = true;
void complete;
