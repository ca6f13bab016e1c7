/**
 * The token endpoint as a Node `(req, res)` handler (and Express middleware), the API the
 * first release had: the identity hook gets Node's request, with `req.body` set for POSTs.
 */
import type * as http from 'node:http';
import { type RequestHandler, type ServerRequest, toNodeHandler } from './adapters/node.js';
import type { ParsedRequest } from './endpoint.js';
import { type TokenEndpointOptions, createTokenEndpoint } from './token-endpoint.js';

export interface TokenHandlerOptions extends Omit<TokenEndpointOptions<http.IncomingMessage>, 'identity'> {
  /** Who the token is for. Default: a random name, like Twilio's quickstart. Throw an error with a numeric `status` (401/403) to refuse. */
  identity?: (req: http.IncomingMessage) => string | Promise<string>;
}

/** Node's request with the parsed body on `req.body`, as the first release's hooks expect. */
export function nodeRequestWithBody(p: ParsedRequest<http.IncomingMessage>): http.IncomingMessage {
  const r = p.native as ServerRequest;
  if (p.method === 'POST' && r.body === undefined) r.body = p.body;
  return r;
}

/** Voice access-token endpoint: `GET|POST` → `200 {identity, token}`. */
export function createTokenHandler(opts: TokenHandlerOptions): RequestHandler {
  const { identity, ...rest } = opts;
  return toNodeHandler(
    createTokenEndpoint<http.IncomingMessage>({
      ...rest,
      ...(typeof identity === 'function'
        ? { identity: (p: ParsedRequest<http.IncomingMessage>) => identity(nodeRequestWithBody(p)) }
        : identity !== undefined
          ? { identity: identity }
          : {}),
    }),
  );
}
