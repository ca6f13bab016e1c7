/**
 * What loads with the SDK (`loadSdk()`, voice-device.ts), in one lazy chunk: the code that has
 * nothing to do before there is an SDK. A page whose token is refused downloads none of it.
 */
export { deviceOptions, destroyDevice } from './voice-device-recipe.js';
export { SessionDevice } from './session-device.js';
