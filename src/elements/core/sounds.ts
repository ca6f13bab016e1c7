/**
 * The SDK fetches 15 mp3 files from a Twilio host unless given its own
 * `sounds`. Ours are synthesised tones: the same specs make the MP3 files the
 * package ships (scripts/make-sounds.mjs, loaded from the page's own origin, so
 * a strict CSP needs nothing extra) and, for the `sounds` property or tests,
 * tiny WAV data: URLs.
 */
export const SOUND_NAMES = [
  'incoming', 'outgoing', 'disconnect',
  'dtmf0', 'dtmf1', 'dtmf2', 'dtmf3', 'dtmf4', 'dtmf5', 'dtmf6', 'dtmf7', 'dtmf8', 'dtmf9', 'dtmfs', 'dtmfh',
] as const;
export type SoundName = (typeof SOUND_NAMES)[number];

// DTMF row/column frequencies (ITU-T Q.23).
const DTMF: Record<string, [number, number]> = {
  '1': [697, 1209], '2': [697, 1336], '3': [697, 1477],
  '4': [770, 1209], '5': [770, 1336], '6': [770, 1477],
  '7': [852, 1209], '8': [852, 1336], '9': [852, 1477],
  s: [941, 1209], '0': [941, 1336], h: [941, 1477],
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

const RATE = 8000;

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

/** 8-bit unsigned mono PCM WAV bytes of the summed sines. */
export function toneWav({ freqs, seconds, gap = 0 }: ToneSpec): Uint8Array {
  const toneSamples = Math.round(seconds * RATE);
  const samples = toneSamples + Math.round(gap * RATE);
  const bytes = new Uint8Array(44 + samples);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, s: string) => [...s].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, RATE, true);
  view.setUint32(28, RATE, true);
  view.setUint16(32, 1, true);
  view.setUint16(34, 8, true);
  ascii(36, 'data');
  view.setUint32(40, samples, true);
  for (let i = 0; i < samples; i++) {
    let v = 0;
    if (i < toneSamples) for (const f of freqs) v += Math.sin((2 * Math.PI * f * i) / RATE) / freqs.length;
    bytes[44 + i] = 128 + Math.round(v * 40);
  }
  return bytes;
}

function dataUrl(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:audio/wav;base64,${btoa(binary)}`;
}

/** WAV bytes of one SDK sound (the build writes these as files for strict-CSP pages). */
export function soundWav(name: SoundName): Uint8Array {
  return toneWav(specFor(name));
}

/** URLs `<base><name>.mp3` for every sound (the `sounds-url` attribute: the package's files hosted elsewhere). */
export function soundUrlsFrom(base: string): Record<SoundName, string> {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return Object.fromEntries(SOUND_NAMES.map((n) => [n, `${prefix}${n}.mp3`])) as Record<SoundName, string>;
}

let cached: Record<SoundName, string> | undefined;

/** Data URLs for every sound the SDK plays, made once per page. */
export function synthesizedSounds(): Record<SoundName, string> {
  cached ??= Object.fromEntries(SOUND_NAMES.map((n) => [n, dataUrl(soundWav(n))])) as Record<SoundName, string>;
  return cached;
}
