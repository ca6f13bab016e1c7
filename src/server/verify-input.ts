/** The verify endpoint's input rules: which action, and the fields each one needs (400 60200 otherwise). */
import { HttpError } from './endpoint.js';

export type VerifyAction = 'enroll' | 'verify-factor' | 'create-challenge' | 'verify-challenge';

const CODE_RE = /^[0-9]{3,8}$/;
export const FACTOR_RE = /^YF[0-9a-f]{32}$/i;
export const CHALLENGE_RE = /^YC[0-9a-f]{32}$/i;
export const IDENTITY_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const ACTIONS: VerifyAction[] = ['enroll', 'verify-factor', 'create-challenge', 'verify-challenge'];

export function invalid(name: string): HttpError {
  return new HttpError(400, `Invalid parameter: ${name}`, 60200);
}

export function field(body: Record<string, unknown>, name: string, re: RegExp): string {
  const v = body[name];
  if (typeof v !== 'string' || !re.test(v)) throw invalid(name);
  return v;
}

/** Codes may arrive as numbers or with spaces/dashes (`123 456`); digits only after that. */
export function codeField(body: Record<string, unknown>): string {
  let v = body.code;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) v = String(v);
  if (typeof v === 'string') v = v.replace(/[\s-]/g, '');
  if (typeof v !== 'string' || !CODE_RE.test(v)) throw invalid('code');
  return v;
}

export function friendlyNameField(body: Record<string, unknown>): string | undefined {
  const fn = body.friendlyName;
  // eslint-disable-next-line no-control-regex -- control characters are what a name must not hold
  if (fn !== undefined && (typeof fn !== 'string' || fn.length < 1 || fn.length > 64 || /[\u0000-\u001f]/.test(fn))) {
    throw invalid('friendlyName');
  }
  return fn;
}

export function inferAction(body: Record<string, unknown>): VerifyAction {
  const a = body.action;
  if (a !== undefined) {
    if (typeof a !== 'string' || !ACTIONS.includes(a as VerifyAction)) throw invalid('action');
    return a as VerifyAction;
  }
  if (body.challengeSid !== undefined) return 'verify-challenge';
  if (body.factorSid !== undefined && body.code !== undefined) return 'verify-factor';
  throw invalid('action');
}
