// The noisy-speech fixture (scripts/make-noise-fixture.mjs) and the level analysis the
// noise-suppression tests share: 16-bit PCM WAV in, RMS levels of its noise-only and speech stretches out.
import { readFileSync } from 'node:fs';

export const FIXTURE = new URL('../fixtures/noisy-speech.wav', import.meta.url);
/** Noise only: the first and last 2 s of the fixture (0.3 s kept clear of each edge). */
const LEAD_S = 2;

/** Samples in [-1, 1] and the rate of a mono 16-bit PCM WAV. */
export function readWav(bytes = readFileSync(FIXTURE)) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 12;
  let rate = 0;
  while (offset + 8 <= view.byteLength) {
    const id = String.fromCharCode(...bytes.subarray(offset, offset + 4));
    const size = view.getUint32(offset + 4, true);
    if (id === 'fmt ') {
      if (view.getUint16(offset + 8, true) !== 1 || view.getUint16(offset + 10, true) !== 1 || view.getUint16(offset + 22, true) !== 16) {
        throw new Error('expected mono 16-bit PCM');
      }
      rate = view.getUint32(offset + 12, true);
    }
    if (id === 'data') {
      const samples = new Float32Array(size / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(offset + 8 + i * 2, true) / 32768;
      return { samples, rate };
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

/** Linear interpolation to `factor` times the rate (16 kHz → 48 kHz for RNNoise in Node). */
export function upsample(samples, factor) {
  const out = new Float32Array(samples.length * factor);
  for (let i = 0; i < out.length; i++) {
    const x = i / factor;
    const a = Math.floor(x);
    const b = Math.min(a + 1, samples.length - 1);
    out[i] = samples[a] + (samples[b] - samples[a]) * (x - a);
  }
  return out;
}

/** RMS level in dBFS of samples[from s, to s). */
export function levelDb(samples, rate, from, to) {
  const start = Math.round(from * rate);
  const end = Math.round(to * rate);
  let sum = 0;
  for (let i = start; i < end; i++) sum += samples[i] ** 2;
  return 10 * Math.log10(sum / (end - start) + 1e-20);
}

/**
 * The stretches of the fixture, in seconds of the original, shifted by `delay` s (the path's
 * latency): noise only (lead and tail, 0.3 s clear of each edge) and speech: the 20 ms frames of
 * the middle where the fixture is at least 10 dB above its noise, i.e. where someone is talking
 * (the pauses between words are noise, which suppression may rightly lower).
 */
export function stretches(durationS, delay = 0, { samples, rate } = readWav()) {
  const noise = [
    [0.3, LEAD_S - 0.3],
    [durationS - LEAD_S + 0.3, durationS - 0.3],
  ];
  const floor = stretchLevelDb(samples, rate, noise);
  const speech = [];
  for (let t = LEAD_S; t + 0.02 <= durationS - LEAD_S; t += 0.02) if (levelDb(samples, rate, t, t + 0.02) >= floor + 10) speech.push([t, t + 0.02]);
  const shift = (list) => list.map(([from, to]) => [from + delay, to + delay]);
  return { noise: shift(noise), speech: shift(speech) };
}

/** Mean level (dB, energy-averaged) over several stretches. */
export function stretchLevelDb(samples, rate, list) {
  let energy = 0;
  let count = 0;
  for (const [from, to] of list) {
    const n = Math.round((to - from) * rate);
    energy += 10 ** (levelDb(samples, rate, from, to) / 10) * n;
    count += n;
  }
  return 10 * Math.log10(energy / count);
}

/** 20 ms frame energies in dB. */
function envelope(samples, rate) {
  const frame = Math.round(rate * 0.02);
  const out = new Float64Array(Math.floor(samples.length / frame));
  for (let f = 0; f < out.length; f++) {
    let sum = 0;
    for (let i = f * frame; i < (f + 1) * frame; i++) sum += samples[i] ** 2;
    out[f] = 10 * Math.log10(sum / frame + 1e-12);
  }
  return out;
}

/**
 * Where in `recording` (seconds) a period of the fixture starts: the fake microphone loops the
 * fixture, so the recording's first period is the fixture rotated; the rotation whose 20 ms energy
 * envelopes agree best (Pearson correlation) is the one. `recording` must hold one period.
 */
export function alignToFixture(recording, rate, fixture, fixtureRate) {
  const a = envelope(fixture, fixtureRate);
  const b = envelope(recording, rate).subarray(0, a.length);
  if (b.length < a.length) throw new Error('the recording is shorter than one period of the fixture');
  const mean = (v) => v.reduce((sum, x) => sum + x, 0) / v.length;
  const ma = mean(a);
  const mb = mean(b);
  let best = { lag: 0, r: -Infinity };
  for (let lag = 0; lag < a.length; lag++) {
    let num = 0;
    let da = 0;
    let db = 0;
    for (let i = 0; i < a.length; i++) {
      const x = a[i] - ma;
      const y = b[(i + lag) % a.length] - mb;
      num += x * y;
      da += x * x;
      db += y * y;
    }
    const r = num / Math.sqrt(da * db + 1e-12);
    if (r > best.r) best = { lag, r };
  }
  return { offset: best.lag * 0.02, correlation: best.r };
}

/**
 * Noise-only and speech levels (dBFS) of a recording of the looping fixture whose period starts
 * `offset` s in: each stretch is taken from whichever copy of the period the recording holds whole.
 */
export function fixtureLevels(recording, rate, durationS, offset) {
  const length = recording.length / rate;
  const place = (list) =>
    list.map(([from, to]) => {
      for (const shift of [offset, offset - durationS, offset + durationS]) {
        if (from + shift >= 0 && to + shift <= length) return [from + shift, to + shift];
      }
      throw new Error(`the recording (${length.toFixed(1)} s) holds no whole copy of ${from}-${to} s at offset ${offset} s`);
    });
  const s = stretches(durationS);
  return { noise: stretchLevelDb(recording, rate, place(s.noise)), speech: stretchLevelDb(recording, rate, place(s.speech)) };
}
