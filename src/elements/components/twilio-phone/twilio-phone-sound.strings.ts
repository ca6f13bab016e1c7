/**
 * `<twilio-phone>`'s strings for sound and support (part of `TWILIO_PHONE_STRINGS`, overridable
 * through `strings`): the Enable sound row's, which the element renders before any chunk, and the
 * rows of the call view's chunk, which brings these (twilio-phone-call-view.strings.ts).
 */
export const SOUND_BLOCKED_STRINGS = {
  /** the browser blocks sound until a click (autoplay policy) */
  audioBlocked: 'The browser is blocking sound: calls ring without a ringtone.',
  enableSound: 'Enable sound',
};

export const SOUND_STRINGS = {
  /** on a ringing incoming call: stops the ringtone, the call keeps ringing */
  silence: 'Silence',
  silenced: 'Ringtone off',
  /** beside the speaker picker: plays a short sound on it */
  testSpeaker: 'Test speaker',
  testSpeakerFailed: 'The speaker test could not play: {message}',
  /** instead of the speaker picker where the browser cannot choose outputs (no setSinkId) */
  outputSelectionUnsupported: 'This browser plays calls on the system’s default speaker; change it in your system settings.',
  copyDiagnostics: 'Copy diagnostics',
  diagnosticsCopied: 'Diagnostics copied.',
  diagnosticsCopyFailed: 'Could not copy the diagnostics: {message}',
};
