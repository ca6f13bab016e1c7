/** HTTP Basic auth of the REST API: an account SID with its auth token, or an API key SID with its secret. */
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { EmulatorAccount } from '../auth/test-accounts.js';
import { RestError } from './errors.js';

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** The account the credentials belong to; RestError 401 20003 otherwise. */
export function authenticate(req: IncomingMessage, accounts: readonly EmulatorAccount[]): EmulatorAccount {
  const h = req.headers.authorization;
  const m = h ? /^Basic\s+(.+)$/i.exec(h) : null;
  if (m) {
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) {
      const user = decoded.slice(0, i);
      const pass = decoded.slice(i + 1);
      for (const a of accounts) {
        if (user === a.accountSid && safeEqual(pass, a.authToken)) return a;
        for (const k of a.apiKeys) if (user === k.sid && safeEqual(pass, k.secret)) return a;
      }
    }
  }
  throw new RestError(401, 20003, 'Authenticate', { 'www-authenticate': 'Basic realm="Twilio API"' });
}
