/**
 * Fetch-style adapter: `(Request) => Promise<Response>` for Hono, Next.js route handlers,
 * Bun, Deno, Cloudflare-style workers. The runtime knows the caller's address, the Request
 * does not: pass it as `{ remoteAddress }` (Hono: `getConnInfo(c).remote.address`, Bun:
 * `server.requestIP(req)?.address`, Deno: `info.remoteAddr.hostname`) to keep the verify
 * endpoint's per-client limit; without it only the per-identity limit applies.
 */
import type { Endpoint, EndpointRequest } from '../endpoint.js';
import { errorBody, jsonResponse } from '../endpoint.js';
import { tooLarge } from '../body.js';

export interface FetchCallInfo {
  remoteAddress?: string;
}

export type FetchHandler = (request: Request, info?: FetchCallInfo) => Promise<Response>;

async function readWebStream(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export function toFetchHandler(endpoint: Endpoint): FetchHandler {
  return async function fetchHandler(request, info) {
    const input: EndpointRequest<Request> = {
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      native: request,
    };
    const remoteAddress = typeof info?.remoteAddress === 'string' ? info.remoteAddress : undefined;
    if (remoteAddress) input.remoteAddress = remoteAddress;
    const stream = request.body;
    if (stream) input.body = (limit) => readWebStream(stream, limit);
    let out;
    try {
      out = await endpoint(input);
    } catch {
      out = jsonResponse(500, errorBody(500, 'Internal server error'));
    }
    // A body past the limit is not read on: cancel it, and ask the server to close the
    // connection (runtimes that manage connections themselves may ignore the header).
    if (stream && !request.bodyUsed) await stream.cancel().catch(() => undefined);
    if (out.status === 413) out = { ...out, headers: { ...out.headers, connection: 'close' } };
    return new Response(out.status === 204 ? null : out.body, { status: out.status, headers: out.headers });
  };
}
