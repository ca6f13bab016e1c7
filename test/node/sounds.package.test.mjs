// The MP3 files in src/elements/sounds/ are what scripts/make-sounds.mjs makes
// of core/sounds.ts's tone specs, byte for byte, and stay small (the SDK
// preloads all 15 whenever a Device is created).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { SOUND_NAMES } from '../../dist/elements/core/sounds.js';
import { SOUND_DIR, encodeSound } from '../../scripts/make-sounds.mjs';

test('every committed sound is the encoder output of its tone spec (run `npm run sounds` after changing a spec)', () => {
  for (const name of SOUND_NAMES) {
    const committed = readFileSync(new URL(`${name}.mp3`, SOUND_DIR));
    assert.ok(committed.equals(encodeSound(name)), `${name}.mp3 is stale`);
  }
});

test('the files are MPEG audio frames, 16 KB in all at most', () => {
  let total = 0;
  for (const name of SOUND_NAMES) {
    const file = new URL(`${name}.mp3`, SOUND_DIR);
    const bytes = readFileSync(file);
    assert.equal(bytes[0], 0xff, `${name}.mp3 does not start with an MPEG frame sync`);
    assert.equal(bytes[1] & 0xe0, 0xe0, `${name}.mp3 does not start with an MPEG frame sync`);
    total += statSync(file).size;
  }
  assert.ok(total <= 16 * 1024, `the sounds total ${total} bytes`);
});
