/** Loads `@twilio/voice-sdk` once, lazily: pages without a phone never download it. */
import { withSocketHandover } from './signaling-prewarm.js';

import type * as VoiceSdkModule from '@twilio/voice-sdk';

export type VoiceSdk = typeof VoiceSdkModule;

let pending: Promise<VoiceSdk> | undefined;

export function loadVoiceSdk(): Promise<VoiceSdk> {
  // The handover lets the SDK's first socket be the one the phone opened at start() (signaling-prewarm.ts).
  pending ??= withSocketHandover(() => import('@twilio/voice-sdk')).catch((err: unknown) => {
    pending = undefined; // a later start() may try again (e.g. after a network blip)
    throw err;
  });
  return pending;
}
