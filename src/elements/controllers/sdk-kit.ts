/**
 * What loads with the SDK (`loadSdk()`, voice-device.ts), in one lazy chunk: the code that has
 * nothing to do before there is an SDK. A page whose token is refused downloads none of it.
 */
export { deviceOptions, destroyDevice } from './voice-device-recipe.js';
export { SessionDevice } from './session-device.js';
// The Device's sound files, for the speaker test too (twilio-phone-sound-parts.ts).
export { deviceSounds } from '../sounds/sound-files.js';
