// Counts the Twilio REST requests a running emulator receives (at its own door:
// the emulator server calls `emulator.handleRequest` for every request), and can
// hold them back to play a slow Twilio API: held requests are answered when the
// test releases them, not after some time, so the outcome never depends on how
// busy the machine is. Its control API (/emulator/*) is neither counted nor held.

/** @param {{handleRequest(req: any, res: any): boolean}} emulator */
export function tapEmulator(emulator) {
  const original = emulator.handleRequest;
  const seen = [];
  const held = new Set();
  const waiters = [];
  let holding = false;
  let release = () => undefined;
  let gate = Promise.resolve();
  emulator.handleRequest = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    if (path.startsWith('/emulator')) return original.call(emulator, req, res);
    seen.push({ method: req.method, path });
    for (const w of waiters.splice(0)) if (!w()) waiters.push(w);
    if (!holding) return original.call(emulator, req, res);
    const answered = gate.then(
      () =>
        new Promise((resolve) => {
          res.once('close', resolve);
          if (!original.call(emulator, req, res)) res.writeHead(404).end();
        }),
    );
    held.add(answered);
    answered.then(() => held.delete(answered));
    return true;
  };
  return {
    /** Requests seen so far that match `method` and the `path` pattern. */
    count(method, pattern) {
      return seen.filter((r) => r.method === method && pattern.test(r.path)).length;
    },
    /** Account fetches: the token endpoint's credentials check. */
    accountFetches() {
      return this.count('GET', /^\/2010-04-01\/Accounts\/AC\w+\.json$/);
    },
    /** Factor verifications (a TOTP code checked against a factor). */
    factorChecks() {
      return this.count('POST', /^\/v2\/Services\/VA\w+\/Entities\/[^/]+\/Factors\/YF\w+$/);
    },
    /** Every Verify request (anything under /v2/Services). */
    verifyRequests() {
      return seen.filter((r) => r.path.startsWith('/v2/Services/')).length;
    },
    /** Resolves once `condition()` holds, checked as each request arrives. */
    until(condition) {
      if (condition()) return Promise.resolve();
      return new Promise((resolve) => waiters.push(() => (condition() ? (resolve(), true) : false)));
    },
    /** From now on, requests wait (unanswered) until `release()`. */
    hold() {
      holding = true;
      gate = new Promise((resolve) => (release = resolve));
    },
    /** Answers the held requests and stops holding; resolves when they have all been answered. */
    async release() {
      holding = false;
      release();
      while (held.size) await Promise.all([...held]);
    },
    restore() {
      emulator.handleRequest = original;
    },
  };
}
