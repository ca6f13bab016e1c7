/** Errors of the REST API, answered in Twilio's envelope (http/json.ts). */
import type { ServerResponse } from 'node:http';
import { sendTwilioError } from '../http/json.js';
import { tooLargeEnvelope } from '../security/body-limit.js';

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function sendRestError(res: ServerResponse, e: RestError): void {
  sendTwilioError(res, e.status, e.code, e.message, e.headers);
}

export function notFound(what = 'The requested resource was not found'): RestError {
  return new RestError(404, 20404, what);
}

export function invalidParam(name: string): RestError {
  return new RestError(400, 60200, `Invalid parameter: ${name}`);
}

export function methodNotAllowed(): RestError {
  return new RestError(405, 20004, 'Method not allowed');
}

export function tooLarge(): RestError {
  const e = tooLargeEnvelope();
  return new RestError(e.status, e.code, e.message);
}
