/**
 * Which browser origins may use the emulator's control API and `/signal`.
 *
 * - No `Origin` header: not a browser page (tests, curl, the SDK in Node): allowed.
 * - An origin listed in `allowedOrigins`: allowed. The entry `'loopback'` stands for
 *   every http(s) origin on a loopback host (`localhost`, 127.0.0.0/8, [::1]) on any port;
 *   the default list is `['loopback']`.
 * - Same-origin (the `Origin` is the `Host` the request came to): allowed when that host
 *   is an IP literal. A same-origin request to a DNS name is refused unless listed: that
 *   is what a DNS-rebinding page looks like (evil.example re-pointed at 127.0.0.1).
 * - Anything else, `null` included: refused.
 *
 * Pure functions, no I/O.
 */
import { classifyAddress, isLoopbackHostname } from './addresses.js';

export { isLoopbackHostname } from './addresses.js';

/** The `allowedOrigins` entry for every loopback origin. */
export const LOOPBACK_ORIGINS = 'loopback';

export interface OriginPolicy {
  /** Any http(s) origin on a loopback host. */
  loopback: boolean;
  /** Normalised origins (`scheme://host[:port]`, default port dropped). */
  origins: ReadonlySet<string>;
  /** Host names of the listed origins, trusted as same-origin `Host`s too. */
  hosts: ReadonlySet<string>;
}

/** `scheme://host[:port]` of an http(s) origin, lower case, default port dropped; null if it is not one. */
export function normalizeOrigin(origin: string): { origin: string; hostname: string; host: string } | null {
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (u.username || u.password || (u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) return null;
  if (!/^https?:\/\/[^/?#]+\/?$/i.test(origin)) return null;
  return { origin: u.origin.toLowerCase(), hostname: u.hostname.toLowerCase(), host: u.host.toLowerCase() };
}

/** Checks the `allowedOrigins` option; throws a TypeError naming a bad entry. Default: loopback origins only. */
export function normalizeAllowedOrigins(list: readonly string[] | undefined): OriginPolicy {
  if (list === undefined) return { loopback: true, origins: new Set(), hosts: new Set() };
  if (!Array.isArray(list)) throw new TypeError('allowedOrigins must be an array of origins (https://host:port) or "loopback"');
  const origins = new Set<string>();
  const hosts = new Set<string>();
  let loopback = false;
  for (const entry of list) {
    if (entry === LOOPBACK_ORIGINS) {
      loopback = true;
      continue;
    }
    const n = typeof entry === 'string' ? normalizeOrigin(entry) : null;
    if (!n) throw new TypeError(`allowedOrigins: ${JSON.stringify(entry)} is not an origin (scheme://host[:port], http or https, no path) nor "loopback"`);
    origins.add(n.origin);
    hosts.add(n.hostname);
  }
  return { loopback, origins, hosts };
}

/** The host:port of a `Host` header, lower case, or null if malformed. */
function parseHostHeader(host: string | undefined): { host: string; hostname: string } | null {
  if (!host) return null;
  try {
    const u = new URL(`http://${host}`);
    if (u.host === '' || `${u.username}${u.password}` !== '' || u.pathname !== '/') return null;
    return { host: host.toLowerCase(), hostname: u.hostname.toLowerCase() };
  } catch {
    return null;
  }
}

/** Whether a request with this `Origin` (undefined: none) to this `Host` may use the control API or `/signal`. */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined, policy: OriginPolicy): boolean {
  if (origin === undefined) return true;
  const o = normalizeOrigin(origin);
  if (!o) return false;
  if (policy.loopback && isLoopbackHostname(o.hostname)) return true;
  if (policy.origins.has(o.origin)) return true;
  // Same-origin: compare host:port, the default port spelled out on both sides.
  const h = parseHostHeader(hostHeader);
  if (!h) return false;
  const withPort = (host: string, scheme: string) => (/:\d+$/.test(host) && !host.endsWith(']') ? host : `${host}:${scheme === 'https:' ? 443 : 80}`);
  const scheme = o.origin.startsWith('https:') ? 'https:' : 'http:';
  if (withPort(o.host, scheme) !== withPort(h.host, scheme)) return false;
  return classifyAddress(h.hostname) !== null || policy.hosts.has(h.hostname);
}
