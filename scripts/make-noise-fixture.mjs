#!/usr/bin/env node
// Makes test/fixtures/noisy-speech.wav, the fake microphone of the noise-suppression tests:
// Debian's espeak-ng says two sentences, sox mixes them over an office-like noise bed (pink
// noise plus a 100 Hz fan hum with its harmonics). 16 kHz mono 16-bit: the calls under test are
// PCMU (8 kHz), and the file stays small enough to commit (CI need not have espeak-ng or sox).
// Layout, which the analysis relies on (test/support/noisy-speech.mjs): 2 s of noise only, the
// speech, 2 s of noise only. `apt-get install -y espeak-ng sox`, then `node scripts/make-noise-fixture.mjs`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const OUT = 'test/fixtures/noisy-speech.wav';
const TEXT = 'This is a test call. You should hear my voice, not the fan.';
const LEAD_S = 2;
const RATE = 16000;

const dir = mkdtempSync(join(tmpdir(), 'noise-fixture-'));
const file = (name) => join(dir, name);
// -R: repeatable noise, so the same script makes the same file.
const sox = (...args) => execFileSync('sox', ['-R', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
try {
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', file('raw.wav'), TEXT]);
  // Speech at 16 kHz, about -20 dBFS, with the noise-only lead and tail as silence.
  sox(file('raw.wav'), '-r', String(RATE), '-c', '1', '-b', '16', file('speech.wav'), 'norm', '-3', 'pad', String(LEAD_S), String(LEAD_S));
  const seconds = Number(
    execFileSync('soxi', ['-D', file('speech.wav')])
      .toString()
      .trim(),
  );
  const bed = ['-n', '-r', String(RATE), '-c', '1', '-b', '16'];
  sox(...bed, file('pink.wav'), 'synth', String(seconds), 'pinknoise', 'vol', '0.08');
  sox(...bed, file('hum.wav'), 'synth', String(seconds), 'sine', '100', 'sine', '200', 'sine', '300', 'remix', '-', 'vol', '0.03');
  sox('-m', file('speech.wav'), file('pink.wav'), file('hum.wav'), '-b', '16', OUT);
  console.log(`${OUT}: ${seconds.toFixed(2)} s (noise only: 0-${LEAD_S} s and the last ${LEAD_S} s)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
