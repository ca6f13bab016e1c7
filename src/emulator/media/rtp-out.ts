/**
 * A leg's outgoing RTP: its own continuous sequence numbers and timestamps
 * whatever the source (generator, echo, bridged leg, DTMF), so switching
 * sources never makes the stream jump backwards; werift's sender then only
 * rewrites SSRC and payload type.
 */
import { RtpHeader, RtpPacket, type RTCRtpSender } from 'werift';
import { PTIME_MS } from './tones.js';

const u16 = (n: number) => n & 0xffff;
const u32 = (n: number) => n >>> 0;
const randU32 = () => Math.floor(Math.random() * 0x100000000) >>> 0;

/** What the numbering needs of its leg. */
export interface RtpOutHost {
  /** The sender, when a codec is negotiated and DTLS is connected; else null (nothing is sent). */
  sendable(): RTCRtpSender | null;
  /** The negotiated codec's clock rate. */
  readonly clockRate: number;
  readonly closed: boolean;
}

export class RtpOut {
  packetsSent = 0;
  bytesSent = 0;
  private seq = randU32() & 0xffff;
  private ts = randU32();
  private lastSentAt = 0; // performance.now() of the last audio packet; 0 = never
  /** Which source the last packets came from (`gen`, `echo:<ssrc>`, `leg:<ssrc>`): a new one gets a marker and a new offset. */
  private sourceKey: string | null = null;
  private tsOffset = 0;

  constructor(private readonly host: RtpOutHost) {}

  get samplesPerPacket(): number {
    return (this.host.clockRate * PTIME_MS) / 1000;
  }

  /** Forget the current source (the generator starts over). */
  resetSource(): void {
    this.sourceKey = null;
  }

  /** Next timestamp after a gap: keep the RTP clock in step with wall time. */
  timestampAfterGap(): number {
    if (this.lastSentAt === 0) return this.ts;
    const spp = this.samplesPerPacket;
    const elapsedSamples = Math.round(((performance.now() - this.lastSentAt) * this.host.clockRate) / 1000);
    const step = Math.max(spp, Math.round(elapsedSamples / spp) * spp);
    return u32(this.ts + step);
  }

  /** Relays a received packet (echo, or from a bridged leg), renumbered into our stream. */
  forward(rtp: RtpPacket, key: string): void {
    if (!this.host.sendable()) return;
    let marker = false;
    if (key !== this.sourceKey) {
      this.sourceKey = key;
      this.tsOffset = u32(this.timestampAfterGap() - rtp.header.timestamp);
      marker = true;
    }
    this.send(rtp.payload, u32(rtp.header.timestamp + this.tsOffset), marker);
  }

  /** One generated packet, 20 ms after the previous one (a marker when the generator takes over). */
  generated(payload: Buffer): void {
    let ts: number;
    let marker = false;
    if (this.sourceKey !== 'gen') {
      this.sourceKey = 'gen';
      ts = this.timestampAfterGap();
      marker = true;
    } else {
      ts = u32(this.ts + this.samplesPerPacket);
    }
    this.send(payload, ts, marker);
  }

  private send(payload: Buffer, timestamp: number, marker: boolean): void {
    const sender = this.host.sendable();
    if (!sender?.codec) return;
    const header = new RtpHeader({ payloadType: sender.codec.payloadType, sequenceNumber: this.seq, timestamp, ssrc: sender.ssrc, marker });
    this.seq = u16(this.seq + 1);
    this.ts = timestamp;
    this.lastSentAt = performance.now();
    this.packetsSent++;
    this.bytesSent += payload.length;
    sender.sendRtp(new RtpPacket(header, payload)).catch((err: unknown) => {
      if (!this.host.closed) console.error('media leg: sendRtp failed', err);
    });
  }

  /** A telephone-event packet straight to the transport: werift's sender would rewrite its payload type to the primary codec. */
  sendEvent(payloadType: number, timestamp: number, payload: Buffer, marker: boolean): void {
    const sender = this.host.sendable();
    if (!sender) return;
    const header = new RtpHeader({ payloadType, sequenceNumber: this.seq, timestamp, ssrc: sender.ssrc, marker });
    this.seq = u16(this.seq + 1);
    this.packetsSent++;
    this.bytesSent += payload.length;
    void sender.dtlsTransport.sendRtp(payload, header);
  }
}
