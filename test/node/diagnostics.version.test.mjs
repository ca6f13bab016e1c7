// diagnostics() reports the elements' version from src/elements/version.ts: it must be package.json's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ELEMENTS_VERSION } from '../../dist/elements/version.js';

test('ELEMENTS_VERSION is the package version', () => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  assert.equal(ELEMENTS_VERSION, version);
});
