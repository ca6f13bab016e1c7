/**
 * twilio-widgets/server: checks its optional peer `twilio` first, then loads the
 * handlers (api.ts, where the types come from). The dynamic import is what lets
 * the check run before Node tries to link `twilio`.
 */
import { assertPeersInstalled } from './peers.js';

assertPeersInstalled('twilio-widgets/server');

export const {
  createTokenEndpoint,
  createVerifyEndpoint,
  createVoiceEndpoint,
  createCallControlEndpoint,
  HttpError,
  getCookie,
  toNodeHandler,
  toExpressHandler,
  toFastifyPlugin,
  toFetchHandler,
  toTwilioFunction,
  createTokenFunction,
  createVerifyFunction,
  createVoiceFunction,
  createCallControlFunction,
  createTokenHandler,
  randomIdentity,
  createVerifyHandler,
  toTwilioJson,
  MemoryAttemptStore,
  forwardedClientKey,
  AttemptStoreUnavailableError,
  RedisAttemptStore,
  createEmulatorHttpClient,
  buildTwilioClient,
  MissingPeerError,
} = await import('./api.js');
