import type * as http from 'node:http';
import { randomInt } from 'node:crypto';
import twilio from 'twilio';
import {
  type CommonHandlerOptions,
  type RequestHandler,
  type ServerRequest,
  DEFAULT_BODY_LIMIT,
  HttpError,
  applyCors,
  errorBody,
  guard,
  methodNotAllowed,
  readJsonBody,
  sendJson,
} from './http-utils.js';
import { type RequestClientLike, buildTwilioClient } from './twilio-client.js';

export interface TokenHandlerOptions extends CommonHandlerOptions {
  accountSid: string;
  /** API key that signs the token (and authenticates the credential check). */
  apiKeySid: string;
  apiKeySecret: string;
  /** Accepted for symmetry with the verify handler; tokens are always signed with the API key. */
  authToken?: string;
  /** TwiML app for outgoing calls (the token's `outgoing.application_sid`). */
  twimlAppSid: string;
  /** Who the token is for. Default: a random name, like Twilio's quickstart. Throw an error with a numeric `status` (401/403) to refuse. */
  identity?: (req: http.IncomingMessage) => string | Promise<string>;
  /** Token lifetime in seconds (default 600; at most 86400). */
  ttl?: number;
  /** A ready twilio-node client used for the credential check. */
  twilioClient?: twilio.Twilio;
  /** httpClient for the client the handler builds (e.g. `createEmulatorHttpClient(url)`). */
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

interface CheckResult {
  ok: boolean;
  at: number;
  code?: number;
}

type CheckOutcome = { ok: true } | { ok: false; status: number; code?: number; message: string };

/** Voice access-token endpoint: `GET|POST` → `200 {identity, token}`. */
export function createTokenHandler(opts: TokenHandlerOptions): RequestHandler {
  for (const k of ['accountSid', 'apiKeySid', 'apiKeySecret', 'twimlAppSid'] as const) {
    if (!opts[k]) throw new Error(`twilio-widgets/server: createTokenHandler needs ${k}`);
  }
  const ttl = Math.min(Math.max(1, Math.floor(opts.ttl ?? 600)), 86400);
  const cacheTtl = opts.credentialCheckTtlMs ?? 5 * 60 * 1000;
  const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const methods = ['GET', 'POST'];
  const log = opts.log;
  let client: twilio.Twilio | undefined = opts.twilioClient;
  let cached: CheckResult | undefined;
  let inflight: Promise<CheckOutcome> | undefined;

  function getClient(): twilio.Twilio {
    client ??= buildTwilioClient({
      accountSid: opts.accountSid,
      apiKeySid: opts.apiKeySid,
      apiKeySecret: opts.apiKeySecret,
      httpClient: opts.httpClient,
    });
    return client;
  }

  function badCredentials(code?: number): CheckOutcome {
    return { ok: false, status: 401, code: code ?? 20003, message: 'Twilio rejected the server credentials (Authenticate)' };
  }

  async function runCheck(): Promise<CheckOutcome> {
    const c = getClient();
    try {
      await c.api.v2010.accounts(opts.accountSid).fetch();
      cached = { ok: true, at: Date.now() };
      log?.('token: Twilio credentials check passed');
      return { ok: true };
    } catch (err) {
      const e = err as { status?: unknown; code?: unknown };
      if (typeof e.status === 'number' && (e.status === 401 || e.status === 403 || e.status === 404)) {
        const code = typeof e.code === 'number' ? e.code : undefined;
        cached = { ok: false, at: Date.now(), code };
        log?.(`token: Twilio credentials check failed (HTTP ${e.status}${code ? ` code ${code}` : ''})`);
        return badCredentials(code === 20404 ? 20003 : code);
      }
      // Unreachable, timeouts, 5xx: not cached, the next request tries again.
      log?.(`token: Twilio unreachable for the credentials check (${typeof e.status === 'number' ? `HTTP ${e.status}` : err instanceof Error ? err.name : 'error'})`);
      return { ok: false, status: 502, message: 'Could not reach Twilio to check the server credentials' };
    }
  }

  async function checkCredentials(): Promise<CheckOutcome> {
    if (opts.checkCredentials === false) return { ok: true };
    if (cached && Date.now() - cached.at < cacheTtl) {
      return cached.ok ? { ok: true } : badCredentials(cached.code === 20404 ? 20003 : cached.code);
    }
    inflight ??= runCheck().finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  async function resolveIdentity(req: http.IncomingMessage): Promise<string> {
    let identity: string;
    try {
      identity = opts.identity ? await opts.identity(req) : randomIdentity();
    } catch (err) {
      const status = (err as { status?: unknown }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        throw new HttpError(status, err instanceof Error && err.message ? err.message : 'Forbidden');
      }
      throw err;
    }
    if (typeof identity !== 'string' || !CLIENT_IDENTITY_RE.test(identity)) {
      throw new HttpError(400, 'Invalid parameter: identity', 60200);
    }
    return identity;
  }

  return async function tokenHandler(req, res) {
    await guard(res, log, 'token', async () => {
      if (applyCors(req, res, opts.cors, methods)) return;
      const method = (req.method ?? 'GET').toUpperCase();
      if (!methods.includes(method)) throw methodNotAllowed(methods);
      if (method === 'POST') {
        const body = await readJsonBody(req as ServerRequest, bodyLimit, false);
        const r = req as ServerRequest;
        if (r.body === undefined) r.body = body;
      }
      const identity = await resolveIdentity(req);
      const check = await checkCredentials();
      if (!check.ok) {
        sendJson(res, check.status, errorBody(check.status, check.message, check.code));
        return;
      }
      const { AccessToken } = twilio.jwt;
      const token = new AccessToken(opts.accountSid, opts.apiKeySid, opts.apiKeySecret, { identity, ttl });
      token.addGrant(new AccessToken.VoiceGrant({ outgoingApplicationSid: opts.twimlAppSid, incomingAllow: true }));
      sendJson(res, 200, { identity, token: token.toJwt() });
      log?.(`token: issued for identity=${identity} ttl=${ttl}s`);
    });
  };
}
