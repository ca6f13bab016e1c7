/**
 * Fastify 5 adapter: a plugin that answers every method on its prefix,
 * `app.register(toFastifyPlugin(verify), { prefix: '/verify' })`. Inside its own
 * encapsulated context it replaces Fastify's body parsers with a pass-through, so the
 * endpoint applies its own body rules (JSON only, its size limit, its error JSON) exactly
 * as on every other framework. Fastify is not imported: bring your own.
 */
import type * as http from 'node:http';
import type { Readable } from 'node:stream';
import type { Endpoint, EndpointRequest, HeaderInput } from '../endpoint.js';
import { errorBody, jsonResponse } from '../endpoint.js';
import { readNodeStream } from './read-stream.js';

/** The parts of Fastify's request the adapter reads. */
export interface FastifyRequestLike {
  method: string;
  url: string;
  headers: HeaderInput;
  body?: unknown;
  ip?: string;
  raw: http.IncomingMessage;
}

/** The parts of Fastify's reply the adapter writes. */
export interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  headers(values: Record<string, string>): FastifyReplyLike;
  send(payload?: unknown): unknown;
}

/** The parts of a Fastify instance the plugin uses. */
export interface FastifyInstanceLike {
  removeAllContentTypeParsers(): void;
  addContentTypeParser(contentType: string, parser: (request: unknown, payload: Readable, done: (err: Error | null, body?: unknown) => void) => void): void;
  setErrorHandler(handler: (error: { statusCode?: number; message?: string }, request: unknown, reply: FastifyReplyLike) => unknown): void;
  all(path: string, handler: (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<unknown>): void;
}

export type FastifyPluginLike = (instance: FastifyInstanceLike, options: unknown) => Promise<void>;

const FASTIFY_ERRORS: Record<number, string> = {
  413: 'Request body too large',
  415: 'Content-Type must be application/json',
};

function isReadable(x: unknown): x is Readable {
  return typeof x === 'object' && x !== null && typeof (x as Readable).on === 'function' && typeof (x as Readable).resume === 'function';
}

export function toFastifyPlugin(endpoint: Endpoint): FastifyPluginLike {
  return async function twilioWidgetsEndpoint(fastify) {
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    // Fastify's own refusals (a body with no content type) in the endpoints' error JSON.
    fastify.setErrorHandler((error, _request, reply) => {
      const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      const message = status === 500 ? 'Internal server error' : (FASTIFY_ERRORS[status] ?? error.message ?? 'Bad request');
      const out = jsonResponse(status, errorBody(status, message));
      return reply.code(out.status).headers(out.headers).send(out.body);
    });
    fastify.all('/', async (request, reply) => {
      const input: EndpointRequest<FastifyRequestLike> = {
        method: request.method,
        url: request.url,
        headers: request.headers,
        native: request,
      };
      if (request.ip) input.remoteAddress = request.ip;
      const payload = request.body;
      if (isReadable(payload)) input.body = (limit) => readNodeStream(payload, limit);
      let out;
      try {
        out = await endpoint(input);
      } catch {
        out = jsonResponse(500, errorBody(500, 'Internal server error'));
      }
      // Refused before it was read (413, 415): answer and close rather than read on.
      if (isReadable(payload) && !payload.readableEnded) out = { ...out, headers: { ...out.headers, connection: 'close' } };
      return reply
        .code(out.status)
        .headers(out.headers)
        .send(out.status === 204 ? undefined : out.body);
    });
  };
}
