/**
 * The Verify TOTP endpoint, framework-free: `POST` JSON with `action` = `enroll` |
 * `verify-factor` | `create-challenge` | `verify-challenge`. Answers with Twilio's resource
 * JSON (snake_case) and status, or Twilio's error envelope and status, unchanged.
 *
 * Whose factor it acts on comes from the app's session (`identity(req)`), never from the
 * browser, unless the app opted out with `unsafeClientIdentity: true` (demos and tests).
 * Every code check and every enrolment is counted before Twilio sees it (per client first,
 * then per identity); when the count cannot be taken (attempt store down) the endpoint
 * fails closed with 503 and asks Twilio nothing.
 */
import type twilio from 'twilio';
import { createAttemptLimiter, type AttemptLimits } from './attempt-limiter.js';
import { type AttemptStore, MemoryAttemptStore } from './attempt-store.js';
import { DEFAULT_BODY_LIMIT, readJsonBody } from './body.js';
import { type Endpoint, type EndpointRequest, type EndpointResponse, type ParsedRequest, jsonResponse } from './endpoint.js';
import { type CommonEndpointOptions, DEFAULT_TWILIO_TIMEOUT_MS, hookError, parsedRequest, runEndpoint } from './endpoint-kit.js';
import { type IdentitySourceOptions, identitySource, resolveIdentity } from './identity-source.js';
import { integerOption } from './options.js';
import { callTwilio } from './twilio-call.js';
import { type RequestClientLike, lazyTwilioClient } from './twilio-client.js';
import { type HttpInfo, toTwilioJson, withInfo } from './twilio-json.js';
import { abandonedFactorSids, factorExists, listFactors, removeFactors, verifiedFactorSids } from './verify-enroll.js';
import { CHALLENGE_RE, FACTOR_RE, IDENTITY_RE, codeField, field, friendlyNameField, inferAction, invalid } from './verify-input.js';

export interface VerifyEndpointOptions<N = unknown> extends CommonEndpointOptions, IdentitySourceOptions<N> {
  accountSid: string;
  /** API key + secret (preferred), or `authToken`. */
  apiKeySid?: string;
  apiKeySecret?: string;
  authToken?: string;
  verifyServiceSid: string;
  /** A ready twilio-node client. */
  twilioClient?: twilio.Twilio;
  /** httpClient for the client the endpoint builds (e.g. `createEmulatorHttpClient(url)`). */
  httpClient?: RequestClientLike;
  /** Where attempts are counted (default: a bounded in-memory store; `RedisAttemptStore` for several instances). */
  attemptStore?: AttemptStore;
  /** Code checks allowed per identity in `windowMs` (default 5). */
  maxAttempts?: number;
  /**
   * Code checks allowed per client key in `windowMs` (default 4 × `maxAttempts`): higher than
   * the per-identity limit because several users may share one address (an office, a carrier NAT).
   */
  maxClientAttempts?: number;
  /** Enrolments allowed per identity, and 4 × that per client key, in `windowMs` (default 5). */
  maxEnrollments?: number;
  /** Default 600 000 (10 min). */
  windowMs?: number;
  /**
   * Rate-limit key of the caller. Default: its remote address (Express's `req.ip`, so
   * `app.set('trust proxy', n)` applies); behind a proxy of your own without Express, use
   * `forwardedClientKey(n)`. None known → the per-identity limit only.
   */
  clientKey?: (req: ParsedRequest<N>) => string | undefined;
  /**
   * May this session enrol a new factor although the identity already has a verified one?
   * Default: no (409 `factor-exists`), so nobody who got hold of a session can silently
   * swap the user's authenticator. Allow it only after a fresh second-factor check.
   */
  mayReplaceFactor?: (req: ParsedRequest<N>, existing: { identity: string; factorSids: string[] }) => boolean | Promise<boolean>;
  /** How long the attempt store may take before the endpoint answers 503 (default 2000 ms). */
  storeTimeoutMs?: number;
}

export function createVerifyEndpoint<N = unknown>(opts: VerifyEndpointOptions<N>): Endpoint {
  const source = identitySource('the verify endpoint', opts, true)!;
  if (!opts.accountSid) throw new Error('twilio-widgets/server: createVerifyEndpoint needs accountSid');
  if (!opts.verifyServiceSid) throw new Error('twilio-widgets/server: createVerifyEndpoint needs verifyServiceSid');
  if (!opts.twilioClient && !(opts.apiKeySid && opts.apiKeySecret) && !opts.authToken) {
    throw new Error('twilio-widgets/server: createVerifyEndpoint needs apiKeySid + apiKeySecret, authToken, or twilioClient');
  }
  const maxAttempts = integerOption('the verify endpoint', 'maxAttempts', opts.maxAttempts, 5);
  const maxEnrollments = integerOption('the verify endpoint', 'maxEnrollments', opts.maxEnrollments, 5);
  const codeLimits: AttemptLimits = {
    perIdentity: maxAttempts,
    perClient: integerOption('the verify endpoint', 'maxClientAttempts', opts.maxClientAttempts, Math.min(maxAttempts * 4, Number.MAX_SAFE_INTEGER)),
  };
  const enrollLimits: AttemptLimits = { perIdentity: maxEnrollments, perClient: Math.min(maxEnrollments * 4, Number.MAX_SAFE_INTEGER) };
  const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const twilioTimeoutMs = opts.twilioTimeoutMs ?? DEFAULT_TWILIO_TIMEOUT_MS;
  const clientKey = opts.clientKey ?? ((req: ParsedRequest<N>) => req.remoteAddress);
  const log = opts.log;
  const count = createAttemptLimiter({
    store: opts.attemptStore ?? new MemoryAttemptStore(),
    windowMs: integerOption('the verify endpoint', 'windowMs', opts.windowMs, 600_000),
    storeTimeoutMs: opts.storeTimeoutMs ?? 2000,
    ...(log ? { log } : {}),
  });
  const twilioClient = lazyTwilioClient({ ...opts, timeout: twilioTimeoutMs });
  const service = () => twilioClient().verify.v2.services(opts.verifyServiceSid);

  async function mayReplace(req: ParsedRequest<N>, identity: string, factorSids: string[]): Promise<boolean> {
    if (!opts.mayReplaceFactor) return false;
    try {
      return (await opts.mayReplaceFactor(req, { identity, factorSids })) === true;
    } catch (err) {
      throw hookError(err);
    }
  }

  return (req: EndpointRequest) =>
    runEndpoint(req, { name: 'verify', cors: opts.cors, methods: ['POST'], log }, async (prepared) => {
      const body = await readJsonBody(req, prepared.headers, bodyLimit, true);
      const parsed = parsedRequest(req as EndpointRequest<N>, prepared, body);
      const action = inferAction(body);
      const identity = await resolveIdentity(source, parsed, IDENTITY_RE, () => invalid('identity'));
      const caller = clientKey(parsed);
      const svc = service(); // configuration errors surface as 500, not as 'unreachable'
      const entity = () => svc.entities(identity);
      const passthrough = (info: HttpInfo<unknown>) => {
        const json = toTwilioJson(info.body);
        log?.(`verify: ${action} identity=${identity} -> ${info.statusCode} ${typeof json.status === 'string' ? json.status : ''}`);
        return jsonResponse(info.statusCode, json);
      };
      const run = (fn: () => Promise<EndpointResponse>) => callTwilio(`verify: ${action} identity=${identity}`, twilioTimeoutMs, fn, log);

      switch (action) {
        case 'enroll': {
          const friendlyName = friendlyNameField(body);
          await count('enroll', enrollLimits, identity, caller);
          let factors: Awaited<ReturnType<typeof listFactors>> = [];
          const listed = await run(async () => {
            factors = await listFactors(entity());
            return jsonResponse(200, {});
          });
          if (listed.status !== 200) return listed;
          const verified = verifiedFactorSids(factors);
          if (verified.length && !(await mayReplace(parsed, identity, verified))) throw factorExists();
          return run(async () => {
            await removeFactors(entity(), abandonedFactorSids(factors));
            const info = await withInfo<unknown>(
              entity().newFactors as unknown as Record<string, unknown>,
              'create',
              {
                friendlyName: friendlyName ?? identity,
                factorType: 'totp',
              },
              201,
            );
            const f = toTwilioJson(info.body);
            const binding = (f.binding ?? {}) as { uri?: unknown; secret?: unknown };
            // The binding is only ever returned here, once.
            log?.(`verify: enroll identity=${identity} -> ${info.statusCode} ${String(f.status)}`);
            return jsonResponse(info.statusCode, {
              identity: f.identity ?? identity,
              factorSid: f.sid,
              uri: binding.uri,
              secret: binding.secret,
              status: f.status,
            });
          });
        }
        case 'verify-factor': {
          const factorSid = field(body, 'factorSid', FACTOR_RE);
          const code = codeField(body);
          await count('verify', codeLimits, identity, caller);
          return run(async () => {
            const ctx = entity().factors(factorSid) as unknown as Record<string, unknown>;
            return passthrough(await withInfo(ctx, 'update', { authPayload: code }, 200));
          });
        }
        case 'create-challenge': {
          const factorSid = field(body, 'factorSid', FACTOR_RE);
          const code = codeField(body);
          await count('verify', codeLimits, identity, caller);
          return run(async () => {
            const list = entity().challenges as unknown as Record<string, unknown>;
            return passthrough(await withInfo(list, 'create', { factorSid, authPayload: code }, 201));
          });
        }
        case 'verify-challenge': {
          const challengeSid = field(body, 'challengeSid', CHALLENGE_RE);
          const code = codeField(body);
          await count('verify', codeLimits, identity, caller);
          return run(async () => {
            const ctx = entity().challenges(challengeSid) as unknown as Record<string, unknown>;
            return passthrough(await withInfo(ctx, 'update', { authPayload: code }, 200));
          });
        }
      }
    });
}
