/**
 * Verify v2 TOTP under `/v2/Services/{VA}/...`: Services, Entities, Factors,
 * Challenges, one service per account (its `verifyServiceSid`).
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
 */
import type { EmulatorAccount } from '../../auth/test-accounts.js';
import { sendJson } from '../../http/json.js';
import { invalidParam, methodNotAllowed, notFound, RestError } from '../errors.js';
import { newSid, page } from '../format.js';
import type { RestRequest, RestResource } from '../resource.js';
import { createChallenge, updateChallenge } from './challenges.js';
import { createFactor, updateFactor } from './factors.js';
import { challengeJson, entityJson, entityUrl, factorJson, serviceJson } from './json.js';
import { IDENTITY_RE, VERIFY_BASE, type Challenge, type Entity, type Factor, type ServiceState, type VerifyContext } from './model.js';

export interface VerifyResource extends RestResource {
  setLegacy(on: boolean): void;
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

export function verifyResource(opts: { accounts: readonly EmulatorAccount[]; now: () => number; created: number; legacy: boolean }): VerifyResource {
  let legacy = opts.legacy;
  const ctx: VerifyContext = { now: opts.now, legacy: () => legacy };
  const services = new Map<string, ServiceState>();
  for (const account of opts.accounts) {
    services.set(account.verifyServiceSid, { account, sid: account.verifyServiceSid, dateCreated: opts.created, entities: new Map() });
  }

  function getEntity(s: ServiceState, identity: string, create: boolean): Entity {
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
  function entities(r: RestRequest, s: ServiceState, rest: string[]): void {
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
      return sendJson(res, 201, entityJson(s, getEntity(s, identity, true)));
    }
    const identity = rest[1];
    if (method === 'GET') return sendJson(res, 200, entityJson(s, getEntity(s, identity, false)));
    if (method !== 'DELETE') throw methodNotAllowed();
    getEntity(s, identity, false);
    s.entities.delete(identity);
    sendJson(res, 204, null);
  }

  /** `/Entities/{identity}/Factors[/{YF}]`. */
  function factors(r: RestRequest, s: ServiceState, identity: string, sid: string | undefined): void {
    const { method, res } = r;
    const p = r.params();
    if (sid === undefined) {
      if (method === 'GET') {
        const e = getEntity(s, identity, false);
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
      if (method === 'POST') return createFactor(ctx, s, () => getEntity(s, identity, true), identity, p, res);
      throw methodNotAllowed();
    }
    const e = getEntity(s, identity, false);
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
  function challenges(r: RestRequest, s: ServiceState, identity: string, sid: string | undefined): void {
    const { method, res } = r;
    const p = r.params();
    if (sid === undefined) {
      if (method === 'GET') {
        const e = getEntity(s, identity, false);
        const fs = p.get('FactorSid');
        const st = p.get('Status');
        const list = [...e.challenges.values()]
          .map((c) => challengeJson(s, c, ctx.now()))
          .filter((c) => (!fs || c.factor_sid === fs) && (!st || c.status === st));
        if (p.get('Order') !== 'asc') list.reverse();
        return sendJson(res, 200, page('challenges', `${entityUrl(s, identity)}/Challenges`, list));
      }
      if (method === 'POST') return createChallenge(ctx, s, () => getEntity(s, identity, false), getFactor, identity, p, res);
      throw methodNotAllowed();
    }
    const e = getEntity(s, identity, false);
    const c = getChallenge(e, sid);
    if (method === 'GET') return sendJson(res, 200, challengeJson(s, c, ctx.now()));
    if (method === 'POST') return updateChallenge(ctx, s, e, c, p, res);
    throw methodNotAllowed();
  }

  return {
    owns: (path) => path.startsWith('/v2/Services/'),
    handle(r) {
      // Fields first: a bad JSON body is a 400 whatever the path.
      r.params();
      // segs: ['v2', 'Services', VA, ...]
      const s = services.get(r.segs[2]);
      if (!s || s.account !== r.account) throw notFound();
      const rest = r.segs.slice(3);
      if (rest.length === 0) {
        if (r.method !== 'GET') throw methodNotAllowed();
        return sendJson(r.res, 200, serviceJson(s));
      }
      if (rest[0] !== 'Entities') throw notFound();
      if (rest.length <= 2) return entities(r, s, rest);
      const identity = rest[1];
      if (rest.length > 4) throw notFound();
      if (rest[2] === 'Factors') return factors(r, s, identity, rest[3]);
      if (rest[2] === 'Challenges') return challenges(r, s, identity, rest[3]);
      throw notFound();
    },
    setLegacy(on) {
      legacy = on;
    },
    close() {
      for (const s of services.values()) s.entities.clear();
    },
  };
}
