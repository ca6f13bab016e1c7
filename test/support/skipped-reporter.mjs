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
