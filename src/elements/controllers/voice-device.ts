/**
 * The one recipe for an SDK Device, shared by the phone's session
 * (device-session.ts) and its pre-call test (preflight-runner.ts): the browser's
 * capability check and the SDK's lazy load, here; the options both hand the SDK and the
 * teardown (voice-device-recipe.ts) load with the SDK, in the chunk of sdk-kit.ts. The token
 * comes from the one token path, `obtainToken` (core/token-source.ts).
 */
import type { ReactiveControllerHost } from 'lit';
import type { PhoneError } from '../core/phone-state.js';
import type { TokenHost } from '../core/token-source.js';
import { checkVoiceSupport } from '../core/voice-capabilities.js';
import type { VoiceSupportStrings } from '../core/voice-support.js';
import { loadVoiceSdk, type VoiceSdk } from './voice-sdk-loader.js';
import { voiceGlobals } from './voice-globals.js';
import type * as SdkKitModule from './sdk-kit.js';
import { loadOnce } from './load-once.js';

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
export interface VoiceHost extends TokenHost, DeviceHost, ReactiveControllerHost, HTMLElement {
  /** the page's wording (`<twilio-phone>`'s `strings`), for what a browser lacks */
  strings?: Partial<VoiceSupportStrings>;
}

/**
 * Why this browser cannot run Voice, or null; checked before any token request or SDK download.
 * Only a browser that lacks something loads the wording (core/voice-support.ts, a chunk of its own),
 * with the page's `strings` over the English defaults.
 */
export function missingVoiceSupport(strings?: Partial<VoiceSupportStrings>): Promise<PhoneError> | null {
  const support = checkVoiceSupport(voiceGlobals());
  if (!support.missing.length) return null;
  return import('../core/voice-support.js').then(
    ({ describeMissingCapabilities, VOICE_SUPPORT_STRINGS }) => ({ message: describeMissingCapabilities(support, { ...VOICE_SUPPORT_STRINGS, ...strings }) }),
    // The wording could not be loaded: still a sentence, naming what is missing.
    () => ({ message: `This browser cannot place calls (missing: ${support.missing.join(', ')}).` }),
  );
}

/** The code that loads with the SDK: the Device recipe and the session's Device (sdk-kit.ts). */
export type SdkKit = typeof SdkKitModule;

export type SdkLoad = { ok: true; Sdk: VoiceSdk; kit: SdkKit } | { ok: false; reason: 'sdk-load-failed' | 'unsupported-browser'; error: PhoneError };

/** The kit's chunk, once; a failed load is tried again by the next start. Here at once where there is a Device. */
export const loadKit: () => Promise<SdkKit> = loadOnce(() => import('./sdk-kit.js'));

/**
 * The SDK and the kit, loaded once and lazily, side by side (no round trip after the SDK's),
 * and the SDK's own verdict on the browser.
 */
export async function loadSdk(): Promise<SdkLoad> {
  let Sdk: VoiceSdk;
  let kit: SdkKit;
  try {
    [Sdk, kit] = await Promise.all([loadVoiceSdk(), loadKit()]);
  } catch {
    return { ok: false, reason: 'sdk-load-failed', error: { message: 'The Twilio Voice SDK could not be loaded.' } };
  }
  // The SDK's own verdict, should it ever disagree with missingVoiceSupport().
  if (!Sdk.Device.isSupported) {
    return { ok: false, reason: 'unsupported-browser', error: { code: 31000, message: 'This browser does not support Twilio Voice (WebRTC is missing).' } };
  }
  return { ok: true, Sdk, kit };
}
