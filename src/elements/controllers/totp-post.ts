/**
 * One TOTP POST at a time for an element (`<totp-verify>`'s code, `<totp-enroll>`'s factor
 * request): the request timeout taken from the element's `timeout` (one clamp,
 * `requestTimeout`), the abort, and the answer of an aborted request dropped.
 */
import { postTotpCode, requestTimeout, type TotpRequestResult } from '../core/totp-request.js';

export class TotpPost {
  private current: AbortController | null = null;

  /** A request is in flight. */
  get busy(): boolean {
    return this.current !== null;
  }

  /** Posts `body` as JSON to `url`. Resolves with the result, or null when the request was aborted meanwhile (nobody wants its answer). */
  async send(url: string, body: Record<string, unknown>, timeoutMs: unknown): Promise<TotpRequestResult | null> {
    const controller = new AbortController();
    this.current = controller;
    let result: TotpRequestResult;
    try {
      result = await postTotpCode({ url, body, timeoutMs: requestTimeout(timeoutMs), signal: controller.signal });
    } catch {
      return null; // only an abort gets here: deliberate, nothing to show
    }
    if (this.current !== controller) return null;
    this.current = null;
    return result;
  }

  /** Aborts the request in flight, if any; its `send()` resolves with null. Returns whether there was one. */
  abort(why: string): boolean {
    const controller = this.current;
    this.current = null;
    controller?.abort(new DOMException(why, 'AbortError'));
    return !!controller;
  }
}
