/** Creating a TOTP factor (its secret in the answer, once) and verifying or updating it. */
import { Secret } from 'otpauth';
import type { ServerResponse } from 'node:http';
import { sendJson } from '../../http/json.js';
import { invalidParam, RestError } from '../errors.js';
import { newSid } from '../format.js';
import { jsonParam, type Params } from '../params.js';
import { factorJson } from './json.js';
import { MAX_ATTEMPTS, MAX_TOTP_FACTORS, type Entity, type Factor, type ServiceState, type VerifyContext } from './model.js';
import { authPayload, codeIsValid, readConfig } from './totp.js';

/** A Base32 secret of at least 16 characters (spaces and padding dropped), or a fresh 160-bit one. */
function bindingSecret(p: Params): string {
  const given = p.get('Binding.Secret');
  if (given === undefined) return new Secret({ size: 20 }).base32;
  const clean = given.replace(/[\s=]/g, '').toUpperCase();
  if (!/^[A-Z2-7]{16,}$/.test(clean)) throw invalidParam('Binding.Secret');
  return clean;
}

/** `getEntity(true)` creates the entity: factor creation is what creates entities. */
export function createFactor(ctx: VerifyContext, s: ServiceState, getEntity: () => Entity, identity: string, p: Params, res: ServerResponse): void {
  const friendlyName = p.get('FriendlyName');
  if (!friendlyName) throw invalidParam('FriendlyName');
  if (p.get('FactorType') !== 'totp') throw new RestError(400, 60200, 'Invalid parameter: FactorType');
  const secret = bindingSecret(p);
  const config = readConfig(p, { alg: 'sha1', skew: 1, code_length: 6, time_step: 30 });
  const e = getEntity();
  if (e.factors.size >= MAX_TOTP_FACTORS) throw new RestError(400, 60315, 'Max number of factors per entity reached');
  const t = ctx.now();
  const f: Factor = {
    sid: newSid('YF'),
    identity,
    entitySid: e.sid,
    friendlyName,
    secret,
    config,
    status: 'unverified',
    metadata: jsonParam(p, 'Metadata') ?? null,
    dateCreated: t,
    dateUpdated: t,
    failedAttempts: 0,
  };
  e.factors.set(f.sid, f);
  sendJson(res, 201, factorJson(s, f, true));
}

/** A right code verifies the factor; after MAX_ATTEMPTS wrong ones, 429 60310. */
export function updateFactor(ctx: VerifyContext, s: ServiceState, f: Factor, p: Params, res: ServerResponse): void {
  const code = authPayload(p);
  const friendlyName = p.get('FriendlyName');
  const config = readConfig(p, f.config);
  if (code !== undefined) {
    if (f.failedAttempts >= MAX_ATTEMPTS) throw new RestError(429, 60310, 'Factor verification attempts reached');
    if (codeIsValid(s, f, code, ctx.now())) {
      f.status = 'verified';
    } else {
      f.failedAttempts++;
      if (ctx.legacy()) throw new RestError(403, 60311, 'Factor verification failed');
    }
  }
  if (friendlyName) f.friendlyName = friendlyName;
  f.config = config;
  f.dateUpdated = ctx.now();
  sendJson(res, 200, factorJson(s, f));
}
