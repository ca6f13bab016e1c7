/**
 * What an entry adds to the boot module (boot.ts). The CDN entry sets it in cdn-boot.ts, which it
 * imports ahead of the boot module, so a phone already in the document when the boot module runs
 * gets it too. The bundler entries add nothing: there the element is evaluated right after the boot
 * module and registers as early itself (and this code stays out of the boot module's bytes).
 */
import type { PrewarmedSocket } from './controllers/signaling-prewarm.js';

export const bootExtensions: {
  /**
   * Given a booted phone's socket (null: none could be opened), its token request as it starts and
   * whether it is `single-tab`. Returns the token answer the element is to get, and then loads the SDK
   * itself (the boot module does not); returns nothing to leave both to the boot module.
   */
  onBoot?: (socket: PrewarmedSocket | null, token: Promise<Response>, singleTab: boolean) => Promise<Response> | undefined;
} = {};
