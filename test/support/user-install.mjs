// Installs the package the way a user would: `npm pack` of this checkout (as
// built), then `npm install <tarball>` into an empty temporary project, with
// the public registry (the npm cache makes repeat runs fast). Also measures
// what an install brings: bytes on disk and packages under node_modules.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, lstatSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** Runs npm in `cwd`; rejects with npm's own output on failure. */
export async function npm(cwd, args) {
  try {
    const { stdout } = await run('npm', args, {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, npm_config_loglevel: 'error', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' },
    });
    return stdout;
  } catch (e) {
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: e });
  }
}

/** `npm pack` of the checkout (dist/ must be built) into a fresh temp dir; the tarball's path. */
export async function packTarball() {
  if (!existsSync(join(ROOT, 'dist', 'elements', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)');
  const dir = mkdtempSync(join(tmpdir(), 'tw-pack-'));
  const [entry] = JSON.parse(await npm(ROOT, ['pack', '--json', '--ignore-scripts', '--pack-destination', dir]));
  return join(dir, entry.filename);
}

/** An empty project in a fresh temp dir (or the given package.json fields). */
export function emptyProject(prefix, pkg = {}) {
  const dir = mkdtempSync(join(tmpdir(), `tw-${prefix}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `tw-${prefix}`, private: true, type: 'module', ...pkg }, null, 2));
  return dir;
}

/** `npm install` of `specs` as a user would, production dependencies only. */
export function install(dir, specs) {
  return npm(dir, ['install', '--omit=dev', '--prefer-offline', '--ignore-scripts', ...specs]);
}

/** Bytes of every file under `dir/node_modules` (npm's own bookkeeping excluded) and the number of packages. */
export function measureNodeModules(dir) {
  let bytes = 0;
  let packages = 0;
  const walk = (path, isModulesDir) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.name === '.package-lock.json' || entry.name === '.bin' || entry.name === '.cache') continue;
      const full = join(path, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        // A package is a folder directly in node_modules (or in a scope folder there).
        const isScope = isModulesDir && entry.name.startsWith('@');
        if (isModulesDir && !isScope && existsSync(join(full, 'package.json'))) packages++;
        walk(full, isScope || entry.name === 'node_modules');
      } else bytes += lstatSync(full).size;
    }
  };
  walk(join(dir, 'node_modules'), true);
  return { bytes, packages };
}
