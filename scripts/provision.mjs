#!/usr/bin/env node
// The first step of `npm test` (scripts/test.mjs): the browsers and services the suites need.
// Missing ones are installed with apt-get on Debian as root (CI's fresh machine); anywhere else
// the run stops here, within seconds and before any stage, naming each missing piece and the
// command that installs it. `node scripts/provision.mjs --check` checks without installing;
// so does TWILIO_WIDGETS_PROVISION=check in the environment (the tests of this file use it).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What the suites need: a name, the command looked up on PATH (or the file an env var names), Debian's packages. */
export const NEEDS = [
  { what: 'Chromium', command: 'chromium', env: 'CHROMIUM_PATH', packages: ['chromium'] },
  { what: 'Firefox ESR', command: 'firefox-esr', env: 'FIREFOX_PATH', packages: ['firefox-esr'] },
  { what: "WebKitGTK's WebDriver", command: 'WebKitWebDriver', env: 'WEBKIT_DRIVER_PATH', packages: ['webkit2gtk-driver'] },
  { what: 'Xvfb (for WebKit)', command: 'xvfb-run', packages: ['xvfb', 'xauth'] },
  { what: 'Redis', command: 'redis-server', packages: ['redis-server'] },
];

const executable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The path of `command` on `path` (a PATH string), or null. */
export function which(command, path = process.env.PATH ?? '') {
  for (const dir of path.split(delimiter)) if (dir && executable(join(dir, command))) return join(dir, command);
  return null;
}

/** The entries of NEEDS this environment lacks. */
export function missingNeeds(env = process.env) {
  return NEEDS.filter((n) => !(n.env && env[n.env] ? executable(env[n.env]) : which(n.command, env.PATH)));
}

export const installCommand = (missing) => `apt-get install -y ${missing.flatMap((n) => n.packages).join(' ')}`;

/** The message that stops the run: each missing piece, then the command. */
export function missingMessage(missing) {
  return [
    `npm test needs ${missing.length === 1 ? 'a program' : 'programs'} this machine lacks:`,
    ...missing.map((n) => `  - ${n.what}: \`${n.command}\` is not on PATH${n.env ? ` (or set ${n.env})` : ''}; Debian package ${n.packages.join(' + ')}`),
    'Install with (Debian or Ubuntu, as root or with sudo):',
    `  apt-get update && ${installCommand(missing)}`,
    'then run npm test again. Nothing was run.',
  ].join('\n');
}

const isDebianRoot = () => process.getuid?.() === 0 && existsSync('/etc/debian_version') && which('apt-get') !== null;

/**
 * Checks, and installs what is missing where it can. Resolves true when everything is there;
 * false after printing why not (the caller stops).
 */
export function provision({ env = process.env, install = env.TWILIO_WIDGETS_PROVISION !== 'check', log = console.log, error = console.error } = {}) {
  let missing = missingNeeds(env);
  if (!missing.length) return true;
  if (install && isDebianRoot()) {
    log(`provision: installing ${missing.map((n) => n.what).join(', ')} with apt-get`);
    const apt = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
    if (!apt(['update', '-qq']) || !apt(['install', '-y', '-qq', ...missing.flatMap((n) => n.packages)])) error('provision: apt-get failed');
    missing = missingNeeds(env);
    if (!missing.length) return true;
  }
  error(missingMessage(missing));
  return false;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ok = provision({ install: !process.argv.includes('--check') && process.env.TWILIO_WIDGETS_PROVISION !== 'check' });
  if (ok) console.log(`provision: ${NEEDS.map((n) => n.what).join(', ')}: present`);
  process.exit(ok ? 0 : 2);
}
