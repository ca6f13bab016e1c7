#!/usr/bin/env node
// Writes the phone's synthesised tones as WAV files to dist/cdn/sounds/, for
// pages whose CSP forbids data: URLs (<twilio-phone sounds-url="…/sounds/">).
import { mkdirSync, writeFileSync } from 'node:fs';
import { SOUND_NAMES, soundWav } from '../dist/elements/core/sounds.js';

mkdirSync('dist/cdn/sounds', { recursive: true });
for (const name of SOUND_NAMES) writeFileSync(`dist/cdn/sounds/${name}.wav`, soundWav(name));
