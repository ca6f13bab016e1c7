/**
 * How the last call ended, shown for a few seconds after it (busy, no answer, declined, failed):
 * follows the host's own `twilio-phone-error` (non-fatal: a call's error) and
 * `twilio-phone-call-state-change` events; the words come from core/call-outcome.ts.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CALL_OUTCOME_STRING, callOutcome, type CallOutcome } from '../core/call-outcome.js';
import type { CALL_OUTCOME_STRINGS } from '../core/call-outcome.js';

/** How long an outcome stays on screen. */
export const OUTCOME_SHOWN_MS = 6000;

export class CallOutcomeController implements ReactiveController {
  /** the outcome on screen, or null */
  outcome: CallOutcome | null = null;
  private lastCallErrorCode: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('twilio-phone-error', this.onError);
    this.host.addEventListener('twilio-phone-call-state-change', this.onCallState);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('twilio-phone-error', this.onError);
    this.host.removeEventListener('twilio-phone-call-state-change', this.onCallState);
    this.clear();
  }

  /** the key of its words in the phone's strings */
  get key(): keyof typeof CALL_OUTCOME_STRINGS | null {
    return this.outcome && CALL_OUTCOME_STRING[this.outcome];
  }

  /** Forgets the outcome on screen (a new call, a new start). */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.outcome === null) return;
    this.outcome = null;
    this.host.requestUpdate();
  }

  private readonly onError = (e: Event): void => {
    const { error, fatal } = (e as CustomEvent<{ error: { code?: number }; fatal: boolean }>).detail;
    if (!fatal) this.lastCallErrorCode = error.code ?? -1;
  };

  private readonly onCallState = (e: Event): void => {
    const { callState, previousCallState } = (e as CustomEvent<{ callState: string; previousCallState: string | null }>).detail;
    if (callState === 'dialing' || (callState === 'ringing' && previousCallState === null)) {
      this.lastCallErrorCode = undefined;
      this.clear();
      return;
    }
    if (callState !== 'ended') return;
    const code = this.lastCallErrorCode;
    this.lastCallErrorCode = undefined;
    this.outcome = callOutcome(code === -1 ? 0 : code);
    this.host.requestUpdate();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.clear(), OUTCOME_SHOWN_MS);
  };
}
