/** Challenges of a verified factor: created (optionally answered at once), answered, expiring. */
import type { ServerResponse } from 'node:http';
import { sendJson } from '../../http/json.js';
import { invalidParam, notFound, RestError } from '../errors.js';
import { iso, newSid } from '../format.js';
import { jsonParam, type Params } from '../params.js';
import { challengeJson } from './json.js';
import {
  DEFAULT_CHALLENGE_TTL_MS,
  FACTOR_SID_RE,
  MAX_ATTEMPTS,
  MAX_CHALLENGE_TTL_MS,
  type Challenge,
  type Entity,
  type Factor,
  type ServiceState,
  type VerifyContext,
} from './model.js';
import { authPayload, codeIsValid, refreshExpiry } from './totp.js';

function approve(c: Challenge, now: number): void {
  c.status = 'approved';
  c.respondedReason = 'none';
  c.dateResponded = now;
  c.dateUpdated = now;
}

/** `ExpirationDate`, at most MAX_CHALLENGE_TTL_MS ahead; default DEFAULT_CHALLENGE_TTL_MS. */
function expirationOf(p: Params, now: number): number {
  const exp = p.get('ExpirationDate');
  if (exp === undefined) return now + DEFAULT_CHALLENGE_TTL_MS;
  const e = Date.parse(exp);
  if (Number.isNaN(e) || e <= now || e > now + MAX_CHALLENGE_TTL_MS) throw invalidParam('ExpirationDate');
  return e;
}

export function createChallenge(
  ctx: VerifyContext,
  s: ServiceState,
  getEntity: () => Entity,
  getFactor: (e: Entity, sid: string) => Factor,
  identity: string,
  p: Params,
  res: ServerResponse,
): void {
  const factorSid = p.get('FactorSid');
  if (!factorSid || !FACTOR_SID_RE.test(factorSid)) throw invalidParam('FactorSid');
  const code = authPayload(p);
  const t = ctx.now();
  const expiration = expirationOf(p, t);
  const e = getEntity();
  const f = getFactor(e, factorSid);
  if (f.status !== 'verified') throw new RestError(403, 60318, 'Factor is unverified');
  const message = p.get('Details.Message');
  const fields = p.get('Details.Fields');
  const c: Challenge = {
    sid: newSid('YC'),
    identity,
    entitySid: e.sid,
    factorSid: f.sid,
    status: 'pending',
    respondedReason: 'none',
    details:
      message !== undefined || fields !== undefined ? { message: message ?? null, date: iso(t), fields: fields ? jsonParam(p, 'Details.Fields') : [] } : null,
    hiddenDetails: jsonParam(p, 'HiddenDetails') ?? null,
    metadata: jsonParam(p, 'Metadata') ?? null,
    dateCreated: t,
    dateUpdated: t,
    dateResponded: null,
    expirationDate: expiration,
    failedAttempts: 0,
  };
  e.challenges.set(c.sid, c);
  if (code !== undefined) {
    if (codeIsValid(s, f, code, ctx.now())) {
      approve(c, ctx.now());
    } else {
      c.failedAttempts++;
      if (ctx.legacy()) throw new RestError(403, 60324, 'Challenge verification failed');
    }
  }
  sendJson(res, 201, challengeJson(s, c, ctx.now()));
}

/** An answer (`AuthPayload`) and/or new `Metadata`; answered, expired or over-tried challenges are refused. */
export function updateChallenge(ctx: VerifyContext, s: ServiceState, e: Entity, c: Challenge, p: Params, res: ServerResponse): void {
  const code = authPayload(p);
  const metadata = jsonParam(p, 'Metadata');
  refreshExpiry(c, ctx.now());
  if (code !== undefined) {
    if (c.status === 'approved' || c.status === 'denied') throw new RestError(403, 60322, 'Challenge already responded');
    if (c.status === 'expired') throw new RestError(403, 60323, 'Challenge expired');
    if (c.failedAttempts >= MAX_ATTEMPTS) throw new RestError(429, 60308, 'Challenge verification attempts limit reached');
    const f = e.factors.get(c.factorSid);
    if (!f) throw notFound();
    if (codeIsValid(s, f, code, ctx.now())) {
      approve(c, ctx.now());
    } else {
      c.failedAttempts++;
      c.dateUpdated = ctx.now();
      if (ctx.legacy()) throw new RestError(403, 60324, 'Challenge verification failed');
    }
  } else if (metadata === undefined) {
    throw invalidParam('AuthPayload');
  }
  if (metadata !== undefined) c.metadata = metadata;
  sendJson(res, 200, challengeJson(s, c, ctx.now()));
}
