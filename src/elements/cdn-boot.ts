/**
 * The CDN entry's addition to the boot module (controllers/cdn-boot-extension.ts), set before the
 * boot module runs: cdn.ts imports this first, so a phone already in the document gets it.
 */
import { bootExtensions } from './boot-extensions.js';
import { cdnOnBoot } from './controllers/cdn-boot-extension.js';

// The SDK's file is beside this entry (a stable name, rollup.config.mjs).
bootExtensions.onBoot = cdnOnBoot(new URL('./voice-sdk.js', import.meta.url).href);
