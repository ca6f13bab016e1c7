/**
 * Runs call control's effects (core/call-control-machine.ts): POSTs each action as JSON to the
 * element's `call-control-url` (same-origin credentials, a deadline), feeds the answers and the
 * server's call messages back into the reducer, and drives the calls for call waiting through
 * CallSessionController. The dispatch is an exhaustive switch: a new effect needs its case here.
 */
import type { ReactiveControllerHost } from 'lit';
import type { Call } from '@twilio/voice-sdk';
import {
  INITIAL_CALL_CONTROL,
  reduceCallControl,
  type ActionRequest,
  type CallControlEffect,
  type CallControlInput,
  type CallControlSnapshot,
} from '../core/call-control-machine.js';
import { CALL_CONTROL_CODES, CallControlError, type CallControlErrorInfo } from '../core/call-control-error.js';
import { parseActionAnswer, parseCallMessage, type ActionAnswer, type CallMessageLike } from '../core/call-control-messages.js';
import { deadline } from '../core/deadline.js';
import { TwilioPhoneCallControlEvent, TwilioPhoneParticipantsChangeEvent } from '../events/call-control-events.js';
import type { CallLegListener, CallSessionController } from './call-session.js';
import { acceptBesideActiveCall } from './sdk-call-waiting.js';

export interface CallControlHost {
  /** the element's `call-control-url` ('' without it) */
  readonly callControlUrl: string;
  /** ms an action may take; default 10000 */
  readonly callControlTimeoutMs?: number;
}

interface Waiter {
  resolve(): void;
  reject(e: CallControlError): void;
}

export class CallControlController implements CallLegListener {
  snapshot: CallControlSnapshot = INITIAL_CALL_CONTROL;
  /** Told about every finished action (for the element's announcement). */
  onSettled: (request: ActionRequest, error: CallControlErrorInfo | undefined, internal: boolean) => void = () => undefined;

  private readonly waiters = new Map<number, Waiter[]>();
  private readonly requests = new Map<number, ActionRequest>();
  private readonly listeners = new Map<string, () => void>();
  private readonly aborts = new Set<AbortController>();
  private stamp = 0;
  /** the promise of the request being fed, attached to whichever effect answers it */
  private asking: Waiter | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & CallControlHost,
    private readonly calls: CallSessionController,
  ) {
    calls.legs = this;
    calls.callWaiting = () => this.enabled;
  }

  get enabled(): boolean {
    return !!this.host.callControlUrl;
  }

  /** Runs an action on the call in front; resolves when the server has done it. */
  request(request: ActionRequest): Promise<void> {
    if (!this.enabled) return Promise.reject(new CallControlError(unavailable('This phone has no call-control-url.')));
    return new Promise<void>((resolve, reject) => {
      this.asking = { resolve, reject };
      try {
        this.feed({ type: 'request', request });
      } finally {
        this.asking = null;
      }
    });
  }

  acceptWaiting(): void {
    this.feed({ type: 'accept-waiting' });
  }

  rejectWaiting(): void {
    this.feed({ type: 'reject-waiting' });
  }

  switchCalls(): void {
    this.feed({ type: 'switch' });
  }

  added(id: string, call: Call, waiting: boolean): void {
    if (!this.enabled) return;
    const onMessage = (message: CallMessageLike) => {
      const parsed = parseCallMessage(message ?? {});
      if (parsed.kind === 'participants') this.feed({ type: 'message', id, stamp: ++this.stamp, participants: parsed.participants, read: parsed.read });
    };
    call.on('messageReceived', onMessage);
    this.listeners.set(id, () => call.off('messageReceived', onMessage));
    this.feed({ type: 'call-added', id, waiting });
  }

  connected(id: string, call: Call): void {
    const callSid = call.parameters?.CallSid;
    if (this.enabled && callSid) this.feed({ type: 'call-connected', id, callSid });
  }

  ended(id: string): void {
    this.listeners.get(id)?.();
    this.listeners.delete(id);
    this.feed({ type: 'call-ended', id });
  }

  /** The element went away: requests in flight are aborted (their promises reject), nothing left listening. */
  teardown(): void {
    for (const a of this.aborts) a.abort();
    this.aborts.clear();
    for (const off of this.listeners.values()) off();
    this.listeners.clear();
  }

  private feed(input: CallControlInput): void {
    const t = reduceCallControl(this.snapshot, input);
    this.snapshot = t.snapshot;
    for (const effect of t.effects) this.run(effect);
    this.host.requestUpdate();
  }

  /** Exhaustive: a new `CallControlEffect` does not compile without its case here. */
  private run(effect: CallControlEffect): void {
    switch (effect.type) {
      case 'post':
        if (this.asking) this.wait(effect.requestId, this.asking);
        this.requests.set(effect.requestId, effect.request);
        return void this.post(effect.requestId, effect.callSid, effect.request);
      case 'join':
        if (this.asking) this.wait(effect.requestId, this.asking);
        return;
      case 'refuse':
        this.asking?.reject(new CallControlError(effect.error));
        this.dispatch(effect.action, effect.error);
        this.onSettled({ action: effect.action }, effect.error, false);
        return;
      case 'settle':
        return this.settle(effect.requestId, effect.action, effect.internal, effect.error);
      case 'participants-changed':
        this.host.dispatchEvent(new TwilioPhoneParticipantsChangeEvent({ participants: effect.participants }));
        return;
      case 'local-mute':
        return this.calls.legCall(effect.id)?.mute(effect.on);
      case 'accept-call':
        return this.acceptBeside(effect.id);
      case 'reject-call':
        return this.calls.legCall(effect.id)?.reject();
      case 'bring-forward':
        return this.calls.bringForward(effect.id);
      default:
        return unhandled(effect);
    }
  }

  /** Answers call `id` beside the one in front (call waiting): the SDK would otherwise hang that one up. */
  private acceptBeside(id: string): void {
    const call = this.calls.legCall(id);
    if (!call) return;
    acceptBesideActiveCall(call);
    call.accept();
  }

  private wait(requestId: number, waiter: Waiter): void {
    const list = this.waiters.get(requestId) ?? [];
    list.push(waiter);
    this.waiters.set(requestId, list);
  }

  private settle(requestId: number, action: ActionRequest['action'], internal: boolean, error: CallControlErrorInfo | undefined): void {
    const waiters = this.waiters.get(requestId) ?? [];
    this.waiters.delete(requestId);
    const request = this.requests.get(requestId);
    this.requests.delete(requestId);
    for (const w of waiters) {
      if (error) w.reject(new CallControlError(error));
      else w.resolve();
    }
    this.dispatch(action, error);
    this.onSettled(request ?? { action }, error, internal);
  }

  private dispatch(action: ActionRequest['action'], error: CallControlErrorInfo | undefined): void {
    this.host.dispatchEvent(new TwilioPhoneCallControlEvent({ action, outcome: error ? 'failed' : 'done', ...(error ? { error } : {}) }));
  }

  private async post(requestId: number, callSid: string, request: ActionRequest): Promise<void> {
    const answer = await this.send(callSid, request);
    if (answer.ok) this.feed({ type: 'answer', requestId, stamp: ++this.stamp, ok: true, participants: answer.participants, read: answer.read });
    else this.feed({ type: 'answer', requestId, stamp: ++this.stamp, ok: false, error: answer.error });
  }

  /** One POST; never throws: every failure is an answer with a code. */
  private async send(callSid: string, request: ActionRequest): Promise<ActionAnswer> {
    const abort = new AbortController();
    this.aborts.add(abort);
    const timeoutMs = this.host.callControlTimeoutMs ?? 10000;
    const d = deadline(abort.signal, timeoutMs);
    try {
      const res = await fetch(this.host.callControlUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ ...request, callSid }),
        signal: d.signal,
      });
      let body: unknown = null;
      try {
        body = await res.json();
      } catch {
        // not JSON: parseActionAnswer gives the status's own code and message
      }
      return parseActionAnswer(res.status, body);
    } catch {
      if (d.timedOut())
        return {
          ok: false,
          error: { code: CALL_CONTROL_CODES.timeout, message: `The call-control server did not answer within ${Math.round(timeoutMs / 100) / 10} s.` },
        };
      if (abort.signal.aborted) return { ok: false, error: { code: CALL_CONTROL_CODES.network, message: 'The call-control request was stopped.' } };
      return { ok: false, error: { code: CALL_CONTROL_CODES.network, message: 'The call-control server could not be reached.' } };
    } finally {
      d.dispose();
      this.aborts.delete(abort);
    }
  }
}

function unavailable(message: string): CallControlErrorInfo {
  return { code: CALL_CONTROL_CODES.unavailable, message };
}

function unhandled(value: never): never {
  throw new Error(`unhandled: ${String(value)}`);
}
