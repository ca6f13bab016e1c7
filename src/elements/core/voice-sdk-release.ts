/**
 * The @twilio/voice-sdk release this package is built and tested with (`Device.version`), known
 * before the SDK is loaded: the `listen` frame sent ahead of the SDK names it (core/early-register.ts).
 * A test fails when the installed SDK says otherwise; with another release the SDK's own `listen`
 * simply goes out as well.
 */
export const VOICE_SDK_RELEASE = '2.18.5';
