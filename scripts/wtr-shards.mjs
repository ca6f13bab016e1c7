#!/usr/bin/env node
// The Chromium browser suite as three web-test-runner processes side by side, each with its own
// dev server, emulator and browser. The slow files wait on real time (token expiry, call
// quality samples, a soak), not on the CPU, so the shards share the CI machine's two cores well.
// With TEST_FILES set (one file, a pattern), it is one plain `wtr` run.
// Ends with one "N passed, N failed" line summing the shards.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { runTeed } from './run-teed.mjs';
import { stripAnsi } from './strip-ansi.mjs';

const extra = process.argv.slice(2);
if (process.env.TEST_FILES) {
  const child = spawn('npx', ['wtr', ...extra], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  // Seconds of test time per file (WTR_TIMING=1 npm run test:browser, measured on the CI machine's
  // kind); the rest count as 1, the cost of loading a page.
  const WEIGHT = {
    'twilio-phone.soak.test.ts': 44,
    'twilio-phone.quality.test.ts': 42,
    'twilio-phone.token-faults.test.ts': 40,
    'twilio-phone.signaling-faults.test.ts': 36,
    'twilio-phone.calls.test.ts': 31,
    'twilio-phone.call-control.test.ts': 19,
    'twilio-phone.lifecycle.test.ts': 18,
    'twilio-phone.leak.test.ts': 17,
    'elements.states.test.ts': 13,
    'twilio-phone.call-control-ui.test.ts': 8,
    'elements.a11y.test.ts': 6,
    'totp-verify.element.test.ts': 6,
    'totp-enroll.element.test.ts': 5,
    'token-and-errors.core.test.ts': 3,
    'device-status.element.test.ts': 3,
    'twilio-phone.background.test.ts': 2,
  };
  // Three shards: the heaviest files mostly wait (real timers, media, a soak), so two shards left the
  // two cores half idle (53 % busy on average, 194 s); BROWSER_SHARDS overrides.
  const shardCount = Math.max(1, Number(process.env.BROWSER_SHARDS) || 3);
  const files = readdirSync('test/browser')
    .filter((f) => f.endsWith('.test.ts'))
    .sort((a, b) => (WEIGHT[b] ?? 1) - (WEIGHT[a] ?? 1) || a.localeCompare(b));
  // Greedy: each file to the lightest shard.
  const shards = Array.from({ length: shardCount }, () => ({ files: [], load: 0 }));
  for (const f of files) {
    const s = shards.reduce((a, b) => (b.load < a.load ? b : a));
    s.files.push(`test/browser/${f}`);
    s.load += WEIGHT[f] ?? 1;
  }
  // Every other shard runs its light files first: while one shard's heavy files wait on timers,
  // another's many short files keep the CPU busy, instead of all shards waiting at once.
  shards.forEach((s, i) => i % 2 === 1 && s.files.reverse());
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
