/**
 * The CDN entry's addition to the boot module (cdn.ts sets it as `bootExtensions.registerAhead`):
 * there the elements are a file of their own, evaluated after the token may have come back, so
 * the boot module registers the phone's socket itself as soon as the token is good. The bundler
 * entries evaluate the element right after the boot module, and the element registers as early
 * itself: they leave it out (and its token code out of the boot module's bytes).
 */
import type { PrewarmedSocket } from './signaling-prewarm.js';

/** Takes a copy of a 2xx token answer now (the element reads the original); the judging code is a chunk. */
export function registerAhead(answer: Response, socket: PrewarmedSocket): void {
  const copy = answer.clone();
  import('./boot-listen.js').then(
    (m) => m.listenOnTokenAnswer(copy, socket),
    () => undefined, // the element registers then, as without this
  );
}
