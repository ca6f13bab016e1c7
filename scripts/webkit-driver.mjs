// Debian's WebKitGTK for the browser suites: WebKitWebDriver on a free port
// under a private Xvfb display (xvfb-run -a), driving MiniBrowser. No browser
// download: `apt-get install webkit2gtk-driver xvfb xauth`. Everything this
// starts lives in one process group, stopped as a whole, so nothing outlives
// the run (xvfb-run alone would leave Xvfb and the driver behind).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export const WEBKIT_DRIVER_PATH = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** WebDriver capabilities for MiniBrowser: classic WebDriver, since WebKitWebDriver refuses BiDi sessions. */
export const WEBKIT_CAPABILITIES = {
  browserName: 'MiniBrowser',
  acceptInsecureCerts: true,
  'wdio:enforceWebDriverClassic': true,
  'webkitgtk:browserOptions': { binary: MINIBROWSER_PATH, args: ['--automation'] },
};

/** Names what is missing and how to install it, or returns null when all is there. */
export function missingWebKitPieces() {
  const missing = [];
  if (!existsSync(WEBKIT_DRIVER_PATH)) missing.push(`${WEBKIT_DRIVER_PATH} (apt-get install webkit2gtk-driver)`);
  if (!existsSync(MINIBROWSER_PATH)) missing.push(`${MINIBROWSER_PATH} (apt-get install webkit2gtk-driver)`);
  if (!existsSync('/usr/bin/xvfb-run')) missing.push('/usr/bin/xvfb-run (apt-get install xvfb xauth)');
  return missing.length ? missing : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the driver answers /status with ready, rejects if it exits first or stays silent. */
async function untilReady(port, exited, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited.code !== undefined) throw new Error(`WebKitWebDriver exited with code ${exited.code}: ${exited.log.trim()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if ((await res.json())?.value?.ready) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`WebKitWebDriver did not answer on port ${port} within ${timeoutMs} ms: ${exited.log.trim()}`);
}

/** Starts WebKitWebDriver under Xvfb; `stop()` ends it, Xvfb and every MiniBrowser it started. */
export async function startWebKitDriver({ timeoutMs = 30000 } = {}) {
  const port = await freePort();
  const child = spawn('xvfb-run', ['-a', WEBKIT_DRIVER_PATH, `--port=${port}`], {
    detached: true, // its own process group: one kill reaches Xvfb, the driver and the browsers
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = { code: undefined, log: '' };
  const keep = (chunk) => (exited.log = (exited.log + chunk).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const gone = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited.code = code ?? signal))));
  const killGroup = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', killGroup);
  const stop = async () => {
    process.off('exit', killGroup);
    killGroup();
    await gone;
  };
  try {
    await untilReady(port, exited, timeoutMs);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, stop };
}
