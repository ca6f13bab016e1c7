// One browser bundle per Twilio Cypress spec: the spec with the SDK's
// TypeScript sources it imports from the checkout (browser-shims.js runs
// before it, as its own script). Packages
// come from this repository's node_modules (the checkout has none).
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');

// The specs are written for TypeScript's CommonJS output (Cypress compiles them
// with webpack + ts-loader): there `import * as assert from 'assert'` is the
// callable module itself, while an ES namespace object is not callable. This
// plugin gives the spec files that meaning for bare package imports.
const commonJsNamespaceImports = {
  name: 'commonjs-namespace-imports',
  setup(b) {
    b.onLoad({ filter: /\.cy\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = source.replace(/^import \* as (\w+) from '([^.'][^']*)';$/gm, "const $1 = require('$2');");
      return { contents, loader: 'ts' };
    });
  },
};

export async function bundleSpec(checkout, specPath) {
  const result = await build({
    stdin: {
      contents: `import ${JSON.stringify(specPath)};\n`,
      resolveDir: checkout,
      sourcefile: 'conformance-entry.js',
      loader: 'js',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    nodePaths: [join(ROOT, 'node_modules')],
    alias: { twilio: join(HERE, 'twilio-shim.js') },
    inject: [join(HERE, 'node-globals.js')],
    define: { 'process.env.NODE_ENV': '"test"', global: 'globalThis' },
    tsconfig: join(checkout, 'tsconfig.json'),
    sourcemap: 'inline',
    plugins: [commonJsNamespaceImports],
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}
