/**
 * DTMF a leg plays to the browser: RFC 4733 telephone-event packets at the
 * negotiated codec's clock rate, like a phone on the far end pressing keys,
 * one digit after another (digits relayed across a bridge queue up).
 */
import type { RTCRtpTransceiver } from 'werift';
import { digitToEvent, encodeTelephoneEvent } from './dtmf.js';
import type { RtpOut } from './rtp-out.js';
import { PTIME_MS } from './tones.js';

export class DtmfOut {
  /** Digits played so far. */
  sent = '';
  private queue: Promise<void> = Promise.resolve();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly out: RtpOut,
    /** The transceiver once negotiated, and the clock rate of its codec. */
    private readonly negotiated: () => { transceiver: RTCRtpTransceiver; clockRate: number } | null,
  ) {}

  /** Queues one digit behind those already being sent. */
  enqueue(digit: string): Promise<void> {
    const next = this.queue.then(() => this.send(digit));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Sends `digits` (audio keeps flowing meanwhile); resolves when all packets are out. */
  async send(digits: string, durationMs = 100): Promise<void> {
    for (const digit of digits) {
      const event = digitToEvent(digit);
      if (event === null) throw new TypeError(`not a DTMF digit: ${digit}`);
      await this.sendEvent(event, durationMs);
      this.sent += digit;
      await this.sleep(50);
    }
  }

  private async sendEvent(event: number, durationMs: number): Promise<void> {
    const n = this.negotiated();
    if (!n) return;
    const te = n.transceiver.codecs.find((c) => c.mimeType.toLowerCase() === 'audio/telephone-event' && c.clockRate === n.clockRate);
    if (!te) throw new Error('telephone-event was not negotiated');
    const spp = this.out.samplesPerPacket;
    const ts = this.out.timestampAfterGap();
    const total = Math.max(1, Math.round(durationMs / PTIME_MS));
    const send = (duration: number, end: boolean, marker: boolean) =>
      this.out.sendEvent(te.payloadType, ts, encodeTelephoneEvent({ event, end, volume: 10, duration }), marker);
    for (let i = 1; i <= total; i++) {
      send(i * spp, false, i === 1);
      await this.sleep(PTIME_MS);
    }
    for (let i = 0; i < 3; i++) send(total * spp, true, false);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  /** Pending sleeps are dropped: a leg that closes mid-digit sends nothing more. */
  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
