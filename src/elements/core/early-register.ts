/**
 * Registering ahead of the SDK (pure): the phone sends the SDK's own first two frames, `listen` and
 * `register`, on its prewarmed socket while the SDK chunk is still downloading, keeps the answers,
 * and hands them to the SDK when it sends the same frames itself (those are then not sent again).
 * What may be sent and delivered when is decided here; controllers/signaling-early-register.ts does it.
 *
 * Why the answers wait: SDK 2.x's Device.register() starts listening for `registered` only after it
 * sent `register` (device.ts); a `ready` delivered before that is lost and register() never settles.
 * Why `register` waits for `connected`: Twilio answers a `register` that arrives before its
 * `listen` was validated with 31204 (research/voice-sdk.md, SDK issue #110).
 */
import { VOICE_SDK_RELEASE } from './voice-sdk-release.js';

/** PStream's protocol version (SDK 2.x pstream.ts). */
const PSTREAM_VERSION = '1.6';

/** The `listen` frame SDK 2.x's PStream sends for `token`, byte for byte (pstream.ts setToken, getBrowserInfo). */
export function listenFrame(token: string, nav: { platform?: string; userAgent?: string }): string {
  const browser = { platform: nav.platform || 'unknown', userAgent: nav.userAgent || 'unknown' };
  const browserinfo = { browser, p: 'browser', plugin: 'rtc', v: VOICE_SDK_RELEASE };
  // reconnectTimeout: 0 is the SDK's value without `maxCallSignalingTimeoutMs`, which the phone does not set.
  return JSON.stringify({ payload: { browserinfo, reconnectTimeout: 0, token }, type: 'listen', version: PSTREAM_VERSION });
}

/** The `register` frame of Device.register() (pstream.ts register). */
export const REGISTER_FRAME = JSON.stringify({ payload: { media: { audio: true } }, type: 'register', version: PSTREAM_VERSION });

export interface EarlyRegister {
  /** Whether the SDK owns the socket yet. */
  sdk: boolean;
  listenSent: boolean;
  registerSent: boolean;
  /** The SDK sent the very `listen` sent ahead of it: the answers to it are the SDK's. */
  listenClaimed: boolean;
  registerClaimed: boolean;
  /**
   * The SDK's first frame was not the `listen` sent ahead (another SDK release, another option):
   * everything it sends goes out, and it gets every answer except the `ready` to the early
   * `register` (see the top of the file).
   */
  passThrough: boolean;
  /** The `ready` answering the early `register` was dropped (pass-through only). */
  readyDropped: boolean;
}

export const EARLY_REGISTER_START: EarlyRegister = Object.freeze({
  sdk: false,
  listenSent: false,
  registerSent: false,
  listenClaimed: false,
  registerClaimed: false,
  passThrough: false,
  readyDropped: false,
});

/** The `type` of a server frame; '' for a heartbeat or anything that is not a JSON frame. */
export function frameType(data: unknown): string {
  if (typeof data !== 'string' || data === '\n') return '';
  try {
    const type = (JSON.parse(data) as { type?: unknown }).type;
    return typeof type === 'string' ? type : '';
  } catch {
    return '';
  }
}

/** Before the SDK owns the socket: whether a frame of `type` from the server calls for the early `register`. */
export function registerNow(s: EarlyRegister, type: string): boolean {
  return !s.sdk && type === 'connected' && s.listenSent && !s.registerSent;
}

/** A frame the SDK sends: `swallow` it (its twin went out ahead and its answers are kept) or `send` it. */
export function sdkSends(s: EarlyRegister, data: unknown, listen: string): { s: EarlyRegister; action: 'send' | 'swallow' } {
  if (s.passThrough || data === '\n') return { s, action: 'send' };
  if (!s.listenClaimed) {
    if (s.listenSent && data === listen) return { s: { ...s, listenClaimed: true }, action: 'swallow' };
    return { s: { ...s, passThrough: true }, action: 'send' };
  }
  if (s.registerSent && !s.registerClaimed && data === REGISTER_FRAME) return { s: { ...s, registerClaimed: true }, action: 'swallow' };
  return { s, action: 'send' };
}

/**
 * A server frame of `type` once the SDK owns the socket: `deliver` it now, `hold` it (with any
 * held before it) until the SDK has sent what it answers, or `drop` it.
 */
export function serverFrame(s: EarlyRegister, type: string): { s: EarlyRegister; action: 'deliver' | 'hold' | 'drop' } {
  if (s.passThrough) {
    if (type === 'ready' && s.registerSent && !s.readyDropped) return { s: { ...s, readyDropped: true }, action: 'drop' };
    return { s, action: 'deliver' };
  }
  if (!s.listenClaimed) return { s, action: 'hold' };
  if (type === 'ready' && s.registerSent && !s.registerClaimed) return { s, action: 'hold' };
  return { s, action: 'deliver' };
}

/** Nothing is left to hold, swallow or drop: the socket can be the SDK's alone. */
export function settled(s: EarlyRegister): boolean {
  if (!s.sdk) return false;
  if (s.passThrough) return !s.registerSent || s.readyDropped;
  return s.listenClaimed && (!s.registerSent || s.registerClaimed);
}
