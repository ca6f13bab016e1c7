// `npm test`'s first step (scripts/provision.mjs): with a tool missing from PATH it names the
// piece and the apt-get line, and scripts/test.mjs stops before its first stage. The tools here
// are stand-in scripts in a temporary folder (only their presence on PATH is checked), and
// TWILIO_WIDGETS_PROVISION=check keeps apt-get from running on this Debian root machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NEEDS, installCommand, missingMessage, missingNeeds, provision } from '../../scripts/provision.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A folder holding a stand-in executable for each command except `without`. */
function fakeBin(without = []) {
  const dir = mkdtempSync(join(tmpdir(), 'provision-'));
  for (const n of NEEDS) {
    if (without.includes(n.command)) continue;
    writeFileSync(join(dir, n.command), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, n.command), 0o755);
  }
  return dir;
}

const cleanEnv = (path) => {
  const env = { ...process.env, PATH: path, TWILIO_WIDGETS_PROVISION: 'check' };
  for (const n of NEEDS) if (n.env) delete env[n.env];
  return env;
};

test('each missing tool is found missing, and only those', () => {
  const cases = [[], ['redis-server'], ['firefox-esr', 'WebKitWebDriver'], NEEDS.map((n) => n.command)];
  for (const without of cases) {
    const dir = fakeBin(without);
    try {
      assert.deepEqual(
        missingNeeds(cleanEnv(dir)).map((n) => n.command),
        NEEDS.map((n) => n.command).filter((c) => without.includes(c)),
        `without ${without.join(', ') || 'nothing'}`,
      );
    } finally {
      rmSync(dir, { recursive: true });
    }
  }
});

test('a browser named by its environment variable counts when it is executable there', () => {
  const dir = fakeBin(['chromium']);
  try {
    assert.deepEqual(
      missingNeeds({ ...cleanEnv(dir), CHROMIUM_PATH: join(dir, 'firefox-esr') }).map((n) => n.command),
      [],
    );
    assert.deepEqual(
      missingNeeds({ ...cleanEnv(dir), CHROMIUM_PATH: join(dir, 'no-such-browser') }).map((n) => n.command),
      ['chromium'],
    );
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('the message names each missing piece and the exact install command', () => {
  const missing = NEEDS.filter((n) => ['WebKitWebDriver', 'xvfb-run'].includes(n.command));
  const message = missingMessage(missing);
  assert.match(message, /WebKitGTK's WebDriver: `WebKitWebDriver` is not on PATH \(or set WEBKIT_DRIVER_PATH\)/);
  assert.match(message, /Xvfb \(for WebKit\): `xvfb-run` is not on PATH/);
  assert.equal(installCommand(missing), 'apt-get install -y webkit2gtk-driver xvfb xauth');
  assert.match(message, /apt-get update && apt-get install -y webkit2gtk-driver xvfb xauth/);
});

test('provision() in check mode reports and refuses without installing', () => {
  const dir = fakeBin(['redis-server']);
  const lines = [];
  try {
    const ok = provision({ env: cleanEnv(dir), log: (l) => lines.push(`log: ${l}`), error: (l) => lines.push(`error: ${l}`) });
    assert.equal(ok, false);
    assert.equal(lines.length, 1, 'one message, no install attempt');
    assert.match(lines[0], /^error: npm test needs a program this machine lacks:\n {2}- Redis: `redis-server` is not on PATH/);
    const all = fakeBin();
    try {
      assert.equal(provision({ env: cleanEnv(all), log: (l) => lines.push(l), error: (l) => lines.push(l) }), true);
    } finally {
      rmSync(all, { recursive: true });
    }
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('npm test (scripts/test.mjs) without redis-server stops before its first stage, saying what to run', () => {
  // PATH holds only the stand-ins: not even npm, so a stage that started would fail differently.
  const dir = fakeBin(['redis-server']);
  try {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'test.mjs')], { cwd: ROOT, env: cleanEnv(dir), encoding: 'utf8' });
    const out = r.stdout + r.stderr;
    assert.equal(r.status, 2, out);
    assert.match(out, /- Redis: `redis-server` is not on PATH; Debian package redis-server/);
    assert.match(out, /apt-get update && apt-get install -y redis-server/);
    assert.doesNotMatch(out, /=== npm run/, 'no stage started');
    assert.match(out, /^tests: 0 passed, 1 failed$/m);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
