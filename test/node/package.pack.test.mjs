// What `npm publish` would ship: `npm pack --dry-run --json` lists the tarball's
// files, and the package must hold the built code, its types, the custom
// elements manifest and the README, and nothing of the tests, the demo or the
// benchmarks. Needs a build (`npm test` builds first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** @type {Promise<{files: {path: string, size: number}[], entryCount: number, unpackedSize: number, name: string, version: string}>} */
const packed = (async () => {
  if (!existsSync(join(ROOT, 'dist', 'elements', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)');
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    maxBuffer: 32 * 1024 * 1024,
    env: { ...process.env, npm_config_loglevel: 'error' },
  });
  const [entry] = JSON.parse(stdout);
  return entry;
})();
const paths = async () => new Set((await packed).files.map((f) => f.path));

test('npm pack --dry-run names the package and lists files', async () => {
  const entry = await packed;
  assert.equal(entry.name, pkg.name);
  assert.equal(entry.version, pkg.version);
  assert.ok(entry.entryCount > 10, `only ${entry.entryCount} files`);
});

test('the package holds dist/ (JS and .d.ts of every entry), the manifest, README, CHANGELOG and package.json', async () => {
  const files = await paths();
  for (const f of [
    'package.json',
    'README.md',
    'CHANGELOG.md',
    'custom-elements.json',
    'dist/elements/index.js',
    'dist/elements/index.d.ts',
    'dist/cdn/twilio-widgets.js',
  ]) {
    assert.ok(files.has(f), `${f} is not in the package`);
  }
  for (const tag of ['twilio-phone', 'device-status', 'totp-verify', 'totp-enroll']) {
    for (const ext of ['js', 'd.ts']) {
      for (const name of ['define', tag])
        assert.ok(files.has(`dist/elements/components/${tag}/${name}.${ext}`), `dist/elements/components/${tag}/${name}.${ext} is missing`);
    }
  }
  for (const dir of ['dist/cdn/sounds', 'dist/elements/sounds'])
    assert.ok(files.has(`${dir}/incoming.mp3`) && files.has(`${dir}/dtmfh.mp3`), `the sounds in ${dir} are missing`);
  // noise-suppression's worklet, WASM and the WASM's licence, beside the modules that load them.
  for (const dir of ['dist/cdn/noise', 'dist/elements/noise'])
    for (const name of ['rnnoise-worklet.js', 'rnnoise.wasm', 'rnnoise.LICENSE']) assert.ok(files.has(`${dir}/${name}`), `${dir}/${name} is missing`);
  const dts = [...files].filter((f) => f.endsWith('.d.ts'));
  // The AudioWorklet script is loaded by URL, never imported: it has no types to ship.
  const js = [...files].filter((f) => f.startsWith('dist/') && !f.startsWith('dist/cdn/') && f.endsWith('.js') && !f.endsWith('/rnnoise-worklet.js'));
  for (const f of js) assert.ok(files.has(f.replace(/\.js$/, '.d.ts')), `${f} has no type declarations`);
  assert.ok(dts.length >= js.length, `${dts.length} .d.ts for ${js.length} modules`);
});

test('every path package.json points at is in the package (main, types, exports, customElements)', async () => {
  const files = await paths();
  const targets = [pkg.main, pkg.module, pkg.types, pkg.customElements];
  const walk = (v) => {
    if (typeof v === 'string') targets.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(pkg.exports);
  assert.ok(targets.length > 10);
  for (const t of targets) {
    assert.equal(typeof t, 'string', `a missing field among ${JSON.stringify(targets)}`);
    const p = t.replace(/^\.\//, '');
    assert.ok(files.has(p), `package.json points at ${t}, which is not in the package`);
  }
  assert.equal(pkg.customElements, 'custom-elements.json');
  // The manifest describes the shipped elements, at paths that exist in the package.
  const manifest = JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8'));
  const tags = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement).map((d) => d.tagName));
  assert.deepEqual(tags.sort(), ['device-status', 'totp-enroll', 'totp-verify', 'twilio-phone']);
});

test('no tests, demo, benchmarks, certificates or local clutter in the package', async () => {
  const files = [...(await paths())];
  const banned = [
    /^(test|tests|demo|bench|scripts|docs|tmp|test-output|src|node_modules|\.certs|\.ci|\.git)\//,
    /(^|\/)(test|tests|__tests__|demo|bench)\//,
    /\.(test|spec|e2e|bench)\.[cm]?[jt]s$/,
    /\.pem$/,
    /(^|\/)\.env/,
    /\.tgz$/,
    /(^|\/)tsconfig[^/]*\.json$/,
  ];
  const offending = files.filter((f) => banned.some((re) => re.test(f)));
  assert.deepEqual(offending, [], `files that must not be published: ${offending.join(', ')}`);
  assert.ok(
    files.every((f) => ['dist/', 'custom-elements.json', 'README.md', 'CHANGELOG.md', 'package.json', 'LICENSE'].some((p) => f === p || f.startsWith(p))),
    files.filter((f) => !f.startsWith('dist/')).join(', '),
  );
});

test('package.json `files` keeps the tarball to the allow-list', () => {
  assert.ok(Array.isArray(pkg.files), 'package.json has no `files` allow-list');
  assert.ok(pkg.files.includes('dist'));
  assert.ok(pkg.files.includes('custom-elements.json'));
  for (const f of pkg.files) assert.doesNotMatch(f, /^(test|demo|bench|src)\b/, `files lists ${f}`);
});
