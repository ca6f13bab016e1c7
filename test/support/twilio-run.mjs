// Twilio's Serverless local runtime (`twilio-run`, what `twilio serverless:start` runs) for
// the Twilio Functions tests. It is deliberately not a devDependency: its engines field is
// `^20 || ^22`, which would print EBADENGINE on every install of the repo on Node 24. So it
// is installed on demand, once, into node_modules/.cache/twilio-run (outside the lock file),
// together with the exact @twilio/runtime-handler the Functions example pins, and reused.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FUNCTIONS_EXAMPLE = join(ROOT, 'examples', 'twilio-functions');
// TWILIO_RUN_CACHE: another place for it (e.g. when node_modules is shared and read-only).
export const CACHE = process.env.TWILIO_RUN_CACHE || join(ROOT, 'node_modules', '.cache', 'twilio-run');
const TWILIO_RUN = 'twilio-run@5';

/** The exact @twilio/runtime-handler version the example deploys with. */
export function runtimeHandlerVersion() {
  return JSON.parse(readFileSync(join(FUNCTIONS_EXAMPLE, 'package.json'), 'utf8')).dependencies['@twilio/runtime-handler'];
}

function installedVersion(dir, name) {
  try {
    return JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

/** Installs twilio-run into the cache unless the right versions are there; returns the CLI's path. */
export async function ensureTwilioRun(say = (line) => console.log(`# ${line}`)) {
  const handler = runtimeHandlerVersion();
  const cli = join(CACHE, 'node_modules', 'twilio-run', 'bin', 'twilio-run.js');
  const installed = () =>
    existsSync(cli) && /^5\./.test(installedVersion(CACHE, 'twilio-run') ?? '') && installedVersion(CACHE, '@twilio/runtime-handler') === handler;
  if (installed()) return cli;
  say(
    `twilio-run is not a devDependency of this repo (its engines field is ^20 || ^22); installing ${TWILIO_RUN} and ` +
      `@twilio/runtime-handler@${handler} once into node_modules/.cache/twilio-run, outside the lock file (about 30 s with a warm npm cache; later runs reuse it)`,
  );
  const started = performance.now();
  const stage = `${CACHE}.partial-${process.pid}`;
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  await run(
    'npm',
    ['install', '--prefix', stage, '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', TWILIO_RUN, `@twilio/runtime-handler@${handler}`],
    { cwd: stage },
  );
  // Whole or not at all: a cut-off install is never mistaken for a good one. Test files run two at
  // a time, so another process may have installed it meanwhile and be running it: a rename onto its
  // (non-empty) folder fails, and then its install is kept, never deleted under it.
  try {
    renameSync(stage, CACHE);
  } catch {
    if (installed()) {
      rmSync(stage, { recursive: true, force: true });
      return cli;
    }
    rmSync(CACHE, { recursive: true, force: true });
    renameSync(stage, CACHE);
  }
  say(`twilio-run installed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return cli;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * A Functions service folder in a temp dir: `functions` (name → source), `.env` from `env`,
 * the example's package.json, and node_modules linking `twilio-widgets` to this checkout
 * (its built dist/, as `npm install twilio-widgets` would give) and the cached runtime handler.
 */
export function functionsDir({ functions, env, copyFrom }) {
  const dir = mkdtempSync(join(tmpdir(), 'twilio-functions-'));
  if (copyFrom) cpSync(copyFrom, dir, { recursive: true, filter: (src) => !/[\\/](node_modules|\.env)$/.test(src) });
  else writeFileSync(join(dir, 'package.json'), readFileSync(join(FUNCTIONS_EXAMPLE, 'package.json')));
  mkdirSync(join(dir, 'functions'), { recursive: true });
  for (const [name, source] of Object.entries(functions ?? {})) writeFileSync(join(dir, 'functions', name), source);
  writeFileSync(
    join(dir, '.env'),
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
  mkdirSync(join(dir, 'node_modules', '@twilio'), { recursive: true });
  symlinkSync(ROOT, join(dir, 'node_modules', 'twilio-widgets'), 'dir');
  symlinkSync(join(CACHE, 'node_modules', '@twilio', 'runtime-handler'), join(dir, 'node_modules', '@twilio', 'runtime-handler'), 'dir');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * `twilio-run start` in `dir` on a free port. `forkProcess: false` keeps one warm process
 * (module state such as caches and attempt counts lives on between invocations, as in a
 * deployed container; the CLI's own help calls it emulating production). Resolves once it
 * printed its routes.
 */
export async function startTwilioRun(cli, dir, { forkProcess = true } = {}) {
  const port = await freePort();
  const args = [cli, 'start', '--port', String(port), '--no-live', ...(forkProcess ? [] : ['--no-fork-process'])];
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT; // twilio-run is not a test file of this run
  const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`twilio-run did not list its Functions in 60 s:\n${output}`)), 60_000);
    const onData = (c) => {
      output += c;
      if (output.includes(`http://localhost:${port}/`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`twilio-run exited early (${code ?? signal}):\n${output}`));
    });
  });
  return { url: `http://localhost:${port}`, stop, output: () => output };
}
