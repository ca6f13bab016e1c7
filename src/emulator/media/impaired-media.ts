/**
 * Applies impairments (impairment.ts) to the emulator's media legs: a user-space
 * netem on each leg's UDP sockets. Every datagram a leg sends or receives
 * (RTP, RTCP, STUN checks) is dropped, held or passed through according to
 * the call's live setting (DTLS handshake records are only delayed, see
 * packetFate), so the browser measures real loss, jitter and round-trip time
 * with its own WebRTC stats.
 *
 * werift keeps its sockets in `pc.iceTransports[].connection.protocols[].transport`
 * (a UdpTransport with writable `send` and `onData`); they exist once ICE has
 * gathered, i.e. when `answer()` / `createOffer()` resolve. The leg object itself
 * is kept (bridges check its class); only those two methods and `close()` are wrapped.
 */
import type { MediaLeg, MediaLegOptions } from './types.js';
import { datagramKind, isClean, packetFate, type Impairment } from './impairment.js';

type MediaLegFactory = (opts: MediaLegOptions) => MediaLeg;

interface UdpTransportLike {
  send: (data: Buffer, addr?: unknown) => Promise<void> | void;
  onData: (data: Buffer, addr: unknown) => void;
  closed?: boolean;
}
interface PeerConnectionLike {
  iceTransports?: Array<{ connection?: { protocols?: Array<{ transport?: UdpTransportLike }> } }>;
}

export interface ImpairedMediaOptions {
  /** The live setting of a call (read for every datagram). */
  settings: (callSid: string | undefined) => Impairment;
  /** A leg closed: its call's setting can go. */
  onLegClosed?: (callSid: string) => void;
  log?: (line: string) => void;
  random?: () => number;
}

/** Wraps a media leg factory so every leg it makes follows its call's impairment. */
export function withImpairments(factory: MediaLegFactory, opts: ImpairedMediaOptions): MediaLegFactory {
  return (legOpts) => {
    const leg = factory(legOpts);
    shapeLeg(leg, legOpts.callSid, opts);
    return leg;
  };
}

function shapeLeg(leg: MediaLeg, callSid: string | undefined, opts: ImpairedMediaOptions): void {
  const random = opts.random ?? Math.random;
  const timers = new Set<NodeJS.Timeout>();
  const hooked = new WeakSet<UdpTransportLike>();
  let closed = false;
  let warned = false;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closed) fn();
    }, ms);
    t.unref();
    timers.add(t);
  };

  /** One direction of one socket: pass, drop or hold each datagram. */
  const shape =
    <A extends [Buffer, ...unknown[]]>(deliver: (...args: A) => unknown) =>
    (...args: A): Promise<void> => {
      const setting = opts.settings(callSid);
      if (!setting.media || isClean(setting)) return Promise.resolve(deliver(...args) as Promise<void> | void);
      const fate = packetFate(setting, random, datagramKind(args[0][0]));
      if (fate.drop) return Promise.resolve();
      if (fate.delayMs <= 0) return Promise.resolve(deliver(...args) as Promise<void> | void);
      later(fate.delayMs, () => {
        try {
          // The socket may have closed meanwhile: a late datagram is simply lost.
          void Promise.resolve(deliver(...args)).catch(() => undefined);
        } catch {
          /* closed socket */
        }
      });
      return Promise.resolve();
    };

  const hookSockets = () => {
    const pc = (leg as unknown as { pc?: PeerConnectionLike }).pc;
    if (!pc) return; // not a werift leg (a test double): nothing to shape
    let found = 0;
    for (const ice of pc.iceTransports ?? []) {
      for (const protocol of ice.connection?.protocols ?? []) {
        const transport = protocol.transport;
        if (!transport || typeof transport.send !== 'function' || typeof transport.onData !== 'function') continue;
        found++;
        if (hooked.has(transport)) continue;
        hooked.add(transport);
        const send = transport.send.bind(transport);
        const receive = transport.onData;
        transport.send = shape((data: Buffer, addr?: unknown) => (transport.closed ? undefined : send(data, addr)));
        const shapedReceive = shape((data: Buffer, addr: unknown) => receive.call(transport, data, addr));
        transport.onData = (data, addr) => void shapedReceive(data, addr);
      }
    }
    if (!found && !warned) {
      warned = true;
      opts.log?.(`impairments: no UDP socket found on the media leg of ${callSid ?? 'a call'}; its media is not impaired`);
    }
  };

  const afterGathering =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await method(...args);
      hookSockets();
      return result;
    };

  leg.answer = afterGathering(leg.answer.bind(leg));
  leg.createOffer = afterGathering(leg.createOffer.bind(leg));
  const close = leg.close.bind(leg);
  leg.close = () => {
    if (!closed) {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      if (callSid) opts.onLegClosed?.(callSid);
    }
    return close();
  };
}
