// Shared by the e2e tests: runs `node demo/server.mjs` (what `npm start` runs
// after the build) in emulator mode on a free port, Debian's Chromium, and TOTP codes.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function assertBuilt() {
  if (!existsSync(join(ROOT, 'dist', 'cdn', 'twilio-widgets.js')) || !existsSync(join(ROOT, 'dist', 'server', 'index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)');
  }
}

/** Starts the demo server; resolves with `{url, stop, output}` once it printed its URL. `stop()` resolves with its exit code. */
export function startDemoServer(extraEnv = {}) {
  const env = { ...process.env, PORT: '0', ...extraEnv };
  // Emulator mode whatever the caller's environment holds.
  for (const k of Object.keys(env)) if (k.startsWith('TWILIO_')) delete env[k];
  const child = spawn(process.execPath, [join(ROOT, 'demo', 'server.mjs')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = () => {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode);
    return new Promise((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 8000);
      child.once('exit', (code, signal) => {
        clearTimeout(kill);
        resolve(code ?? signal);
      });
      child.kill('SIGTERM');
    });
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo server did not print its URL in 30 s:\n${output}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const m = /ready at (https:\/\/localhost:\d+)\//.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], stop, output: () => output, child });
      }
    });
    child.stderr.on('data', (c) => (output += c));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`demo server exited early (${code ?? signal}):\n${output}`));
    });
  });
}

export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** The current TOTP code (SHA-1, 6 digits, 30 s, Verify's defaults) for a base32 secret; `offset` in periods. */
export function totpCode(secret, offset = 0) {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: Date.now() + offset * 30_000 });
}

/**
 * Audio packets the page's phone (`#id`) has received in its active call, polled until some arrive
 * (the SDK's `accept` does not wait for ICE) or 20 s pass; 0 if none. Reads the SDK's own peer connection.
 */
export function inboundAudioPackets(page, id = 'phone') {
  return page.evaluate(async (phoneId) => {
    const phone = document.getElementById(phoneId);
    for (let i = 0; i < 200; i++) {
      const pc = phone.activeCall?._mediaHandler?.version?.pc;
      if (pc) {
        let packets = 0;
        (await pc.getStats()).forEach((s) => s.type === 'inbound-rtp' && s.kind === 'audio' && (packets += s.packetsReceived));
        if (packets > 0) return packets;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return 0;
  }, id);
}
