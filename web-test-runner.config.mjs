import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { voiceSdkPlugin } from './test/support/voice-sdk-plugin.mjs';
import { testRoutes } from './test/support/test-routes.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';
import { verifyRoutes } from './test/support/verify-routes.mjs';
import { mediaFeaturesPlugin } from './test/support/media-features-plugin.mjs';
import { buildCallControlEndpoints, emulatorApplications, startCallControlApp, stopCallControlApp } from './test/support/call-control-app.mjs';
import { defaultReporter } from '@web/test-runner';
import { skippedTestsReporter, timingReporter } from './test/support/skipped-reporter.mjs';

let emulator;

const filter = process.env.TEST_FILES;

export default {
  files: filter ? filter.split(',') : ['test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production', 'default'] },
  concurrency: 1,
  concurrentBrowsers: 1,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 8 * 60 * 1000,
  // 30 s (the default) was too short for the first page of a run on a loaded two-core machine
  // (all three engines); WebKit's first page also waits for Xvfb, its driver and MiniBrowser.
  browserStartTimeout: 60000,
  reporters: [defaultReporter(), skippedTestsReporter(), timingReporter()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  middleware: [testRoutes(() => emulator), verifyRoutes()],
  plugins: [
    voiceSdkPlugin(),
    mediaFeaturesPlugin(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    {
      name: 'emulator',
      async serverStart() {
        const { startEmulator } = await import('./dist/emulator/index.js');
        // The call-control server first: the emulator's TwiML app and number point at it.
        await startCallControlApp();
        emulator = await startEmulator({ port: 0, noAnswerMs: 3000, preflightMs: 5000, ...emulatorApplications() });
        buildCallControlEndpoints(emulator.url);
      },
      async serverStop() {
        await emulator?.stop();
        await stopCallControlApp();
      },
    },
  ],
};
