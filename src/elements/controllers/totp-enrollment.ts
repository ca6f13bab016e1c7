/**
 * Runs one enrolment of `<totp-enroll>`: posts `{action: 'enroll'}`, reads the
 * factor and its key, draws the QR matrix, and follows the first-code checks
 * through the pure `reduceEnroll`. Holds the key (secret included) only while
 * it is on screen, and drops it when the factor is verified, the enrolment
 * fails or resets, or the element leaves the document. Dispatches the
 * `totp-enroll-*` events; none of them carries the secret.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { INITIAL_ENROLL, reduceEnroll, showsKey, type EnrollAnswer, type EnrollInput, type EnrollSnapshot } from '../core/enroll-machine.js';
import { readEnrollment } from '../core/enroll-response.js';
import type { OtpauthKey } from '../core/otpauth-uri.js';
import { totpAnswer } from '../core/totp-outcome.js';
import { TotpEnrollCreatedEvent, TotpEnrollErrorEvent, TotpEnrollSendEvent, TotpEnrollVerifiedEvent } from '../events/totp-events.js';
import { qrMatrix } from './qr-loader.js';
import { TotpPost } from './totp-post.js';

/** What the enrolment reads from its element. */
export interface EnrollmentHost extends ReactiveControllerHost, HTMLElement {
  verifyUrl: string;
  identity: string;
  friendlyName: string;
  params: Record<string, unknown>;
  timeout: number;
}

export class TotpEnrollmentController implements ReactiveController {
  snapshot: EnrollSnapshot = INITIAL_ENROLL;
  /** The key on screen (secret included); null whenever the state does not show it. */
  key: OtpauthKey | null = null;
  /** The QR matrix of the Key URI; null when not shown or when the encoder could not load. */
  qr: boolean[][] | null = null;

  private run = 0;
  /** the factor request (the first code is posted by the element's `<totp-verify>`) */
  private readonly post = new TotpPost();

  constructor(private readonly host: EnrollmentHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    // A move in the DOM disconnects and reconnects in one task: keep the enrolment then.
    queueMicrotask(() => {
      if (!this.host.isConnected) this.reset();
    });
  }

  /** Forgets the enrolment (and the key); a request in flight is aborted and its answer ignored. */
  reset(): void {
    this.run++;
    this.post.abort('totp-enroll reset');
    this.feed({ type: 'reset' });
  }

  /** Asks the server for a new factor. Resolves once the answer is shown (or the request was cancelled). */
  async start(): Promise<void> {
    const s = this.snapshot.state;
    if (s !== 'idle' && s !== 'failed' && s !== 'verified') return;
    const h = this.host;
    const body: Record<string, unknown> = { action: 'enroll' };
    if (h.identity) body.identity = h.identity;
    if (h.friendlyName) body.friendlyName = h.friendlyName;
    Object.assign(body, h.params);
    body.action = 'enroll';
    const send = new TotpEnrollSendEvent({ stage: 'create', body });
    h.dispatchEvent(send);
    if (send.defaultPrevented) return;

    const run = ++this.run;
    this.feed({ type: 'start' });
    if (!h.verifyUrl) {
      this.feed({ type: 'create-failed', answer: { outcome: 'error' } });
      return;
    }
    const result = await this.post.send(h.verifyUrl, send.detail.body, h.timeout);
    // null: aborted by reset() or removal, deliberate, nothing to show
    if (!result || run !== this.run) return;
    const ok = result.httpStatus !== null && result.httpStatus >= 200 && result.httpStatus < 300;
    const enrollment = ok ? readEnrollment(result.body, h.identity) : null;
    if (!enrollment) {
      this.feed({ type: 'create-failed', answer: ok ? { outcome: 'error', failure: 'malformed' } : totpAnswer(result) });
      return;
    }
    let qr: boolean[][] | null = null;
    try {
      qr = await qrMatrix(enrollment.uri);
    } catch {
      // The encoder chunk did not load: the key can still be typed in by hand.
    }
    if (run !== this.run) return;
    this.key = enrollment.key;
    this.qr = qr;
    this.feed({ type: 'created', factorSid: enrollment.factorSid });
  }

  /** The element's code form posted a code for the factor. */
  codeSent(): void {
    this.feed({ type: 'code-sent' });
  }

  /** The element's code form got an answer. */
  codeAnswered(answer: EnrollAnswer): void {
    this.feed({ type: 'code-answered', answer });
  }

  private feed(input: EnrollInput): void {
    const prev = this.snapshot;
    const next = reduceEnroll(prev, input);
    if (next === prev) return;
    this.snapshot = next;
    if (!showsKey(next.state)) {
      this.key = null;
      this.qr = null;
    }
    this.host.requestUpdate();
    const h = this.host;
    if (next.state === 'created' && prev.state === 'creating' && next.factorSid) {
      h.dispatchEvent(new TotpEnrollCreatedEvent({ factorSid: next.factorSid }));
    } else if (next.state === 'verified' && prev.state !== 'verified' && next.factorSid) {
      h.dispatchEvent(new TotpEnrollVerifiedEvent({ factorSid: next.factorSid }));
    } else if (input.type === 'create-failed' || input.type === 'code-answered') {
      const answer = input.answer;
      h.dispatchEvent(
        new TotpEnrollErrorEvent({
          stage: input.type === 'create-failed' ? 'create' : 'verify',
          ...answer,
          ...(prev.factorSid ? { factorSid: prev.factorSid } : {}),
          fatal: next.state === 'failed',
        }),
      );
    }
  }
}
