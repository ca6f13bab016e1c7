#!/usr/bin/env node
// tsc does not copy assets: put the shipped MP3 files beside the compiled
// sound-files.js (dist/elements/sounds/), and noise suppression's worklet, WASM and its licence
// beside rnnoise-processor.js (dist/elements/noise/), where their import.meta.url URLs point.
// The CDN copy (dist/cdn/sounds/) is emitted by rollup's import-meta-assets plugin.
import { cpSync } from 'node:fs';

cpSync('src/elements/sounds', 'dist/elements/sounds', { recursive: true, filter: (src) => !src.endsWith('.ts') });
cpSync('src/elements/noise', 'dist/elements/noise', { recursive: true, filter: (src) => !src.endsWith('.ts') });
