// Bundles the CDN build from tsc's output: one ES module defining all three
// elements with Lit inlined, and the Voice SDK and the QR encoder as lazy chunks beside it.
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';

export default {
  input: { 'twilio-widgets': 'dist/elements/index.js' },
  output: {
    dir: 'dist/cdn',
    format: 'es',
    entryFileNames: '[name].js',
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
    terser({ ecma: 2022, module: true, format: { comments: false } }),
  ],
  onwarn(warning, warn) {
    // The SDK's ESM build uses `this` at module top level (tslib helpers): harmless.
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};
