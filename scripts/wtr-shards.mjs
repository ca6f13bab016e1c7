#!/usr/bin/env node
// The Chromium browser suite as two web-test-runner processes side by side, each with its own
// dev server, emulator and browser. The slow files wait on real time (token expiry, call
// quality samples, a soak), not on the CPU, so two shards take about half as long on the CI
// machine's two cores. With TEST_FILES set (one file, a pattern), it is one plain `wtr` run.
// Ends with one "N passed, N failed" line summing both shards.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { runTeed } from './run-teed.mjs';
import { stripAnsi } from './strip-ansi.mjs';

const extra = process.argv.slice(2);
if (process.env.TEST_FILES) {
  const child = spawn('npx', ['wtr', ...extra], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  // Seconds of test time per file (WTR_TIMING=1 npx wtr); the rest count as 1.
  const WEIGHT = {
    'twilio-phone.soak.test.ts': 41,
    'twilio-phone.quality.test.ts': 38,
    'twilio-phone.signaling-faults.test.ts': 35,
    'twilio-phone.calls.test.ts': 29,
    'twilio-phone.lifecycle.test.ts': 18,
    'twilio-phone.leak.test.ts': 14,
    'twilio-phone.call-control.test.ts': 21,
    'twilio-phone.call-control-ui.test.ts': 6,
    'elements.states.test.ts': 15,
    'elements.a11y.test.ts': 5,
    'totp-verify.element.test.ts': 5,
    'totp-enroll.element.test.ts': 3,
  };
  const files = readdirSync('test/browser')
    .filter((f) => f.endsWith('.test.ts'))
    .sort((a, b) => (WEIGHT[b] ?? 1) - (WEIGHT[a] ?? 1) || a.localeCompare(b));
  // Greedy: each file to the lighter shard.
  const shards = [
    { files: [], load: 0 },
    { files: [], load: 0 },
  ];
  for (const f of files) {
    const s = shards[0].load <= shards[1].load ? shards[0] : shards[1];
    s.files.push(`test/browser/${f}`);
    s.load += WEIGHT[f] ?? 1;
  }
  const results = await Promise.all(shards.map((shard, i) => runShard(shard.files, 8765 + i, i + 1)));
  const passed = results.reduce((a, r) => a + r.passed, 0);
  const failed = results.reduce((a, r) => a + r.failed, 0);
  console.log(`\nChromium, ${shards.length} shards: ${passed} passed, ${failed} failed`);
  process.exit(results.every((r) => r.code === 0) ? 0 : 1);
}

async function runShard(files, port, n) {
  const { code, out } = await runTeed('npx', ['wtr', '--port', String(port), ...extra], {
    env: { ...process.env, TEST_FILES: files.join(',') },
    prefix: `[shard ${n}] `,
  });
  const last = [...stripAnsi(out).matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
  return { code, passed: last ? Number(last[1]) : 0, failed: last ? Number(last[2]) : 1 };
}
