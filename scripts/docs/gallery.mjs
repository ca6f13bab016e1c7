#!/usr/bin/env node
// Regenerates docs/gallery/: a picture of every state of every element, light at desk width and
// dark at phone width (a coarse pointer), taken by the states suite itself
// (test/browser/elements.states.test.ts with GALLERY=1), so the pictures are the states it checks.
// Needs a build (the emulator in dist/). Prints the files and their total size; fails over 3 MB.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './transform.mjs';

const OUT = join(ROOT, 'docs', 'gallery');
const LIMIT = 3 * 1024 * 1024;

rmSync(OUT, { recursive: true, force: true });
const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@web', 'test-runner', 'dist', 'bin.js'), '--config', 'web-test-runner.config.mjs'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, GALLERY: '1', TEST_FILES: 'test/browser/elements.states.test.ts' },
});
if (run.status !== 0) process.exit(run.status ?? 1);
const files = readdirSync(OUT).filter((f) => f.endsWith('.png'));
const total = files.reduce((n, f) => n + statSync(join(OUT, f)).size, 0);
console.log(`docs/gallery: ${files.length} pictures, ${(total / 1024).toFixed(0)} KB`);
if (total > LIMIT) {
  console.error(`docs/gallery is over ${LIMIT / 1024 / 1024} MB: make the pictures smaller or fewer`);
  process.exit(1);
}
