/**
 * The CDN entry's addition to the boot module (cdn-boot.ts sets it as `bootExtensions.holdSdk`): a
 * booted phone's SDK chunk downloads once the token URL says yes, as before, but is evaluated, and
 * the element given the token, only once the phone's signaling socket has opened (or failed).
 *
 * Why: evaluating the SDK and building its Device take the main thread for a while (about 70 ms at
 * 4× CPU throttling, `npm run bench`'s mobile profile). The download ends about when the socket's
 * upgrade answer arrives, and the page handled `open`, and sent `listen`, only after that work (27 ms
 * late in a mobile waterfall). Registering (`listen`, then `register`: two round trips) is the longer
 * path to `ready`; the SDK's evaluation fits inside its round trips. On short round trips it does
 * not, and nothing is held.
 */
import { loadVoiceSdk } from './voice-sdk-loader.js';

/** A socket that neither opens nor fails for this long no longer holds the SDK: its own timers take over. */
export const SDK_HOLD_CAP_MS = 3000;

/**
 * A token answered sooner than this says the round trips are short: registering then takes less than
 * evaluating the SDK, which is better started at once (loopback in `npm run bench`).
 */
export const SDK_HOLD_MIN_TOKEN_MS = 40;

const ignore = () => undefined;

/** Settles a task after `socket` opened, closed or failed (`listen` goes out from `open` first), or after `capMs`. */
function socketSettled(socket: WebSocket, capMs: number): Promise<void> {
  return new Promise((resolve) => {
    const later = () => setTimeout(resolve);
    if (socket.readyState !== WebSocket.CONNECTING) return later();
    for (const type of ['open', 'close', 'error']) socket.addEventListener(type, later, { once: true });
    setTimeout(resolve, capMs);
  });
}

/** Starts downloading `url` as a module without evaluating it; false where the browser cannot. */
function preloadModule(url: string): boolean {
  try {
    const link = document.createElement('link');
    if (!link.relList.supports('modulepreload')) return false;
    link.rel = 'modulepreload';
    link.href = url;
    link.onload = link.onerror = () => link.remove();
    document.head.append(link);
    return true;
  } catch {
    return false; // e.g. a document without a head: nothing is held, nothing lost
  }
}

/**
 * Given a booted phone's socket and token request as they start: once the token is a 2xx, downloads
 * the SDK file (`sdkUrl`) without evaluating it (`<link rel="modulepreload">`) and resolves with the
 * answer, for the element, once `socket` has settled; then evaluates the SDK. After a token that came
 * within `SDK_HOLD_MIN_TOKEN_MS`, or where the browser cannot preload a module, the SDK loads at once
 * and the answer is handed on as it is. A refused or failed token is handed on as it is.
 */
export function holdSdk(socket: WebSocket, token: Promise<Response>, sdkUrl: string, capMs = SDK_HOLD_CAP_MS): Promise<Response> {
  const asked = performance.now();
  const handed = token.then(async (answer) => {
    if (!answer.ok) return answer;
    if (performance.now() - asked >= SDK_HOLD_MIN_TOKEN_MS && preloadModule(sdkUrl)) await socketSettled(socket, capMs);
    loadVoiceSdk().catch(ignore); // the element may not be here yet
    return answer;
  });
  // A failed request is the element's to report, if it takes this start; if it never does, no unhandled rejection.
  handed.catch(ignore);
  return handed;
}
