/**
 * The framework-free shape of the token and verify endpoints: a plain request in, a plain
 * response out. The adapters (Node `http` and Express, Fastify, fetch-style runtimes, Twilio
 * Functions) only translate their framework's request and response to and from these, so
 * every framework gets the same checks, limits, status codes and bodies.
 */

/** Header values as Node gives them: names in any case, repeated headers as arrays. */
export type HeaderInput = Record<string, string | string[] | number | undefined>;

/** A request as an adapter hands it to an endpoint. */
export interface EndpointRequest<N = unknown> {
  /** HTTP method, any case. */
  method: string;
  /** Path and query (`/token?identity=bob`); an absolute URL works too. */
  url: string;
  headers: HeaderInput;
  /**
   * The raw body: text, bytes, or a reader that resolves with at most `limit` bytes and
   * rejects with a 413 `HttpError` past them. Omit it when the request has no body.
   */
  body?: string | Uint8Array | ((limit: number) => Promise<Uint8Array | string>);
  /** A body the framework already parsed (`express.json()`, a Twilio Functions event); used instead of `body`. */
  parsedBody?: unknown;
  /** The caller's address: the default key of the verify endpoint's per-client attempt limit. */
  remoteAddress?: string;
  /** The framework's own request object, handed to your hooks as `native`. */
  native?: N;
}

/** What an endpoint answers; the adapter writes it out unchanged. */
export interface EndpointResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A token or verify endpoint: `createTokenEndpoint()` / `createVerifyEndpoint()`. */
export type Endpoint = (req: EndpointRequest) => Promise<EndpointResponse>;

/** The request as your hooks (`identity`, `clientKey`) see it, body already parsed. */
export interface ParsedRequest<N = unknown> {
  /** Upper case. */
  method: string;
  url: string;
  /** Lower-case names, repeated values joined with `, `. */
  headers: Record<string, string | undefined>;
  query: URLSearchParams;
  /** The JSON body (`{}` when there is none). In Twilio Functions, query and body fields arrive merged here. */
  body: Record<string, unknown>;
  remoteAddress?: string;
  /** The framework's request: Node's `IncomingMessage` (Express's `req`), Fastify's `request`, the fetch `Request`, or `{context, event}` in Twilio Functions. */
  native?: N;
}

/** An error with an HTTP status; throw one from a hook to refuse (`new HttpError(401, 'Sign in first')`). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Twilio's numeric code, or one of ours in words (`factor-exists`). */
    readonly code?: number | string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function moreInfo(code: number): string {
  return `https://www.twilio.com/docs/errors/${code}`;
}

/** Error JSON in Twilio's envelope shape: `{code?, message, more_info?, status}`. */
export function errorBody(status: number, message: string, code?: number | string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (code !== undefined && code !== null) body.code = code;
  body.message = message;
  if (typeof code === 'number') body.more_info = moreInfo(code);
  body.status = status;
  return body;
}

/** A JSON answer with the headers every endpoint response carries (never cached, never sniffed). */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): EndpointResponse {
  return {
    status,
    headers: {
      ...headers,
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: JSON.stringify(body),
  };
}

export function errorResponse(e: HttpError, headers: Record<string, string> = {}): EndpointResponse {
  return jsonResponse(e.status, errorBody(e.status, e.message, e.code), { ...headers, ...e.headers });
}

/** Lower-case names, string values. */
export function normalizeHeaders(input: HeaderInput | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(input ?? {})) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}
