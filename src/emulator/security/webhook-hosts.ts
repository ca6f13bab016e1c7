/**
 * Where the emulator may send webhooks (an application's Voice URL, a number's,
 * a <Dial action>, any URL it fetches): loopback hosts (`localhost`, 127.0.0.0/8,
 * [::1]) and the hosts listed in the `webhookHosts` option (`name` for any port,
 * `name:port` for one). Link-local (169.254.0.0/16, fe80::/10, where cloud
 * metadata answers) and unspecified (0.0.0.0/8, ::) addresses are refused even
 * when listed.
 *
 * Checked twice: on the URL (at registration and before each request), and on
 * every address its host name resolves to, just before connecting, so a name
 * re-pointed after registration (DNS rebinding) cannot reach anything else.
 * Pure functions, no I/O.
 */
import { classifyAddress, isForbiddenAddress, isLoopbackHostname } from './addresses.js';

export { classifyAddress } from './addresses.js';
export type { AddressClass } from './addresses.js';

export interface WebhookHostEntry {
  /** Lower case, no trailing dot; IPv6 in brackets, as URL.hostname has it. */
  hostname: string;
  /** null: any port. */
  port: number | null;
}

export type WebhookHostCheck = { ok: true; /** Listed in webhookHosts (else: loopback by name or address). */ listed: boolean } | { ok: false; reason: string };

/** Checks the `webhookHosts` option; throws a TypeError naming a bad entry. */
export function parseWebhookHosts(list: readonly string[] | undefined): WebhookHostEntry[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new TypeError('webhookHosts must be an array of host names or host:port');
  return list.map((entry) => {
    const bad = () => new TypeError(`webhookHosts: ${JSON.stringify(entry)} is not a host name or host:port (no scheme, no path)`);
    if (typeof entry !== 'string' || !entry || /[/?#@\s]/.test(entry)) throw bad();
    // A bare IPv6 address (fd00::1) gets its brackets.
    const spelled = !entry.startsWith('[') && (entry.match(/:/g) ?? []).length > 1 ? `[${entry}]` : entry;
    let u: URL;
    try {
      u = new URL(`http://${spelled}`);
    } catch {
      throw bad();
    }
    if (!u.hostname) throw bad();
    const explicitPort = /:(\d+)$/.exec(spelled);
    return { hostname: normalizeHostname(u.hostname), port: explicitPort ? Number(explicitPort[1]) : null };
  });
}

function normalizeHostname(h: string): string {
  return h.toLowerCase().replace(/\.$/, '');
}

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** Whether the emulator may request `url` (before any name resolution). */
export function checkWebhookUrl(url: URL, hosts: readonly WebhookHostEntry[]): WebhookHostCheck {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'only http and https URLs are fetched' };
  const hostname = normalizeHostname(url.hostname);
  const cls = classifyAddress(hostname);
  if (cls === 'link-local' || cls === 'unspecified') {
    return {
      ok: false,
      reason: `${hostname} is a${cls === 'link-local' ? ' link-local' : 'n unspecified'} address, which the emulator never requests (not even if listed in webhookHosts)`,
    };
  }
  const port = portOf(url);
  const listed = hosts.some((h) => h.hostname === hostname && (h.port === null || h.port === port));
  if (listed) return { ok: true, listed: true };
  if (isLoopbackHostname(hostname)) return { ok: true, listed: false };
  return { ok: false, reason: `${url.host} is not a loopback host; list it in the emulator's webhookHosts option to allow it` };
}

/**
 * Whether a resolved address may be connected to: never link-local or unspecified; for a host
 * that is not listed (loopback by name, e.g. `localhost`), only loopback addresses.
 */
export function addressAllowed(address: string, listed: boolean): boolean {
  if (isForbiddenAddress(address)) return false;
  return listed || classifyAddress(address) === 'loopback';
}
