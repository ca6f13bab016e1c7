/**
 * The emulator's own HTTPS server (startEmulator): requests its handlers do
 * not take get Twilio's 404, upgrades they do not take are dropped, TLS
 * handshake failures (a browser refusing the self-signed certificate) are
 * ignored.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { closeAfterAnswer } from '../security/body-limit.js';
import type { TlsCertificate } from './certificate.js';
import { sendTwilioError } from './json.js';

export interface HttpHandlers {
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
}

export interface ListeningServer {
  port: number;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

export async function listenHttps(handlers: HttpHandlers, o: { cert: TlsCertificate; port: number; host: string }): Promise<ListeningServer> {
  const server = createServer({ key: o.cert.key, cert: o.cert.cert }, (req, res) => {
    if (handlers.handleRequest(req, res)) return;
    closeAfterAnswer(req, res);
    sendTwilioError(res, 404, 20404, `Not found: ${req.method} ${req.url}`);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!handlers.handleUpgrade(req, socket, head)) socket.destroy();
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
