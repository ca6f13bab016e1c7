/** The routes under a Verify service: Entities, and each entity's Factors and Challenges. */
import { sendJson } from '../../http/json.js';
import { invalidParam, methodNotAllowed, notFound, RestError } from '../errors.js';
import { newSid, page } from '../format.js';
import type { RestRequest } from '../resource.js';
import { createChallenge, updateChallenge } from './challenges.js';
import { createFactor, updateFactor } from './factors.js';
import { challengeJson, entityJson, entityUrl, factorJson } from './json.js';
import { IDENTITY_RE, VERIFY_BASE, type Challenge, type Entity, type Factor, type ServiceState, type VerifyContext } from './model.js';

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

/** The entity of `identity`; `create`: made on first use (factor creation creates entities). */
function getEntity(ctx: VerifyContext, s: ServiceState, identity: string, create: boolean): Entity {
  let e = s.entities.get(identity);
  if (!e) {
    if (!create) throw notFound();
    if (!IDENTITY_RE.test(identity)) throw invalidParam('Identity');
    const t = ctx.now();
    e = { sid: newSid('YE'), identity, dateCreated: t, dateUpdated: t, factors: new Map(), challenges: new Map() };
    s.entities.set(identity, e);
  }
  return e;
}

/** `/Entities` and `/Entities/{identity}`. */
export function entities(ctx: VerifyContext, r: RestRequest, s: ServiceState, rest: string[]): void {
  const { method, res } = r;
  if (rest.length === 1) {
    if (method === 'GET')
      return sendJson(
        res,
        200,
        page(
          'entities',
          `${VERIFY_BASE}/Services/${s.sid}/Entities`,
          [...s.entities.values()].map((e) => entityJson(s, e)),
        ),
      );
    if (method !== 'POST') throw methodNotAllowed();
    const identity = r.params().get('Identity');
    if (!identity) throw invalidParam('Identity');
    if (s.entities.has(identity)) throw new RestError(409, 60301, 'Entity already exists');
    return sendJson(res, 201, entityJson(s, getEntity(ctx, s, identity, true)));
  }
  const identity = rest[1];
  if (method === 'GET') return sendJson(res, 200, entityJson(s, getEntity(ctx, s, identity, false)));
  if (method !== 'DELETE') throw methodNotAllowed();
  getEntity(ctx, s, identity, false);
  s.entities.delete(identity);
  sendJson(res, 204, null);
}

/** `/Entities/{identity}/Factors[/{YF}]`. */
export function factors(ctx: VerifyContext, r: RestRequest, s: ServiceState, identity: string, sid: string | undefined): void {
  const { method, res } = r;
  const p = r.params();
  if (sid === undefined) {
    if (method === 'GET') {
      const e = getEntity(ctx, s, identity, false);
      return sendJson(
        res,
        200,
        page(
          'factors',
          `${entityUrl(s, identity)}/Factors`,
          [...e.factors.values()].map((f) => factorJson(s, f)),
        ),
      );
    }
    if (method === 'POST') return createFactor(ctx, s, () => getEntity(ctx, s, identity, true), identity, p, res);
    throw methodNotAllowed();
  }
  const e = getEntity(ctx, s, identity, false);
  const f = getFactor(e, sid);
  if (method === 'GET') return sendJson(res, 200, factorJson(s, f));
  if (method === 'DELETE') {
    e.factors.delete(f.sid);
    return sendJson(res, 204, null);
  }
  if (method === 'POST') return updateFactor(ctx, s, f, p, res);
  throw methodNotAllowed();
}

/** `/Entities/{identity}/Challenges[/{YC}]`. */
export function challenges(ctx: VerifyContext, r: RestRequest, s: ServiceState, identity: string, sid: string | undefined): void {
  const { method, res } = r;
  const p = r.params();
  if (sid === undefined) {
    if (method === 'GET') {
      const e = getEntity(ctx, s, identity, false);
      const fs = p.get('FactorSid');
      const st = p.get('Status');
      const list = [...e.challenges.values()]
        .map((c) => challengeJson(s, c, ctx.now()))
        .filter((c) => (!fs || c.factor_sid === fs) && (!st || c.status === st));
      if (p.get('Order') !== 'asc') list.reverse();
      return sendJson(res, 200, page('challenges', `${entityUrl(s, identity)}/Challenges`, list));
    }
    if (method === 'POST') return createChallenge(ctx, s, () => getEntity(ctx, s, identity, false), getFactor, identity, p, res);
    throw methodNotAllowed();
  }
  const e = getEntity(ctx, s, identity, false);
  const c = getChallenge(e, sid);
  if (method === 'GET') return sendJson(res, 200, challengeJson(s, c, ctx.now()));
  if (method === 'POST') return updateChallenge(ctx, s, e, c, p, res);
  throw methodNotAllowed();
}
