/**
 * What a leg's generator plays, 20 ms per packet: a 440 Hz tone or silence,
 * as PCMU samples made here or as pre-encoded Opus packets (opus-tone.ts).
 */
import type { AudioCodec } from './codecs.js';
import { linearToUlaw, PCMU_SILENCE } from './g711.js';
import { OPUS_SILENCE_PACKET, OPUS_TONE_PACKETS } from './opus-tone.js';

export const PTIME_MS = 20;
const SAMPLE_RATE = 8000;
const SAMPLES_PER_PACKET = (SAMPLE_RATE * PTIME_MS) / 1000; // 160
const TONE_HZ = 440;
const TONE_AMPLITUDE = 0.25 * 32767;

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

/** The packets of one loop of the tone in `codec`. */
export function toneLoop(codec: AudioCodec): readonly Buffer[] {
  return codec === 'opus' ? OPUS_TONE_PACKETS : TONE_PAYLOADS;
}

export function silencePacket(codec: AudioCodec): Buffer {
  return codec === 'opus' ? OPUS_SILENCE_PACKET : SILENCE_PAYLOAD;
}
