/**
 * The level of one frequency in PCM (Goertzel), in dBFS: a full-scale sine
 * reads 0, silence −120 (the floor). Pure; the control API's
 * `/emulator/calls/{sid}/audio` reads it over the last second.
 */
export const SILENCE_DBFS = -120;

export function toneLevel(samples: Int16Array, hz: number, sampleRate = 8000): number {
  const n = samples.length;
  if (!n) return SILENCE_DBFS;
  const w = (2 * Math.PI * hz) / sampleRate;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const s0 = samples[i] + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  const amplitude = (2 * Math.sqrt(Math.max(power, 0))) / n;
  const db = 20 * Math.log10(amplitude / 32768);
  return Number.isFinite(db) ? Math.max(SILENCE_DBFS, Math.round(db * 10) / 10) : SILENCE_DBFS;
}

/** The last `capacity` samples written (one second at 8 kHz by default). */
export class AudioWindow {
  private readonly buf: Int16Array;
  private pos = 0;
  private filled = 0;

  constructor(private readonly capacity = 8000) {
    this.buf = new Int16Array(capacity);
  }

  write(frame: Int16Array): void {
    for (let i = 0; i < frame.length; i++) {
      this.buf[this.pos] = frame[i];
      this.pos = (this.pos + 1) % this.capacity;
    }
    this.filled = Math.min(this.capacity, this.filled + frame.length);
  }

  /** The samples in order, oldest first. */
  samples(): Int16Array {
    const out = new Int16Array(this.filled);
    const start = (this.pos - this.filled + this.capacity) % this.capacity;
    for (let i = 0; i < this.filled; i++) out[i] = this.buf[(start + i) % this.capacity];
    return out;
  }
}
