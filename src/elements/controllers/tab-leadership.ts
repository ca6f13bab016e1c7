/**
 * `single-tab`: runs the effects of `reduceLeadership` with a Web Lock named
 * after the origin's identity, and tells the device session when to register
 * and when to stand by. Without the Web Locks API (an insecure context) every
 * tab registers, and the page is told why.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { reduceLeadership, type LeadershipEffect, type LeadershipInput, type LeadershipRole } from '../core/tab-leadership.js';
import { HeldLock, webLocksAvailable } from './web-lock.js';
import type { DeviceSessionController } from './device-session.js';

export const SINGLE_TAB_LOCK_PREFIX = 'twilio-widgets/phone/';

export class TabLeadershipController implements ReactiveController {
  role: LeadershipRole = 'off';
  private lock: HeldLock | null = null;
  /** resolves the pending `claim()` once this tab knows whether it leads */
  private decided: ((lead: boolean) => void) | null = null;
  private readonly onCallState = (e: Event) => {
    const { callState } = (e as CustomEvent<{ callState: string }>).detail;
    if (callState === 'ended') this.input({ type: 'call-ended' });
  };

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly session: DeviceSessionController,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('twilio-phone-call-state-change', this.onCallState);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('twilio-phone-call-state-change', this.onCallState);
    queueMicrotask(() => {
      if (!this.host.isConnected) this.leave();
    });
  }

  /** Whether this tab holds the single-tab lock (it then also keeps the tab from being frozen). */
  get leading(): boolean {
    return this.role === 'leader' || this.role === 'yielding';
  }

  /**
   * Called by the session once the token names the identity: resolves true when this tab may
   * register now, false when another tab leads (the session then stands by until `register`).
   */
  claim(identity: string): Promise<boolean> {
    if (!webLocksAvailable()) {
      this.session.reportError({ message: 'single-tab needs the Web Locks API (a secure context): this tab registers on its own.' }, false);
      return Promise.resolve(true);
    }
    this.lock?.release();
    this.lock = new HeldLock(SINGLE_TAB_LOCK_PREFIX + identity);
    this.decided?.(false);
    const decision = new Promise<boolean>((resolve) => (this.decided = resolve));
    this.input({ type: 'join' });
    return decision;
  }

  /** The person chose this tab: take the lock from the tab that holds it. */
  takeOver(): void {
    this.input({ type: 'take-over' });
  }

  /** stop(), restart or removal: let go of the lock or the queued request. */
  leave(): void {
    this.input({ type: 'leave' });
    this.decided?.(false);
    this.decided = null;
  }

  private input(input: LeadershipInput): void {
    const t = reduceLeadership(this.role, input);
    const changed = t.role !== this.role;
    this.role = t.role;
    for (const effect of t.effects) this.run(effect);
    if (changed) this.host.requestUpdate();
  }

  private run(effect: LeadershipEffect): void {
    const lock = this.lock;
    switch (effect) {
      case 'request-now':
      case 'wait-for-lock':
      case 'steal-lock': {
        if (!lock) return;
        const how = effect === 'request-now' ? 'now' : effect === 'steal-lock' ? 'steal' : 'wait';
        void lock
          .acquire(how, () => this.input({ type: 'lost', inCall: this.session.snapshot.inCall }))
          .then((held) => {
            if (this.lock !== lock) return;
            if (held) this.input({ type: 'granted' });
            else if (how === 'now') this.input({ type: 'unavailable' });
          });
        return;
      }
      case 'release-lock':
        lock?.release();
        return;
      case 'register':
        if (this.decided) {
          this.decided(true);
          this.decided = null;
        } else {
          void this.session.activate();
        }
        return;
      case 'stand-by':
        if (this.decided) {
          this.decided(false);
          this.decided = null;
        } else {
          this.session.standBy();
        }
        return;
      case 'unregister':
        this.session.stopTakingCalls();
        return;
    }
  }
}
