#!/usr/bin/env node
// Fails when the committed (staged) custom-elements.json is not what the
// analyzer makes of the sources now. `npm run build` rewrites the file in the
// work tree, so compare against git's copy, not the file on disk.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function committedManifest() {
  try {
    return execFileSync('git', ['show', ':custom-elements.json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return readFileSync('custom-elements.json', 'utf8'); // not a git checkout (e.g. an npm tarball)
  }
}

// The analyzer resolves --outdir against the working directory, and it rewrites
// package.json's `customElements` to point into that directory: put it back after.
const packageJson = readFileSync('package.json', 'utf8');
const dir = mkdtempSync(join('node_modules', '.cem-check-'));
try {
  execFileSync('npx', ['cem', 'analyze', '--quiet', '--outdir', dir], { stdio: 'inherit' });
  const fresh = readFileSync(join(dir, 'custom-elements.json'), 'utf8');
  if (fresh !== committedManifest()) {
    console.error('custom-elements.json is out of date: run `npm run manifest` and commit it.');
    console.log('ℹ pass 0\nℹ fail 1');
    process.exitCode = 1;
  } else {
    console.log('custom-elements.json is up to date');
    console.log('ℹ pass 1\nℹ fail 0');
  }
} finally {
  if (readFileSync('package.json', 'utf8') !== packageJson) writeFileSync('package.json', packageJson);
  rmSync(dir, { recursive: true, force: true });
}
