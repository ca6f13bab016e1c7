/**
 * The CORS allow-list of the endpoints. Listed origins are echoed; other origins get no
 * CORS headers at all, so the browser keeps the answer from them.
 */
import type { EndpointResponse } from './endpoint.js';

export interface CorsOptions {
  /** Exact origins (`https://app.example.com`) that may call the endpoint from a browser. */
  origins: string[];
  /** Send `Access-Control-Allow-Credentials: true` (default false). */
  credentials?: boolean;
}

/** The CORS headers for this request, and the whole answer when it is a preflight. */
export function applyCors(
  method: string,
  headers: Record<string, string | undefined>,
  cors: CorsOptions | undefined,
  methods: readonly string[],
): { headers: Record<string, string>; preflight?: EndpointResponse } {
  const out: Record<string, string> = {};
  const origin = headers.origin;
  const allowed = !!(cors && origin && cors.origins.includes(origin));
  if (cors) out['vary'] = 'Origin';
  if (allowed) {
    out['access-control-allow-origin'] = origin;
    if (cors?.credentials) out['access-control-allow-credentials'] = 'true';
  }
  if (method !== 'OPTIONS') return { headers: out };
  const allow = [...methods, 'OPTIONS'].join(', ');
  const pre: Record<string, string> = { ...out, allow, 'cache-control': 'no-store' };
  if (allowed) {
    pre['access-control-allow-methods'] = allow;
    const asked = headers['access-control-request-headers'];
    pre['access-control-allow-headers'] = asked && /^[\w\-, ]*$/.test(asked) ? asked : 'Content-Type';
    pre['access-control-max-age'] = '600';
  }
  return { headers: out, preflight: { status: 204, headers: pre, body: '' } };
}
