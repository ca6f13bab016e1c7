/**
 * Node `http` adapter: `(req, res)` for `http.createServer`, which is also Express 5
 * middleware (`app.all('/token', toExpressHandler(token))`). A body Express already parsed
 * (`express.json()`, `express.raw()`) is used as is; otherwise the stream is read here.
 */
import type * as http from 'node:http';
import type { Endpoint, EndpointRequest, EndpointResponse } from '../endpoint.js';
import { errorBody, jsonResponse } from '../endpoint.js';
import { readNodeStream } from './read-stream.js';

/** A Node request, possibly decorated by Express (`body` already parsed, `ip`). */
export type ServerRequest = http.IncomingMessage & { body?: unknown; ip?: string };
/** Works as a Node `http` listener and as Express middleware; never calls `next`, never rejects. */
export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse, next?: (err?: unknown) => void) => Promise<void>;

function isEmptyPlainObject(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !ArrayBuffer.isView(x) && !Array.isArray(x) && Object.keys(x).length === 0;
}

function hasBody(req: http.IncomingMessage): boolean {
  const len = req.headers['content-length'];
  if (len !== undefined) return Number(len) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

/** The endpoint's view of a Node (or Express) request. */
export function nodeEndpointRequest(req: http.IncomingMessage): EndpointRequest<http.IncomingMessage> {
  const r = req as ServerRequest;
  const input: EndpointRequest<http.IncomingMessage> = {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers: req.headers,
    native: req,
  };
  const address = (typeof r.ip === 'string' && r.ip) || req.socket?.remoteAddress;
  if (address) input.remoteAddress = address;
  // Express's parsers leave `{}` and an unread stream when the content type did not match.
  const pre = r.body;
  if (pre !== undefined && pre !== null && !(isEmptyPlainObject(pre) && !req.readableEnded)) input.parsedBody = pre;
  else if (hasBody(req)) input.body = (limit) => readNodeStream(req, limit);
  return input;
}

/** Writes an endpoint's answer to a Node response. */
export function writeNodeResponse(res: http.ServerResponse, out: EndpointResponse): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  for (const [k, v] of Object.entries(out.headers)) res.setHeader(k, v);
  res.statusCode = out.status;
  if (out.status !== 204) res.setHeader('content-length', String(Buffer.byteLength(out.body)));
  res.end(out.status === 204 ? undefined : out.body);
}

export function toNodeHandler(endpoint: Endpoint): RequestHandler {
  return async function nodeHandler(req, res) {
    let out: EndpointResponse;
    try {
      out = await endpoint(nodeEndpointRequest(req));
    } catch {
      out = jsonResponse(500, errorBody(500, 'Internal server error'));
    }
    // A body refused before it was read (413, 415): answer, then close the connection instead
    // of reading on, so a client cannot keep streaming a chunked body after its 413. A request
    // without a body (a GET of the token) never "ends" unless read: its connection stays open.
    if (hasBody(req) && !req.readableEnded && !res.headersSent) out = { ...out, headers: { ...out.headers, connection: 'close' } };
    writeNodeResponse(res, out);
  };
}

/** Express 5: the Node handler, typed for `app.all(path, …)` / `router.use(…)`. */
export const toExpressHandler: (endpoint: Endpoint) => RequestHandler = toNodeHandler;
