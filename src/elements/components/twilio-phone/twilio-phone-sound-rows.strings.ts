/**
 * `<twilio-phone>`'s strings for the sound rows of the call view (Silence, Test speaker, Copy
 * diagnostics; part of `TWILIO_PHONE_STRINGS`, overridable through `strings`). A file of its own:
 * the call view's chunk brings them (twilio-phone-call-view.strings.ts), the eager code does not.
 */
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
