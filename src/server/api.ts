/**
 * twilio-widgets/server: the token, verify, voice-webhook and call-control endpoints,
 * framework-free (`createTokenEndpoint`, `createVerifyEndpoint`, `createVoiceEndpoint`,
 * `createCallControlEndpoint`: a plain request in, a plain response out), with adapters for Node `http` and Express, Fastify, fetch-style runtimes and Twilio
 * Functions, and the first release's Node handlers.
 */
export { createTokenEndpoint, randomIdentity, type TokenEndpointOptions } from './token-endpoint.js';
export { createVerifyEndpoint, type VerifyEndpointOptions } from './verify-endpoint.js';
export { createVoiceEndpoint, type VoiceEndpointOptions } from './voice-endpoint.js';
export { createCallControlEndpoint, type CallControlEndpointOptions } from './call-control-endpoint.js';
export type { CallControlAction, TransferMode, DestinationRule } from './call-control-input.js';
export type { Participant, ParticipantRole } from './call-control-view.js';
export type { PublicUrlOption } from './twilio-signature.js';
export { HttpError, type Endpoint, type EndpointRequest, type EndpointResponse, type HeaderInput, type ParsedRequest } from './endpoint.js';
export type { CommonEndpointOptions } from './endpoint-kit.js';
export type { CorsOptions } from './cors.js';
export { getCookie } from './cookies.js';
export { toNodeHandler, toExpressHandler, type RequestHandler, type ServerRequest } from './adapters/node.js';
export { toFastifyPlugin, type FastifyPluginLike, type FastifyInstanceLike, type FastifyRequestLike, type FastifyReplyLike } from './adapters/fastify.js';
export { toFetchHandler, type FetchHandler, type FetchCallInfo } from './adapters/fetch.js';
export {
  toTwilioFunction,
  createTokenFunction,
  createVerifyFunction,
  createVoiceFunction,
  createCallControlFunction,
  type TwilioFunctionHandler,
  type TwilioFunctionContext,
  type TwilioFunctionEvent,
  type TwilioFunctionCallback,
  type TwilioFunctionNative,
  type TwilioFunctionOptions,
} from './adapters/twilio-functions.js';
export { createTokenHandler, type TokenHandlerOptions } from './token-handler.js';
export { createVerifyHandler, toTwilioJson, type VerifyAction, type VerifyHandlerOptions } from './verify-handler.js';
export { type AttemptStore, MemoryAttemptStore, type MemoryAttemptStoreOptions, AttemptStoreUnavailableError } from './attempt-store.js';
export { forwardedClientKey } from './client-key.js';
export type { IdentitySourceOptions } from './identity-source.js';
export { RedisAttemptStore, type RedisEvalClient } from './redis-attempt-store.js';
export {
  createEmulatorHttpClient,
  buildTwilioClient,
  type EmulatorHttpClientOptions,
  type ClientCredentials,
  type RequestClientLike,
} from './twilio-client.js';
export type { CommonEndpointOptions as CommonHandlerOptions } from './endpoint-kit.js';
export { MissingPeerError } from './peers.js';
