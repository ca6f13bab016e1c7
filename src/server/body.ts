/**
 * The JSON body of an endpoint request, whatever form the adapter had it in: raw text or
 * bytes, a size-limited reader, or a value the framework already parsed. One set of rules
 * for every framework: JSON only (415), at most `limit` bytes (413), an object (400).
 */
import { HttpError, type EndpointRequest } from './endpoint.js';

export const DEFAULT_BODY_LIMIT = 16 * 1024;

export function isJsonType(ct: string | undefined): boolean {
  if (!ct) return false;
  const type = ct.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

export const tooLarge = (): HttpError => new HttpError(413, 'Request body too large');
const unsupportedType = (): HttpError => new HttpError(415, 'Content-Type must be application/json');

function parseJsonText(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Malformed JSON body');
  }
}

function byteLength(x: string | Uint8Array): number {
  return typeof x === 'string' ? Buffer.byteLength(x) : x.byteLength;
}

function toText(x: string | Uint8Array): string {
  return typeof x === 'string' ? x : Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('utf8');
}

function isEmptyPlainObject(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !ArrayBuffer.isView(x) && !Array.isArray(x) && Object.keys(x).length === 0;
}

/**
 * Reads the request's JSON object body. Without `required`, a request with no body yields
 * `{}` whatever its content type; with it, the content type must be JSON.
 */
export async function readJsonBody(
  req: EndpointRequest,
  headers: Record<string, string | undefined>,
  limit: number,
  required: boolean,
): Promise<Record<string, unknown>> {
  const ct = headers['content-type'];
  const declared = Number(headers['content-length']);
  let value: unknown;
  if (req.parsedBody !== undefined && req.parsedBody !== null) {
    const pre = req.parsedBody;
    if (isEmptyPlainObject(pre) && !(declared > 0)) {
      if (required && !isJsonType(ct)) throw unsupportedType();
      return {};
    }
    // A parsed body without a content type comes from a runtime that merges query and body (Twilio Functions).
    if (ct && !isJsonType(ct)) throw unsupportedType();
    if (Number.isFinite(declared) && declared > limit) throw tooLarge();
    if (typeof pre === 'string' || pre instanceof Uint8Array) {
      if (byteLength(pre) > limit) throw tooLarge();
      value = parseJsonText(toText(pre));
    } else {
      if (Buffer.byteLength(JSON.stringify(pre)) > limit) throw tooLarge();
      value = pre;
    }
  } else {
    const raw = req.body;
    const empty = raw === undefined || (typeof raw !== 'function' && byteLength(raw) === 0);
    if (empty) {
      if (required && !isJsonType(ct)) throw unsupportedType();
      return {};
    }
    if (!isJsonType(ct)) throw unsupportedType();
    if (Number.isFinite(declared) && declared > limit) throw tooLarge();
    const bytes = typeof raw === 'function' ? await raw(limit) : raw;
    if (byteLength(bytes) > limit) throw tooLarge();
    value = parseJsonText(toText(bytes));
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'JSON body must be an object');
  return value as Record<string, unknown>;
}
