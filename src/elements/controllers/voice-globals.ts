/** The page's Voice globals, for the support check (core/voice-capabilities.ts); apart from voice-device.ts so the boot module can read them. */
/** What the page offers for Voice, read at each start (a page may polyfill or remove things). */
export function voiceGlobals() {
  const nav = navigator as Navigator & Record<'webkitGetUserMedia' | 'mozGetUserMedia' | 'getUserMedia', unknown>;
  return {
    RTCPeerConnection: (globalThis as Record<string, unknown>).RTCPeerConnection,
    webkitRTCPeerConnection: (globalThis as Record<string, unknown>).webkitRTCPeerConnection,
    mediaDevices: nav.mediaDevices,
    legacyGetUserMedia: nav.getUserMedia ?? nav.webkitGetUserMedia ?? nav.mozGetUserMedia,
    isSecureContext: globalThis.isSecureContext,
  };
}
