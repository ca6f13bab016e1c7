/** Loads `@twilio/voice-sdk` once, lazily: pages without a phone never download it. */
export type VoiceSdk = typeof import('@twilio/voice-sdk');

let pending: Promise<VoiceSdk> | undefined;

export function loadVoiceSdk(): Promise<VoiceSdk> {
  pending ??= import('@twilio/voice-sdk').catch((err: unknown) => {
    pending = undefined; // a later start() may try again (e.g. after a network blip)
    throw err;
  });
  return pending;
}
