/**
 * The body of an endpoint request, whatever form the adapter had it in: raw text or bytes, a
 * size-limited reader, or a value the framework already parsed. One set of rules for every
 * framework: JSON (`readJsonBody`, the browser's requests) or form-encoded (`readFormBody`,
 * Twilio's webhooks) only (415), at most `limit` bytes (413), an object (400).
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

export function isFormType(ct: string | undefined): boolean {
  return !!ct && ct.split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/** Webhook requests are a few KB; custom parameters and SIP headers can add some. */
export const DEFAULT_FORM_LIMIT = 64 * 1024;

const notForm = (): HttpError => new HttpError(415, 'Content-Type must be application/x-www-form-urlencoded');

/** Flat string fields only: what Twilio posts, and what its signature covers. */
function formFields(value: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new HttpError(400, 'Form fields must be plain strings');
    out[k] = v;
  }
  return out;
}

/** Twilio never repeats a field; a repeated one is refused rather than read one way here and another way elsewhere. */
function parseFormText(text: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of new URLSearchParams(text)) {
    if (k in out) throw new HttpError(400, 'Malformed form body: a field is repeated');
    out[k] = v;
  }
  return out;
}

/**
 * Reads a form-encoded body (Twilio's webhooks and status callbacks): the same size rules as
 * JSON. A body a framework already parsed (`express.urlencoded()`, a Twilio Functions event)
 * is taken when it is a flat object of strings; nested values (`extended` parsing) are refused.
 */
export async function readFormBody(req: EndpointRequest, headers: Record<string, string | undefined>, limit: number): Promise<Record<string, string>> {
  const ct = headers['content-type'];
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const pre = req.parsedBody;
  if (pre !== undefined && pre !== null) {
    // A parsed body without a content type comes from a runtime that merges query and body (Twilio Functions).
    if (ct && !isFormType(ct)) throw notForm();
    if (typeof pre === 'string' || pre instanceof Uint8Array) {
      if (byteLength(pre) > limit) throw tooLarge();
      return parseFormText(toText(pre));
    }
    if (typeof pre !== 'object' || Array.isArray(pre) || ArrayBuffer.isView(pre)) throw new HttpError(400, 'Malformed form body');
    if (Buffer.byteLength(new URLSearchParams(pre as Record<string, string>).toString()) > limit) throw tooLarge();
    return formFields(pre as Record<string, unknown>);
  }
  if (!isFormType(ct)) throw notForm();
  const raw = req.body;
  if (raw === undefined) return Object.create(null) as Record<string, string>;
  const bytes = typeof raw === 'function' ? await raw(limit) : raw;
  if (byteLength(bytes) > limit) throw tooLarge();
  return parseFormText(toText(bytes));
}
