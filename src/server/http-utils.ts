import type * as http from 'node:http';

/** A Node request, possibly decorated by Express (`body` already parsed, `ip`). */
export type ServerRequest = http.IncomingMessage & { body?: unknown; ip?: string };
/** Works as a Node `http` listener and as Express middleware. */
export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse, next?: (err?: unknown) => void) => Promise<void>;

export interface CorsOptions {
  /** Exact origins (`https://app.example.com`) that may call the handler from a browser. */
  origins: string[];
  /** Send `Access-Control-Allow-Credentials: true` (default false). */
  credentials?: boolean;
}

export interface CommonHandlerOptions {
  cors?: CorsOptions;
  /** Max JSON body size in bytes (default 16 KB). */
  bodyLimit?: number;
  /** One line per request outcome; never receives secrets, tokens, codes or bodies. */
  log?: (line: string) => void;
}

export const DEFAULT_BODY_LIMIT = 16 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: number,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function moreInfo(code: number): string {
  return `https://www.twilio.com/docs/errors/${code}`;
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  const text = JSON.stringify(body);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  res.end(text);
}

/** Error JSON in Twilio's envelope shape: `{code?, message, more_info?, status}`. */
export function errorBody(status: number, message: string, code?: number): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (code !== undefined && code !== null) body.code = code;
  body.message = message;
  if (typeof code === 'number') body.more_info = moreInfo(code);
  body.status = status;
  return body;
}

export function sendError(res: http.ServerResponse, e: HttpError): void {
  sendJson(res, e.status, errorBody(e.status, e.message, e.code), e.headers);
}

/**
 * Applies the CORS allow-list. Returns true if the request was a preflight and has been
 * answered. Listed origins are echoed; others get no CORS headers at all.
 */
export function applyCors(req: http.IncomingMessage, res: http.ServerResponse, cors: CorsOptions | undefined, methods: string[]): boolean {
  const origin = req.headers.origin;
  const allowed = !!(cors && typeof origin === 'string' && cors.origins.includes(origin));
  if (cors) res.setHeader('Vary', 'Origin');
  if (allowed) {
    res.setHeader('Access-Control-Allow-Origin', origin as string);
    if (cors?.credentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  if ((req.method ?? 'GET').toUpperCase() !== 'OPTIONS') return false;
  res.setHeader('Allow', [...methods, 'OPTIONS'].join(', '));
  if (allowed) {
    res.setHeader('Access-Control-Allow-Methods', [...methods, 'OPTIONS'].join(', '));
    const reqHeaders = req.headers['access-control-request-headers'];
    res.setHeader('Access-Control-Allow-Headers', typeof reqHeaders === 'string' && /^[\w\-, ]*$/.test(reqHeaders) ? reqHeaders : 'Content-Type');
    res.setHeader('Access-Control-Max-Age', '600');
  }
  res.statusCode = 204;
  res.setHeader('Cache-Control', 'no-store');
  res.end();
  return true;
}

export function methodNotAllowed(methods: string[]): HttpError {
  return new HttpError(405, 'Method not allowed', undefined, { Allow: [...methods, 'OPTIONS'].join(', ') });
}

function isJsonType(ct: string | undefined): boolean {
  if (!ct) return false;
  const type = ct.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

function parseJsonText(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Malformed JSON body');
  }
}

function hasBody(req: http.IncomingMessage): boolean {
  const len = req.headers['content-length'];
  if (len !== undefined) return Number(len) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

/**
 * Reads a JSON request body (or takes the one Express parsed), with a size limit.
 * Without `required`, a request with no body yields `{}` whatever its content type.
 */
export async function readJsonBody(req: ServerRequest, limit: number, required: boolean): Promise<Record<string, unknown>> {
  let value: unknown;
  const ct = req.headers['content-type'];
  const pre = req.body;
  // Express's body parsers leave `{}` and an unread stream when the type did not match.
  const preParsed = pre !== undefined && pre !== null && !(isEmptyPlainObject(pre) && !req.readableEnded);
  if (preParsed) {
    if (isEmptyPlainObject(pre) && !hasBody(req) && (!required || isJsonType(ct))) return {};
    if (!isJsonType(ct)) throw new HttpError(415, 'Content-Type must be application/json');
    if (isBuffer(pre)) {
      if (pre.length > limit) throw new HttpError(413, 'Request body too large');
      value = parseJsonText(pre.toString('utf8'));
    } else if (typeof pre === 'string') {
      if (Buffer.byteLength(pre) > limit) throw new HttpError(413, 'Request body too large');
      value = parseJsonText(pre);
    } else {
      value = pre;
    }
  } else {
    if (!hasBody(req)) {
      if (required && !isJsonType(ct)) throw new HttpError(415, 'Content-Type must be application/json');
      req.resume();
      return {};
    }
    if (!isJsonType(ct)) {
      req.resume();
      throw new HttpError(415, 'Content-Type must be application/json');
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      throw new HttpError(413, 'Request body too large');
    }
    const text = await readLimited(req, limit);
    value = parseJsonText(text);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'JSON body must be an object');
  return value as Record<string, unknown>;
}

function isEmptyPlainObject(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !Buffer.isBuffer(x) && !Array.isArray(x) && Object.keys(x).length === 0;
}

function isBuffer(x: unknown): x is Buffer {
  return Buffer.isBuffer(x);
}

function readLimited(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (c: Buffer): void => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        req.off('data', onData);
        req.resume();
        reject(new HttpError(413, 'Request body too large'));
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (err) => {
      if (done) return;
      done = true;
      reject(err);
    });
  });
}

/** Remote address of the request (Express `req.ip` if present, else the socket's). */
export function remoteAddress(req: ServerRequest): string {
  return (typeof req.ip === 'string' && req.ip) || req.socket?.remoteAddress || 'unknown';
}

/** Runs `fn`, turning thrown HttpErrors into JSON answers and anything else into a 500. */
export async function guard(
  res: http.ServerResponse,
  log: ((line: string) => void) | undefined,
  prefix: string,
  fn: () => Promise<void>,
): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof HttpError) {
      log?.(`${prefix}: ${err.status} ${err.code ?? ''} ${err.message}`.replace(/\s+/g, ' ').trim());
      sendError(res, err);
      return;
    }
    log?.(`${prefix}: 500 internal error (${err instanceof Error ? err.name : typeof err})`);
    sendJson(res, 500, errorBody(500, 'Internal server error'));
  }
}
