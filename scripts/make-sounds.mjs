#!/usr/bin/env node
// Encodes the phone's synthesised tones (core/sounds.ts) as the MP3 files the
// package ships in src/elements/sounds/. MP3 because all three engines decode
// it with Web Audio (the SDK preloads sounds with XHR + decodeAudioData).
// Deterministic: `--check` fails if the committed files differ from a fresh
// encoding (test/node/sounds.package.test.mjs runs it). Needs `npm run build` first.
import { readFileSync, writeFileSync } from 'node:fs';
import { Mp3Encoder } from '@breezystack/lamejs';
import { SOUND_NAMES, toneSamples } from '../dist/elements/core/sounds.js';

export const SOUND_DIR = new URL('../src/elements/sounds/', import.meta.url);
const RATE = 22050; // MPEG-2 layer III: every engine's decoder takes it
const KBPS = 24;

export function encodeSound(name) {
  const encoder = new Mp3Encoder(1, RATE, KBPS);
  const samples = toneSamples(name, RATE);
  const chunks = [];
  for (let i = 0; i < samples.length; i += 1152) chunks.push(encoder.encodeBuffer(samples.subarray(i, i + 1152)));
  chunks.push(encoder.flush());
  return Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const name of SOUND_NAMES) {
    const file = new URL(`${name}.mp3`, SOUND_DIR);
    const bytes = encodeSound(name);
    if (check) {
      let committed;
      try {
        committed = readFileSync(file);
      } catch {
        committed = Buffer.alloc(0);
      }
      if (!committed.equals(bytes)) stale.push(name);
    } else writeFileSync(file, bytes);
  }
  if (stale.length) {
    console.error(`sounds out of date: ${stale.join(', ')}: run node scripts/make-sounds.mjs`);
    process.exit(1);
  }
}
