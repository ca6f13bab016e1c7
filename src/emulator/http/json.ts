/**
 * JSON answers of the emulator's HTTP routes (control API, REST API, the 404
 * of its own server) and Twilio's error envelope `{code, message, more_info,
 * status}`, which every error answer uses.
 */
import type { ServerResponse } from 'node:http';

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export function twilioErrorBody(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** Answers `body` as JSON, never cached (204: no body). Nothing happens once the headers are out. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = status === 204 ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...(status === 204 ? {} : { 'content-length': String(Buffer.byteLength(text)) }),
    ...headers,
  });
  res.end(text);
}

export function sendTwilioError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, twilioErrorBody(status, code, message), headers);
}
