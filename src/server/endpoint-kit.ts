/**
 * What both endpoints do around their own logic: CORS and preflights, the method check,
 * turning thrown errors into JSON answers (HttpError → its status, anything else → 500),
 * and the options they share.
 */
import { type CorsOptions, applyCors } from './cors.js';
import {
  type EndpointRequest,
  type EndpointResponse,
  type ParsedRequest,
  HttpError,
  errorBody,
  errorResponse,
  jsonResponse,
  normalizeHeaders,
} from './endpoint.js';

export interface CommonEndpointOptions {
  cors?: CorsOptions;
  /** Max JSON body size in bytes (default 16 KB). */
  bodyLimit?: number;
  /** One line per request outcome; never receives secrets, tokens, codes or bodies. */
  log?: (line: string) => void;
  /** How long a request waits for Twilio's API before it answers 504 (default 5000 ms). */
  twilioTimeoutMs?: number;
}

export const DEFAULT_TWILIO_TIMEOUT_MS = 5000;

export interface PreparedRequest {
  method: string;
  headers: Record<string, string | undefined>;
}

export function parsedRequest<N>(req: EndpointRequest<N>, prepared: PreparedRequest, body: Record<string, unknown>): ParsedRequest<N> {
  let query: URLSearchParams;
  try {
    query = new URL(req.url || '/', 'http://endpoint.invalid').searchParams;
  } catch {
    query = new URLSearchParams(); // a request line no URL parser accepts has no usable query
  }
  return {
    method: prepared.method,
    url: req.url,
    headers: prepared.headers,
    query,
    body,
    ...(req.remoteAddress !== undefined ? { remoteAddress: req.remoteAddress } : {}),
    ...(req.native !== undefined ? { native: req.native } : {}),
  };
}

/** An error a hook threw: a 4xx `status` on it is the answer; anything else is ours (500). */
export function hookError(err: unknown): unknown {
  if (err instanceof HttpError) return err;
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpError(status, err instanceof Error && err.message ? err.message : 'Forbidden');
  }
  return err;
}

export async function runEndpoint(
  req: EndpointRequest,
  opts: { name: string; cors?: CorsOptions; methods: readonly string[]; log?: (line: string) => void },
  handle: (prepared: PreparedRequest) => Promise<EndpointResponse>,
): Promise<EndpointResponse> {
  const { log, name } = opts;
  let corsHeaders: Record<string, string> = {};
  try {
    const prepared = { method: (req.method || 'GET').toUpperCase(), headers: normalizeHeaders(req.headers) };
    const cors = applyCors(prepared.method, prepared.headers, opts.cors, opts.methods);
    corsHeaders = cors.headers;
    if (cors.preflight) return cors.preflight;
    if (!opts.methods.includes(prepared.method)) {
      throw new HttpError(405, 'Method not allowed', undefined, { allow: [...opts.methods, 'OPTIONS'].join(', ') });
    }
    const res = await handle(prepared);
    return { ...res, headers: { ...corsHeaders, ...res.headers } };
  } catch (err) {
    if (err instanceof HttpError) {
      log?.(`${name}: ${err.status} ${err.code ?? ''} ${err.message}`.replace(/\s+/g, ' ').trim());
      return errorResponse(err, corsHeaders);
    }
    log?.(`${name}: 500 internal error (${err instanceof Error ? err.name : typeof err})`);
    return jsonResponse(500, errorBody(500, 'Internal server error'), corsHeaders);
  }
}
