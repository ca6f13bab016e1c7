/**
 * The emulator's control API on /emulator/*: JSON in and out. Local-only by
 * default (security/control-access.ts): requests without an `Origin` (tests,
 * curl, Node), same-origin pages and allowed origins (loopback pages by
 * default) only; JSON bodies only; `Authorization: Bearer <token>` when a
 * control token is set. Bodies are capped at 64 KiB before buffering (413).
 * Errors are always Twilio's envelope `{code, message, more_info, status}`.
 * The routes are in routes.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonBody, readText } from '../http/body.js';
import { EmulatorError } from '../http/errors.js';
import { sendJson, sendTwilioError } from '../http/json.js';
import { BodyTooLargeError, closeAfterAnswer, hasBody, tooLargeEnvelope } from '../security/body-limit.js';
import { checkControlRequest, checkOrigin, corsHeaders, PREFLIGHT_HEADERS, type ControlAccess } from '../security/control-access.js';
import { findRoute } from './routes.js';
import type { ControlTarget } from './target.js';

export type { ControlTarget } from './target.js';

export const CONTROL_PREFIX = '/emulator';

export function handleControlRequest(target: ControlTarget, req: IncomingMessage, res: ServerResponse, access: ControlAccess): boolean {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const path = url.pathname.replace(/\/+$/, '');
  if (path !== CONTROL_PREFIX && !path.startsWith(CONTROL_PREFIX + '/')) return false;
  const method = (req.method ?? 'GET').toUpperCase();
  for (const [k, v] of Object.entries(corsHeaders(req, access))) res.setHeader(k, v);
  const refuse = (d: { status: number; code: number; message: string; headers?: Record<string, string> }) => {
    access.log?.(`control API: ${method} ${path} refused with ${d.status} (Origin ${JSON.stringify(req.headers.origin)})`);
    closeAfterAnswer(req, res);
    sendTwilioError(res, d.status, d.code, d.message, d.headers);
  };
  if (method === 'OPTIONS') {
    // A preflight carries no credentials: only the origin is checked.
    const origin = checkOrigin(req, access);
    if (!origin.ok) {
      refuse(origin);
      return true;
    }
    closeAfterAnswer(req, res);
    res.writeHead(204, PREFLIGHT_HEADERS);
    res.end();
    return true;
  }
  const decision = checkControlRequest(req, access);
  if (!decision.ok) {
    refuse(decision);
    return true;
  }
  serve(target, method, path.slice(CONTROL_PREFIX.length) || '/', url.searchParams, req, res).catch((err: unknown) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    closeAfterAnswer(req, res);
    if (err instanceof BodyTooLargeError) {
      access.log?.(`control API: ${method} ${path} refused with 413 (body over ${err.limit} bytes)`);
      sendJson(res, 413, tooLargeEnvelope(err.limit));
    } else if (err instanceof EmulatorError) sendTwilioError(res, err.status, err.code, err.message);
    else sendTwilioError(res, 500, 500, err instanceof Error ? err.message : String(err));
  });
  return true;
}

async function serve(target: ControlTarget, method: string, path: string, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // The whole body (at most MAX_BODY_BYTES) is read before any route answers: a route that
  // ignores bodies must not leave one streaming in behind its answer.
  const body = hasBody(req) ? await readText(req) : '';
  const found = findRoute(path);
  if (!found) {
    closeAfterAnswer(req, res);
    return sendTwilioError(res, 404, 20404, `No emulator route ${method} ${CONTROL_PREFIX}${path}`);
  }
  const handler = Object.hasOwn(found.route.methods, method) ? found.route.methods[method] : undefined;
  if (!handler) {
    closeAfterAnswer(req, res);
    return sendTwilioError(res, 405, 405, `Method ${method} not allowed on ${CONTROL_PREFIX}${path}`, { allow: Object.keys(found.route.methods).join(', ') });
  }
  const reply = await handler({ target, match: found.match, query, json: () => parseJsonBody(body) });
  sendJson(res, reply.status, reply.body);
}
