/**
 * The phone's calls on top of a DeviceSessionController: places, rings, accepts, mutes, sends
 * DTMF, times the call and reports each call's lifecycle as `twilio-phone-call-state-change`.
 * One call in front (rendered, acted on); with call waiting (`callWaiting()`), one more behind
 * it: ringing while the front call is up, or held while the other is taken. Volume ticks
 * bypass Lit rendering.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Call } from '@twilio/voice-sdk';
import { decideCallError } from '../core/call-errors.js';
import {
  TwilioPhoneCallStateChangeEvent,
  TwilioPhoneIncomingEvent,
  TwilioPhoneQualityWarningEvent,
  type CallDirection,
  type CallState,
} from '../events/call-events.js';
import type { DeviceSessionController } from './device-session.js';

export interface CallView {
  callState: CallState;
  direction: CallDirection;
  remote: string;
  muted: boolean;
  connectedAt: number | null;
}

/** What call control hears of each call (controllers/call-control.ts). */
export interface CallLegListener {
  added(id: string, call: Call, waiting: boolean): void;
  connected(id: string, call: Call): void;
  ended(id: string): void;
}

interface Leg {
  id: string;
  /** null while dialing, before the SDK hands the call over */
  call: Call | null;
  view: CallView;
  callSid: string | undefined;
  detach: () => void;
}

function paramsOf(call: Call): Record<string, string> {
  const out: Record<string, string> = {};
  call.customParameters?.forEach((v, k) => (out[k] = String(v)));
  return out;
}

const noop = () => undefined;
let legSeq = 0;

export class CallSessionController implements ReactiveController {
  onVolume: (input: number, output: number) => void = noop;
  /** The page's wording for a microphone failure (its `strings`), else the English default. */
  microphoneMessage: (reason: 'microphone-denied' | 'microphone-unavailable') => string | undefined = noop;
  /** Told when the SDK call in front changes: the call once the SDK has it, null when none (call quality follows it). */
  onCall: (call: Call | null) => void = noop;
  /** Whether a second incoming call during a call rings (call waiting) instead of being refused. */
  callWaiting: () => boolean = () => false;
  private listener: CallLegListener | null = null;

  /** Call control's view of the calls, when the phone has it. */
  get legs(): CallLegListener | null {
    return this.listener;
  }

  /**
   * Call control's code is a lazy chunk: a call can be up before it arrives. The calls already
   * here are told to it at once, as if they had just come, so none goes unseen.
   */
  set legs(listener: CallLegListener | null) {
    this.listener = listener;
    if (!listener) return;
    for (const leg of [this.front, this.back]) {
      if (!leg?.call) continue;
      listener.added(leg.id, leg.call, leg === this.back && leg.view.callState === 'ringing');
      if (leg.view.connectedAt !== null) listener.connected(leg.id, leg.call);
    }
  }

  private front: Leg | null = null;
  private back: Leg | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly session: DeviceSessionController,
  ) {
    host.addController(this);
  }

  /** The call in front, as rendered. */
  get view(): CallView | null {
    return this.front?.view ?? null;
  }

  /** the SDK call in front, for advanced use */
  get call(): Call | null {
    return this.front?.call ?? null;
  }

  /** The call behind the front one: ringing (call waiting) or held to take the front one. */
  get otherView(): CallView | null {
    return this.back?.view ?? null;
  }

  /** A second call rings while the front one is up. */
  get waitingRings(): boolean {
    return this.back?.view.direction === 'incoming' && this.back.view.callState === 'ringing';
  }

  hostDisconnected(): void {
    queueMicrotask(() => {
      if (!this.host.isConnected) this.end(false);
    });
  }

  /** Places a call; resolves when the SDK has it (not when answered). */
  async place(to: string, params: Record<string, string> = {}): Promise<void> {
    const device = this.session.device;
    if (!device) throw new Error('The phone is not started.');
    if (this.front) throw new Error('A call is already in progress.');
    // The SDK first: its microphone request and offer run while the phone's state and view render.
    const connecting = device.connect({ params: { ...params, To: to } });
    this.session.feed({ type: 'call-active' });
    const leg = this.newLeg(null, { callState: 'dialing', direction: 'outgoing', remote: to, muted: false, connectedAt: null });
    this.front = leg;
    this.setView(leg, leg.view, null);
    try {
      const call = await connecting;
      if (this.front !== leg) {
        call.disconnect(); // hung up while dialing
        return;
      }
      this.attach(leg, call);
      this.legs?.added(leg.id, call, false);
    } catch (err) {
      this.onCallError(leg, err);
      this.finish(leg);
    }
  }

  /** An incoming call from the SDK. */
  ring(call: Call): void {
    const waiting = !!this.front && !this.back && this.front.view.callState === 'connected' && this.callWaiting();
    if (this.front && !waiting) {
      call.reject();
      return;
    }
    const p = call.parameters ?? {};
    const from = p.From ?? 'Unknown caller';
    const event = new TwilioPhoneIncomingEvent({ from, to: p.To ?? '', params: paramsOf(call), waiting });
    this.host.dispatchEvent(event);
    if (event.defaultPrevented) {
      call.reject();
      return;
    }
    if (!waiting) this.session.feed({ type: 'call-active' });
    const leg = this.newLeg(call, { callState: 'ringing', direction: 'incoming', remote: from, muted: false, connectedAt: null });
    if (waiting) this.back = leg;
    else this.front = leg;
    this.attach(leg, call);
    this.setView(leg, leg.view, null);
    this.legs?.added(leg.id, call, waiting);
  }

  /** Answers the front call if it rings. (A waiting call is answered through call control, which holds this one first.) */
  accept(): void {
    const leg = this.front;
    if (leg?.view.direction === 'incoming' && leg.view.callState === 'ringing') leg.call?.accept();
  }

  /** Rejects the ringing call: the front one, else the waiting one (the front call is left as it is). */
  reject(): void {
    const leg = this.front?.view.callState === 'ringing' && this.front.view.direction === 'incoming' ? this.front : this.waitingRings ? this.back : null;
    leg?.call?.reject();
  }

  hangup(): void {
    const leg = this.front;
    if (!leg) return;
    if (!leg.call) {
      this.finish(leg); // dialing, before the SDK handed us the call
      return;
    }
    if (leg.view.direction === 'incoming' && leg.view.callState === 'ringing') leg.call.reject();
    else leg.call.disconnect();
  }

  mute(on: boolean): void {
    this.front?.call?.mute(on);
  }

  sendDigits(digits: string): void {
    if (this.front?.view.callState === 'connected') this.front.call?.sendDigits(digits);
  }

  /** The SDK call of call `id`, for call control to answer, reject or mute (call waiting; its code is a lazy chunk). */
  legCall(id: string): Call | null {
    return this.legById(id)?.call ?? null;
  }

  /** Puts call `id` in front (call waiting: answered, switched to, or resumed). */
  bringForward(id: string): void {
    if (this.back?.id !== id) return;
    [this.front, this.back] = [this.back, this.front];
    this.onCall(this.front.call);
    this.host.requestUpdate();
  }

  /** The device went away (stop, bad credentials): drop the calls' UI too. */
  end(notify = true): void {
    for (const leg of [this.back, this.front]) {
      if (!leg) continue;
      // The SDK's Device ends only the call it counts as active; a held one is this phone's to end.
      if (leg === this.back && leg.call) {
        if (leg.view.callState === 'ringing' && leg.view.direction === 'incoming') leg.call.reject();
        else leg.call.disconnect();
      }
      if (notify) this.finish(leg);
      else this.drop(leg);
    }
  }

  private legById(id: string): Leg | null {
    return this.front?.id === id ? this.front : this.back?.id === id ? this.back : null;
  }

  private newLeg(call: Call | null, view: CallView): Leg {
    return { id: `call-${++legSeq}`, call, view, callSid: call?.parameters?.CallSid, detach: noop };
  }

  private attach(leg: Leg, call: Call): void {
    leg.call = call;
    if (leg === this.front) this.onCall(call);
    const on = (name: string, fn: (...args: any[]) => void) => {
      call.on(name, fn);
      return () => call.off(name, fn);
    };
    const frontOnly =
      (fn: (...args: any[]) => void) =>
      (...args: any[]) => {
        if (this.front === leg) fn(...args);
      };
    const offs = [
      on('ringing', () => this.update(leg, { callState: 'ringing' })),
      on('accept', () => {
        this.update(leg, { callState: 'connected', connectedAt: Date.now() });
        this.legs?.connected(leg.id, call);
      }),
      on('reconnecting', () => this.update(leg, { callState: 'reconnecting' })),
      on('reconnected', () => this.update(leg, { callState: 'connected' })),
      on('mute', (muted: boolean) => this.update(leg, { muted })),
      on(
        'volume',
        frontOnly((input: number, output: number) => this.onVolume(input, output)),
      ),
      on(
        'warning',
        frontOnly((name: string) => this.host.dispatchEvent(new TwilioPhoneQualityWarningEvent({ name, cleared: false }))),
      ),
      on(
        'warning-cleared',
        frontOnly((name: string) => this.host.dispatchEvent(new TwilioPhoneQualityWarningEvent({ name, cleared: true }))),
      ),
      on('error', (err: unknown) => this.onCallError(leg, err)),
      // When getUserMedia fails the SDK emits only `error` (the call is still `pending`, so its
      // _disconnect() returns early and no `disconnect` follows): onCallError ends the call then.
      // `disconnect` finishes a microtask late so an `error` emitted right after it still decides.
      on('disconnect', () => queueMicrotask(() => this.finish(leg))),
      on('cancel', () => this.finish(leg)),
      on('reject', () => this.finish(leg)),
    ];
    leg.detach = () => offs.forEach((off) => off());
  }

  /** Busy, no answer, gateway errors end this call; a microphone failure ends the session (state `error`). */
  private onCallError(leg: Leg, err: unknown): void {
    const decision = decideCallError(err);
    if (!decision.fatal) {
      this.session.reportError(decision.error, false);
      return;
    }
    this.finish(leg, false);
    const reason = decision.reason ?? 'microphone-denied';
    const message = this.microphoneMessage(reason) ?? decision.error.message;
    this.session.feed({ type: 'fail', reason, error: { ...decision.error, message } });
  }

  private update(leg: Leg, patch: Partial<CallView>): void {
    if (leg !== this.front && leg !== this.back) return;
    this.setView(leg, { ...leg.view, ...patch }, leg.view);
  }

  private setView(leg: Leg, next: CallView, prev: CallView | null): void {
    leg.view = next;
    leg.callSid = leg.call?.parameters?.CallSid ?? leg.callSid;
    this.host.requestUpdate();
    if (prev?.callState === next.callState) return;
    this.host.dispatchEvent(
      new TwilioPhoneCallStateChangeEvent({
        callState: next.callState,
        previousCallState: prev?.callState ?? null,
        direction: next.direction,
        remote: next.remote,
        ...(leg.callSid ? { callSid: leg.callSid } : {}),
        ...(next.callState === 'ended' && next.connectedAt ? { duration: Math.round((Date.now() - next.connectedAt) / 1000) } : {}),
      }),
    );
  }

  /** Ends a call's view; `idle: false` when the session is about to fail anyway (no `ready` in between). */
  private finish(leg: Leg, idle = true): void {
    if (leg !== this.front && leg !== this.back) return;
    leg.detach();
    leg.detach = noop;
    this.setView(leg, { ...leg.view, callState: 'ended' }, leg.view);
    this.drop(leg);
    this.legs?.ended(leg.id);
    if (idle && !this.front) this.session.feed({ type: 'call-idle' });
  }

  /** Forgets a call: the one behind moves to the front. */
  private drop(leg: Leg): void {
    leg.detach();
    leg.detach = noop;
    if (leg === this.back) {
      this.back = null;
      return;
    }
    if (leg !== this.front) return;
    this.front = this.back;
    this.back = null;
    this.onCall(this.front?.call ?? null);
    this.host.requestUpdate();
  }
}
