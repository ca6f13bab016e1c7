/**
 * The Node packages behind `twilio-widgets/server` and `twilio-widgets/emulator`.
 * They are optional peer dependencies, so a page that only uses the elements
 * never installs a Twilio REST client or a WebRTC stack. The guarded entries
 * check them before loading anything, so a missing one fails at once with the
 * exact install line instead of a bare ERR_MODULE_NOT_FOUND deep in a stack.
 */
export const NODE_PEERS = {
  'twilio-widgets/server': { twilio: '^6.2.0' },
  'twilio-widgets/emulator': { otpauth: '^9.5.2', selfsigned: '^5.5.0', werift: '^0.25.2', ws: '^8.23.0' },
} as const satisfies Record<string, Record<string, string>>;

export type NodeEntry = keyof typeof NODE_PEERS;

/** Names of `entry`'s peers that `resolve` cannot find. */
export function missingPeers(entry: NodeEntry, resolve: (specifier: string) => string): string[] {
  return Object.keys(NODE_PEERS[entry]).filter((name) => {
    try {
      resolve(name);
      return false;
    } catch {
      return true;
    }
  });
}

/** The one message a missing peer gets: what is missing and the exact command that fixes it. */
export function missingPeersMessage(entry: NodeEntry, missing: readonly string[]): string {
  const ranges: Record<string, string> = NODE_PEERS[entry];
  const install = missing.map((name) => `${name}@${ranges[name]}`).join(' ');
  const what = missing.length === 1 ? `the package ${missing[0]}, which is` : `the packages ${missing.join(', ')}, which are`;
  return `${entry} needs ${what} not installed. Install with: npm install ${install}`;
}

export class MissingPeerError extends Error {
  readonly code = 'TWILIO_WIDGETS_MISSING_PEER';
  constructor(
    readonly entry: NodeEntry,
    readonly missing: readonly string[],
  ) {
    super(missingPeersMessage(entry, missing));
    this.name = 'MissingPeerError';
  }
}

/** Throws MissingPeerError unless every peer of `entry` resolves from this package's location. */
export function assertPeersInstalled(entry: NodeEntry, resolve: (specifier: string) => string = (s) => import.meta.resolve(s)): void {
  const missing = missingPeers(entry, resolve);
  if (missing.length) throw new MissingPeerError(entry, missing);
}
