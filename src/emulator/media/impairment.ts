/**
 * Impaired networks for the emulator: packet loss, jitter and delay, set at
 * run time for every call (global) or for one call (by CallSid). The kernel
 * here has no netem, so the emulator shapes its own traffic in user space:
 * impaired-media.ts applies these settings to each media leg's UDP datagrams,
 * signaling/gateway.ts delays the frames it sends. This file holds the settings and
 * the per-packet decision, with no I/O.
 */

export interface Impairment {
  /** Fraction (0–1) of datagrams dropped, in each direction: 0.1 = 10 % loss. */
  loss: number;
  /** Extra delay in ms, uniform in [0, jitterMs], drawn per datagram (so packets may reorder, as on a real network). */
  jitterMs: number;
  /** Fixed one-way delay in ms, added in each direction (round trip +2 × delayMs). */
  delayMs: number;
  /** Apply to the call's media (RTP, RTCP, STUN, DTLS). Default true. */
  media: boolean;
  /** Apply to the signaling frames the gateway sends: delay and jitter, order kept; a lost frame costs a TCP retransmission (+200 ms). Default false. */
  signaling: boolean;
}

export const NO_IMPAIRMENT: Readonly<Impairment> = Object.freeze({ loss: 0, jitterMs: 0, delayMs: 0, media: true, signaling: false });

/** What a TCP sender pays for one lost segment: its minimum retransmission timeout (RFC 6298 floor used by Linux). */
export const TCP_RETRANSMIT_MS = 200;
/** Upper bound for delay and jitter: beyond this a call is gone anyway, and timers would pile up. */
export const MAX_IMPAIRMENT_MS = 10000;

export interface ImpairmentUpdate {
  /** The call to impair; absent = every call (global). */
  callSid?: string;
  impairment: Partial<Impairment>;
}

/**
 * Checks an impairment coming from outside (JSON). Returns the normalised partial and the
 * call it is for, or throws an Error whose message says what is wrong.
 */
export function parseImpairment(input: unknown): ImpairmentUpdate {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('the impairment must be a JSON object');
  const out: Partial<Impairment> = {};
  let callSid: string | undefined;
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    switch (key) {
      case 'loss':
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
          throw new Error('loss must be a fraction between 0 and 1 (0.1 = 10 % loss)');
        }
        out.loss = value;
        break;
      case 'jitterMs':
      case 'delayMs':
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_IMPAIRMENT_MS) {
          throw new Error(`${key} must be a number of ms between 0 and ${MAX_IMPAIRMENT_MS}`);
        }
        out[key] = value;
        break;
      case 'media':
      case 'signaling':
        if (typeof value !== 'boolean') throw new Error(`${key} must be a boolean`);
        out[key] = value;
        break;
      case 'callSid':
        if (value === null || value === undefined) break;
        if (typeof value !== 'string' || !/^CA[0-9a-f]{32}$/.test(value)) throw new Error('callSid must be a call SID (CA + 32 hex digits)');
        callSid = value;
        break;
      default:
        throw new Error(`unknown impairment: ${key} (expected loss, jitterMs, delayMs, media, signaling, callSid)`);
    }
  }
  return callSid ? { callSid, impairment: out } : { impairment: out };
}

/** True when the impairment changes nothing (then traffic takes the untouched, synchronous path). */
export function isClean(i: Impairment): boolean {
  return i.loss === 0 && i.jitterMs === 0 && i.delayMs === 0;
}

/** What a datagram on a media socket carries, from its first byte (RFC 7983 demultiplexing). */
export type DatagramKind = 'stun' | 'dtls' | 'rtp' | 'other';

export function datagramKind(firstByte: number | undefined): DatagramKind {
  if (firstByte === undefined) return 'other';
  if (firstByte <= 3) return 'stun';
  if (firstByte >= 20 && firstByte <= 63) return 'dtls';
  if (firstByte >= 128 && firstByte <= 191) return 'rtp'; // RTP and RTCP
  return 'other';
}

export interface PacketFate {
  drop: boolean;
  /** ms to hold the datagram; 0 = send now */
  delayMs: number;
}

/**
 * The fate of one media datagram. `random` returns [0, 1): two draws, loss first, then jitter.
 * DTLS handshake records only get the fixed delay (order kept, never lost): werift's DTLS does
 * not recover reliably from lost or reordered flights (werift to werift under 10 % loss, 5 of 15
 * handshakes never completed), while browsers and Twilio's media servers do. Without this a lossy
 * call would sometimes carry no audio at all, which is a different failure than the one asked for.
 */
export function packetFate(i: Impairment, random: () => number, kind: DatagramKind = 'rtp'): PacketFate {
  if (kind === 'dtls') return { drop: false, delayMs: i.delayMs };
  if (i.loss > 0 && random() < i.loss) return { drop: true, delayMs: 0 };
  const jitter = i.jitterMs > 0 ? random() * i.jitterMs : 0;
  return { drop: false, delayMs: i.delayMs + jitter };
}

/**
 * When one signaling frame may leave: TCP keeps order, so a frame never overtakes the one before
 * it (`previousDue`); a lost segment costs one retransmission timeout instead of vanishing.
 */
export function frameDueAt(i: Impairment, now: number, previousDue: number, random: () => number): number {
  if (!i.signaling || isClean(i)) return Math.max(now, previousDue);
  const retransmit = i.loss > 0 && random() < i.loss ? TCP_RETRANSMIT_MS : 0;
  const jitter = i.jitterMs > 0 ? random() * i.jitterMs : 0;
  return Math.max(now + i.delayMs + jitter + retransmit, previousDue);
}

export interface ImpairmentSnapshot {
  global: Impairment;
  calls: Record<string, Impairment>;
}

/** The live settings: one global impairment and per-call overrides (a call's own setting wins over the global one). */
export class Impairments {
  private global: Impairment = { ...NO_IMPAIRMENT };
  private readonly perCall = new Map<string, Impairment>();

  constructor(initial: Partial<Impairment> = {}) {
    this.global = { ...NO_IMPAIRMENT, ...initial };
  }

  /** Merges `patch` into the global setting, or into the call's (starting from the global one). */
  set(patch: Partial<Impairment>, callSid?: string): Impairment {
    if (!callSid) {
      this.global = { ...this.global, ...patch };
      return { ...this.global };
    }
    const next = { ...(this.perCall.get(callSid) ?? this.global), ...patch };
    this.perCall.set(callSid, next);
    return { ...next };
  }

  /** Back to a clean network: for one call (it then follows the global setting), or everything. */
  reset(callSid?: string): void {
    if (callSid) {
      this.perCall.delete(callSid);
      return;
    }
    this.global = { ...NO_IMPAIRMENT };
    this.perCall.clear();
  }

  /** The call ended: drop its setting. */
  forget(callSid: string): void {
    this.perCall.delete(callSid);
  }

  /** What applies to a call's traffic now (live: read per datagram). */
  forCall(callSid?: string): Impairment {
    return (callSid && this.perCall.get(callSid)) || this.global;
  }

  snapshot(): ImpairmentSnapshot {
    return { global: { ...this.global }, calls: Object.fromEntries([...this.perCall].map(([sid, i]) => [sid, { ...i }])) };
  }
}
