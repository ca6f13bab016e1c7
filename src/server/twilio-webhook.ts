/**
 * What the endpoints that Twilio itself calls (the voice webhook; the call-control endpoint,
 * for its status callbacks) share: their options, and the checks those get once, when the
 * endpoint is built. Both sign-check Twilio's requests and dial legs through the REST API.
 */
import type twilio from 'twilio';
import type { DestinationRule } from './call-control-input.js';
import { type CommonEndpointOptions, DEFAULT_TWILIO_TIMEOUT_MS } from './endpoint-kit.js';
import { type RequestClientLike, lazyTwilioClient } from './twilio-client.js';
import { type PublicUrlOption, publicUrlOption } from './twilio-signature.js';

export interface TwilioWebhookOptions<N = unknown> extends CommonEndpointOptions {
  accountSid: string;
  /** API key + secret for the REST requests (preferred); without them, `authToken`. */
  apiKeySid?: string;
  apiKeySecret?: string;
  /** The account's auth token: Twilio signs its requests to this endpoint with it (required). */
  authToken: string;
  /**
   * This endpoint's URL as Twilio requests it (the voice endpoint: your TwiML app's Voice URL;
   * the call-control endpoint: the conferences' `statusCallback`): what the signature covers.
   */
  publicUrl: PublicUrlOption<N>;
  /** `From` of the legs this endpoint dials (one of your numbers or a verified caller ID). */
  callerId: string;
  /**
   * Which `to` a browser may reach (an outgoing call; a transfer or add); default: E.164
   * numbers and `client:<identity>`. The voice endpoint answers others with `<Reject/>`.
   */
  destinations?: DestinationRule;
  /** A ready twilio-node client. */
  twilioClient?: twilio.Twilio;
  /** httpClient for the client the endpoint builds (e.g. `createEmulatorHttpClient(url)`). */
  httpClient?: RequestClientLike;
}

/**
 * Checks the shared options (`factory` names the function in the messages, `owner` the
 * endpoint, `signed` what Twilio signs) and returns what the endpoint runs on.
 */
export function twilioWebhookSetup<N>(
  factory: string,
  owner: string,
  signed: string,
  opts: TwilioWebhookOptions<N>,
): { publicUrl: PublicUrlOption<N>; twilioTimeoutMs: number; twilioClient: () => twilio.Twilio } {
  if (!opts.accountSid) throw new Error(`twilio-widgets/server: ${factory} needs accountSid`);
  if (!opts.authToken) throw new Error(`twilio-widgets/server: ${factory} needs authToken (Twilio signs its ${signed} with it)`);
  if (!opts.callerId) throw new Error(`twilio-widgets/server: ${factory} needs callerId (From of the legs it dials)`);
  if (opts.destinations !== undefined && typeof opts.destinations !== 'function')
    throw new TypeError(`twilio-widgets/server: ${owner}'s \`destinations\` must be a function (to, identity) => boolean`);
  const publicUrl = publicUrlOption(owner, opts.publicUrl);
  const twilioTimeoutMs = opts.twilioTimeoutMs ?? DEFAULT_TWILIO_TIMEOUT_MS;
  return { publicUrl, twilioTimeoutMs, twilioClient: lazyTwilioClient({ ...opts, timeout: twilioTimeoutMs }) };
}
