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
import { methodNotAllowed, notFound } from '../errors.js';
import type { RestResource } from '../resource.js';
import { serviceJson } from './json.js';
import type { ServiceState, VerifyContext } from './model.js';
import { challenges, entities, factors } from './routes.js';

export interface VerifyResource extends RestResource {
  setLegacy(on: boolean): void;
}

export function verifyResource(opts: { accounts: readonly EmulatorAccount[]; now: () => number; created: number; legacy: boolean }): VerifyResource {
  let legacy = opts.legacy;
  const ctx: VerifyContext = { now: opts.now, legacy: () => legacy };
  const services = new Map<string, ServiceState>();
  for (const account of opts.accounts) {
    services.set(account.verifyServiceSid, { account, sid: account.verifyServiceSid, dateCreated: opts.created, entities: new Map() });
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
      if (rest.length <= 2) return entities(ctx, r, s, rest);
      const identity = rest[1];
      if (rest.length > 4) throw notFound();
      if (rest[2] === 'Factors') return factors(ctx, r, s, identity, rest[3]);
      if (rest[2] === 'Challenges') return challenges(ctx, r, s, identity, rest[3]);
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
