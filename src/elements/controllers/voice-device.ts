/**
 * The one recipe for an SDK Device, shared by the phone's session
 * (device-session.ts) and its pre-call test (preflight-runner.ts): the browser's
 * capability check, the SDK's lazy load, the options both hand the SDK, and the
 * teardown. The token comes from the one token path, `obtainToken` (core/token-source.ts).
 */
import type { ReactiveControllerHost } from 'lit';
import type { Device } from '@twilio/voice-sdk';
import type { PhoneError } from '../core/phone-state.js';
import { edgeOption } from '../core/signaling-url.js';
import type { TokenHost } from '../core/token-source.js';
import { checkVoiceSupport, describeMissingCapabilities, type VoiceSupport } from '../core/voice-support.js';
import { deviceSounds } from '../sounds/sound-files.js';
import { loadVoiceSdk, type VoiceSdk } from './voice-sdk-loader.js';
import { voiceGlobals } from './voice-globals.js';

export { voiceGlobals };

/** What a Device is built from. */
export interface DeviceHost {
  edge: string;
  signalingHost: string;
  /** ms: a registration (or the test's signaling) that has not settled by then is a failure */
  registerTimeout: number;
  /** base URL of the sound files; empty = the files shipped beside the module */
  soundsUrl: string;
  sounds?: Partial<Record<string, string>>;
}

/** The element both the session and the pre-call test run for: a token source and a Device recipe. */
export interface VoiceHost extends TokenHost, DeviceHost, ReactiveControllerHost, HTMLElement {}

/** Why this browser cannot run Voice, worded by `describe` (the page's `strings`), or null. Checked before any token request or SDK download. */
export function missingVoiceSupport(describe: (support: VoiceSupport) => string = describeMissingCapabilities): PhoneError | null {
  const support = checkVoiceSupport(voiceGlobals());
  return support.missing.length ? { message: describe(support) } : null;
}

export type SdkLoad = { ok: true; Sdk: VoiceSdk } | { ok: false; reason: 'sdk-load-failed' | 'unsupported-browser'; error: PhoneError };

/** The SDK, loaded once and lazily, and its own verdict on the browser. */
export async function loadSdk(): Promise<SdkLoad> {
  let Sdk: VoiceSdk;
  try {
    Sdk = await loadVoiceSdk();
  } catch {
    return { ok: false, reason: 'sdk-load-failed', error: { message: 'The Twilio Voice SDK could not be loaded.' } };
  }
  // The SDK's own verdict, should it ever disagree with missingVoiceSupport().
  if (!Sdk.Device.isSupported) {
    return { ok: false, reason: 'unsupported-browser', error: { code: 31000, message: 'This browser does not support Twilio Voice (WebRTC is missing).' } };
  }
  return { ok: true, Sdk };
}

/**
 * The Device options of this package: the host's edges, signaling host and sounds, the gateway's
 * own error codes, and no SDK console output. The phone and the pre-call test add their own.
 */
export function deviceOptions(host: DeviceHost): Record<string, unknown> {
  const options: Record<string, unknown> = {
    // The gateway's own code survives (31202/31203 would collapse into a generic 53000).
    enableImprovedSignalingErrorPrecision: true,
    // Errors reach the page as events; the SDK's own console logging would be noise.
    logLevel: 'silent',
    // Files beside the module, not data: URLs: a strict CSP (connect-src 'self') allows them as they are.
    sounds: deviceSounds(host.soundsUrl, host.sounds),
  };
  const edge = edgeOption(host.edge);
  if (edge !== undefined) options.edge = edge;
  if (host.signalingHost) {
    // Private SDK option: the signaling gateway host (the emulator). No Insights there.
    options.chunderw = host.signalingHost;
    options.publishEvents = false;
  }
  return options;
}

/** Destroys a Device of ours, whatever state it is in, and frees what the SDK would keep alive. */
export function destroyDevice(device: Device): void {
  try {
    if (device.state !== 'destroyed') device.destroy();
  } catch {
    /* already destroyed */
  }
  // SDK 2.18.5: destroy() leaves the `tokenWillExpire` timer armed (TTL minus tokenRefreshMs), and
  // its closure keeps the destroyed Device, its sounds and audio helper alive until then.
  clearTimeout((device as unknown as { _tokenWillExpireTimeout?: ReturnType<typeof setTimeout> })._tokenWillExpireTimeout);
}
