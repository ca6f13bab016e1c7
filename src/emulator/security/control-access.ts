/**
 * Who may use the emulator's control API (/emulator/*), decided before any
 * route runs: the request's `Origin` (origins.ts), the optional control token
 * (control-token.ts), and JSON-only bodies: a POST/PUT/PATCH/DELETE that
 * carries a body or comes from a browser page (has an `Origin`) must say
 * `Content-Type: application/json`, which a cross-origin page cannot send
 * without a CORS preflight (a text/plain or form POST is a "simple" request).
 * CORS answers echo an allowed origin (never `*`), always with `Vary: Origin`.
 */
import type { IncomingMessage } from 'node:http';
import { bearerMatches } from './control-token.js';
import { hasBody } from './body-limit.js';
import { originAllowed, type OriginPolicy } from './origins.js';

export interface ControlAccess {
  origins: OriginPolicy;
  /** `Authorization: Bearer <token>` required when set. */
  token?: string;
  /** Where refusals are reported (never with the token or the Authorization header). */
  log?: (line: string) => void;
}

export type AccessDecision = { ok: true } | { ok: false; status: number; code: number; message: string; headers?: Record<string, string> };

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The CORS headers of an answer to this request: its origin echoed if allowed, `Vary: Origin` always. */
export function corsHeaders(req: IncomingMessage, access: ControlAccess): Record<string, string> {
  const origin = req.headers.origin;
  const headers: Record<string, string> = { vary: 'Origin' };
  if (origin !== undefined && originAllowed(origin, req.headers.host, access.origins)) {
    headers['access-control-allow-origin'] = origin;
  }
  return headers;
}

/** Extra headers of a preflight (OPTIONS) answer. */
export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization',
  'access-control-max-age': '600',
});

/** Whether the origin may talk to the control API at all (preflights included). */
export function checkOrigin(req: IncomingMessage, access: ControlAccess): AccessDecision {
  const origin = req.headers.origin;
  if (originAllowed(origin, req.headers.host, access.origins)) return { ok: true };
  return {
    ok: false,
    status: 403,
    code: 20403,
    message: `Forbidden: pages from ${JSON.stringify(origin)} may not use the emulator's control API (allowed: same-origin, loopback pages, and the emulator's allowedOrigins)`,
  };
}

/** The full check of a (non-preflight) control request: origin, token, then the body's type. */
export function checkControlRequest(req: IncomingMessage, access: ControlAccess): AccessDecision {
  const origin = checkOrigin(req, access);
  if (!origin.ok) return origin;
  if (access.token !== undefined && !bearerMatches(req.headers.authorization, access.token)) {
    return {
      ok: false,
      status: 401,
      code: 20003,
      message: 'Authenticate: the emulator control API needs Authorization: Bearer <control token>',
      headers: { 'www-authenticate': 'Bearer realm="twilio-widgets emulator"' },
    };
  }
  const method = (req.method ?? 'GET').toUpperCase();
  if (BODY_METHODS.has(method) && (hasBody(req) || req.headers.origin !== undefined) && !isJson(req.headers['content-type'])) {
    return { ok: false, status: 415, code: 415, message: 'Unsupported Media Type: control API requests must be Content-Type: application/json' };
  }
  return { ok: true };
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/json';
}
