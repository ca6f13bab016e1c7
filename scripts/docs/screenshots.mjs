#!/usr/bin/env node
// Pictures of the docs for reviews and release notes (not part of `npm test`): an element page
// with its live example running against the emulator, and a guide. Needs `npm run docs:build`.
// Writes docs/screenshots/element-page.png and docs/screenshots/guide-page.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, startDemoServer } from '../../test/e2e/harness.mjs';
import { ROOT } from './transform.mjs';

const OUT = join(ROOT, 'docs', 'screenshots');
mkdirSync(OUT, { recursive: true });
const demo = await startDemoServer();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 1000 } });
  await page.goto(`${demo.url}/docs/elements/twilio-phone.html`);
  await page.waitForSelector('#phone-basic[state="ready"]', { timeout: 20_000 });
  await page.screenshot({ path: join(OUT, 'element-page.png') });
  await page.goto(`${demo.url}/docs/guides/getting-started.html`);
  await page.fill('#search-input', 'totp');
  await page.locator('#search-results a').first().waitFor();
  await page.screenshot({ path: join(OUT, 'guide-page.png') });
  console.log(`wrote ${join(OUT, 'element-page.png')} and ${join(OUT, 'guide-page.png')}`);
} finally {
  await browser.close();
  await demo.stop();
}
