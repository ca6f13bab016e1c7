// The component suite in WebKit: Debian's WebKitGTK (MiniBrowser) through
// WebKitWebDriver, which this config starts under Xvfb on a free port and
// stops with the run (scripts/webkit-driver.mjs). No browser download.
// `npm run test:webkit`. Debian builds WebKitGTK without WebRTC: the tests
// that need it are skipped by one capability check (test/browser/helpers.ts).
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import base from './web-test-runner.config.mjs';
import { WEBKIT_CAPABILITIES, missingWebKitPieces, startWebKitDriver } from './scripts/webkit-driver.mjs';

const missing = missingWebKitPieces();
if (missing) {
  console.error(`WebKit cannot run here, missing: ${missing.join('; ')}`);
  process.exit(1);
}

/** The webdriver launcher, owning its WebKitWebDriver: started before the first session, stopped with the launcher. */
class WebKitLauncher extends WebdriverLauncher {
  driver$ = null;

  async initialize(config) {
    await super.initialize(config);
    this.name = 'WebKit';
  }

  async startSession(id, url) {
    this.driver$ ??= startWebKitDriver().then((driver) => {
      this.options.port = driver.port;
      return driver;
    });
    await this.driver$;
    return super.startSession(id, url);
  }

  /**
   * One key at a time. webdriverio's keys() holds every key down before it releases
   * any ("1122" is down 1, down 1, down 2, down 2, then the ups), and WebKitWebDriver
   * ignores a keyDown of a key already held, as the WebDriver spec says: "1122"
   * typed "12". Chromium's and Firefox's runners do not go through webdriverio.
   */
  async sendKeys(sessionId, keys) {
    for (const key of keys) await super.sendKeys(sessionId, [key]);
  }

  async stop() {
    await super.stop();
    const driver = await this.driver$?.catch(() => null);
    await driver?.stop();
  }
}

export default {
  ...base,
  browsers: [
    new WebKitLauncher({
      hostname: '127.0.0.1',
      port: 0, // set once the driver is up
      path: '/',
      logLevel: 'error',
      capabilities: WEBKIT_CAPABILITIES,
    }),
  ],
};
