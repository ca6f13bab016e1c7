/** Loads `@twilio/voice-sdk` once, lazily: pages without a phone never download it. */
import { withSocketHandover } from './signaling-prewarm.js';
import { loadOnce } from './load-once.js';

import type * as VoiceSdkModule from '@twilio/voice-sdk';

export type VoiceSdk = typeof VoiceSdkModule;

// The handover lets the SDK's first socket be the one the phone opened at start() (signaling-prewarm.ts).
export const loadVoiceSdk: () => Promise<VoiceSdk> = loadOnce(() => withSocketHandover(() => import('@twilio/voice-sdk')));
