/**
 * RFC 4733 telephone-event (in-band DTMF over RTP): payload codec and a
 * per-stream digit detector. Pure functions, no werift dependency.
 *
 * Payload layout (4 bytes):
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  |     event     |E|R| volume    |          duration             |
 *
 * All packets of one event share the same RTP timestamp (the event's start);
 * the final packet has the E bit set and is normally sent three times.
 */

export interface TelephoneEvent {
  /** 0-9 digits, 10 '*', 11 '#', 12-15 'A'-'D'. */
  event: number;
  end: boolean;
  /** 0..63, in -dBm0 (0 is loudest). */
  volume: number;
  /** In RTP timestamp units since the event's timestamp. */
  duration: number;
}

const DIGITS = '0123456789*#ABCD';

/** Digit for an event code, or null for codes that are not DTMF (16+). */
export function eventToDigit(event: number): string | null {
  return event >= 0 && event < DIGITS.length ? DIGITS[event] : null;
}

/** Event code for a DTMF digit ('0'-'9', '*', '#', 'A'-'D'), or null. */
export function digitToEvent(digit: string): number | null {
  if (digit.length !== 1) return null;
  const i = DIGITS.indexOf(digit.toUpperCase());
  return i < 0 ? null : i;
}

/** Decode one telephone-event payload; null if it is too short. */
export function decodeTelephoneEvent(payload: Uint8Array): TelephoneEvent | null {
  if (payload.length < 4) return null;
  return {
    event: payload[0],
    end: (payload[1] & 0x80) !== 0,
    volume: payload[1] & 0x3f,
    duration: (payload[2] << 8) | payload[3],
  };
}

export function encodeTelephoneEvent(ev: TelephoneEvent): Buffer {
  const b = Buffer.alloc(4);
  b[0] = ev.event & 0xff;
  b[1] = (ev.end ? 0x80 : 0) | (ev.volume & 0x3f);
  b.writeUInt16BE(Math.max(0, Math.min(0xffff, Math.round(ev.duration))), 2);
  return b;
}

/**
 * Turns a stream of telephone-event packets (one RTP stream) into digits:
 * one digit per event, emitted on the first end packet; the repeated end
 * packets are ignored because they share the event's timestamp. If an event's
 * end packets are all lost, the digit is emitted when the next event (new
 * timestamp) starts.
 */
export class DtmfDetector {
  private currentTs: number | null = null;
  private currentEvent = -1;
  private emitted = false;
  /** Timestamps of recently finished events (guards against late duplicates). */
  private recent: number[] = [];

  /** Feed one packet; returns the digit it completes, if any (at most one per call, except a recovered lost end). */
  push(timestamp: number, payload: Uint8Array): string[] {
    const ev = decodeTelephoneEvent(payload);
    if (!ev) return [];
    const out: string[] = [];
    if (timestamp !== this.currentTs) {
      if (this.recent.includes(timestamp)) return out; // late repeat of an old event
      // A new event: flush a previous one whose end packets never arrived.
      if (this.currentTs !== null && !this.emitted) {
        const d = eventToDigit(this.currentEvent);
        if (d) out.push(d);
        this.remember(this.currentTs);
      }
      this.currentTs = timestamp;
      this.currentEvent = ev.event;
      this.emitted = false;
    }
    if (ev.end && !this.emitted) {
      this.emitted = true;
      this.remember(timestamp);
      const d = eventToDigit(ev.event);
      if (d) out.push(d);
    }
    return out;
  }

  private remember(ts: number): void {
    this.recent.push(ts);
    if (this.recent.length > 8) this.recent.shift();
  }
}
