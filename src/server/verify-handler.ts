import type * as http from 'node:http';
import type twilio from 'twilio';
import { type AttemptStore, MemoryAttemptStore } from './attempt-store.js';
import {
  type CommonHandlerOptions,
  type RequestHandler,
  type ServerRequest,
  DEFAULT_BODY_LIMIT,
  HttpError,
  applyCors,
  guard,
  methodNotAllowed,
  readJsonBody,
  remoteAddress,
  sendJson,
} from './http-utils.js';
import { type RequestClientLike, buildTwilioClient } from './twilio-client.js';

export type VerifyAction = 'enroll' | 'verify-factor' | 'create-challenge' | 'verify-challenge';

export interface VerifyHandlerOptions extends CommonHandlerOptions {
  accountSid: string;
  /** API key + secret (preferred), or `authToken`. */
  apiKeySid?: string;
  apiKeySecret?: string;
  authToken?: string;
  verifyServiceSid: string;
  /** A ready twilio-node client. */
  twilioClient?: twilio.Twilio;
  /** httpClient for the client the handler builds (e.g. `createEmulatorHttpClient(url)`). */
  httpClient?: RequestClientLike;
  attemptStore?: AttemptStore;
  /** Verification attempts allowed per identity and per client key in `windowMs` (default 5). */
  maxAttempts?: number;
  /** Default 600 000 (10 min). */
  windowMs?: number;
  /** Rate-limit key of the caller (default: the remote address). */
  clientKey?: (req: http.IncomingMessage) => string;
}

const CODE_RE = /^[0-9]{3,8}$/;
const FACTOR_RE = /^YF[0-9a-f]{32}$/i;
const CHALLENGE_RE = /^YC[0-9a-f]{32}$/i;
const IDENTITY_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const ACTIONS: VerifyAction[] = ['enroll', 'verify-factor', 'create-challenge', 'verify-challenge'];

function invalid(name: string): HttpError {
  return new HttpError(400, `Invalid parameter: ${name}`, 60200);
}

function field(body: Record<string, unknown>, name: string, re: RegExp): string {
  const v = body[name];
  if (typeof v !== 'string' || !re.test(v)) throw invalid(name);
  return v;
}

/** Codes may arrive as numbers or with spaces/dashes (`123 456`); digits only after that. */
function codeField(body: Record<string, unknown>): string {
  let v = body.code;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) v = String(v);
  if (typeof v === 'string') v = v.replace(/[\s-]/g, '');
  if (typeof v !== 'string' || !CODE_RE.test(v)) throw invalid('code');
  return v;
}

function inferAction(body: Record<string, unknown>): VerifyAction {
  const a = body.action;
  if (a !== undefined) {
    if (typeof a !== 'string' || !ACTIONS.includes(a as VerifyAction)) throw invalid('action');
    return a as VerifyAction;
  }
  if (body.challengeSid !== undefined) return 'verify-challenge';
  if (body.factorSid !== undefined && body.code !== undefined) return 'verify-factor';
  throw invalid('action');
}

const camelToSnake = (k: string): string => k.replace(/[A-Z]/g, (m) => '_' + m.toLowerCase());

function twilioDate(d: Date): string {
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A twilio-node instance back to the snake_case JSON Twilio sent (top-level keys; nested objects are raw already). */
export function toTwilioJson(instance: unknown): Record<string, unknown> {
  const src =
    instance && typeof (instance as { toJSON?: unknown }).toJSON === 'function'
      ? (instance as { toJSON(): Record<string, unknown> }).toJSON()
      : (instance as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src ?? {})) {
    if (typeof v === 'function') continue;
    out[camelToSnake(k)] = v instanceof Date ? twilioDate(v) : v === undefined ? null : v;
  }
  return out;
}

interface HttpInfo<T> {
  body: T;
  statusCode: number;
}

async function withInfo<T>(
  obj: Record<string, unknown>,
  name: string,
  params: Record<string, unknown>,
  fallbackStatus: number,
): Promise<HttpInfo<T>> {
  const infoFn = obj[`${name}WithHttpInfo`];
  if (typeof infoFn === 'function') return (await infoFn.call(obj, params)) as HttpInfo<T>;
  const fn = obj[name] as (p: unknown) => Promise<T>;
  return { body: await fn.call(obj, params), statusCode: fallbackStatus };
}

/**
 * Verify TOTP proxy: `POST` JSON with `action` = `enroll` | `verify-factor` |
 * `create-challenge` | `verify-challenge`. Answers with Twilio's resource JSON (snake_case)
 * and status, or Twilio's error envelope and status, unchanged.
 */
export function createVerifyHandler(opts: VerifyHandlerOptions): RequestHandler {
  if (!opts.accountSid) throw new Error('twilio-widgets/server: createVerifyHandler needs accountSid');
  if (!opts.verifyServiceSid) throw new Error('twilio-widgets/server: createVerifyHandler needs verifyServiceSid');
  if (!opts.twilioClient && !(opts.apiKeySid && opts.apiKeySecret) && !opts.authToken) {
    throw new Error('twilio-widgets/server: createVerifyHandler needs apiKeySid + apiKeySecret, authToken, or twilioClient');
  }
  const store = opts.attemptStore ?? new MemoryAttemptStore();
  const maxAttempts = opts.maxAttempts ?? 5;
  const windowMs = opts.windowMs ?? 600_000;
  const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const clientKey = opts.clientKey ?? ((req: http.IncomingMessage) => remoteAddress(req as ServerRequest));
  const methods = ['POST'];
  const log = opts.log;
  let client: twilio.Twilio | undefined = opts.twilioClient;

  function service() {
    client ??= buildTwilioClient({
      accountSid: opts.accountSid,
      apiKeySid: opts.apiKeySid,
      apiKeySecret: opts.apiKeySecret,
      authToken: opts.authToken,
      httpClient: opts.httpClient,
    });
    return client.verify.v2.services(opts.verifyServiceSid);
  }

  async function limit(req: http.IncomingMessage, identity: string): Promise<void> {
    const keys = [`verify:identity:${identity}`, `verify:client:${clientKey(req)}`];
    const counts = await Promise.all(keys.map((k) => store.hit(k, windowMs)));
    if (counts.some((c) => c > maxAttempts)) {
      throw new HttpError(429, 'Too many attempts, try again later', 20429, {
        'Retry-After': String(Math.max(1, Math.ceil(windowMs / 1000))),
      });
    }
  }

  async function callTwilio(
    response: http.ServerResponse,
    action: VerifyAction,
    identity: string,
    fn: () => Promise<void>,
  ): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (err instanceof HttpError) throw err;
      const e = err as { status?: unknown; code?: unknown; message?: unknown; moreInfo?: unknown };
      if (typeof e.status === 'number' && e.status >= 400 && e.status < 600) {
        const body: Record<string, unknown> = {};
        if (typeof e.code === 'number') body.code = e.code;
        body.message = typeof e.message === 'string' ? e.message : `HTTP ${e.status}`;
        if (typeof e.moreInfo === 'string') body.more_info = e.moreInfo;
        else if (typeof e.code === 'number') body.more_info = `https://www.twilio.com/docs/errors/${e.code}`;
        body.status = e.status;
        log?.(`verify: ${action} identity=${identity} -> Twilio ${e.status}${typeof e.code === 'number' ? ` ${e.code}` : ''}`);
        sendJson(response, e.status, body);
        return;
      }
      log?.(`verify: ${action} identity=${identity} -> Twilio unreachable (${err instanceof Error ? err.name : 'error'})`);
      throw new HttpError(502, 'Could not reach Twilio');
    }
  }

  return async function verifyHandler(req, response) {
    await guard(response, log, 'verify', async () => {
      if (applyCors(req, response, opts.cors, methods)) return;
      const method = (req.method ?? 'GET').toUpperCase();
      if (!methods.includes(method)) throw methodNotAllowed(methods);
      const body = await readJsonBody(req as ServerRequest, bodyLimit, true);
      const action = inferAction(body);
      const identity = field(body, 'identity', IDENTITY_RE);
      const svc = service(); // configuration errors surface as 500, not as 'unreachable'
      const entity = () => svc.entities(identity);
      const send = (status: number, payload: unknown, what: string) => {
        log?.(`verify: ${action} identity=${identity} -> ${status} ${what}`);
        sendJson(response, status, payload);
      };
      const passthrough = (info: HttpInfo<unknown>) => {
        const json = toTwilioJson(info.body);
        send(info.statusCode, json, String(json.status ?? ''));
      };
      const run = (fn: () => Promise<void>) => callTwilio(response, action, identity, fn);

      switch (action) {
        case 'enroll': {
          const fn = body.friendlyName;
          if (fn !== undefined && (typeof fn !== 'string' || fn.length < 1 || fn.length > 64 || /[\u0000-\u001f]/.test(fn))) {
            throw invalid('friendlyName');
          }
          await run(async () => {
            const info = await withInfo<unknown>(entity().newFactors as unknown as Record<string, unknown>, 'create', {
              friendlyName: (fn as string | undefined) ?? identity,
              factorType: 'totp',
            }, 201);
            const f = toTwilioJson(info.body);
            const binding = (f.binding ?? {}) as { uri?: unknown; secret?: unknown };
            // The binding is only ever returned here, once.
            log?.(`verify: enroll identity=${identity} -> ${info.statusCode} ${String(f.status)}`);
            sendJson(response, info.statusCode, {
              identity: f.identity ?? identity,
              factorSid: f.sid,
              uri: binding.uri,
              secret: binding.secret,
              status: f.status,
            });
          });
          return;
        }
        case 'verify-factor': {
          const factorSid = field(body, 'factorSid', FACTOR_RE);
          const code = codeField(body);
          await limit(req, identity);
          await run(async () => {
            const ctx = entity().factors(factorSid) as unknown as Record<string, unknown>;
            passthrough(await withInfo(ctx, 'update', { authPayload: code }, 200));
          });
          return;
        }
        case 'create-challenge': {
          const factorSid = field(body, 'factorSid', FACTOR_RE);
          const code = codeField(body);
          await limit(req, identity);
          await run(async () => {
            const list = entity().challenges as unknown as Record<string, unknown>;
            passthrough(await withInfo(list, 'create', { factorSid, authPayload: code }, 201));
          });
          return;
        }
        case 'verify-challenge': {
          const challengeSid = field(body, 'challengeSid', CHALLENGE_RE);
          const code = codeField(body);
          await limit(req, identity);
          await run(async () => {
            const ctx = entity().challenges(challengeSid) as unknown as Record<string, unknown>;
            passthrough(await withInfo(ctx, 'update', { authPayload: code }, 200));
          });
          return;
        }
      }
    });
  };
}
