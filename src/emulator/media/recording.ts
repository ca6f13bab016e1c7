/**
 * What a call's browser leg sends, kept as 8 kHz PCM for a test to analyse (the noise-suppression
 * measurement: GET /emulator/calls/{sid}/recording). Only PCMU is decoded (the emulator does not
 * decode Opus); at most MAX_SECONDS are kept, the newest.
 */
import { ulawToLinear } from './g711.js';

const RATE = 8000;
const MAX_SECONDS = 60;
const PCMU_PAYLOAD_TYPE = 0;

export class Recording {
  private readonly chunks: Int16Array[] = [];
  private length = 0;
  /** payloads of a codec it cannot decode */
  skipped = 0;

  push(payload: Uint8Array, payloadType: number): void {
    if (payloadType !== PCMU_PAYLOAD_TYPE) {
      this.skipped++;
      return;
    }
    const pcm = new Int16Array(payload.length);
    for (let i = 0; i < payload.length; i++) pcm[i] = ulawToLinear(payload[i] ?? 0xff);
    this.chunks.push(pcm);
    this.length += pcm.length;
    while (this.length > RATE * MAX_SECONDS && this.chunks.length > 1) this.length -= this.chunks.shift()!.length;
  }

  /** `{rate, seconds, pcm}`: pcm is base64 of 16-bit little-endian samples. */
  toJSON(): { rate: number; seconds: number; skipped: number; pcm: string } {
    const all = new Int16Array(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      all.set(chunk, at);
      at += chunk.length;
    }
    return { rate: RATE, seconds: this.length / RATE, skipped: this.skipped, pcm: Buffer.from(all.buffer, all.byteOffset, all.byteLength).toString('base64') };
  }
}
