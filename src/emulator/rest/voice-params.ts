/** Request fields of the 2010 API's call resources: booleans, methods, URLs, as Twilio checks them. */
import { RestError } from './errors.js';
import type { Params } from './params.js';

/** Twilio's answer to a field it cannot take. */
export function badField(name: string, why: string): RestError {
  return new RestError(400, 20001, `Invalid ${name}: ${why}`);
}

export function boolField(p: Params, name: string): boolean | undefined {
  const v = p.get(name);
  if (v === undefined || v === '') return undefined;
  const low = v.toLowerCase();
  if (low === 'true') return true;
  if (low === 'false') return false;
  throw badField(name, `${JSON.stringify(v)} is not true or false`);
}

export function methodField(p: Params, name: string): 'GET' | 'POST' {
  const v = (p.get(name) ?? 'POST').toUpperCase();
  if (v !== 'GET' && v !== 'POST') throw badField(name, 'must be GET or POST');
  return v;
}

/** An absolute http(s) URL (the emulator's webhook guard checks the host when it is requested). */
export function urlField(p: Params, name: string): string | undefined {
  const v = p.get(name);
  if (v === undefined || v === '') return undefined;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw badField(name, 'not an absolute URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw badField(name, 'must be http or https');
  return v;
}

const MAX_FIELD = 4096;

export function stringField(p: Params, name: string, max = MAX_FIELD): string | undefined {
  const v = p.get(name);
  if (v !== undefined && v.length > max) throw badField(name, `longer than ${max} characters`);
  return v;
}
