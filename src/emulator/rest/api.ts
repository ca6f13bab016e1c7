/**
 * The emulator's Twilio REST API: `GET /2010-04-01/Accounts/{Sid}.json` (the credential
 * check the reference token handler does) and the Verify v2 TOTP resources under
 * `/v2/Services/{VA}/...` (Services, Entities, Factors, Challenges), speaking Twilio's wire
 * format: HTTP Basic auth, form-encoded PascalCase/dotted request fields, snake_case JSON
 * responses and the `{code, message, more_info, status}` error envelope.
 *
 * TOTP codes are real RFC 6238 codes (otpauth), checked with the factor's config
 * (`alg`, `code_length`, `time_step`, `skew`) against the injectable clock `now()`.
 *
 * Behaviour choices (see ../shared/research/verify-totp.md):
 * - Wrong code: current API by default (factor stays `unverified` with 200, challenge stays
 *   `pending` with 200/201); with `legacyTotpErrors` the pre-Oct-2021 errors 403 60311
 *   (factor) / 403 60324 (challenge).
 * - Attempt limits: after 5 wrong codes on a factor, further factor verifications answer
 *   429 60310; after 5 wrong codes on a challenge, further answers to it give 429 60308.
 *   Successful attempts do not count; counters never reset (Twilio: make a new factor/challenge).
 * - Challenges past `expiration_date` (default +5 min, `ExpirationDate` honoured up to +60 min)
 *   read as `status: "expired"`; answering one gives 403 60323. Answering an already approved
 *   challenge gives 403 60322. Challenging an unverified factor gives 403 60318.
 * - Unknown service, entity, factor or challenge (in the path or as `FactorSid`): 404 20404,
 *   Twilio's generic not-found (the 6039x codes have no documented HTTP status).
 * - Identities: 1–64 characters of `[A-Za-z0-9_-]` (Twilio asks for 8–64; the emulator is
 *   lenient so demos can use short names). Entities are created implicitly by factor creation.
 * - No replay protection: the same code may be used again within its window.
 * - The account JSON never contains `auth_token`.
 * - Bodies are capped at 64 KiB before buffering (security/body-limit.ts): a larger declared
 *   Content-Length is answered 413 20413 before the credentials are checked, a larger (chunked)
 *   body as soon as it passes the cap; every answer that leaves a body unread closes the connection.
 */
import type * as http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { EmulatorAccount } from '../auth/test-accounts.js';
import { BodyTooLargeError, closeAfterAnswer, declaredTooLarge, readBodyLimited, tooLargeEnvelope } from '../security/body-limit.js';

export interface TwilioRestApiOptions {
  accounts: EmulatorAccount[];
  /** Pre-Oct-2021 behaviour: a wrong TOTP code is a 403 60311 / 60324 error. */
  legacyTotpErrors?: boolean;
  /** Clock in ms since the epoch (default `Date.now`). */
  now?: () => number;
}

export interface TwilioRestApi {
  /** Answers the request and returns true if the path is the REST API's; false otherwise. */
  handleRequest(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  setLegacyTotpErrors(on: boolean): void;
  close(): void;
}

type Alg = 'sha1' | 'sha256' | 'sha512';

interface TotpConfig {
  alg: Alg;
  skew: number;
  code_length: number;
  time_step: number;
}

interface Factor {
  sid: string;
  identity: string;
  entitySid: string;
  friendlyName: string;
  secret: string;
  config: TotpConfig;
  status: 'unverified' | 'verified';
  metadata: unknown;
  dateCreated: number;
  dateUpdated: number;
  failedAttempts: number;
}

interface Challenge {
  sid: string;
  identity: string;
  entitySid: string;
  factorSid: string;
  status: 'pending' | 'approved' | 'expired' | 'denied';
  /** Twilio's enum has no null: a challenge nobody answered yet says `none`. */
  respondedReason: 'none' | 'not_needed' | 'not_requested';
  details: unknown;
  hiddenDetails: unknown;
  metadata: unknown;
  dateCreated: number;
  dateUpdated: number;
  dateResponded: number | null;
  expirationDate: number;
  failedAttempts: number;
}

interface Entity {
  sid: string;
  identity: string;
  dateCreated: number;
  dateUpdated: number;
  factors: Map<string, Factor>;
  challenges: Map<string, Challenge>;
}

interface ServiceState {
  account: EmulatorAccount;
  sid: string;
  dateCreated: number;
  entities: Map<string, Entity>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

type Params = Map<string, string>;

const MAX_ATTEMPTS = 5;
const MAX_TOTP_FACTORS = 100;
const DEFAULT_CHALLENGE_TTL_MS = 5 * 60 * 1000;
const MAX_CHALLENGE_TTL_MS = 60 * 60 * 1000;
const IDENTITY_RE = /^[A-Za-z0-9_-]{1,64}$/;
const FACTOR_SID_RE = /^YF[0-9a-fA-F]{32}$/;
const VERIFY_BASE = 'https://verify.twilio.com/v2';

function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

function iso(t: number): string {
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function rfc2822(t: number): string {
  return new Date(t).toUTCString().replace(/GMT$/, '+0000');
}

function moreInfo(code: number): string {
  return `https://www.twilio.com/docs/errors/${code}`;
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = status === 204 ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...(status === 204 ? {} : { 'content-length': String(Buffer.byteLength(text)) }),
    ...headers,
  });
  res.end(text);
}

function sendError(res: http.ServerResponse, e: HttpError): void {
  sendJson(res, e.status, { code: e.code, message: e.message, more_info: moreInfo(e.code), status: e.status }, e.headers);
}

function tooLarge(): HttpError {
  const e = tooLargeEnvelope();
  return new HttpError(e.status, e.code, e.message);
}

function notFound(what = 'The requested resource was not found'): HttpError {
  return new HttpError(404, 20404, what);
}

function invalidParam(name: string): HttpError {
  return new HttpError(400, 60200, `Invalid parameter: ${name}`);
}

function flattenJson(obj: unknown, prefix: string, out: Params): void {
  if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
    for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
      flattenJson(v, prefix ? `${prefix}.${k}` : k, out);
    }
  } else if (obj !== undefined && obj !== null) {
    out.set(prefix, typeof obj === 'string' ? obj : JSON.stringify(obj));
  }
}

function parseParams(body: string, contentType: string | undefined, query: URLSearchParams): Params {
  const out: Params = new Map();
  for (const [k, v] of query) out.set(k, v);
  if (!body) return out;
  if (contentType && /json/i.test(contentType)) {
    try {
      flattenJson(JSON.parse(body), '', out);
    } catch {
      throw new HttpError(400, 20001, 'Invalid JSON body');
    }
    return out;
  }
  for (const [k, v] of new URLSearchParams(body)) out.set(k, v);
  return out;
}

function parseJsonParam(p: Params, name: string): unknown {
  const v = p.get(name);
  if (v === undefined) return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function intParam(p: Params, name: string, min: number, max: number): number | undefined {
  const v = p.get(name);
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw invalidParam(name);
  const n = Number(v);
  if (n < min || n > max) throw invalidParam(name);
  return n;
}

function checkAuthPayload(p: Params): string | undefined {
  const code = p.get('AuthPayload');
  if (code === undefined) return undefined;
  if (code.length < 3 || code.length > 8) throw invalidParam('AuthPayload');
  return code;
}

export function createTwilioRestApi(opts: TwilioRestApiOptions): TwilioRestApi {
  const now = opts.now ?? Date.now;
  let legacy = !!opts.legacyTotpErrors;
  let closed = false;
  const services = new Map<string, ServiceState>();
  const created = now();
  for (const account of opts.accounts) {
    services.set(account.verifyServiceSid, {
      account,
      sid: account.verifyServiceSid,
      dateCreated: created,
      entities: new Map(),
    });
  }

  function authenticate(req: http.IncomingMessage): EmulatorAccount {
    const h = req.headers.authorization;
    const m = h ? /^Basic\s+(.+)$/i.exec(h) : null;
    if (m) {
      const decoded = Buffer.from(m[1], 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i > 0) {
        const user = decoded.slice(0, i);
        const pass = decoded.slice(i + 1);
        for (const a of opts.accounts) {
          if (user === a.accountSid && safeEqual(pass, a.authToken)) return a;
          for (const k of a.apiKeys) if (user === k.sid && safeEqual(pass, k.secret)) return a;
        }
      }
    }
    throw new HttpError(401, 20003, 'Authenticate', { 'www-authenticate': 'Basic realm="Twilio API"' });
  }

  // ---------- JSON views ----------

  function accountJson(a: EmulatorAccount): Record<string, unknown> {
    const base = `/2010-04-01/Accounts/${a.accountSid}`;
    return {
      // Twilio returns the auth token here; the emulator never hands out credentials, and the schema allows null.
      auth_token: null,
      sid: a.accountSid,
      owner_account_sid: a.accountSid,
      friendly_name: a.friendlyName,
      status: 'active',
      type: 'Full',
      date_created: rfc2822(created),
      date_updated: rfc2822(created),
      uri: `${base}.json`,
      subresource_uris: {
        calls: `${base}/Calls.json`,
        applications: `${base}/Applications.json`,
        keys: `${base}/Keys.json`,
        incoming_phone_numbers: `${base}/IncomingPhoneNumbers.json`,
      },
    };
  }

  function serviceJson(s: ServiceState): Record<string, unknown> {
    return {
      sid: s.sid,
      account_sid: s.account.accountSid,
      friendly_name: s.account.friendlyName,
      code_length: 6,
      lookup_enabled: false,
      psd2_enabled: false,
      skip_sms_to_landlines: false,
      dtmf_input_required: false,
      tts_name: null,
      do_not_share_warning_enabled: false,
      custom_code_enabled: false,
      push: { include_date: false, apn_credential_sid: null, fcm_credential_sid: null },
      totp: { issuer: s.account.friendlyName, time_step: 30, code_length: 6, skew: 1 },
      default_template_sid: null,
      whatsapp: { msg_service_sid: null, from: null },
      passkeys: { relying_party: { id: null, name: null, origins: null }, authenticator_attachment: null, discoverable_credentials: null, user_verification: null },
      verify_event_subscription_enabled: false,
      date_created: iso(s.dateCreated),
      date_updated: iso(s.dateCreated),
      url: `${VERIFY_BASE}/Services/${s.sid}`,
      links: {
        verification_checks: `${VERIFY_BASE}/Services/${s.sid}/VerificationCheck`,
        verifications: `${VERIFY_BASE}/Services/${s.sid}/Verifications`,
        rate_limits: `${VERIFY_BASE}/Services/${s.sid}/RateLimits`,
        messaging_configurations: `${VERIFY_BASE}/Services/${s.sid}/MessagingConfigurations`,
        entities: `${VERIFY_BASE}/Services/${s.sid}/Entities`,
        webhooks: `${VERIFY_BASE}/Services/${s.sid}/Webhooks`,
        access_tokens: `${VERIFY_BASE}/Services/${s.sid}/AccessTokens`,
      },
    };
  }

  function entityUrl(s: ServiceState, identity: string): string {
    return `${VERIFY_BASE}/Services/${s.sid}/Entities/${encodeURIComponent(identity)}`;
  }

  function entityJson(s: ServiceState, e: Entity): Record<string, unknown> {
    const url = entityUrl(s, e.identity);
    return {
      sid: e.sid,
      identity: e.identity,
      account_sid: s.account.accountSid,
      service_sid: s.sid,
      date_created: iso(e.dateCreated),
      date_updated: iso(e.dateUpdated),
      url,
      links: { factors: `${url}/Factors`, new_factors: `${url}/Factors`, challenges: `${url}/Challenges` },
    };
  }

  function factorJson(s: ServiceState, f: Factor, withBinding = false): Record<string, unknown> {
    const out: Record<string, unknown> = {
      sid: f.sid,
      account_sid: s.account.accountSid,
      service_sid: s.sid,
      entity_sid: f.entitySid,
      identity: f.identity,
    };
    if (withBinding) {
      out.binding = { secret: f.secret, uri: totpFor(s, f).toString() };
      out.options = null;
    }
    Object.assign(out, {
      date_created: iso(f.dateCreated),
      date_updated: iso(f.dateUpdated),
      friendly_name: f.friendlyName,
      status: f.status,
      factor_type: 'totp',
      config: { ...f.config },
      metadata: f.metadata ?? null,
      url: `${entityUrl(s, f.identity)}/Factors/${f.sid}`,
    });
    return out;
  }

  function challengeJson(s: ServiceState, c: Challenge): Record<string, unknown> {
    refreshExpiry(c);
    const url = `${entityUrl(s, c.identity)}/Challenges/${c.sid}`;
    return {
      sid: c.sid,
      account_sid: s.account.accountSid,
      service_sid: s.sid,
      entity_sid: c.entitySid,
      identity: c.identity,
      factor_sid: c.factorSid,
      date_created: iso(c.dateCreated),
      date_updated: iso(c.dateUpdated),
      date_responded: c.dateResponded === null ? null : iso(c.dateResponded),
      expiration_date: iso(c.expirationDate),
      status: c.status,
      responded_reason: c.respondedReason,
      details: c.details ?? null,
      hidden_details: c.hiddenDetails ?? null,
      metadata: c.metadata ?? null,
      factor_type: 'totp',
      url,
      links: { notifications: `${url}/Notifications` },
    };
  }

  function page(key: string, url: string, items: unknown[]): Record<string, unknown> {
    return {
      [key]: items,
      meta: {
        page: 0,
        page_size: Math.max(items.length, 50),
        first_page_url: `${url}?PageSize=50&Page=0`,
        previous_page_url: null,
        url: `${url}?PageSize=50&Page=0`,
        next_page_url: null,
        key,
      },
    };
  }

  // ---------- TOTP ----------

  function totpFor(s: ServiceState, f: Factor): TOTP {
    return new TOTP({
      issuer: s.account.friendlyName,
      label: f.friendlyName,
      algorithm: f.config.alg.toUpperCase(),
      digits: f.config.code_length,
      period: f.config.time_step,
      secret: Secret.fromBase32(f.secret),
    });
  }

  function codeIsValid(s: ServiceState, f: Factor, code: string): boolean {
    if (!/^\d+$/.test(code) || code.length !== f.config.code_length) return false;
    const totp = totpFor(s, f);
    return totp.validate({ token: code, window: f.config.skew, timestamp: now() }) !== null;
  }

  function refreshExpiry(c: Challenge): void {
    if (c.status === 'pending' && now() >= c.expirationDate) {
      c.status = 'expired';
      c.dateUpdated = c.expirationDate;
    }
  }

  function readConfig(p: Params, base: TotpConfig): TotpConfig {
    const cfg = { ...base };
    const ts = intParam(p, 'Config.TimeStep', 20, 60);
    if (ts !== undefined) cfg.time_step = ts;
    const skew = intParam(p, 'Config.Skew', 0, 2);
    if (skew !== undefined) cfg.skew = skew;
    const len = intParam(p, 'Config.CodeLength', 3, 8);
    if (len !== undefined) cfg.code_length = len;
    const alg = p.get('Config.Alg');
    if (alg !== undefined) {
      const a = alg.toLowerCase();
      if (a !== 'sha1' && a !== 'sha256' && a !== 'sha512') throw invalidParam('Config.Alg');
      cfg.alg = a;
    }
    return cfg;
  }

  // ---------- lookups ----------

  function getEntity(s: ServiceState, identity: string, create: boolean): Entity {
    let e = s.entities.get(identity);
    if (!e) {
      if (!create) throw notFound();
      if (!IDENTITY_RE.test(identity)) throw invalidParam('Identity');
      const t = now();
      e = { sid: newSid('YE'), identity, dateCreated: t, dateUpdated: t, factors: new Map(), challenges: new Map() };
      s.entities.set(identity, e);
    }
    return e;
  }

  function getFactor(e: Entity, sid: string): Factor {
    const f = e.factors.get(sid);
    if (!f) throw notFound();
    return f;
  }

  function getChallenge(e: Entity, sid: string): Challenge {
    const c = e.challenges.get(sid);
    if (!c) throw notFound();
    return c;
  }

  // ---------- routes ----------

  function handleAccounts(method: string, segs: string[], account: EmulatorAccount, res: http.ServerResponse): void {
    // segs: ['2010-04-01', 'Accounts', '{Sid}.json']
    if (segs.length === 3 && segs[1] === 'Accounts' && segs[2].endsWith('.json')) {
      const sid = segs[2].slice(0, -'.json'.length);
      if (sid !== account.accountSid) throw notFound(`The requested resource /2010-04-01/Accounts/${sid}.json was not found`);
      if (method !== 'GET' && method !== 'POST') throw new HttpError(405, 20004, 'Method not allowed');
      sendJson(res, 200, accountJson(account));
      return;
    }
    throw notFound();
  }

  function handleVerify(
    method: string,
    segs: string[],
    account: EmulatorAccount,
    p: Params,
    res: http.ServerResponse,
  ): void {
    // segs: ['v2', 'Services', VA, ...]
    const s = services.get(segs[2]);
    if (!s || s.account !== account) throw notFound();
    const rest = segs.slice(3);
    const methodNotAllowed = new HttpError(405, 20004, 'Method not allowed');

    if (rest.length === 0) {
      if (method !== 'GET') throw methodNotAllowed;
      return sendJson(res, 200, serviceJson(s));
    }
    if (rest[0] !== 'Entities') throw notFound();

    if (rest.length === 1) {
      if (method === 'GET') {
        return sendJson(res, 200, page('entities', `${VERIFY_BASE}/Services/${s.sid}/Entities`, [...s.entities.values()].map((e) => entityJson(s, e))));
      }
      if (method === 'POST') {
        const identity = p.get('Identity');
        if (!identity) throw invalidParam('Identity');
        if (s.entities.has(identity)) throw new HttpError(409, 60301, 'Entity already exists');
        return sendJson(res, 201, entityJson(s, getEntity(s, identity, true)));
      }
      throw methodNotAllowed;
    }

    const identity = rest[1];

    if (rest.length === 2) {
      if (method === 'GET') return sendJson(res, 200, entityJson(s, getEntity(s, identity, false)));
      if (method === 'DELETE') {
        getEntity(s, identity, false);
        s.entities.delete(identity);
        return sendJson(res, 204, null);
      }
      throw methodNotAllowed;
    }

    const kind = rest[2];
    if (kind === 'Factors') {
      if (rest.length === 3) {
        if (method === 'GET') {
          const e = getEntity(s, identity, false);
          return sendJson(res, 200, page('factors', `${entityUrl(s, identity)}/Factors`, [...e.factors.values()].map((f) => factorJson(s, f))));
        }
        if (method === 'POST') return createFactor(s, identity, p, res);
        throw methodNotAllowed;
      }
      if (rest.length === 4) {
        const e = getEntity(s, identity, false);
        const f = getFactor(e, rest[3]);
        if (method === 'GET') return sendJson(res, 200, factorJson(s, f));
        if (method === 'DELETE') {
          e.factors.delete(f.sid);
          return sendJson(res, 204, null);
        }
        if (method === 'POST') return updateFactor(s, f, p, res);
        throw methodNotAllowed;
      }
      throw notFound();
    }

    if (kind === 'Challenges') {
      if (rest.length === 3) {
        if (method === 'GET') {
          const e = getEntity(s, identity, false);
          const fs = p.get('FactorSid');
          const st = p.get('Status');
          const list = [...e.challenges.values()]
            .map((c) => challengeJson(s, c))
            .filter((c) => (!fs || c.factor_sid === fs) && (!st || c.status === st));
          if (p.get('Order') !== 'asc') list.reverse();
          return sendJson(res, 200, page('challenges', `${entityUrl(s, identity)}/Challenges`, list));
        }
        if (method === 'POST') return createChallenge(s, identity, p, res);
        throw methodNotAllowed;
      }
      if (rest.length === 4) {
        const e = getEntity(s, identity, false);
        const c = getChallenge(e, rest[3]);
        if (method === 'GET') return sendJson(res, 200, challengeJson(s, c));
        if (method === 'POST') return updateChallenge(s, e, c, p, res);
        throw methodNotAllowed;
      }
      throw notFound();
    }
    throw notFound();
  }

  function createFactor(s: ServiceState, identity: string, p: Params, res: http.ServerResponse): void {
    const friendlyName = p.get('FriendlyName');
    if (!friendlyName) throw invalidParam('FriendlyName');
    const type = p.get('FactorType');
    if (type !== 'totp') throw new HttpError(400, 60200, 'Invalid parameter: FactorType');
    let secret = p.get('Binding.Secret');
    if (secret !== undefined) {
      const clean = secret.replace(/[\s=]/g, '').toUpperCase();
      if (!/^[A-Z2-7]{16,}$/.test(clean)) throw invalidParam('Binding.Secret');
      secret = clean;
    } else {
      secret = new Secret({ size: 20 }).base32;
    }
    const config = readConfig(p, { alg: 'sha1', skew: 1, code_length: 6, time_step: 30 });
    const e = getEntity(s, identity, true);
    if (e.factors.size >= MAX_TOTP_FACTORS) throw new HttpError(400, 60315, 'Max number of factors per entity reached');
    const t = now();
    const f: Factor = {
      sid: newSid('YF'),
      identity,
      entitySid: e.sid,
      friendlyName,
      secret,
      config,
      status: 'unverified',
      metadata: parseJsonParam(p, 'Metadata') ?? null,
      dateCreated: t,
      dateUpdated: t,
      failedAttempts: 0,
    };
    e.factors.set(f.sid, f);
    sendJson(res, 201, factorJson(s, f, true));
  }

  function updateFactor(s: ServiceState, f: Factor, p: Params, res: http.ServerResponse): void {
    const code = checkAuthPayload(p);
    const friendlyName = p.get('FriendlyName');
    const config = readConfig(p, f.config);
    if (code !== undefined) {
      if (f.failedAttempts >= MAX_ATTEMPTS) {
        throw new HttpError(429, 60310, 'Factor verification attempts reached');
      }
      if (codeIsValid(s, f, code)) {
        f.status = 'verified';
      } else {
        f.failedAttempts++;
        if (legacy) throw new HttpError(403, 60311, 'Factor verification failed');
      }
    }
    if (friendlyName) f.friendlyName = friendlyName;
    f.config = config;
    f.dateUpdated = now();
    sendJson(res, 200, factorJson(s, f));
  }

  function createChallenge(s: ServiceState, identity: string, p: Params, res: http.ServerResponse): void {
    const factorSid = p.get('FactorSid');
    if (!factorSid || !FACTOR_SID_RE.test(factorSid)) throw invalidParam('FactorSid');
    const code = checkAuthPayload(p);
    const t = now();
    let expiration = t + DEFAULT_CHALLENGE_TTL_MS;
    const exp = p.get('ExpirationDate');
    if (exp !== undefined) {
      const e = Date.parse(exp);
      if (Number.isNaN(e) || e <= t || e > t + MAX_CHALLENGE_TTL_MS) throw invalidParam('ExpirationDate');
      expiration = e;
    }
    const e = getEntity(s, identity, false);
    const f = getFactor(e, factorSid);
    if (f.status !== 'verified') throw new HttpError(403, 60318, 'Factor is unverified');
    const message = p.get('Details.Message');
    const fields = p.get('Details.Fields');
    const c: Challenge = {
      sid: newSid('YC'),
      identity,
      entitySid: e.sid,
      factorSid: f.sid,
      status: 'pending',
      respondedReason: 'none',
      details: message !== undefined || fields !== undefined
        ? { message: message ?? null, date: iso(t), fields: fields ? parseJsonParam(p, 'Details.Fields') : [] }
        : null,
      hiddenDetails: parseJsonParam(p, 'HiddenDetails') ?? null,
      metadata: parseJsonParam(p, 'Metadata') ?? null,
      dateCreated: t,
      dateUpdated: t,
      dateResponded: null,
      expirationDate: expiration,
      failedAttempts: 0,
    };
    e.challenges.set(c.sid, c);
    if (code !== undefined) {
      if (codeIsValid(s, f, code)) {
        approve(c);
      } else {
        c.failedAttempts++;
        if (legacy) throw new HttpError(403, 60324, 'Challenge verification failed');
      }
    }
    sendJson(res, 201, challengeJson(s, c));
  }

  function approve(c: Challenge): void {
    const t = now();
    c.status = 'approved';
    c.respondedReason = 'none';
    c.dateResponded = t;
    c.dateUpdated = t;
  }

  function updateChallenge(s: ServiceState, e: Entity, c: Challenge, p: Params, res: http.ServerResponse): void {
    const code = checkAuthPayload(p);
    const metadata = parseJsonParam(p, 'Metadata');
    refreshExpiry(c);
    if (code !== undefined) {
      if (c.status === 'approved' || c.status === 'denied') throw new HttpError(403, 60322, 'Challenge already responded');
      if (c.status === 'expired') throw new HttpError(403, 60323, 'Challenge expired');
      if (c.failedAttempts >= MAX_ATTEMPTS) throw new HttpError(429, 60308, 'Challenge verification attempts limit reached');
      const f = e.factors.get(c.factorSid);
      if (!f) throw notFound();
      if (codeIsValid(s, f, code)) {
        approve(c);
      } else {
        c.failedAttempts++;
        c.dateUpdated = now();
        if (legacy) throw new HttpError(403, 60324, 'Challenge verification failed');
      }
    } else if (metadata === undefined) {
      throw invalidParam('AuthPayload');
    }
    if (metadata !== undefined) c.metadata = metadata;
    sendJson(res, 200, challengeJson(s, c));
  }

  async function serve(req: http.IncomingMessage, res: http.ServerResponse, url: URL, segs: string[]): Promise<void> {
    try {
      if (closed) throw new HttpError(503, 20503, 'Service unavailable');
      // Bodies are capped before anything is buffered (security/body-limit.ts), and a declared
      // size over the cap is refused before the credentials are even looked at.
      if (declaredTooLarge(req)) throw tooLarge();
      const account = authenticate(req);
      const body = await readBodyLimited(req).then(
        (b) => b.toString('utf8'),
        (err: unknown) => {
          throw err instanceof BodyTooLargeError ? tooLarge() : err;
        },
      );
      const method = (req.method ?? 'GET').toUpperCase();
      if (segs[0] === '2010-04-01') return handleAccounts(method, segs, account, res);
      const params = parseParams(body, req.headers['content-type'], url.searchParams);
      handleVerify(method, segs, account, params, res);
    } catch (err) {
      if (!res.headersSent) closeAfterAnswer(req, res);
      if (err instanceof HttpError) sendError(res, err);
      else sendError(res, new HttpError(500, 20500, 'Internal Server Error'));
    }
  }

  return {
    handleRequest(req, res) {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://emulator.invalid');
      } catch {
        return false;
      }
      const path = url.pathname;
      if (!path.startsWith('/2010-04-01/') && !path.startsWith('/v2/Services/')) return false;
      let segs: string[];
      try {
        segs = path.split('/').filter(Boolean).map((x) => decodeURIComponent(x));
      } catch {
        closeAfterAnswer(req, res);
        sendError(res, notFound());
        return true;
      }
      void serve(req, res, url, segs);
      return true;
    },
    setLegacyTotpErrors(on: boolean) {
      legacy = on;
    },
    close() {
      closed = true;
      for (const s of services.values()) s.entities.clear();
    },
  };
}
