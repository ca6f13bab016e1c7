// Runs in the page (a classic script) before a Twilio Cypress spec: the few Cypress globals the
// specs touch, mocha's `it(title, {retries}, fn)` form, and the result
// reporter. Browser code; bundled by bundle.mjs in front of each spec.
const settings = globalThis.__CONFORMANCE__;

let defaultCommandTimeout = settings.defaultCommandTimeout;

globalThis.Cypress = {
  env(key) {
    return key === undefined ? { ...settings.env } : settings.env[key];
  },
  config(key, value) {
    if (key === 'defaultCommandTimeout' && typeof value === 'number') defaultCommandTimeout = value;
    if (key === 'defaultCommandTimeout') return defaultCommandTimeout;
    return undefined;
  },
};

// Cypress accepts a test config object as the second argument of `it`.
const mochaIt = globalThis.it;
function withConfig(original) {
  return function (title, configOrFn, maybeFn) {
    if (configOrFn && typeof configOrFn === 'object') {
      const test = original.call(this, title, maybeFn);
      if (typeof configOrFn.retries === 'number') test.retries(configOrFn.retries);
      else if (configOrFn.retries && typeof configOrFn.retries.runMode === 'number') test.retries(configOrFn.retries.runMode);
      return test;
    }
    return original.call(this, title, configOrFn);
  };
}
const it = withConfig(mochaIt);
it.only = withConfig(mochaIt.only);
it.skip = mochaIt.skip;
it.retries = mochaIt.retries;
globalThis.it = it;
globalThis.specify = it;

// A test waits at least the current defaultCommandTimeout (Cypress's budget
// for a test that returns a promise), or longer if its suite says so.
globalThis.beforeEach(function () {
  const t = this.currentTest;
  if (t && t.timeout() > 0 && t.timeout() < defaultCommandTimeout) t.timeout(defaultCommandTimeout);
});
