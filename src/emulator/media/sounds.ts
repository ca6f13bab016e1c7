/**
 * The conference's generated sounds, 20 ms frames of 16-bit PCM at 8 kHz:
 * a party's steady tone, the hold music (400 Hz and 800 Hz alternating every
 * 250 ms) and silence. Each source keeps its own phase, so frames join up.
 */
import { FRAME_SAMPLES, SAMPLE_RATE } from './mixer.js';

/** Level of a party's tone: −12 dBFS. */
export const PARTY_AMPLITUDE = 0.25 * 32767;
/** Hold music is quieter: −18 dBFS. */
export const HOLD_AMPLITUDE = 0.125 * 32767;
export const HOLD_FREQS = [400, 800] as const;
const HOLD_SWITCH_SAMPLES = SAMPLE_RATE / 4; // 250 ms

export const SILENT_FRAME: Int16Array = new Int16Array(FRAME_SAMPLES);

/** A sine at `hz`, frame after frame. */
export class ToneSource {
  private n = 0;
  constructor(
    readonly hz: number,
    private readonly amplitude = PARTY_AMPLITUDE,
  ) {}

  next(): Int16Array {
    const f = new Int16Array(FRAME_SAMPLES);
    for (let i = 0; i < FRAME_SAMPLES; i++, this.n++) f[i] = Math.round(this.amplitude * Math.sin((2 * Math.PI * this.hz * this.n) / SAMPLE_RATE));
    this.n %= SAMPLE_RATE; // every whole-Hz tone repeats each second
    return f;
  }
}

/** Hold music: 400 Hz for 250 ms, then 800 Hz for 250 ms, and so on. */
export class HoldMusic {
  private n = 0;

  next(): Int16Array {
    const f = new Int16Array(FRAME_SAMPLES);
    for (let i = 0; i < FRAME_SAMPLES; i++, this.n++) {
      const hz = HOLD_FREQS[Math.floor(this.n / HOLD_SWITCH_SAMPLES) % 2];
      f[i] = Math.round(HOLD_AMPLITUDE * Math.sin((2 * Math.PI * hz * this.n) / SAMPLE_RATE));
    }
    this.n %= 2 * SAMPLE_RATE;
    return f;
  }
}
