/**
 * twilio-widgets/server: reference request handlers for the widgets, usable as Node `http`
 * listeners and as Express middleware.
 */
export { createTokenHandler, randomIdentity, type TokenHandlerOptions } from './token-handler.js';
export { createVerifyHandler, toTwilioJson, type VerifyAction, type VerifyHandlerOptions } from './verify-handler.js';
export { type AttemptStore, MemoryAttemptStore } from './attempt-store.js';
export { RedisAttemptStore, type RedisEvalClient } from './redis-attempt-store.js';
export {
  createEmulatorHttpClient,
  buildTwilioClient,
  type EmulatorHttpClientOptions,
  type ClientCredentials,
  type RequestClientLike,
} from './twilio-client.js';
export type { CorsOptions, CommonHandlerOptions, RequestHandler } from './http-utils.js';
export { MissingPeerError } from './peers.js';
