/**
 * Request bodies of the emulator's HTTP routes are capped before they are
 * buffered: a declared `Content-Length` over the cap is refused before a byte
 * is read, a body (chunked or not) that grows past it stops being read at
 * once. The answer is a real 413 in Twilio's error envelope with
 * `Connection: close`, and the socket is closed after it, so the rest of a
 * chunked body is never read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The cap on every emulator request body (control API, REST API). */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The cap on one `/signal` WebSocket message. The largest frames the Voice SDK sends are an
 * `invite`/`reinvite` SDP (a few KB, more with many candidates) and a call `message` (Twilio caps
 * the content at 10 000 characters; JSON-escaped control characters take 6 bytes each, so about
 * 60 KB at worst).
 */
export const SIGNAL_MAX_PAYLOAD = 64 * 1024;

/** How long a refused connection may linger (the client reads the answer) before it is destroyed. */
const LINGER_MS = 1000;

export class BodyTooLargeError extends Error {
  readonly status = 413;
  constructor(readonly limit: number) {
    super(`Request body too large: the limit is ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Whether the request announces a body (a non-zero Content-Length, or Transfer-Encoding). */
export function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const n = Number(req.headers['content-length'] ?? 0);
  return !Number.isFinite(n) || n > 0;
}

/** Whether the declared Content-Length is already over `limit`. */
export function declaredTooLarge(req: IncomingMessage, limit = MAX_BODY_BYTES): boolean {
  const cl = req.headers['content-length'];
  return cl !== undefined && Number(cl) > limit;
}

/** Reads the body up to `limit` bytes; rejects with BodyTooLargeError as soon as it is over (and stops reading). */
export function readBodyLimited(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  if (declaredTooLarge(req, limit)) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        cleanup();
        chunks.length = 0;
        req.pause();
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(c);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * Call before answering a request whose body was not (entirely) read: the answer says
 * `Connection: close`, and once it is written the socket stops reading and is destroyed after a
 * short linger (so the client gets the answer before the connection goes).
 */
export function closeAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  if (!hasBody(req) || req.complete || res.headersSent) return;
  res.setHeader('connection', 'close');
  const socket = req.socket;
  req.pause();
  res.once('finish', () => {
    socket.pause();
    const t = setTimeout(() => socket.destroy(), LINGER_MS);
    t.unref();
    socket.once('close', () => clearTimeout(t));
  });
}

/** Twilio's error envelope for a 413. */
export function tooLargeEnvelope(limit = MAX_BODY_BYTES): { code: number; message: string; more_info: string; status: number } {
  return { code: 20413, message: `Request entity too large: the limit is ${limit} bytes`, more_info: 'https://www.twilio.com/docs/errors/20413', status: 413 };
}
