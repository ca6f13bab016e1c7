// npm 11 lists, after every install, the dependencies whose install scripts package.json's
// `allowScripts` does not cover (and npm 12 skips them). This holds package.json to the lock:
// every package the lock marks `hasInstallScript` is allowed or denied by name, so a fresh
// `npm install` prints no such list; the build's own tools may run theirs, browser-driver
// downloads (which cannot work without network access to their hosts) may not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/twilio-run.mjs';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));

/** Names of the packages the lock marks as having install scripts. */
const withScripts = [
  ...new Set(
    Object.entries(lock.packages)
      .filter(([, e]) => e.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)),
  ),
].sort();

test('every dependency with an install script is allowed or denied in package.json', () => {
  assert.ok(withScripts.length > 0, 'the lock has packages with install scripts');
  const undecided = withScripts.filter((name) => typeof pkg.allowScripts?.[name] !== 'boolean');
  assert.deepEqual(undecided, [], 'add each to "allowScripts" (true: the build needs it; false: it must not run)');
});

test('the build tools may run their scripts, the browser-driver downloads may not', () => {
  assert.equal(pkg.allowScripts.esbuild, true);
  assert.equal(pkg.allowScripts.geckodriver, false);
  assert.equal(pkg.allowScripts.edgedriver, false);
});

test('no allowScripts entry names a package the lock does not have', () => {
  assert.deepEqual(
    Object.keys(pkg.allowScripts).filter((name) => !withScripts.includes(name)),
    [],
  );
});
