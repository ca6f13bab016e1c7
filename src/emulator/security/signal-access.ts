/**
 * Who may open the signaling WebSocket (/signal): the same origin rule as the
 * control API (origins.ts). Browsers always send `Origin` on a WebSocket
 * upgrade; a refused one gets a plain HTTP 403 (Twilio's error envelope as the
 * body) and the socket is closed: no WebSocket is ever created.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { originAllowed, type OriginPolicy } from './origins.js';

export function signalUpgradeAllowed(req: IncomingMessage, origins: OriginPolicy): boolean {
  return originAllowed(req.headers.origin, req.headers.host, origins);
}

/** Answers an upgrade with 403 and closes the connection. */
export function refuseUpgrade(socket: Duplex, origin: string | undefined): void {
  const body = JSON.stringify({
    code: 20403,
    message: `Forbidden: pages from ${JSON.stringify(origin)} may not open the emulator's signaling socket`,
    more_info: 'https://www.twilio.com/docs/errors/20403',
    status: 403,
  });
  socket.on('error', () => undefined);
  socket.end(
    `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nVary: Origin\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
