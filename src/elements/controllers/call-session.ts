/**
 * One call at a time on top of a DeviceSessionController: places, rings,
 * accepts, mutes, sends DTMF, times the call and reports its lifecycle as
 * `twilio-phone-call-state-change`. Volume ticks bypass Lit rendering.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Call } from '@twilio/voice-sdk';
import { decideCallError } from '../core/call-errors.js';
import { TwilioPhoneCallStateChangeEvent, TwilioPhoneIncomingEvent, TwilioPhoneQualityWarningEvent, type CallDirection, type CallState } from '../events.js';
import type { DeviceSessionController } from './device-session.js';

export interface CallView {
  callState: CallState;
  direction: CallDirection;
  remote: string;
  muted: boolean;
  connectedAt: number | null;
}

function paramsOf(call: Call): Record<string, string> {
  const out: Record<string, string> = {};
  call.customParameters?.forEach((v, k) => (out[k] = String(v)));
  return out;
}

export class CallSessionController implements ReactiveController {
  view: CallView | null = null;
  /** the SDK call, for advanced use */
  call: Call | null = null;
  onVolume: (input: number, output: number) => void = () => undefined;
  /** The page's wording for a microphone failure (its `strings`), else the English default. */
  microphoneMessage: (reason: 'microphone-denied' | 'microphone-unavailable') => string | undefined = () => undefined;
  /** Told when the SDK call changes: the call once the SDK has it, null when it ends (call quality follows it). */
  onCall: (call: Call | null) => void = () => undefined;

  private detach: () => void = () => undefined;
  private callSid: string | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly session: DeviceSessionController,
  ) {
    host.addController(this);
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
    if (this.call) throw new Error('A call is already in progress.');
    this.session.feed({ type: 'call-active' });
    this.setView({ callState: 'dialing', direction: 'outgoing', remote: to, muted: false, connectedAt: null });
    try {
      const call = await device.connect({ params: { ...params, To: to } });
      if (this.view?.callState === 'ended' || !this.view) {
        call.disconnect();
        return;
      }
      this.attach(call);
    } catch (err) {
      this.onCallError(err);
      this.finish();
    }
  }

  /** An incoming call from the SDK. */
  ring(call: Call): void {
    if (this.call || this.view) {
      call.reject();
      return;
    }
    const p = call.parameters ?? {};
    const from = p.From ?? 'Unknown caller';
    const event = new TwilioPhoneIncomingEvent({ from, to: p.To ?? '', params: paramsOf(call) });
    this.host.dispatchEvent(event);
    if (event.defaultPrevented) {
      call.reject();
      return;
    }
    this.session.feed({ type: 'call-active' });
    this.attach(call);
    this.setView({ callState: 'ringing', direction: 'incoming', remote: from, muted: false, connectedAt: null });
  }

  accept(): void {
    if (this.view?.direction === 'incoming' && this.view.callState === 'ringing') this.call?.accept();
  }

  reject(): void {
    if (this.view?.direction === 'incoming' && this.view.callState === 'ringing') this.call?.reject();
  }

  hangup(): void {
    if (!this.call) {
      if (this.view) this.finish(); // dialing, before the SDK handed us the call
      return;
    }
    if (this.view?.direction === 'incoming' && this.view.callState === 'ringing') this.call.reject();
    else this.call.disconnect();
  }

  mute(on: boolean): void {
    this.call?.mute(on);
  }

  sendDigits(digits: string): void {
    if (this.view?.callState === 'connected') this.call?.sendDigits(digits);
  }

  /** The device went away (stop, bad credentials): drop the call UI too. */
  end(notify = true): void {
    if (!this.view) return;
    this.detach();
    this.call = null;
    this.onCall(null);
    if (notify) this.finish();
    else this.view = null;
  }

  private attach(call: Call): void {
    this.call = call;
    this.onCall(call);
    const on = (name: string, fn: (...args: any[]) => void) => {
      call.on(name, fn);
      return () => call.off(name, fn);
    };
    const offs = [
      on('ringing', () => this.update({ callState: 'ringing' })),
      on('accept', () => this.update({ callState: 'connected', connectedAt: Date.now() })),
      on('reconnecting', () => this.update({ callState: 'reconnecting' })),
      on('reconnected', () => this.update({ callState: 'connected' })),
      on('mute', (muted: boolean) => this.update({ muted })),
      on('volume', (input: number, output: number) => this.onVolume(input, output)),
      on('warning', (name: string) => this.host.dispatchEvent(new TwilioPhoneQualityWarningEvent({ name, cleared: false }))),
      on('warning-cleared', (name: string) => this.host.dispatchEvent(new TwilioPhoneQualityWarningEvent({ name, cleared: true }))),
      on('error', (err: unknown) => this.onCallError(err)),
      // When getUserMedia fails the SDK emits only `error` (the call is still `pending`, so its
      // _disconnect() returns early and no `disconnect` follows): onCallError ends the call then.
      // `disconnect` finishes a microtask late so an `error` emitted right after it still decides.
      on('disconnect', () => queueMicrotask(() => this.finish())),
      on('cancel', () => this.finish()),
      on('reject', () => this.finish()),
    ];
    this.detach = () => offs.forEach((off) => off());
  }

  /** Busy, no answer, gateway errors end this call; a microphone failure ends the session (state `error`). */
  private onCallError(err: unknown): void {
    const decision = decideCallError(err);
    if (!decision.fatal) {
      this.session.reportError(decision.error, false);
      return;
    }
    this.finish(false);
    const reason = decision.reason ?? 'microphone-denied';
    const message = this.microphoneMessage(reason) ?? decision.error.message;
    this.session.feed({ type: 'fail', reason, error: { ...decision.error, message } });
  }

  private update(patch: Partial<CallView>): void {
    if (!this.view) return;
    this.setView({ ...this.view, ...patch });
  }

  private setView(next: CallView): void {
    const prev = this.view;
    this.view = next;
    this.callSid = this.call?.parameters?.CallSid ?? this.callSid;
    this.host.requestUpdate();
    if (prev?.callState === next.callState) return;
    this.host.dispatchEvent(
      new TwilioPhoneCallStateChangeEvent({
        callState: next.callState,
        previousCallState: prev?.callState ?? null,
        direction: next.direction,
        remote: next.remote,
        ...(this.callSid ? { callSid: this.callSid } : {}),
        ...(next.callState === 'ended' && next.connectedAt ? { duration: Math.round((Date.now() - next.connectedAt) / 1000) } : {}),
      }),
    );
  }

  /** Ends the call view; `idle: false` when the session is about to fail anyway (no `ready` in between). */
  private finish(idle = true): void {
    if (!this.view || this.view.callState === 'ended') return;
    this.detach();
    this.detach = () => undefined;
    this.setView({ ...this.view, callState: 'ended' });
    this.call = null;
    this.onCall(null);
    this.view = null;
    this.callSid = undefined;
    if (idle) this.session.feed({ type: 'call-idle' });
  }
}
