/**
 * Request fields of the REST API as Twilio takes them: form-encoded
 * PascalCase/dotted names (`Config.TimeStep`), or a JSON body flattened to the
 * same dotted names; the query string counts too.
 */
import { invalidParam, RestError } from './errors.js';

export type Params = Map<string, string>;

function flattenJson(obj: unknown, prefix: string, out: Params): void {
  if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
    for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
      flattenJson(v, prefix ? `${prefix}.${k}` : k, out);
    }
  } else if (obj !== undefined && obj !== null) {
    out.set(prefix, typeof obj === 'string' ? obj : JSON.stringify(obj));
  }
}

export function parseParams(body: string, contentType: string | undefined, query: URLSearchParams): Params {
  const out: Params = new Map();
  for (const [k, v] of query) out.set(k, v);
  if (!body) return out;
  if (contentType && /json/i.test(contentType)) {
    try {
      flattenJson(JSON.parse(body), '', out);
    } catch {
      throw new RestError(400, 20001, 'Invalid JSON body');
    }
    return out;
  }
  // A repeated field (a list, e.g. ConferenceStatusCallbackEvent as the twilio client sends it) keeps every value, space-separated.
  for (const [k, v] of new URLSearchParams(body)) out.set(k, out.has(k) && !query.has(k) ? `${out.get(k)} ${v}` : v);
  return out;
}

/** A field holding JSON (`Metadata`, `Details.Fields`): parsed, or the raw string when it is not JSON. */
export function jsonParam(p: Params, name: string): unknown {
  const v = p.get(name);
  if (v === undefined) return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

export function intParam(p: Params, name: string, min: number, max: number): number | undefined {
  const v = p.get(name);
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw invalidParam(name);
  const n = Number(v);
  if (n < min || n > max) throw invalidParam(name);
  return n;
}
