/**
 * The name resolution of the emulator's webhook requests: a `lookup` for
 * http(s).request that resolves the host name once and hands the socket only
 * addresses webhook-hosts.ts allows, so what was checked is what is connected
 * to (no gap for a DNS answer to change in between). A name with any refused
 * address is refused as a whole.
 */
import { promises as dns } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { addressAllowed, type WebhookHostEntry } from './webhook-hosts.js';

/** Resolves a host name to its addresses (the `webhookLookup` option; default: the system resolver). */
export type HostResolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export const systemResolver: HostResolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/** What the emulator's webhook requests may reach, and how names are resolved. */
export interface WebhookGuard {
  hosts: readonly WebhookHostEntry[];
  resolve: HostResolver;
}

/** A resolved address the emulator will not connect to. */
export class RefusedAddressError extends Error {
  readonly code = 'EMULATOR_REFUSED_ADDRESS';
  constructor(hostname: string, addresses: string[]) {
    super(`${hostname} resolved to ${addresses.join(', ')}: not an address the emulator may request`);
    this.name = 'RefusedAddressError';
  }
}

/** A `lookup` for one request: `listed` says whether the host is in webhookHosts (else it must resolve to loopback only). */
export function guardedLookup(resolve: HostResolver, listed: boolean): LookupFunction {
  const notFound = (hostname: string) => Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  const pick = async (hostname: string, family: number) => {
    const found = await resolve(hostname);
    if (!found.length) throw notFound(hostname);
    const refused = found.filter((a) => !addressAllowed(a.address, listed));
    if (refused.length)
      throw new RefusedAddressError(
        hostname,
        refused.map((a) => a.address),
      );
    const usable = family ? found.filter((a) => a.family === family) : found;
    if (!usable.length) throw notFound(hostname);
    return usable.map((a) => ({ address: a.address, family: a.family }));
  };
  return ((hostname: string, options: { all?: boolean; family?: number | string } | undefined, callback: (...args: unknown[]) => void) => {
    const f = options?.family;
    const family = f === 4 || f === 'IPv4' ? 4 : f === 6 || f === 'IPv6' ? 6 : 0;
    pick(hostname, family).then(
      (usable) => (options?.all ? callback(null, usable) : callback(null, usable[0].address, usable[0].family)),
      (err: unknown) => callback(err),
    );
  }) as unknown as LookupFunction;
}
