/**
 * The verify endpoint as a Node `(req, res)` handler (and Express middleware), the API the
 * first release had: `clientKey` (and `identity`) get Node's request.
 */
import type * as http from 'node:http';
import { type RequestHandler, toNodeHandler } from './adapters/node.js';
import type { ParsedRequest } from './endpoint.js';
import { nodeRequestWithBody } from './token-handler.js';
import { type VerifyEndpointOptions, createVerifyEndpoint } from './verify-endpoint.js';

export type { VerifyAction } from './verify-input.js';
export { toTwilioJson } from './twilio-json.js';

export interface VerifyHandlerOptions extends Omit<VerifyEndpointOptions<http.IncomingMessage>, 'clientKey' | 'identity'> {
  /** Rate-limit key of the caller (default: the remote address, Express's `req.ip` when set). */
  clientKey?: (req: http.IncomingMessage) => string;
  /** The signed-in user's identity from your session; a different body `identity` gets 403. */
  identity?: (req: http.IncomingMessage) => string | Promise<string>;
}

/**
 * Verify TOTP proxy: `POST` JSON with `action` = `enroll` | `verify-factor` |
 * `create-challenge` | `verify-challenge`. Answers with Twilio's resource JSON (snake_case)
 * and status, or Twilio's error envelope and status, unchanged.
 */
export function createVerifyHandler(opts: VerifyHandlerOptions): RequestHandler {
  const { clientKey, identity, ...rest } = opts;
  type P = ParsedRequest<http.IncomingMessage>;
  return toNodeHandler(
    createVerifyEndpoint<http.IncomingMessage>({
      ...rest,
      ...(clientKey ? { clientKey: (p: P) => clientKey(p.native as http.IncomingMessage) } : {}),
      ...(typeof identity === 'function' ? { identity: (p: P) => identity(nodeRequestWithBody(p)) } : identity !== undefined ? { identity: identity } : {}),
    }),
  );
}
