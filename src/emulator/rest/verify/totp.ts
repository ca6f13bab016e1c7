/** RFC 6238 codes (otpauth) checked with a factor's config against the injectable clock. */
import { Secret, TOTP } from 'otpauth';
import { invalidParam } from '../errors.js';
import { intParam, type Params } from '../params.js';
import type { Challenge, Factor, ServiceState, TotpConfig } from './model.js';

export function totpFor(s: ServiceState, f: Factor): TOTP {
  return new TOTP({
    issuer: s.account.friendlyName,
    label: f.friendlyName,
    algorithm: f.config.alg.toUpperCase(),
    digits: f.config.code_length,
    period: f.config.time_step,
    secret: Secret.fromBase32(f.secret),
  });
}

export function codeIsValid(s: ServiceState, f: Factor, code: string, now: number): boolean {
  if (!/^\d+$/.test(code) || code.length !== f.config.code_length) return false;
  return totpFor(s, f).validate({ token: code, window: f.config.skew, timestamp: now }) !== null;
}

/** A pending challenge past its expiration date reads as expired from then on. */
export function refreshExpiry(c: Challenge, now: number): void {
  if (c.status === 'pending' && now >= c.expirationDate) {
    c.status = 'expired';
    c.dateUpdated = c.expirationDate;
  }
}

/** `Config.*` fields over `base`; RestError 400 60200 naming a bad one. */
export function readConfig(p: Params, base: TotpConfig): TotpConfig {
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

/** `AuthPayload`, the code: 3 to 8 characters when present. */
export function authPayload(p: Params): string | undefined {
  const code = p.get('AuthPayload');
  if (code === undefined) return undefined;
  if (code.length < 3 || code.length > 8) throw invalidParam('AuthPayload');
  return code;
}
