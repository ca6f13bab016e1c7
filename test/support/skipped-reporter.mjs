// A web-test-runner reporter that names every skipped test with its reason
// (the default reporter only counts them), so a skip is never silent: the
// WebRTC skips in WebKit (test/browser/helpers.ts) carry theirs in the title.
import { relative } from 'node:path';

function* skippedTests(suite, path = []) {
  const here = suite.name ? [...path, suite.name] : path;
  for (const test of suite.tests ?? []) if (test.skipped) yield [...here, test.name].join(' > ');
  for (const child of suite.suites ?? []) yield* skippedTests(child, here);
}

export function skippedTestsReporter() {
  return {
    reportTestFileResults({ logger, sessionsForTestFile, testFile }) {
      for (const session of sessionsForTestFile) {
        const names = session.testResults ? [...skippedTests(session.testResults)] : [];
        if (!names.length) continue;
        logger.log(`${relative(process.cwd(), testFile)}: ${names.length} skipped in ${session.browser.name}`);
        for (const name of names) logger.log(`  - ${name}`);
        logger.log('');
      }
    },
  };
}

function* testDurations(suite) {
  for (const test of suite.tests ?? []) yield test.duration ?? 0;
  for (const child of suite.suites ?? []) yield* testDurations(child);
}

/** With WTR_TIMING=1: each test file's summed test time, logged with the file's results. */
export function timingReporter() {
  return {
    reportTestFileResults({ logger, sessionsForTestFile, testFile }) {
      if (process.env.WTR_TIMING !== '1') return;
      for (const session of sessionsForTestFile) {
        const ms = session.testResults ? [...testDurations(session.testResults)].reduce((a, b) => a + b, 0) : 0;
        logger.log(`timing: ${(ms / 1000).toFixed(1).padStart(6)} s  ${relative(process.cwd(), testFile)} (${session.browser.name})`);
      }
    },
  };
}
