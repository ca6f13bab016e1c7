/**
 * The contract between the emulator's call layer (voice/) and its
 * media endpoint (werift-leg.ts, werift). The call layer only moves SDP around; the
 * media leg owns the RTCPeerConnection, the echo/tone generators and the
 * RTP bridge between two legs.
 */
import type { AudioCodec } from './codecs.js';

export type MediaMode = 'echo' | 'tone' | 'silence';

export interface MediaStats {
  /** RTP packets received from the browser on this leg. */
  packetsReceived: number;
  /** RTP packets sent to the browser on this leg. */
  packetsSent: number;
  bytesReceived: number;
  bytesSent: number;
  /** DTMF digits received so far (in-band RFC 4733 telephone-event). */
  dtmf: string;
  /** DTMF digits played to the browser in band (relayed across a bridge). */
  dtmfSent: string;
  /** werift ICE connection state. */
  iceState: string;
}

export interface MediaLeg {
  /** Answer the browser's offer (outgoing call). Resolves with a complete, CRLF SDP answer that carries its own candidates (the protocol has no trickle ICE). */
  answer(offerSdp: string): Promise<string>;
  /** Create a complete offer for a call to the browser (incoming call). */
  createOffer(): Promise<string>;
  /** Apply the browser's answer to our offer. */
  acceptAnswer(answerSdp: string): Promise<void>;
  /** Forward the audio received on this leg to `other` (a bridge between two browser legs); null stops it. */
  bridgeTo(other: MediaLeg | null): void;
  /** What this leg plays when not bridged. */
  setMode(mode: MediaMode): void;
  stats(): MediaStats;
  /** Called for each DTMF digit received in band. */
  onDtmf(listener: (digit: string) => void): void;
  /** The negotiated codec, once known (werift legs). */
  readonly codec?: AudioCodec | null;
  /** Plays DTMF digits in band to the browser, after any still being played (werift legs). */
  queueDtmf?(digit: string): Promise<void>;
  /**
   * Conference (werift legs, PCMU only): received audio goes to `io.onFrame` as decoded PCM and the
   * leg plays only what `sendFrame` gives it (no echo, bridge or generator); null gives the leg back
   * its mode. Throws when the negotiated codec is not PCMU (the emulator does not decode Opus).
   */
  mix?(io: { onFrame(pcm: Int16Array): void } | null): void;
  /** Each received audio payload (werift legs): the control API's recording of what the browser sends. */
  onAudio?(listener: (payload: Buffer, payloadType: number) => void): void;
  /** Conference: sends one 20 ms frame of 16-bit PCM, encoded as PCMU. */
  sendFrame?(pcm: Int16Array): void;
  close(): Promise<void>;
}

export interface MediaLegOptions {
  mode: MediaMode;
  /** The call this leg carries (impairments are looked up by it). */
  callSid?: string;
  /** createOffer(): the codecs to offer, in order of preference. Default ['pcmu']. (answer() takes the offer's preferred one.) */
  codecs?: readonly AudioCodec[];
}
