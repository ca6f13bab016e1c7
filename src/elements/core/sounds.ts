/**
 * The SDK fetches 15 mp3 files from a Twilio host unless given its own
 * `sounds`. Ours are synthesised tones: these specs make the MP3 files the
 * package ships (scripts/make-sounds.mjs), loaded from the page's own origin, so
 * a strict CSP needs nothing extra.
 */
export const SOUND_NAMES = [
  'incoming',
  'outgoing',
  'disconnect',
  'dtmf0',
  'dtmf1',
  'dtmf2',
  'dtmf3',
  'dtmf4',
  'dtmf5',
  'dtmf6',
  'dtmf7',
  'dtmf8',
  'dtmf9',
  'dtmfs',
  'dtmfh',
] as const;
export type SoundName = (typeof SOUND_NAMES)[number];

// DTMF row/column frequencies (ITU-T Q.23).
const DTMF: Record<string, [number, number]> = {
  '1': [697, 1209],
  '2': [697, 1336],
  '3': [697, 1477],
  '4': [770, 1209],
  '5': [770, 1336],
  '6': [770, 1477],
  '7': [852, 1209],
  '8': [852, 1336],
  '9': [852, 1477],
  s: [941, 1209],
  '0': [941, 1336],
  h: [941, 1477],
};

interface ToneSpec {
  freqs: number[];
  seconds: number;
  /** seconds of silence after the tone (ring cadence) */
  gap?: number;
}

function specFor(name: SoundName): ToneSpec {
  if (name === 'incoming') return { freqs: [440, 480], seconds: 1, gap: 1 };
  if (name === 'outgoing') return { freqs: [480, 620], seconds: 0.15 };
  if (name === 'disconnect') return { freqs: [480, 620], seconds: 0.25 };
  return { freqs: DTMF[name.slice(4)], seconds: 0.12 };
}

/** The tone of one sound as 16-bit mono PCM at `rate` Hz (what the MP3 encoder takes). */
export function toneSamples(name: SoundName, rate: number): Int16Array {
  const { freqs, seconds, gap = 0 } = specFor(name);
  const toneLength = Math.round(seconds * rate);
  const out = new Int16Array(toneLength + Math.round(gap * rate));
  // A 5 ms ramp at each end, so the tone starts and stops without a click.
  const ramp = Math.round(0.005 * rate);
  for (let i = 0; i < toneLength; i++) {
    let v = 0;
    for (const f of freqs) v += Math.sin((2 * Math.PI * f * i) / rate) / freqs.length;
    const envelope = Math.min(1, i / ramp, (toneLength - 1 - i) / ramp);
    out[i] = Math.round(v * envelope * 0.3 * 32767);
  }
  return out;
}

/** URLs `<base><name>.mp3` for every sound (the `sounds-url` attribute: the package's files hosted elsewhere). */
export function soundUrlsFrom(base: string): Record<SoundName, string> {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return Object.fromEntries(SOUND_NAMES.map((n) => [n, `${prefix}${n}.mp3`])) as Record<SoundName, string>;
}
