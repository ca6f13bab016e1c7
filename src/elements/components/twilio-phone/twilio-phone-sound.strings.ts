/**
 * `<twilio-phone>`'s Enable sound row's strings (part of `TWILIO_PHONE_STRINGS`, overridable
 * through `strings`): the element renders it before any chunk. The other sound rows' are in
 * twilio-phone-sound-rows.strings.ts, which the call view's chunk brings.
 */
export const SOUND_BLOCKED_STRINGS = {
  /** the browser blocks sound until a click (autoplay policy) */
  audioBlocked: 'The browser is blocking sound: calls ring without a ringtone.',
  enableSound: 'Enable sound',
};
