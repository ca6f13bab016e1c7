/**
 * The emulator's WebRTC media endpoint, built on werift (pure TypeScript
 * WebRTC). One MediaLeg = one RTCPeerConnection with one sendrecv audio
 * transceiver, PCMU or Opus (codecs.ts: an answer takes the offer's preferred
 * one), plus telephone-event so in-band DTMF arrives as RFC 4733 RTP.
 *
 * What a leg sends when nothing is bridged into it:
 * - `echo`: every received PCMU packet is sent straight back.
 * - `tone`: a continuous 440 Hz sine, 20 ms packets (Opus: pre-encoded
 *   packets, opus-tone.ts).
 * - `silence`: silence packets at 20 ms. We send packets rather
 *   than nothing so the browser sees a live stream (the Voice SDK raises
 *   `low-bytes-received` warnings on a silent inbound stream).
 *
 * When another leg bridges into this one (`other.bridgeTo(this)`), this leg
 * sends only the forwarded audio and its own generator stops; received audio
 * on a leg that has `bridgeTo(x)` set goes to x instead of being echoed.
 * Only audio is forwarded; telephone-event packets are decoded and counted on
 * the leg that received them, not forwarded.
 *
 * Outgoing RTP gets this leg's own continuous sequence numbers and timestamps
 * (werift's sender then only rewrites SSRC and payload type), so switching
 * between generator, echo and bridge never makes the stream jump backwards.
 *
 * Loopback notes (see research/voice-sdk.md §3): werift skips loopback unless
 * `iceAdditionalHostAddresses:['127.0.0.1']`; the browser sends no candidates
 * so werift learns it as peer-reflexive; our SDP must carry our candidates,
 * use CRLF, and an answer must not say `a=setup:actpass`.
 */
import {
  MediaStream,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  RtpHeader,
  RtpPacket,
  type RTCRtpTransceiver,
} from 'werift';
import { CODEC_CLOCK_RATE, keepTelephoneEventAt, preferredAudioCodec, type AudioCodec } from './codecs.js';
import { DtmfDetector, digitToEvent, encodeTelephoneEvent } from './dtmf.js';
import type { MediaLeg, MediaLegOptions, MediaMode, MediaStats } from './types.js';
import { OPUS_SILENCE_PACKET, OPUS_TONE_PACKETS } from './opus-tone.js';

export type { MediaLeg, MediaLegOptions, MediaMode, MediaStats } from './types.js';

const SAMPLE_RATE = 8000;
const PTIME_MS = 20;
const SAMPLES_PER_PACKET = (SAMPLE_RATE * PTIME_MS) / 1000; // 160
const TONE_HZ = 440;
const TONE_AMPLITUDE = 0.25 * 32767;
/** How long answer()/createOffer() wait for ICE gathering to complete. */
const GATHER_TIMEOUT_MS = 2000;
/** Generator catches up at most this many packets per tick after a stall. */
const MAX_BURST = 5;

/** G.711 mu-law encode of one 16-bit linear sample. */
export function linearToUlaw(sample: number): number {
  const BIAS = 0x84;
  const CLIP = 32635;
  let s = Math.round(sample);
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** G.711 mu-law decode to a 16-bit linear sample. */
export function ulawToLinear(u: number): number {
  const v = ~u & 0xff;
  const sign = v & 0x80;
  const exponent = (v >> 4) & 0x07;
  const mantissa = v & 0x0f;
  const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return sign ? -magnitude : magnitude;
}

export const PCMU_SILENCE = 0xff;

/** 440 Hz at 8 kHz repeats exactly every 800 samples (44 cycles) = 5 packets. */
const TONE_PAYLOADS: Buffer[] = (() => {
  const packets = (TONE_HZ * SAMPLES_PER_PACKET) % SAMPLE_RATE === 0 ? 1 : 5;
  const out: Buffer[] = [];
  for (let p = 0; p < packets; p++) {
    const b = Buffer.alloc(SAMPLES_PER_PACKET);
    for (let i = 0; i < SAMPLES_PER_PACKET; i++) {
      const n = p * SAMPLES_PER_PACKET + i;
      b[i] = linearToUlaw(TONE_AMPLITUDE * Math.sin((2 * Math.PI * TONE_HZ * n) / SAMPLE_RATE));
    }
    out.push(b);
  }
  return out;
})();
const SILENCE_PAYLOAD = Buffer.alloc(SAMPLES_PER_PACKET, PCMU_SILENCE);

function audioCodecs(codecs: readonly AudioCodec[]): RTCRtpCodecParameters[] {
  const out: RTCRtpCodecParameters[] = [];
  for (const codec of codecs) {
    if (codec === 'opus') {
      out.push(new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, payloadType: 111, channels: 2, parameters: 'minptime=10;useinbandfec=1' }));
    } else {
      out.push(new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, payloadType: 0, channels: 1 }));
    }
  }
  // One telephone-event per clock rate in use (the sender picks the one matching its codec).
  if (codecs.includes('pcmu')) out.push(new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 8000, payloadType: 101, channels: 1 }));
  if (codecs.includes('opus')) out.push(new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 48000, payloadType: 110, channels: 1 }));
  return out;
}

/** CRLF line endings, and never `actpass` in an answer. */
function normalizeSdp(sdp: string, type: 'offer' | 'answer'): string {
  let lines = sdp.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (type === 'answer') lines = lines.map((l) => (l === 'a=setup:actpass' ? 'a=setup:passive' : l));
  return lines.join('\r\n') + '\r\n';
}

/** Drop telephone-event payload types other than /8000 (kept for callers of the PCMU-only helper). */
export function dropWidebandTelephoneEvent(sdp: string): string {
  return keepTelephoneEventAt(sdp, 8000);
}

const u16 = (n: number) => n & 0xffff;
const u32 = (n: number) => n >>> 0;
const randU32 = () => Math.floor(Math.random() * 0x100000000) >>> 0;

/** The werift implementation of MediaLeg; a few extras beyond the contract for tests and tooling. */
export class WeriftMediaLeg implements MediaLeg {
  /** Created by answer() / createOffer(), once the codec is known. */
  private peer: RTCPeerConnection | null = null;
  private transceiverOrNull: RTCRtpTransceiver | null = null;
  private readonly offerCodecs: readonly AudioCodec[];
  private mode: MediaMode;
  private closed = false;
  private closing: Promise<void> | null = null;

  /** Where our received audio goes (instead of echo). */
  private bridge: WeriftMediaLeg | null = null;
  /** The leg whose audio we currently play (instead of our generator). */
  private feeder: WeriftMediaLeg | null = null;

  private packetsReceived = 0;
  private packetsSent = 0;
  private bytesReceived = 0;
  private bytesSent = 0;
  private dtmf = '';
  private dtmfSent = '';
  private readonly dtmfDetector = new DtmfDetector();
  private readonly dtmfListeners: Array<(digit: string) => void> = [];
  private readonly audioListeners: Array<(payload: Buffer, payloadType: number) => void> = [];

  // Outgoing RTP numbering (ours, continuous across sources).
  private outSeq = randU32() & 0xffff;
  private outTs = randU32();
  private lastSentAt = 0; // performance.now() of last audio packet sent; 0 = never
  private sourceKey: string | null = null;
  private tsOffset = 0;

  // Generator.
  private genTimer: NodeJS.Timeout | null = null;
  private genStart = 0;
  private genSent = 0;
  private tonePhase = 0;

  private readonly unsubscribers: Array<() => void> = [];
  private readonly pendingTimers = new Set<NodeJS.Timeout>();
  private dtmfQueue: Promise<void> = Promise.resolve();

  constructor(opts: MediaLegOptions) {
    this.mode = opts.mode;
    this.offerCodecs = opts.codecs?.length ? [...opts.codecs] : ['pcmu'];
  }

  get pc(): RTCPeerConnection {
    if (!this.peer) throw new Error('media leg has no peer connection yet (call answer() or createOffer() first)');
    return this.peer;
  }

  private get transceiver(): RTCRtpTransceiver {
    if (!this.transceiverOrNull) throw new Error('media leg has no transceiver yet');
    return this.transceiverOrNull;
  }

  /** The negotiated codec (null until an answer was made or accepted). */
  get codec(): AudioCodec | null {
    const mime = this.transceiverOrNull?.sender.codec?.mimeType.toLowerCase();
    return mime === 'audio/opus' ? 'opus' : mime === 'audio/pcmu' ? 'pcmu' : null;
  }

  private get clockRate(): number {
    return CODEC_CLOCK_RATE[this.codec ?? 'pcmu'];
  }

  private get samplesPerPacket(): number {
    return (this.clockRate * PTIME_MS) / 1000;
  }

  private init(codecs: readonly AudioCodec[]): RTCPeerConnection {
    if (this.peer) throw new Error('media leg already negotiated');
    const pc = new RTCPeerConnection({
      codecs: { audio: audioCodecs(codecs) },
      iceServers: [],
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceUseIpv6: false,
    });
    this.peer = pc;
    const transceiver = pc.addTransceiver('audio', {
      direction: 'sendrecv',
      streams: [new MediaStream({ id: 'twilio-emulator' })],
    });
    this.transceiverOrNull = transceiver;
    const sub = transceiver.onTrack.subscribe((track) => {
      const s = track.onReceiveRtp.subscribe((rtp) => this.onRtp(rtp));
      this.unsubscribers.push(s.unSubscribe);
    });
    this.unsubscribers.push(sub.unSubscribe);
    const conn = pc.connectionStateChange.subscribe(() => this.updateGenerator());
    this.unsubscribers.push(conn.unSubscribe);
    return pc;
  }

  // ---- signaling -------------------------------------------------------

  async answer(offerSdp: string): Promise<string> {
    this.assertOpen();
    const offer = normalizeSdp(offerSdp, 'offer');
    const codec = preferredAudioCodec(offer);
    this.init([codec]);
    await this.pc.setRemoteDescription({ type: 'offer', sdp: keepTelephoneEventAt(offer, CODEC_CLOCK_RATE[codec]) });
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    await this.waitGathering();
    return normalizeSdp(this.pc.localDescription!.sdp, 'answer');
  }

  async createOffer(): Promise<string> {
    this.assertOpen();
    this.init(this.offerCodecs);
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    await this.waitGathering();
    return normalizeSdp(this.pc.localDescription!.sdp, 'offer');
  }

  async acceptAnswer(answerSdp: string): Promise<void> {
    this.assertOpen();
    await this.pc.setRemoteDescription({ type: 'answer', sdp: normalizeSdp(answerSdp, 'answer') });
  }

  private waitGathering(): Promise<void> {
    if (this.pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sub.unSubscribe();
        resolve();
      };
      const timer = setTimeout(done, GATHER_TIMEOUT_MS);
      const sub = this.pc.iceGatheringStateChange.subscribe((state) => {
        if (state === 'complete') done();
      });
    });
  }

  // ---- modes and bridge ------------------------------------------------

  setMode(mode: MediaMode): void {
    if (mode !== 'echo' && mode !== 'tone' && mode !== 'silence') throw new TypeError(`unknown media mode ${String(mode)}`);
    this.mode = mode;
    this.updateGenerator();
  }

  bridgeTo(other: MediaLeg | null): void {
    if (other !== null && !(other instanceof WeriftMediaLeg)) throw new TypeError('bridgeTo: not a werift media leg');
    if (other === this) throw new TypeError('bridgeTo: cannot bridge a leg to itself');
    const prev = this.bridge;
    if (prev === other) return;
    this.bridge = null;
    if (prev && prev.feeder === this) {
      prev.feeder = null;
      prev.updateGenerator();
    }
    if (other && !this.closed && !other.closed) {
      // Someone else feeding `other` loses it: one source per leg.
      const oldFeeder = other.feeder;
      if (oldFeeder && oldFeeder !== this) oldFeeder.bridge = null;
      this.bridge = other;
      other.feeder = this;
      other.updateGenerator();
    }
  }

  onDtmf(listener: (digit: string) => void): void {
    this.dtmfListeners.push(listener);
  }

  /** Extra (not in the contract): observe every received audio payload (PCMU). */
  onAudio(listener: (payload: Buffer, payloadType: number) => void): void {
    this.audioListeners.push(listener);
  }

  stats(): MediaStats {
    return {
      packetsReceived: this.packetsReceived,
      packetsSent: this.packetsSent,
      bytesReceived: this.bytesReceived,
      bytesSent: this.bytesSent,
      dtmf: this.dtmf,
      dtmfSent: this.dtmfSent,
      iceState: this.closed ? 'closed' : (this.peer?.iceConnectionState ?? 'new'),
    };
  }

  // ---- receive path ----------------------------------------------------

  private onRtp(rtp: RtpPacket): void {
    if (this.closed) return;
    this.packetsReceived++;
    this.bytesReceived += rtp.payload.length;
    const codec = this.transceiver.codecs.find((c) => c.payloadType === rtp.header.payloadType);
    const name = codec?.mimeType.toLowerCase() ?? '';
    if (name === 'audio/telephone-event') {
      for (const digit of this.dtmfDetector.push(rtp.header.timestamp, rtp.payload)) {
        this.dtmf += digit;
        // Across a bridge the far leg plays the digit again in band, as Twilio relays DTMF.
        if (this.bridge && !this.bridge.closed) this.bridge.queueDtmf(digit);
        for (const l of this.dtmfListeners) {
          try {
            l(digit);
          } catch (err) {
            console.error('media leg: dtmf listener failed', err);
          }
        }
      }
      return;
    }
    if (name !== 'audio/pcmu' && name !== 'audio/opus') return;
    for (const l of this.audioListeners) {
      try {
        l(rtp.payload, rtp.header.payloadType);
      } catch (err) {
        console.error('media leg: audio listener failed', err);
      }
    }
    if (this.bridge) {
      if (!this.bridge.closed) this.bridge.sendForwarded(rtp, `leg:${rtp.header.ssrc}`);
    } else if (this.mode === 'echo' && !this.feeder) {
      this.sendForwarded(rtp, `echo:${rtp.header.ssrc}`);
    }
  }

  // ---- send path -------------------------------------------------------

  private canSend(): boolean {
    const sender = this.transceiverOrNull?.sender;
    return !this.closed && !!sender?.codec && sender.dtlsTransport?.state === 'connected';
  }

  /** Next timestamp after a gap: keep the RTP clock in step with wall time. */
  private timestampAfterGap(): number {
    if (this.lastSentAt === 0) return this.outTs;
    const spp = this.samplesPerPacket;
    const elapsedSamples = Math.round(((performance.now() - this.lastSentAt) * this.clockRate) / 1000);
    const step = Math.max(spp, Math.round(elapsedSamples / spp) * spp);
    return u32(this.outTs + step);
  }

  private sendForwarded(rtp: RtpPacket, key: string): void {
    if (!this.canSend()) return;
    let marker = false;
    if (key !== this.sourceKey) {
      this.sourceKey = key;
      this.tsOffset = u32(this.timestampAfterGap() - rtp.header.timestamp);
      marker = true;
    }
    this.sendAudio(rtp.payload, u32(rtp.header.timestamp + this.tsOffset), marker);
  }

  private sendAudio(payload: Buffer, timestamp: number, marker: boolean): void {
    const sender = this.transceiver.sender;
    const header = new RtpHeader({
      payloadType: sender.codec!.payloadType,
      sequenceNumber: this.outSeq,
      timestamp,
      ssrc: sender.ssrc,
      marker,
    });
    this.outSeq = u16(this.outSeq + 1);
    this.outTs = timestamp;
    this.lastSentAt = performance.now();
    this.packetsSent++;
    this.bytesSent += payload.length;
    sender.sendRtp(new RtpPacket(header, payload)).catch((err) => {
      if (!this.closed) console.error('media leg: sendRtp failed', err);
    });
  }

  /** Start/stop the tone/silence generator according to mode, bridge and connection. */
  private updateGenerator(): void {
    const want = !this.closed && !this.feeder && this.mode !== 'echo' && this.peer?.connectionState === 'connected';
    if (want && !this.genTimer) {
      this.genStart = performance.now();
      this.genSent = 0;
      this.sourceKey = null;
      this.genTimer = setInterval(() => this.generate(), PTIME_MS / 2);
      this.genTimer.unref();
      this.generate();
    } else if (!want && this.genTimer) {
      clearInterval(this.genTimer);
      this.genTimer = null;
    }
  }

  private generate(): void {
    if (!this.canSend()) return;
    const due = Math.floor((performance.now() - this.genStart) / PTIME_MS) + 1;
    let n = due - this.genSent;
    if (n > MAX_BURST) {
      // Stalled (e.g. a blocked event loop): skip ahead instead of bursting.
      this.genSent = due - MAX_BURST;
      n = MAX_BURST;
    }
    for (let i = 0; i < n; i++) {
      let ts: number;
      let marker = false;
      if (this.sourceKey !== 'gen') {
        this.sourceKey = 'gen';
        ts = this.timestampAfterGap();
        marker = true;
      } else {
        ts = u32(this.outTs + this.samplesPerPacket);
      }
      const opus = this.codec === 'opus';
      let payload: Buffer;
      if (this.mode === 'tone') {
        const loop = opus ? OPUS_TONE_PACKETS : TONE_PAYLOADS;
        payload = loop[this.tonePhase % loop.length]!;
        this.tonePhase = (this.tonePhase + 1) % loop.length;
      } else {
        payload = opus ? OPUS_SILENCE_PACKET : SILENCE_PAYLOAD;
      }
      this.sendAudio(payload, ts, marker);
      this.genSent++;
    }
  }

  /**
   * Extra (not in the contract): send DTMF digits as RFC 4733 telephone-event
   * RTP (if negotiated), like a phone on the far end pressing keys. Resolves
   * when all packets are sent. Audio keeps flowing meanwhile.
   */
  /** Queues one digit behind those already being sent (DTMF relayed across a bridge). */
  queueDtmf(digit: string): Promise<void> {
    const next = this.dtmfQueue.then(() => this.sendDtmf(digit));
    this.dtmfQueue = next.catch(() => undefined);
    return next;
  }

  async sendDtmf(digits: string, durationMs = 100): Promise<void> {
    for (const digit of digits) {
      const event = digitToEvent(digit);
      if (event === null) throw new TypeError(`not a DTMF digit: ${digit}`);
      await this.sendDtmfEvent(event, durationMs);
      this.dtmfSent += digit;
      await this.sleep(50);
    }
  }

  private async sendDtmfEvent(event: number, durationMs: number): Promise<void> {
    if (!this.canSend()) return;
    const sender = this.transceiver.sender;
    const clockRate = this.clockRate;
    const spp = this.samplesPerPacket;
    const te = this.transceiver.codecs.find((c) => c.mimeType.toLowerCase() === 'audio/telephone-event' && c.clockRate === clockRate);
    if (!te) throw new Error('telephone-event was not negotiated');
    const ts = this.timestampAfterGap();
    const total = Math.max(1, Math.round(durationMs / PTIME_MS));
    const send = (duration: number, end: boolean, marker: boolean) => {
      if (!this.canSend()) return;
      const header = new RtpHeader({ payloadType: te.payloadType, sequenceNumber: this.outSeq, timestamp: ts, ssrc: sender.ssrc, marker });
      this.outSeq = u16(this.outSeq + 1);
      const payload = encodeTelephoneEvent({ event, end, volume: 10, duration });
      this.packetsSent++;
      this.bytesSent += payload.length;
      // Straight to the transport: werift's sender would rewrite the payload type to the primary codec.
      void sender.dtlsTransport.sendRtp(payload, header);
    };
    for (let i = 1; i <= total; i++) {
      send(i * spp, false, i === 1);
      await this.sleep(PTIME_MS);
    }
    for (let i = 0; i < 3; i++) send(total * spp, true, false);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.pendingTimers.delete(t);
        resolve();
      }, ms);
      this.pendingTimers.add(t);
    });
  }

  // ---- teardown --------------------------------------------------------

  private assertOpen(): void {
    if (this.closed) throw new Error('media leg is closed');
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    if (this.genTimer) {
      clearInterval(this.genTimer);
      this.genTimer = null;
    }
    for (const t of this.pendingTimers) clearTimeout(t);
    this.pendingTimers.clear();
    // Unhook bridges in both directions.
    if (this.bridge) this.bridgeTo(null);
    const feeder = this.feeder;
    if (feeder && feeder.bridge === this) feeder.bridge = null;
    this.feeder = null;
    for (const u of this.unsubscribers.splice(0)) u();
    this.closing = (this.peer ? this.peer.close() : Promise.resolve()).catch((err) => {
      console.error('media leg: close failed', err);
    });
    return this.closing;
  }
}

export function createMediaLeg(opts: MediaLegOptions): MediaLeg {
  return new WeriftMediaLeg(opts);
}
