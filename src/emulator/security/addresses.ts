/**
 * What kind of address an IP literal is, for the emulator's local-only rules:
 * loopback (127.0.0.0/8, ::1), link-local (169.254.0.0/16, fe80::/10: cloud
 * metadata lives there), unspecified (0.0.0.0/8, ::), or anything else.
 * IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::/96) IPv6 addresses are
 * judged by the IPv4 address they carry. Pure functions, no I/O.
 */
import { isIP } from 'node:net';

export type AddressClass = 'loopback' | 'link-local' | 'unspecified' | 'other';

function v4Class(a: number, b: number): AddressClass {
  if (a === 127) return 'loopback';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 0) return 'unspecified';
  return 'other';
}

/** Eight 16-bit groups of an IPv6 literal (zone id dropped), or null. */
function v6Groups(ip: string): number[] | null {
  let s = ip.split('%')[0].toLowerCase();
  // A dotted IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const p = dotted[1].split('.').map(Number);
    s = s.slice(0, -dotted[1].length) + `${((p[0] << 8) | p[1]).toString(16)}:${((p[2] << 8) | p[3]).toString(16)}`;
  }
  const [head, tail] = s.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = 8 - h.length - t.length;
  if (tail === undefined ? h.length !== 8 : missing < 0) return null;
  const all = [...h, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...t].map((g) => parseInt(g, 16));
  return all.length === 8 && all.every((n) => Number.isInteger(n) && n >= 0 && n <= 0xffff) ? all : null;
}

/** The class of an IP literal (brackets allowed around IPv6), or null if `ip` is not one. */
export function classifyAddress(ip: string): AddressClass | null {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const kind = isIP(bare.split('%')[0]);
  if (kind === 4) {
    const [a, b] = bare.split('.').map(Number) as [number, number];
    return v4Class(a, b);
  }
  if (kind !== 6) return null;
  const g = v6Groups(bare);
  if (!g) return null;
  const prefixZero = (n: number) => g.slice(0, n).every((x) => x === 0);
  // IPv4-mapped ::ffff:a.b.c.d, and the NAT64 well-known prefix 64:ff9b::/96.
  if ((prefixZero(5) && g[5] === 0xffff) || (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))) {
    return v4Class(g[6] >> 8, g[6] & 0xff);
  }
  if (prefixZero(7) && g[7] === 1) return 'loopback';
  if (prefixZero(8)) return 'unspecified';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  return 'other';
}

/** `localhost` (with or without the root dot, any case), or a loopback IP literal. */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost') return true;
  return classifyAddress(h) === 'loopback';
}

/** Addresses the emulator never talks to, whatever the configuration says. */
export function isForbiddenAddress(ip: string): boolean {
  const c = classifyAddress(ip);
  return c === 'link-local' || c === 'unspecified';
}
