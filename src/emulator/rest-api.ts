import type * as http from 'node:http';
import type { EmulatorAccount } from './test-accounts.js';

export interface TwilioRestApiOptions {
  accounts: EmulatorAccount[];
  legacyTotpErrors?: boolean;
  now?: () => number;
}

export interface TwilioRestApi {
  handleRequest(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  setLegacyTotpErrors(on: boolean): void;
  close(): void;
}

export function createTwilioRestApi(_opts: TwilioRestApiOptions): TwilioRestApi {
  return {
    handleRequest(req, res) {
      const path = (req.url ?? '/').split('?')[0];
      if (!path.startsWith('/2010-04-01/') && !path.startsWith('/v2/Services/')) return false;
      res.writeHead(501, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 20500, message: 'Not implemented', more_info: 'https://www.twilio.com/docs/errors/20500', status: 501 }));
      return true;
    },
    setLegacyTotpErrors() {},
    close() {},
  };
}
