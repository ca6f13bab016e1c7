// Bundles the CDN build from tsc's output: one ES module defining all three
// elements with Lit inlined, and the Voice SDK and the QR encoder as lazy chunks beside it.
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';
import { importMetaAssets } from '@web/rollup-plugin-import-meta-assets';
import { readFileSync } from 'node:fs';

export default {
  input: { 'twilio-widgets': 'dist/elements/index.js' },
  // The lazy chunks (call control) import shared code from the entry itself; without this, Rollup
  // moves everything into a shared chunk behind a tiny entry facade: one more request before any element runs.
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: 'dist/cdn',
    format: 'es',
    entryFileNames: '[name].js',
    // The sounds keep their names (dist/cdn/sounds/incoming.mp3), so `sounds-url` can point at a copy;
    // noise suppression's worklet and WASM keep theirs too (dist/cdn/noise/), for a CSP or a cache rule to name.
    assetFileNames: (asset) => {
      const name = asset.names?.[0] ?? '';
      if (name.endsWith('.mp3')) return 'sounds/[name][extname]';
      if (name.startsWith('rnnoise')) return 'noise/[name][extname]';
      return 'assets/[name]-[hash][extname]';
    },
    // A stable name, so pages can `<link rel="modulepreload" href=".../voice-sdk.js">` it.
    chunkFileNames: (chunk) => (chunk.name === 'voice-sdk' ? 'voice-sdk.js' : '[name]-[hash].js'),
    manualChunks(id) {
      if (id.includes('node_modules/@twilio/voice-sdk') || /node_modules\/(events|loglevel|tslib)\//.test(id)) return 'voice-sdk';
      // The QR encoder: loaded only when a <totp-enroll> shows a key.
      if (id.includes('node_modules/qr/')) return 'qr';
    },
  },
  plugins: [
    // preferBuiltins: false: the SDK imports the npm `events` package, not Node's builtin.
    resolve({ browser: true, preferBuiltins: false, exportConditions: ['production'] }),
    commonjs(),
    // Emits the files of `new URL('./x.mp3', import.meta.url)` (sounds/sound-files.js) beside the
    // bundle. Their `?no-inline` is for Vite; the plugin wants plain file names.
    {
      name: 'strip-no-inline',
      transform: (code, id) => (id.endsWith('sound-files.js') || id.endsWith('rnnoise-processor.js') ? code.replaceAll('?no-inline', '') : null),
    },
    importMetaAssets({ include: ['dist/elements/sounds/**', 'dist/elements/noise/**'] }),
    // RNNoise's Apache-2.0 licence travels with its WASM.
    {
      name: 'rnnoise-licence',
      generateBundle() {
        this.emitFile({ type: 'asset', fileName: 'noise/rnnoise.LICENSE', source: readFileSync('src/elements/noise/rnnoise.LICENSE') });
      },
    },
    terser({ ecma: 2022, module: true, format: { comments: false } }),
  ],
  onwarn(warning, warn) {
    // The SDK's ESM build uses `this` at module top level (tslib helpers): harmless.
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};
