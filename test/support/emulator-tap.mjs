// Counts the Twilio REST requests a running emulator receives (at its own door:
// the emulator server calls `emulator.handleRequest` for every request), and can
// hold them back to play a slow Twilio API. Its control API (/emulator/*) is
// neither counted nor delayed.

/** @param {{handleRequest(req: any, res: any): boolean}} emulator */
export function tapEmulator(emulator) {
  const original = emulator.handleRequest;
  const seen = [];
  const held = new Set();
  let delayMs = 0;
  emulator.handleRequest = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    if (path.startsWith('/emulator')) return original.call(emulator, req, res);
    seen.push({ method: req.method, path });
    if (!delayMs) return original.call(emulator, req, res);
    const answered = new Promise((resolve) => {
      // A slow Twilio: the answer starts `delayMs` after the request arrived.
      setTimeout(() => {
        if (!original.call(emulator, req, res)) res.writeHead(404).end();
        res.once('close', resolve);
        if (res.writableFinished) resolve();
      }, delayMs);
    });
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
    setDelay(ms) {
      delayMs = ms;
    },
    /** Resolves when every held-back request has been answered. */
    async drained() {
      while (held.size) await Promise.all([...held]);
    },
    restore() {
      emulator.handleRequest = original;
    },
  };
}
