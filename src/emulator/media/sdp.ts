/**
 * A werift leg's peer connection and SDP: the codecs it takes, ICE on
 * loopback, complete SDP (no trickle ICE) in the shape the browser expects.
 */
import { MediaStream, RTCPeerConnection, RTCRtpCodecParameters, type RTCRtpTransceiver } from 'werift';
import type { AudioCodec } from './codecs.js';

/** werift codec parameters for `codecs`, in order, plus one telephone-event per clock rate in use. */
export function audioCodecs(codecs: readonly AudioCodec[]): RTCRtpCodecParameters[] {
  const out: RTCRtpCodecParameters[] = [];
  for (const codec of codecs) {
    if (codec === 'opus') {
      out.push(
        new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, payloadType: 111, channels: 2, parameters: 'minptime=10;useinbandfec=1' }),
      );
    } else {
      out.push(new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, payloadType: 0, channels: 1 }));
    }
  }
  // The sender picks the telephone-event matching its codec's clock rate.
  if (codecs.includes('pcmu')) out.push(new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 8000, payloadType: 101, channels: 1 }));
  if (codecs.includes('opus')) out.push(new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 48000, payloadType: 110, channels: 1 }));
  return out;
}

/** CRLF line endings, and never `actpass` in an answer. */
export function normalizeSdp(sdp: string, type: 'offer' | 'answer'): string {
  let lines = sdp.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (type === 'answer') lines = lines.map((l) => (l === 'a=setup:actpass' ? 'a=setup:passive' : l));
  return lines.join('\r\n') + '\r\n';
}

/** How long answer()/createOffer() wait for ICE gathering to complete. */
const GATHER_TIMEOUT_MS = 2000;

/** A peer connection with one sendrecv audio transceiver; werift skips loopback unless told to use 127.0.0.1. */
export function createPeer(codecs: readonly AudioCodec[]): { pc: RTCPeerConnection; transceiver: RTCRtpTransceiver } {
  const pc = new RTCPeerConnection({
    codecs: { audio: audioCodecs(codecs) },
    iceServers: [],
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceUseIpv6: false,
  });
  const transceiver = pc.addTransceiver('audio', {
    direction: 'sendrecv',
    streams: [new MediaStream({ id: 'twilio-emulator' })],
  });
  return { pc, transceiver };
}

/** Resolves when ICE gathering completes (our SDP must carry our candidates), or after GATHER_TIMEOUT_MS. */
export function waitGathering(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      sub.unSubscribe();
      resolve();
    };
    const timer = setTimeout(done, GATHER_TIMEOUT_MS);
    const sub = pc.iceGatheringStateChange.subscribe((state) => {
      if (state === 'complete') done();
    });
  });
}
