/**
 * How call legs end: the state, the frame the browser gets, timers and media
 * torn down, the <Dial> waiting on a callee settled, the other leg of a
 * bridge ended after it (decisions.ts), end listeners run. Also the per-call
 * timers and waits every collaborator uses.
 */
import type { Call } from './call.js';
import type { CallStore } from './call-store.js';
import { browserCallId, dialStatusOf, otherLegEnding, type EndReason } from './decisions.js';
import type { CallLegs } from './legs.js';
import type { CallError, CallPeer, CallState } from './types.js';

export class CallLifecycle {
  constructor(
    private readonly store: CallStore,
    private readonly legs: CallLegs,
    private readonly log: (line: string) => void,
  ) {}

  /** Runs `fn` after `ms` unless the call ends first. */
  timer(call: Call, ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      call.timers.delete(t);
      fn();
    }, ms);
    call.timers.add(t);
  }

  markAnswered(call: Call): void {
    if (call.answered) return;
    call.answered = true;
    call.state = 'in-progress';
    call.answerTime = new Date();
  }

  end(call: Call, state: CallState, notify: 'hangup' | 'cancel' | null, error?: CallError): void {
    if (call.ended) return;
    call.ended = true;
    call.state = state;
    call.endTime = new Date();
    if (error) call.error = { ...error };
    for (const t of call.timers) clearTimeout(t);
    call.timers.clear();
    clearTimeout(call.reconnectTimer);
    call.reconnectTimer = undefined;
    const peers = call.forks.length ? call.forks.map((f) => f.peer) : [call.peer];
    for (const f of call.forks) if (f.leg) this.legs.closeLater(call, f.leg);
    call.forks = [];
    if (notify) {
      const callsid = browserCallId(call);
      for (const peer of peers) {
        if (!peer.isOpen) continue;
        peer.send(notify, notify === 'hangup' && error ? { callsid, error: { ...error } } : { callsid });
      }
    }
    this.log(`call ${call.sid}: ${state}${error ? ` (${error.code} ${error.message})` : ''}`);
    this.legs.close(call);
    if (call.dialDone) {
      const duration = call.answerTime ? Math.round((call.endTime.getTime() - call.answerTime.getTime()) / 1000) : 0;
      call.dialDone({ status: dialStatusOf(state), childSid: call.sid, duration });
      // The caller goes on without the callee: unbridge it.
      const parent = call.other;
      if (parent && !parent.ended) parent.leg?.bridgeTo(null);
    }
    for (const l of call.endListeners.splice(0)) l();
    this.store.prune();
  }

  /** Ends the other leg of a client-to-client call after `call` ended. */
  finishOther(call: Call, reason: EndReason): void {
    const other = call.other;
    if (!other || other.ended) return;
    const ending = otherLegEnding({ direction: call.direction, dialed: !!call.dialDone }, other.answered, reason);
    if (ending) this.end(other, ending.state, ending.notify, ending.error);
  }

  /** Ends a call from our side: `hangup` to the browser (with the error, if any), and its other leg. */
  endCall(call: Call, state: CallState, error?: CallError): void {
    this.end(call, state, 'hangup', error);
    this.finishOther(call, 'hangup');
  }

  /** The browser hung up (or its socket went): a call never answered is declined, else completed or canceled. */
  hangupFromClient(call: Call): void {
    const answered = call.answered;
    if (call.direction === 'incoming' && !answered) {
      this.end(call, 'rejected', null);
      this.finishOther(call, 'reject');
      return;
    }
    this.end(call, answered ? 'completed' : 'canceled', null);
    this.finishOther(call, 'hangup');
  }

  /** One of the devices rung for an incoming call stops ringing; the call fails when none is left. */
  dropFork(call: Call, peer: CallPeer, why: string): void {
    const fork = call.forks.find((f) => f.peer === peer);
    if (!fork) return;
    call.forks = call.forks.filter((f) => f !== fork);
    if (fork.leg) this.legs.closeLater(call, fork.leg);
    this.log(`call ${call.sid}: a device of ${peer.identity} stopped ringing (${why}); ${call.forks.length} left`);
    if (call.forks.length) {
      if (call.peer === peer) call.peer = call.forks[0].peer;
      return;
    }
    this.end(call, 'failed', null);
    this.finishOther(call, 'gone');
  }

  /** Waits, unless the call ends first. Resolves false if it ended. */
  wait(call: Call, ms: number): Promise<boolean> {
    if (call.ended) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        const i = call.endListeners.indexOf(onEnd);
        if (i >= 0) call.endListeners.splice(i, 1);
        resolve(ok);
      };
      const onEnd = () => done(false);
      call.endListeners.push(onEnd);
      this.timer(call, ms, () => done(!call.ended));
    });
  }

  whenEnded(call: Call): Promise<void> {
    if (call.ended) return Promise.resolve();
    return new Promise((resolve) => call.endListeners.push(resolve));
  }
}
