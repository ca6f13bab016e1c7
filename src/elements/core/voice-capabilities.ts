/**
 * Whether the browser can run Twilio Voice, and what it lacks if not (pure: the
 * caller hands in what the globals offer). The test mirrors the SDK's
 * `Device.isSupported` (rtcpc.ts `RTCPC.test`: some getUserMedia and some
 * RTCPeerConnection), but names the missing piece, so the phone can say so
 * before it asks for a token it could not use. Real cases: WebKitGTK builds
 * without WebRTC, locked-down kiosks and webviews, and plain-http pages, where
 * `navigator.mediaDevices` is undefined.
 */

export type VoiceCapability = 'webrtc' | 'microphone';

/** What the page's globals offer, as read from `window` and `navigator`. */
export interface VoiceGlobals {
  RTCPeerConnection?: unknown;
  webkitRTCPeerConnection?: unknown;
  /** `navigator.mediaDevices` */
  mediaDevices?: { getUserMedia?: unknown } | null;
  /** `navigator.getUserMedia`, `webkitGetUserMedia` or `mozGetUserMedia`, whichever exists */
  legacyGetUserMedia?: unknown;
  /** `window.isSecureContext`; browsers hide `mediaDevices` outside secure contexts */
  isSecureContext?: boolean;
}

export interface VoiceSupport {
  /** empty when the browser can place and receive calls */
  missing: VoiceCapability[];
  /** the microphone is missing because the page is not a secure context */
  insecureContext: boolean;
}

const isFunction = (v: unknown) => typeof v === 'function';

export function checkVoiceSupport(g: VoiceGlobals): VoiceSupport {
  const missing: VoiceCapability[] = [];
  if (!isFunction(g.RTCPeerConnection) && !isFunction(g.webkitRTCPeerConnection)) missing.push('webrtc');
  if (!isFunction(g.mediaDevices?.getUserMedia) && !isFunction(g.legacyGetUserMedia)) missing.push('microphone');
  return { missing, insecureContext: missing.includes('microphone') && g.isSecureContext === false };
}
