/**
 * Decides what a token URL's answer means. Accepts `{"token": "<jwt>"}` (the
 * Twilio quickstart's `{identity, token}` included) or a text body that is the JWT.
 */
import type { PhoneError } from './phone-state.js';

export type TokenAnswer =
  | { kind: 'token'; token: string }
  /** 401/403: the server says our credentials (or its own) are wrong; never retried */
  | { kind: 'bad-credentials'; error: PhoneError }
  /** worth retrying with backoff */
  | { kind: 'transient'; error: PhoneError; retryAfterMs?: number }
  /** retrying will not help */
  | { kind: 'fatal'; error: PhoneError };

export interface TokenHttpResponse {
  status: number;
  contentType: string;
  body: string;
  retryAfterMs?: number;
}

const TRANSIENT_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);
const MAX_SERVER_MESSAGE = 200;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function serverMessage(body: string): { code?: number; message?: string } {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') {
      const { code, message } = parsed as { code?: unknown; message?: unknown };
      return {
        code: typeof code === 'number' ? code : undefined,
        message: typeof message === 'string' ? message.slice(0, MAX_SERVER_MESSAGE) : undefined,
      };
    }
  } catch {
    /* not JSON: no server message to quote */
  }
  return {};
}

function looksLikeHtml(contentType: string, body: string): boolean {
  return contentType.includes('html') || /^\s*</.test(body);
}

export function interpretTokenResponse(res: TokenHttpResponse): TokenAnswer {
  const { status, contentType, body } = res;
  if (status === 401 || status === 403) {
    const server = serverMessage(body);
    const detail = server.message ? `: ${server.message}` : '';
    return {
      kind: 'bad-credentials',
      error: { code: server.code ?? status, status, message: `The token URL refused the request (HTTP ${status}${detail}).` },
    };
  }
  if (status < 200 || status >= 300) {
    const server = serverMessage(body);
    const detail = server.message ? `: ${server.message}` : '';
    const retryAfter = status === 429 && res.retryAfterMs !== undefined ? { retryAfter: Math.ceil(res.retryAfterMs / 1000) } : {};
    const error = { code: server.code ?? status, status, message: `The token URL answered HTTP ${status}${detail}.`, ...retryAfter };
    if (TRANSIENT_STATUSES.has(status) || status >= 500) return { kind: 'transient', error, retryAfterMs: res.retryAfterMs };
    return { kind: 'fatal', error };
  }
  const trimmed = body.trim();
  if (trimmed.length === 0) return fatal('The token URL answered an empty body.');
  // A bare JWT is a token whatever the content type says (PHP, for one, sends text/html by default; some send a bare JWT as application/json).
  if (JWT_SHAPE.test(trimmed)) return tokenOrFatal(trimmed);
  if (contentType.includes('json') || trimmed.startsWith('{') || trimmed.startsWith('"')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return fatal('The token URL answered invalid JSON.');
    }
    if (typeof parsed === 'string') return tokenOrFatal(parsed);
    if (!parsed || typeof parsed !== 'object' || !('token' in parsed)) {
      return fatal('The token URL answered JSON without a "token" field.');
    }
    const token = parsed.token;
    if (typeof token !== 'string') return fatal('The token URL answered a "token" that is not a string.');
    return tokenOrFatal(token);
  }
  if (looksLikeHtml(contentType, trimmed)) {
    return fatal('The token URL answered an HTML page, not a token (is it behind a login page?).');
  }
  return tokenOrFatal(trimmed);
}

function tokenOrFatal(token: string): TokenAnswer {
  return token.trim() ? { kind: 'token', token: token.trim() } : fatal('The token URL answered an empty token.');
}

function fatal(message: string): TokenAnswer {
  return { kind: 'fatal', error: { message } };
}
