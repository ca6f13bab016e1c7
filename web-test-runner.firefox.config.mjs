// The component suite in Firefox: Debian's firefox-esr driven over WebDriver BiDi
// by puppeteer-core (already here for Chromium), through @web/test-runner-chrome's
// launcher with a custom puppeteer. No browser download: FIREFOX_PATH or
// /usr/bin/firefox-esr (`apt-get install firefox-esr`). `npm run test:firefox`.
import { existsSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { chromeLauncher } from '@web/test-runner-chrome';
import base from './web-test-runner.config.mjs';

const executablePath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
if (!existsSync(executablePath)) {
  console.error(`Firefox not found at ${executablePath}: apt-get install firefox-esr, or set FIREFOX_PATH.`);
  process.exit(1);
}

// Firefox's equivalents of the Chromium flags: fake media without a prompt,
// loopback ICE candidates, autoplay, and no background traffic.
const prefs = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.peerconnection.ice.default_address_only': false,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  'network.captive-portal-service.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'app.update.enabled': false,
  'toolkit.telemetry.enabled': false,
  'datareporting.healthreport.uploadEnabled': false,
};

export default {
  ...base,
  browsers: [
    chromeLauncher({
      puppeteer,
      launchOptions: {
        browser: 'firefox',
        executablePath,
        headless: true,
        acceptInsecureCerts: true,
        extraPrefsFirefox: prefs,
      },
    }),
  ],
};
