/**
 * The code check of `<totp-verify>`: builds the JSON body from the element's
 * `identity`, `factorSid`, `challengeSid` and `params`, lets the page change or
 * cancel it (`totp-verify-send`), posts it (one request at a time, `TotpPost`,
 * the same as `<totp-enroll>`'s factor request), decides the outcome
 * (`totpAnswer`) and dispatches `totp-verify-result` and, on `verified`,
 * `totp-verify-success`. The element renders; this controller talks to the server.
 *
 * Part of the chunk `<totp-verify>` loads when a code is about to be sent (totp-verify-feature.ts).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { totpAnswer, type TotpAnswer } from '../core/totp-outcome.js';
import type { TotpRequestResult } from '../core/totp-request.js';
import { TotpVerifyResultEvent, TotpVerifySendEvent, TotpVerifySuccessEvent, type TotpResultDetail } from '../events/totp-events.js';
import { TotpPost } from './totp-post.js';

/** What the check reads from its element. */
export interface VerificationHost extends ReactiveControllerHost, HTMLElement {
  verifyUrl: string;
  identity: string;
  factorSid: string;
  challengeSid: string;
  params: Record<string, unknown>;
  /** ms; clamped by `requestTimeout` */
  timeout: number;
}

export interface VerificationHooks {
  /** The send event went through: the request starts (`pending` is true now). */
  sending(): void;
  /** The answer, before the result events are dispatched (listeners then see the element updated). */
  answered(answer: TotpAnswer): void;
}

export class TotpVerificationController implements ReactiveController {
  private readonly post = new TotpPost();

  constructor(
    private readonly host: VerificationHost,
    private readonly hooks: VerificationHooks,
  ) {
    host.addController(this);
  }

  /** A code is being checked. */
  get pending(): boolean {
    return this.post.busy;
  }

  hostDisconnected(): void {
    // At once, not after a possible move: nobody is left to show the answer to, and it frees the connection.
    this.abort('totp-verify disconnected');
  }

  /** Aborts the check in flight (its answer is dropped, no events). */
  abort(why: string): void {
    if (this.post.abort(why)) this.host.requestUpdate();
  }

  /** Posts `code` with the element's fields. Resolves once answered, cancelled by a send listener, or aborted. */
  async verify(code: string): Promise<void> {
    const h = this.host;
    const body: Record<string, unknown> = { code };
    if (h.identity) body.identity = h.identity;
    if (h.factorSid) body.factorSid = h.factorSid;
    if (h.challengeSid) body.challengeSid = h.challengeSid;
    Object.assign(body, h.params);
    // The typed code wins over a stray `params.code`; a send listener may still change it.
    body.code = code;
    const send = new TotpVerifySendEvent({ body });
    h.dispatchEvent(send);
    if (send.defaultPrevented) return;

    let result: TotpRequestResult;
    if (!h.verifyUrl) {
      // Nothing to post to (and no form to submit): an `error` the element explains, through the usual events.
      this.hooks.sending();
      result = { httpStatus: null, body: undefined };
    } else {
      const pending = this.post.send(h.verifyUrl, send.detail.body, h.timeout);
      this.hooks.sending();
      h.requestUpdate();
      const answered = await pending;
      if (!answered) return;
      h.requestUpdate();
      result = answered;
    }
    const answer = totpAnswer(result);
    this.hooks.answered(answer);
    const detail: TotpResultDetail = { ...answer, response: result.body ?? null };
    // Built first, then dispatched: the manifest analyzer reads `dispatchEvent(new X(arg))` as an event named `arg`.
    const resultEvent = new TotpVerifyResultEvent(detail);
    h.dispatchEvent(resultEvent);
    if (answer.outcome === 'verified') {
      const success = new TotpVerifySuccessEvent(detail);
      h.dispatchEvent(success);
    }
  }
}
