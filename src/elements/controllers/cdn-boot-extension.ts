/**
 * The CDN entry's addition to the boot module (cdn-boot.ts sets it, before the boot module runs).
 * There the elements are a file of their own, evaluated after the token may be back, so:
 * - the boot module registers a phone's socket itself once the token is good (register-ahead.ts),
 *   except for a `single-tab` phone, which registers once its tab leads;
 * - the SDK it downloads meanwhile is evaluated once that socket is open, not while its answer
 *   waits (sdk-hold.ts).
 */
import type { bootExtensions } from '../boot-extensions.js';
import { registerAhead } from './register-ahead.js';
import { holdSdk } from './sdk-hold.js';

type OnBoot = NonNullable<typeof bootExtensions.onBoot>;

/** The extension, for the SDK file at `sdkUrl`. */
export function cdnOnBoot(sdkUrl: string): OnBoot {
  return (socket, token, singleTab) => {
    if (!socket) return undefined;
    // First in line for the answer: its body is copied before the element, which gets it from holdSdk's promise, reads it.
    if (!singleTab) token.then((answer) => answer.ok && registerAhead(answer, socket)).catch(() => undefined);
    return holdSdk(socket.socket, token, sdkUrl);
  };
}
