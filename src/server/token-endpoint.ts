/**
 * The Voice access-token endpoint, framework-free: `GET|POST` → `200 {identity, token}`.
 * Order matters: the identity hook runs first (a caller without a session is refused before
 * Twilio is asked anything), then the credentials check, then the token is signed. Who the
 * token is for comes from the app's session (`identity(req)`) or is a random name; never
 * from the request itself, unless the app opted out with `unsafeClientIdentity: true`.
 */
import { createSecretKey, randomInt } from 'node:crypto';
import twilio from 'twilio';
import { DEFAULT_BODY_LIMIT, readJsonBody } from './body.js';
import { createCredentialCheck } from './credential-check.js';
import { type Endpoint, type EndpointRequest, type ParsedRequest, HttpError, errorBody, jsonResponse } from './endpoint.js';
import { type CommonEndpointOptions, DEFAULT_TWILIO_TIMEOUT_MS, hookError, parsedRequest, runEndpoint } from './endpoint-kit.js';
import { type IdentitySourceOptions, claimedIdentity, identitySource } from './identity-source.js';
import { type RequestClientLike, buildTwilioClient } from './twilio-client.js';

export interface TokenEndpointOptions<N = unknown> extends CommonEndpointOptions, IdentitySourceOptions<N> {
  accountSid: string;
  /** API key that signs the token (and authenticates the credential check). */
  apiKeySid: string;
  apiKeySecret: string;
  /** Accepted for symmetry with the verify endpoint; tokens are always signed with the API key. */
  authToken?: string;
  /** TwiML app for outgoing calls (the token's `outgoing.application_sid`). */
  twimlAppSid: string;
  /**
   * Who the token is for: the signed-in user's identity from your app's own session.
   * Default: a random name for every request, like Twilio's quickstart (safe, but then
   * nothing ties a call to a user). Throw `new HttpError(401, …)` (or any error with a
   * numeric 4xx `status`) to refuse; no token is signed and Twilio is not asked.
   */
  identity?: (req: ParsedRequest<N>) => string | Promise<string>;
  /** Token lifetime in seconds (default 600; at most 86400). */
  ttl?: number;
  /** A ready twilio-node client used for the credential check. */
  twilioClient?: twilio.Twilio;
  /** httpClient for the client the endpoint builds (e.g. `createEmulatorHttpClient(url)`). */
  httpClient?: RequestClientLike;
  /** How long a credential check result (good or bad) is reused, in ms (default 5 min). */
  credentialCheckTtlMs?: number;
  /** Check the credentials with Twilio before minting (default true). */
  checkCredentials?: boolean;
}

const ADJECTIVES = ['Brave', 'Calm', 'Eager', 'Gentle', 'Happy', 'Jolly', 'Kind', 'Lively', 'Nimble', 'Proud', 'Quick', 'Silly', 'Witty', 'Zany'];
const ANIMALS = ['Otter', 'Falcon', 'Badger', 'Heron', 'Lynx', 'Panda', 'Koala', 'Gecko', 'Walrus', 'Marmot', 'Puffin', 'Ibex', 'Tapir', 'Quokka'];

/** A random client identity such as `BraveOtter4821`. */
export function randomIdentity(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}${ANIMALS[randomInt(ANIMALS.length)]}${randomInt(1000, 10000)}`;
}

const CLIENT_IDENTITY_RE = /^[A-Za-z0-9_.@+-]{1,121}$/;
const METHODS = ['GET', 'POST'] as const;

export function createTokenEndpoint<N = unknown>(opts: TokenEndpointOptions<N>): Endpoint {
  const source = identitySource('the token endpoint', opts, false);
  for (const k of ['accountSid', 'apiKeySid', 'apiKeySecret', 'twimlAppSid'] as const) {
    if (!opts[k]) throw new Error(`twilio-widgets/server: createTokenEndpoint needs ${k}`);
  }
  const ttl = Math.min(Math.max(1, Math.floor(opts.ttl ?? 600)), 86400);
  const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const timeoutMs = opts.twilioTimeoutMs ?? DEFAULT_TWILIO_TIMEOUT_MS;
  const log = opts.log;
  // The same HMAC key jsonwebtoken derives from the string secret, made once: given a
  // string, it first tries (and fails) to parse it as a PEM private key on every token,
  // which was most of the endpoint's time under load.
  const signingKey = createSecretKey(Buffer.from(opts.apiKeySecret)) as unknown as string;
  let client: twilio.Twilio | undefined = opts.twilioClient;
  const credentials = createCredentialCheck({
    fetchAccount: () => {
      client ??= buildTwilioClient({
        accountSid: opts.accountSid,
        apiKeySid: opts.apiKeySid,
        apiKeySecret: opts.apiKeySecret,
        httpClient: opts.httpClient,
        timeout: timeoutMs,
      });
      return client.api.v2010.accounts(opts.accountSid).fetch();
    },
    ttlMs: opts.credentialCheckTtlMs ?? 5 * 60 * 1000,
    timeoutMs,
    log,
  });

  async function resolveIdentity(req: ParsedRequest<N>): Promise<string> {
    let identity: string;
    try {
      if (source?.kind === 'hook') identity = await source.hook(req);
      else if (source?.kind === 'client') identity = (claimedIdentity(req) as string | undefined) ?? randomIdentity();
      else identity = randomIdentity();
    } catch (err) {
      throw hookError(err);
    }
    if (typeof identity !== 'string' || !CLIENT_IDENTITY_RE.test(identity)) {
      throw new HttpError(400, 'Invalid parameter: identity', 60200);
    }
    return identity;
  }

  return (req: EndpointRequest) =>
    runEndpoint(req, { name: 'token', cors: opts.cors, methods: METHODS, log }, async (prepared) => {
      const body = prepared.method === 'POST' ? await readJsonBody(req, prepared.headers, bodyLimit, false) : {};
      const identity = await resolveIdentity(parsedRequest(req as EndpointRequest<N>, prepared, body));
      const check = opts.checkCredentials === false ? ({ ok: true } as const) : await credentials.check();
      if (!check.ok) return jsonResponse(check.status, errorBody(check.status, check.message, check.code));
      const { AccessToken } = twilio.jwt;
      const token = new AccessToken(opts.accountSid, opts.apiKeySid, signingKey, { identity, ttl });
      token.addGrant(new AccessToken.VoiceGrant({ outgoingApplicationSid: opts.twimlAppSid, incomingAllow: true }));
      log?.(`token: issued for identity=${identity} ttl=${ttl}s`);
      return jsonResponse(200, { identity, token: token.toJwt() });
    });
}
