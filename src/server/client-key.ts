/**
 * The caller's address behind reverse proxies, for the verify endpoint's per-client limit.
 * Behind a proxy every request comes from the proxy's address, so without this every user
 * shares one client key (and one user's wrong codes would cost everybody).
 */
import type { ParsedRequest } from './endpoint.js';

/**
 * `clientKey: forwardedClientKey(1)` behind one proxy you run (a load balancer, nginx):
 * the address that proxy saw, which is the right-most `X-Forwarded-For` entry. With `hops`
 * proxies in a row, the entry `hops` from the right. Entries further left were written by
 * the caller and are never trusted. Without the header: the socket's address.
 * Express: `app.set('trust proxy', hops)` does the same for `req.ip`, which the Node adapter
 * already uses; Fastify: `trustProxy: hops`.
 */
export function forwardedClientKey(hops: number): (req: ParsedRequest<unknown>) => string | undefined {
  if (!Number.isInteger(hops) || hops < 1 || hops > 10) {
    throw new RangeError('twilio-widgets/server: forwardedClientKey(hops) takes the number of proxies you run, 1 to 10');
  }
  return (req) => {
    const chain = (req.headers['x-forwarded-for'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!chain.length) return req.remoteAddress;
    return chain[Math.max(0, chain.length - hops)];
  };
}
