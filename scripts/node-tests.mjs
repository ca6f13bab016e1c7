#!/usr/bin/env node
// `node --test` over every *.test.mjs in the given folders. Node 20 expanded a
// folder argument itself; Node 22+ takes only files and globs (a folder is read
// as a script to run), so list the files here and the same script works on all.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dirs = process.argv.slice(2);
if (!dirs.length) {
  console.error('usage: node scripts/node-tests.mjs <folder|file>...');
  process.exit(2);
}
// A file argument runs just that file (handy for one suite).
const files = dirs.flatMap((dir) =>
  statSync(dir).isFile()
    ? [dir]
    : readdirSync(dir)
        .filter((f) => f.endsWith('.test.mjs'))
        .sort()
        .map((f) => join(dir, f)),
);
// Two files at a time even on two cores: most suites wait on sockets, browsers and timers, not
// the CPU (test:node 104 s → 64 s on the CI machine's two cores). NODE_TEST_CONCURRENCY overrides.
const concurrency = Number(process.env.NODE_TEST_CONCURRENCY) || 2;
// A test that waits for something that never comes fails after this, instead of holding CI until its
// limit (a socket left half open once hung test:node for 10 minutes). The longest test takes about
// 100 s on a loaded CI machine.
const timeout = Number(process.env.NODE_TEST_TIMEOUT_MS) || 300_000;
const child = spawn(process.execPath, ['--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, `--test-timeout=${timeout}`, ...files], {
  stdio: 'inherit',
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
