#!/usr/bin/env node
// Runs every test stage in turn, streams its output, and ends with one
// summary line ("tests: N passed, N failed") that CI and humans can read.
import { readFileSync } from 'node:fs';
import { provision } from './provision.mjs';
import { runTeed } from './run-teed.mjs';
import { stripAnsi } from './strip-ansi.mjs';
import { failureRecap } from './failure-recap.mjs';

const scripts = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts;

// A stage is an npm script; `a+b` runs them side by side: the linters and the type check beside
// the Node suites (130 s instead of 142 on two cores), Firefox beside WebKit (different browsers,
// different ports, both mostly waiting). The e2e stage keeps the CPU busy on its own.
const stages = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['lint+test:types+test:node', 'test:browser', 'test:firefox:ci+test:webkit:ci', 'test:e2e', 'bench:smoke'];

// First the browsers and services the stages need: installed on Debian as root, else a stop here.
if (!provision()) {
  console.log('\ntests: 0 passed, 1 failed');
  process.exit(2);
}

const run = (script, prefix = '') => runTeed('npm', ['run', '--silent', script], { prefix });

/** Counts from node:test's spec reporter or web-test-runner's progress line (the last one wins). */
function counts(out) {
  const plain = stripAnsi(out);
  const nodePass = [...plain.matchAll(/^ℹ pass (\d+)$/gm)].map((m) => +m[1]);
  // A test cancelled by its timeout (node-tests.mjs) failed too.
  const nodeFail = [...plain.matchAll(/^ℹ (?:fail|cancelled) (\d+)$/gm)].map((m) => +m[1]);
  if (nodePass.length) return { passed: nodePass.reduce((a, b) => a + b, 0), failed: nodeFail.reduce((a, b) => a + b, 0) };
  const wtr = [...plain.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
  if (wtr) return { passed: +wtr[1], failed: +wtr[2] };
  return { passed: 0, failed: 0 };
}

let passed = 0;
let failed = 0;
const failedStages = [];
const outputs = [];
const timings = [];
for (const group of stages) {
  const parts = group.split('+');
  const missing = parts.filter((stage) => !scripts[stage]);
  for (const stage of missing) console.log(`\n=== ${stage}: no such npm script, skipped ===`);
  const present = parts.filter((stage) => scripts[stage]);
  if (!present.length) continue;
  console.log(`\n=== npm run ${present.join(' + npm run ')} ===`);
  const started = Date.now();
  const results = await Promise.all(present.map((stage) => run(stage, present.length > 1 ? `[${stage}] ` : '')));
  const seconds = Math.round((Date.now() - started) / 1000);
  results.forEach(({ code, out }, i) => {
    const stage = present[i];
    outputs.push(out);
    const c = counts(out);
    timings.push(`${stage} ${seconds} s${present.length > 1 ? ' (side by side)' : ''} (${c.passed} passed, ${c.failed} failed)`);
    passed += c.passed;
    failed += c.failed;
    if (code !== 0) {
      failedStages.push(stage);
      if (c.failed === 0) failed += 1; // a stage that crashed counts as a failure
    }
  });
}
// Each failure's reason again, where the end of a long log shows it.
process.stdout.write(failureRecap(outputs));
console.log(`\nstages: ${timings.join('; ')}`);
if (failedStages.length) console.log(`\nfailed stages: ${failedStages.join(', ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failedStages.length ? 1 : 0);
