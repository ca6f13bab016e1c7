// Bundles the CDN build from tsc's output, in two builds:
// - the elements: `twilio-widgets-elements.js` defines every element with Lit inlined; the Voice SDK,
//   call control and the QR encoder are lazy chunks beside it (the SDK's with the phone's code that needs it,
//   src/elements/controllers/sdk-kit.ts);
// - the entry a page loads, `twilio-widgets.js` (src/elements/cdn.ts): the boot module, small, run as
//   soon as it is here, then the elements file, whose exports it re-exports. Apart, because the entry
//   awaits the elements file: sharing code through imports from the entry would make it wait for itself.
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';
import { importMetaAssets } from '@web/rollup-plugin-import-meta-assets';
import { readFileSync } from 'node:fs';

const elements = {
  input: { 'twilio-widgets-elements': 'dist/elements/index.js' },
  // The lazy chunks (call control) import shared code from the elements file itself; without this, Rollup
  // moves everything into a shared chunk behind a tiny facade: one more request before any element runs.
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
    // The call view's too: the entry's boot module asks for the same file (below).
    chunkFileNames: (chunk) => (chunk.name === 'voice-sdk' ? 'voice-sdk.js' : chunk.name === 'call-view-feature' ? 'call-view.js' : '[name]-[hash].js'),
    // A module a few hundred bytes long shared by lazy chunks (add-styles: call view, call control) is
    // merged into a file they load anyway, not a chunk of its own each would wait for (one more round trip).
    experimentalMinChunkSize: 1000,
    // Only the modules named below go into those chunks: what the kit shares with the elements stays in the
    // elements file (else Rollup would move it into voice-sdk.js, and the elements would import the SDK at once).
    onlyExplicitManualChunks: true,
    manualChunks(id) {
      // The SDK, its dependencies and the CommonJS interop helper (only the SDK's CommonJS dependencies need it).
      if (id.includes('node_modules/@twilio/voice-sdk') || /node_modules\/(events|loglevel|tslib)\//.test(id) || id === '\0commonjsHelpers.js')
        return 'voice-sdk';
      // What the phone runs once the SDK is here (sdk-kit.ts: the session's Device, the Device recipe and its
      // sound files): loaded with it anyway (loadSdk()), so in its file: no request of its own, even when the SDK
      // came early (the boot module, a modulepreload).
      if (/\/dist\/elements\/(controllers\/(sdk-kit|session-device|deferred-sounds|voice-device-recipe)|sounds\/sound-files|core\/sounds)\.js$/.test(id))
        return 'voice-sdk';
      // Background-tab recovery and the Web Lock helper it holds the tab awake with: one file, so the chunk
      // every autostart phone loads beside the SDK's does not ask for a second one after it (a round trip
      // later, inside the registering window). A single-tab phone's leadership chunk imports the helper from it.
      if (/\/dist\/elements\/(controllers\/(background-tab|web-lock)|core\/page-liveness)\.js$/.test(id)) return 'background-tab';
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

/** The page's entry: the boot module and its few dependencies inlined; the elements and the SDK are the files above. */
const entry = {
  input: { 'twilio-widgets': 'dist/elements/cdn.js' },
  output: { dir: 'dist/cdn', format: 'es', entryFileNames: '[name].js' },
  plugins: [
    {
      name: 'entry-externals',
      resolveId(source, importer) {
        if (importer?.endsWith('/dist/elements/cdn.js') && source === './index.js') return { id: './twilio-widgets-elements.js', external: true };
        // The boot module asks for the SDK once the token URL says yes: the same file the elements load.
        if (source === '@twilio/voice-sdk') return { id: './voice-sdk.js', external: true };
        // And the phone's call view with it, the chunk the elements file loads (one module instance).
        if (source.endsWith('/call-view-feature.js')) return { id: './call-view.js', external: true };
        return null;
      },
    },
    terser({ ecma: 2022, module: true, format: { comments: false } }),
  ],
};

export default [elements, entry];
