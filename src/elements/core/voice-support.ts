/**
 * The wording of what the browser lacks for Twilio Voice; the check itself is in
 * voice-capabilities.ts (small: the boot module runs it too).
 */
import type { VoiceSupport } from './voice-capabilities.js';

export { checkVoiceSupport, type VoiceCapability, type VoiceGlobals, type VoiceSupport } from './voice-capabilities.js';

/** The wording of the message; `<twilio-phone>` takes these from its `strings`. */
export const VOICE_SUPPORT_STRINGS = {
  /** `{missing}`: the clauses below, joined with "; " */
  unsupportedBrowser: 'This browser cannot place calls: {missing}.',
  missingWebRTC: 'WebRTC (RTCPeerConnection) is not available',
  missingMicrophone: 'microphone access (navigator.mediaDevices.getUserMedia) is not available',
  missingMicrophoneInsecure: 'microphone access (navigator.mediaDevices.getUserMedia) needs a secure page (HTTPS)',
};
export type VoiceSupportStrings = typeof VOICE_SUPPORT_STRINGS;

/** One sentence naming every missing capability. */
export function describeMissingCapabilities(support: VoiceSupport, strings: VoiceSupportStrings = VOICE_SUPPORT_STRINGS): string {
  const clauses = support.missing.map((capability) =>
    capability === 'webrtc' ? strings.missingWebRTC : support.insecureContext ? strings.missingMicrophoneInsecure : strings.missingMicrophone,
  );
  return strings.unsupportedBrowser.replace('{missing}', clauses.join('; '));
}
