/**
 * The Verify TOTP endpoint, framework-free: `POST` JSON with `action` = `enroll` |
 * `verify-factor` | `create-challenge` | `verify-challenge`. Answers with Twilio's resource
 * JSON (snake_case) and status, or Twilio's error envelope and status, unchanged.
 *
 * Every code check is counted before Twilio sees it (per identity and per client); when
 * the count cannot be taken (attempt store down) the endpoint fails closed with 503 and
 * asks Twilio nothing.
 */
import type twilio from 'twilio';
import { type AttemptStore, MemoryAttemptStore } from './attempt-store.js';
import { DEFAULT_BODY_LIMIT, readJsonBody } from './body.js';
import { withDeadline } from './deadline.js';
import { type Endpoint, type EndpointRequest, type EndpointResponse, type ParsedRequest, HttpError, jsonResponse } from './endpoint.js';
import { type CommonEndpointOptions, DEFAULT_TWILIO_TIMEOUT_MS, hookError, parsedRequest, runEndpoint } from './endpoint-kit.js';
import { type RequestClientLike, buildTwilioClient } from './twilio-client.js';
import { type HttpInfo, toTwilioJson, withInfo } from './twilio-json.js';
import { CHALLENGE_RE, FACTOR_RE, IDENTITY_RE, type VerifyAction, codeField, field, friendlyNameField, inferAction, invalid } from './verify-input.js';

export interface VerifyEndpointOptions<N = unknown> extends CommonEndpointOptions {
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
  attemptStore?: AttemptStore;
  /** Verification attempts allowed per identity and per client key in `windowMs` (default 5). */
  maxAttempts?: number;
  /** Default 600 000 (10 min). */
  windowMs?: number;
  /** Rate-limit key of the caller (default: its remote address; none known → per-identity limit only). */
  clientKey?: (req: ParsedRequest<N>) => string | undefined;
  /**
   * The signed-in user's identity from your app's session. When set, it is the identity
   * used, and a body `identity` that differs is refused (403), so nobody can enrol or
   * check codes for someone else. Throw `new HttpError(401, …)` to refuse.
   */
  identity?: (req: ParsedRequest<N>) => string | Promise<string>;
  /** How long the attempt store may take before the endpoint answers 503 (default 2000 ms). */
  storeTimeoutMs?: number;
}

export function createVerifyEndpoint<N = unknown>(opts: VerifyEndpointOptions<N>): Endpoint {
  if (!opts.accountSid) throw new Error('twilio-widgets/server: createVerifyEndpoint needs accountSid');
  if (!opts.verifyServiceSid) throw new Error('twilio-widgets/server: createVerifyEndpoint needs verifyServiceSid');
  if (!opts.twilioClient && !(opts.apiKeySid && opts.apiKeySecret) && !opts.authToken) {
    throw new Error('twilio-widgets/server: createVerifyEndpoint needs apiKeySid + apiKeySecret, authToken, or twilioClient');
  }
  const store: AttemptStore = opts.attemptStore ?? new MemoryAttemptStore();
  const maxAttempts = opts.maxAttempts ?? 5;
  const windowMs = opts.windowMs ?? 600_000;
  const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const twilioTimeoutMs = opts.twilioTimeoutMs ?? DEFAULT_TWILIO_TIMEOUT_MS;
  const storeTimeoutMs = opts.storeTimeoutMs ?? 2000;
  const clientKey = opts.clientKey ?? ((req: ParsedRequest<N>) => req.remoteAddress);
  const log = opts.log;
  let client: twilio.Twilio | undefined = opts.twilioClient;

  function service() {
    client ??= buildTwilioClient({
      accountSid: opts.accountSid,
      apiKeySid: opts.apiKeySid,
      apiKeySecret: opts.apiKeySecret,
      authToken: opts.authToken,
      httpClient: opts.httpClient,
      timeout: twilioTimeoutMs,
    });
    return client.verify.v2.services(opts.verifyServiceSid);
  }

  async function resolveIdentity(req: ParsedRequest<N>): Promise<string> {
    const claimed = req.body.identity;
    if (!opts.identity) return field(req.body, 'identity', IDENTITY_RE);
    let identity: string;
    try {
      identity = await opts.identity(req);
    } catch (err) {
      throw hookError(err);
    }
    if (typeof identity !== 'string' || !IDENTITY_RE.test(identity)) throw invalid('identity');
    if (claimed !== undefined && claimed !== identity) throw new HttpError(403, 'The identity does not match the signed-in user');
    return identity;
  }

  async function countAttempt(req: ParsedRequest<N>, identity: string): Promise<void> {
    const keys = [`verify:identity:${identity}`];
    const ck = clientKey(req);
    if (ck) keys.push(`verify:client:${ck}`);
    let counts: number[];
    try {
      const hits = store.hitAll ? store.hitAll(keys, windowMs) : Promise.all(keys.map((k) => store.hit(k, windowMs)));
      counts = await withDeadline(hits, storeTimeoutMs, () => {
        throw new Error(`no answer within ${storeTimeoutMs} ms`);
      });
    } catch (err) {
      log?.(`verify: attempt store unavailable (${err instanceof Error ? err.message : 'error'}); refused without asking Twilio`);
      throw new HttpError(503, 'Verification is unavailable right now (attempt limits cannot be checked); try again shortly', 20503, { 'retry-after': '5' });
    }
    if (counts.some((c) => c > maxAttempts)) {
      throw new HttpError(429, 'Too many attempts, try again later', 20429, {
        'retry-after': String(Math.max(1, Math.ceil(windowMs / 1000))),
      });
    }
  }

  /** Runs one Twilio request: its answer or its error envelope passes through; no answer in time → 504; unreachable → 502. */
  async function callTwilio(action: VerifyAction, identity: string, fn: () => Promise<EndpointResponse>): Promise<EndpointResponse> {
    try {
      return await withDeadline(fn(), twilioTimeoutMs, () => {
        throw new HttpError(504, `Twilio did not answer within ${twilioTimeoutMs} ms`);
      });
    } catch (err) {
      if (err instanceof HttpError) {
        if (err.status === 504) log?.(`verify: ${action} identity=${identity} -> Twilio timed out`);
        throw err;
      }
      const e = err as { status?: unknown; code?: unknown; message?: unknown; moreInfo?: unknown };
      if (typeof e.status === 'number' && e.status >= 400 && e.status < 600) {
        const body: Record<string, unknown> = {};
        if (typeof e.code === 'number') body.code = e.code;
        body.message = typeof e.message === 'string' ? e.message : `HTTP ${e.status}`;
        if (typeof e.moreInfo === 'string') body.more_info = e.moreInfo;
        else if (typeof e.code === 'number') body.more_info = `https://www.twilio.com/docs/errors/${e.code}`;
        body.status = e.status;
        log?.(`verify: ${action} identity=${identity} -> Twilio ${e.status}${typeof e.code === 'number' ? ` ${e.code}` : ''}`);
        return jsonResponse(e.status, body);
      }
      log?.(`verify: ${action} identity=${identity} -> Twilio unreachable (${err instanceof Error ? err.name : 'error'})`);
      throw new HttpError(502, 'Could not reach Twilio');
    }
  }

  return (req: EndpointRequest) =>
    runEndpoint(req, { name: 'verify', cors: opts.cors, methods: ['POST'], log }, async (prepared) => {
      const body = await readJsonBody(req, prepared.headers, bodyLimit, true);
      const parsed = parsedRequest(req as EndpointRequest<N>, prepared, body);
      const action = inferAction(body);
      const identity = await resolveIdentity(parsed);
      const svc = service(); // configuration errors surface as 500, not as 'unreachable'
      const entity = () => svc.entities(identity);
      const passthrough = (info: HttpInfo<unknown>) => {
        const json = toTwilioJson(info.body);
        log?.(`verify: ${action} identity=${identity} -> ${info.statusCode} ${String(json.status ?? '')}`);
        return jsonResponse(info.statusCode, json);
      };
      const run = (fn: () => Promise<EndpointResponse>) => callTwilio(action, identity, fn);

      switch (action) {
        case 'enroll': {
          const friendlyName = friendlyNameField(body);
          return run(async () => {
            const info = await withInfo<unknown>(entity().newFactors as unknown as Record<string, unknown>, 'create', {
              friendlyName: friendlyName ?? identity,
              factorType: 'totp',
            }, 201);
            const f = toTwilioJson(info.body);
            const binding = (f.binding ?? {}) as { uri?: unknown; secret?: unknown };
            // The binding is only ever returned here, once.
            log?.(`verify: enroll identity=${identity} -> ${info.statusCode} ${String(f.status)}`);
            return jsonResponse(info.statusCode, { identity: f.identity ?? identity, factorSid: f.sid, uri: binding.uri, secret: binding.secret, status: f.status });
          });
        }
        case 'verify-factor': {
          const factorSid = field(body, 'factorSid', FACTOR_RE);
          const code = codeField(body);
          await countAttempt(parsed, identity);
          return run(async () => {
            const ctx = entity().factors(factorSid) as unknown as Record<string, unknown>;
            return passthrough(await withInfo(ctx, 'update', { authPayload: code }, 200));
          });
        }
        case 'create-challenge': {
          const factorSid = field(body, 'factorSid', FACTOR_RE);
          const code = codeField(body);
          await countAttempt(parsed, identity);
          return run(async () => {
            const list = entity().challenges as unknown as Record<string, unknown>;
            return passthrough(await withInfo(list, 'create', { factorSid, authPayload: code }, 201));
          });
        }
        case 'verify-challenge': {
          const challengeSid = field(body, 'challengeSid', CHALLENGE_RE);
          const code = codeField(body);
          await countAttempt(parsed, identity);
          return run(async () => {
            const ctx = entity().challenges(challengeSid) as unknown as Record<string, unknown>;
            return passthrough(await withInfo(ctx, 'update', { authPayload: code }, 200));
          });
        }
      }
    });
}
