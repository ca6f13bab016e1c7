// A second Chromium, driven over the DevTools protocol with no domain turned on: only Target,
// Page.navigate, Runtime.evaluate and Emulation's CPU throttling. Playwright turns on the Runtime
// and Network domains of every page it drives; Chromium then records each request's initiator
// stack, and V8 re-parses the functions on that stack for their source positions, which costs a
// deep stack in a large minified file (the phone's token request) more than a one-line page (the
// baseline's). `node bench/run.mjs --raw-cdp` measures the token-401 row here too, to show how
// much of it is the driver's (docs/guides/performance.md).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

const START_TIMEOUT_MS = 20_000;

/** Launches the browser; resolves once its DevTools socket is open. */
export async function launchRawChromium() {
  const profile = mkdtempSync(join(tmpdir(), 'bench-raw-cdp-'));
  const child = spawn(CHROMIUM_PATH, [...CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const endpoint = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium printed no DevTools address in ${START_TIMEOUT_MS} ms:\n${err}`)), START_TIMEOUT_MS);
    child.stderr.on('data', (chunk) => {
      err += chunk;
      const m = /DevTools listening on (ws:\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code}) before its DevTools address:\n${err}`));
    });
  });
  const ws = new WebSocket(endpoint, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let ids = 0;
  const pending = new Map();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data));
    const p = msg.id === undefined ? null : pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
    else p.resolve(msg.result);
  });
  /** One protocol command, to the browser or (sessionId) to a page. */
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const id = ++ids;
      pending.set(id, { resolve, reject, method });
      ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });

  /** Evaluates an expression in the page (a promise is awaited); its value, or a thrown Error. */
  const evaluate = async (sessionId, expression) => {
    const r = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
    if (r.exceptionDetails) throw new Error(`${expression}: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  };

  return {
    /** A fresh browser context (its own cache and connections), as Playwright's newContext(). */
    async newContext() {
      const { browserContextId } = await send('Target.createBrowserContext', { disposeOnDetach: true });
      return {
        /** Opens `url` in a new page of this context and waits for `window.benchReady`. */
        async open(url, { cpuRate = 1, timeoutMs = 30_000 } = {}) {
          const { targetId } = await send('Target.createTarget', { url: 'about:blank', browserContextId });
          const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
          if (cpuRate > 1) await send('Emulation.setCPUThrottlingRate', { rate: cpuRate }, sessionId);
          await send('Page.navigate', { url }, sessionId);
          const until = Date.now() + timeoutMs;
          while (!(await evaluate(sessionId, 'window.benchReady === true').catch(() => false))) {
            if (Date.now() > until) throw new Error(`${url}: not ready in ${timeoutMs} ms`);
            await new Promise((r) => setTimeout(r, 20));
          }
          return {
            evaluate: (expression) => evaluate(sessionId, expression),
            close: () => send('Target.closeTarget', { targetId }),
          };
        },
        close: () => send('Target.disposeBrowserContext', { browserContextId }),
      };
    },
    async close() {
      ws.close();
      child.kill();
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
