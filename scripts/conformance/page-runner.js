/* global mocha -- mocha's browser build, loaded by the page before this script */
// Runs in the page after the spec bundle: starts mocha and reports each
// result to the Node runner (window.__report, exposed by Playwright). A test
// that never ran because a hook failed counts as failed, as Cypress shows it.
(function () {
  const report = (msg) => window.__report(JSON.stringify(msg));
  const title = (r) => r.titlePath().join(' > ');
  const message = (err) => (err ? String((err && err.message) || err) : undefined);
  const tests = [];
  (function walk(suite) {
    tests.push(...suite.tests);
    suite.suites.forEach(walk);
  })(mocha.suite);
  const summary = () =>
    tests.map((t) => ({
      title: title(t),
      state: t.isPending() ? 'pending' : t.state === 'passed' ? 'passed' : 'failed',
      ran: t.state !== undefined,
      error: message(t.err),
      duration: t.duration,
    }));
  if (window.__loadErrors.length && tests.length === 0) {
    report({ type: 'end', loadErrors: window.__loadErrors, tests: [] });
    return;
  }
  let runner;
  try {
    runner = mocha.run(() => report({ type: 'end', loadErrors: window.__loadErrors, tests: summary() }));
  } catch (err) {
    report({ type: 'end', loadErrors: [...window.__loadErrors, String((err && err.stack) || err)], tests: summary() });
    return;
  }
  runner.on('fail', (r, err) => {
    if (r.type === 'hook') report({ type: 'hook', title: title(r), error: message(err) });
  });
})();
