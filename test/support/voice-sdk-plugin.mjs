// The SDK's ESM imports the CommonJS `events` package, which a per-file dev
// server cannot serve with named exports. Serve one esbuild bundle of the SDK
// instead, under a fixed route that every `@twilio/voice-sdk` import maps to.
import { build } from 'esbuild';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ROUTE = '/__voice-sdk.js';

export function voiceSdkPlugin() {
  let bundle;
  return {
    name: 'voice-sdk-bundle',
    resolveImport({ source }) {
      if (source === '@twilio/voice-sdk') return ROUTE;
    },
    async serve(context) {
      if (context.path !== ROUTE) return;
      bundle ??= build({
        entryPoints: [require.resolve('@twilio/voice-sdk').replace(/es5[/\\]twilio\.js$/, 'esm/twilio.js')],
        bundle: true,
        format: 'esm',
        write: false,
        logLevel: 'silent',
        sourcemap: false,
      }).then((r) => r.outputFiles[0].text);
      return { body: await bundle, type: 'js' };
    },
  };
}
