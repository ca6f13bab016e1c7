// Imported before the elements by twilio-phone.no-webrtc.test.ts: removes
// WebRTC from the page as a browser built without it has none. This is a mock
// in Chromium and Firefox (they have WebRTC): the only way to reach the
// no-WebRTC case there. In Debian's WebKitGTK there is nothing to remove, and
// the same tests run against the real absence.
const NAMES = ['RTCPeerConnection', 'webkitRTCPeerConnection', 'mozRTCPeerConnection'] as const;
const globals = globalThis as unknown as Record<string, unknown>;

const saved = new Map<string, PropertyDescriptor>();
for (const name of NAMES) {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
  if (!descriptor) continue;
  saved.set(name, descriptor);
  delete globals[name];
}
if (typeof globals.RTCPeerConnection !== 'undefined') throw new Error('RTCPeerConnection could not be removed from this page');

/** Whether this module removed anything (false where the browser has no WebRTC to begin with). */
export const removedWebRTC = saved.size > 0;

/** Puts back what was removed, for a test that needs WebRTC present; returns the undo. */
export function withWebRTCRestored(): () => void {
  for (const [name, descriptor] of saved) Object.defineProperty(globalThis, name, descriptor);
  return () => {
    for (const name of saved.keys()) delete globals[name];
  };
}

/** Hides every getUserMedia of `navigator` (as a browser without media capture); returns the undo. */
export function withoutGetUserMedia(): () => void {
  const hidden = ['mediaDevices', 'getUserMedia', 'webkitGetUserMedia', 'mozGetUserMedia'];
  for (const name of hidden) Object.defineProperty(navigator, name, { value: undefined, configurable: true });
  return () => {
    for (const name of hidden) delete (navigator as unknown as Record<string, unknown>)[name];
  };
}
