/**
 * The emulator's WebRTC media endpoint, built on werift (pure TypeScript
 * WebRTC). One MediaLeg = one RTCPeerConnection with one sendrecv audio
 * transceiver, PCMU or Opus (codecs.ts: an answer takes the offer's preferred
 * one), plus telephone-event so in-band DTMF arrives as RFC 4733 RTP.
 *
 * What a leg sends when nothing is bridged into it:
 * - `echo`: every received PCMU packet is sent straight back.
 * - `tone`: a continuous 440 Hz sine, 20 ms packets (tones.ts; Opus:
 *   pre-encoded packets, opus-tone.ts).
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
 * (rtp-out.ts), so switching between generator (generator.ts), echo, bridge
 * and DTMF (dtmf-out.ts) never makes the stream jump backwards.
 *
 * Loopback notes (see research/voice-sdk.md §3): werift skips loopback unless
 * `iceAdditionalHostAddresses:['127.0.0.1']`; the browser sends no candidates
 * so werift learns it as peer-reflexive; our SDP must carry our candidates,
 * use CRLF, and an answer must not say `a=setup:actpass`.
 */
import type { RTCPeerConnection, RTCRtpSender, RTCRtpTransceiver, RtpPacket } from 'werift';
import { CODEC_CLOCK_RATE, keepTelephoneEventAt, preferredAudioCodec, type AudioCodec } from './codecs.js';
import { DtmfDetector } from './dtmf.js';
import { DtmfOut } from './dtmf-out.js';
import { decodePcmu, encodePcmu } from './g711.js';
import { Generator } from './generator.js';
import { RtpOut } from './rtp-out.js';
import { createPeer, normalizeSdp, waitGathering } from './sdp.js';
import type { MediaLeg, MediaLegOptions, MediaMode, MediaStats } from './types.js';

export type { MediaLeg, MediaLegOptions, MediaMode, MediaStats } from './types.js';

/** Calls each listener, logging (not throwing) what one throws. */
function notify<A extends unknown[]>(listeners: ReadonlyArray<(...args: A) => void>, what: string, ...args: A): void {
  for (const l of listeners) {
    try {
      l(...args);
    } catch (err) {
      console.error(`media leg: ${what} listener failed`, err);
    }
  }
}

/** The werift implementation of MediaLeg; a few extras beyond the contract for tests and tooling. */
export class WeriftMediaLeg implements MediaLeg {
  /** Created by answer() / createOffer(), once the codec is known. */
  private peer: RTCPeerConnection | null = null;
  private transceiverOrNull: RTCRtpTransceiver | null = null;
  private readonly offerCodecs: readonly AudioCodec[];
  private mode: MediaMode;
  private isClosed = false;
  private closing: Promise<void> | null = null;

  /** Where our received audio goes (instead of echo). */
  private bridge: WeriftMediaLeg | null = null;
  /** The leg whose audio we currently play (instead of our generator). */
  private feeder: WeriftMediaLeg | null = null;
  /** In a conference: where received audio goes (decoded); the leg then plays only the mix. */
  private mixer: { onFrame(pcm: Int16Array): void } | null = null;

  private packetsReceived = 0;
  private bytesReceived = 0;
  private dtmf = '';
  private readonly dtmfDetector = new DtmfDetector();
  private readonly dtmfListeners: Array<(digit: string) => void> = [];
  private readonly audioListeners: Array<(payload: Buffer, payloadType: number) => void> = [];
  private readonly unsubscribers: Array<() => void> = [];

  private readonly out = new RtpOut(this);
  private readonly generator = new Generator(this.out, () => (this.sendable() ? { tone: this.mode === 'tone', codec: this.codec ?? 'pcmu' } : null));
  private readonly dtmfOut = new DtmfOut(this.out, () => (this.sendable() ? { transceiver: this.transceiver, clockRate: this.clockRate } : null));

  constructor(opts: MediaLegOptions) {
    this.mode = opts.mode;
    this.offerCodecs = opts.codecs?.length ? [...opts.codecs] : ['pcmu'];
  }

  get closed(): boolean {
    return this.isClosed;
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

  get clockRate(): number {
    return CODEC_CLOCK_RATE[this.codec ?? 'pcmu'];
  }

  /** The sender, once a codec is negotiated and DTLS connected (RtpOutHost). */
  sendable(): RTCRtpSender | null {
    const sender = this.transceiverOrNull?.sender;
    return !this.closed && sender?.codec && sender.dtlsTransport?.state === 'connected' ? sender : null;
  }

  private init(codecs: readonly AudioCodec[]): RTCPeerConnection {
    if (this.peer) throw new Error('media leg already negotiated');
    const { pc, transceiver } = createPeer(codecs);
    this.peer = pc;
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
    await waitGathering(this.pc);
    return normalizeSdp(this.pc.localDescription!.sdp, 'answer');
  }

  async createOffer(): Promise<string> {
    this.assertOpen();
    this.init(this.offerCodecs);
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    await waitGathering(this.pc);
    return normalizeSdp(this.pc.localDescription!.sdp, 'offer');
  }

  async acceptAnswer(answerSdp: string): Promise<void> {
    this.assertOpen();
    await this.pc.setRemoteDescription({ type: 'answer', sdp: normalizeSdp(answerSdp, 'answer') });
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

  mix(io: { onFrame(pcm: Int16Array): void } | null): void {
    if (io && this.codec !== 'pcmu') {
      throw new Error(`conference legs need PCMU: this leg negotiated ${this.codec ?? 'no codec yet'} (the emulator does not decode Opus)`);
    }
    if (io) this.bridgeTo(null);
    this.mixer = io;
    this.out.resetSource();
    this.updateGenerator();
  }

  sendFrame(pcm: Int16Array): void {
    if (this.mixer && !this.closed) this.out.generated(encodePcmu(pcm));
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
      packetsSent: this.out.packetsSent,
      bytesReceived: this.bytesReceived,
      bytesSent: this.out.bytesSent,
      dtmf: this.dtmf,
      dtmfSent: this.dtmfOut.sent,
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
        if (this.bridge && !this.bridge.closed) void this.bridge.queueDtmf(digit).catch(() => undefined);
        notify(this.dtmfListeners, 'dtmf', digit);
      }
      return;
    }
    if (name !== 'audio/pcmu' && name !== 'audio/opus') return;
    notify(this.audioListeners, 'audio', rtp.payload, rtp.header.payloadType);
    if (this.mixer) {
      if (name === 'audio/pcmu') this.mixer.onFrame(decodePcmu(rtp.payload));
    } else if (this.bridge) {
      if (!this.bridge.closed) this.bridge.out.forward(rtp, `leg:${rtp.header.ssrc}`);
    } else if (this.mode === 'echo' && !this.feeder) {
      this.out.forward(rtp, `echo:${rtp.header.ssrc}`);
    }
  }

  // ---- send path -------------------------------------------------------

  /** Start/stop the tone/silence generator according to mode, bridge and connection. */
  private updateGenerator(): void {
    this.generator.set(!this.closed && !this.feeder && !this.mixer && this.mode !== 'echo' && this.peer?.connectionState === 'connected');
  }

  /** Extra (not in the contract): queues one digit behind those already being sent (DTMF relayed across a bridge). */
  queueDtmf(digit: string): Promise<void> {
    return this.dtmfOut.enqueue(digit);
  }

  /**
   * Extra (not in the contract): send DTMF digits as RFC 4733 telephone-event
   * RTP (if negotiated), like a phone on the far end pressing keys. Resolves
   * when all packets are sent. Audio keeps flowing meanwhile.
   */
  sendDtmf(digits: string, durationMs = 100): Promise<void> {
    return this.dtmfOut.send(digits, durationMs);
  }

  // ---- teardown --------------------------------------------------------

  private assertOpen(): void {
    if (this.closed) throw new Error('media leg is closed');
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.isClosed = true;
    this.generator.set(false);
    this.dtmfOut.close();
    // Unhook bridges in both directions.
    if (this.bridge) this.bridgeTo(null);
    const feeder = this.feeder;
    if (feeder && feeder.bridge === this) feeder.bridge = null;
    this.feeder = null;
    this.mixer = null;
    for (const u of this.unsubscribers.splice(0)) u();
    this.closing = (this.peer ? this.peer.close() : Promise.resolve()).catch((err: unknown) => {
      console.error('media leg: close failed', err);
    });
    return this.closing;
  }
}

export function createMediaLeg(opts: MediaLegOptions): MediaLeg {
  return new WeriftMediaLeg(opts);
}
