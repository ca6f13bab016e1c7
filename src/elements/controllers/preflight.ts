/**
 * The pre-call test of a phone: the SDK's PreflightTest (Device.runPreflight)
 * with the phone's token source, edge, signaling host and sounds, beside the
 * phone's own Device and never through its state machine, so a registered
 * phone stays registered. Decisions are in core/preflight-*.ts; this class keeps
 * the test's state, settles `preflight()` and dispatches the events; the
 * effects are in preflight-runner.ts.
 */
import type { ReactiveController } from 'lit';
import {
  INITIAL_PREFLIGHT,
  isPreflightRunning,
  reducePreflight,
  type PreflightInput,
  type PreflightSnapshot,
  type PreflightState,
} from '../core/preflight-machine.js';
import type { PreflightReport } from '../core/preflight-report.js';
import { PreflightError } from './preflight-error.js';

export { PreflightError };
import { TwilioPhonePreflightEvent, TwilioPhonePreflightFailedEvent, TwilioPhonePreflightStateChangeEvent } from '../events/preflight-events.js';
import { swapCustomState } from '../dom/custom-states.js';
import { runPreflight } from './preflight-runner.js';
import type { VoiceHost } from './voice-device.js';

interface Deferred {
  promise: Promise<PreflightReport>;
  resolve(report: PreflightReport): void;
  reject(error: PreflightError): void;
}

export class PreflightController implements ReactiveController {
  snapshot: PreflightSnapshot = { ...INITIAL_PREFLIGHT };
  private run = 0;
  private pending: Deferred | null = null;
  private running: { stop(): void } | null = null;

  constructor(
    private readonly host: VoiceHost,
    /** true while the phone has a call: the test would compete with it for the microphone and the network */
    private readonly busy: () => boolean,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    // A move in the DOM reconnects in the same task: only a real removal stops the test.
    queueMicrotask(() => {
      if (!this.host.isConnected && isPreflightRunning(this.snapshot.state)) this.feed({ type: 'cancel' }, true);
    });
  }

  /** Runs the test, or joins the one running. Resolves with the report; rejects with a PreflightError. */
  start(): Promise<PreflightReport> {
    if (this.pending && isPreflightRunning(this.snapshot.state)) return this.pending.promise;
    let deferred!: Deferred;
    const promise = new Promise<PreflightReport>((resolve, reject) => (deferred = { promise: undefined!, resolve, reject }));
    deferred.promise = promise;
    this.pending = deferred;
    const id = ++this.run;
    this.feed({ type: 'start' });
    if (this.busy()) {
      this.feed({ type: 'failed', failure: { reason: 'busy', error: { message: 'A call is in progress on this phone.' } } });
    } else {
      const current = (input: PreflightInput) => {
        if (id === this.run) this.feed(input);
      };
      this.running = runPreflight(this.host, {
        connected: () => current({ type: 'connected' }),
        completed: (report) => current({ type: 'completed', report }),
        failed: (failure) => current({ type: 'failed', failure }),
      });
    }
    return promise;
  }

  /** Stops a running test (reason `cancelled`); the state goes back to `idle`. */
  stop(): void {
    if (isPreflightRunning(this.snapshot.state)) this.feed({ type: 'cancel' });
  }

  /** Feeds the machine; on an outcome, releases everything, then tells the page. `silent`: the element left, no events. */
  private feed(input: PreflightInput, silent = false): void {
    const previous = this.snapshot.state;
    const t = reducePreflight(this.snapshot, input);
    this.snapshot = t.snapshot;
    if (t.outcome) this.release();
    if (previous !== t.snapshot.state) {
      const stateName = (s: PreflightState) => (s === 'idle' ? null : `preflight-${s}`);
      swapCustomState(this.host, stateName(previous), stateName(t.snapshot.state));
      this.host.requestUpdate();
      if (!silent) this.host.dispatchEvent(new TwilioPhonePreflightStateChangeEvent({ state: t.snapshot.state, previousState: previous }));
    }
    if (!t.outcome) return;
    const pending = this.pending;
    this.pending = null;
    if ('report' in t.outcome) {
      if (!silent) this.host.dispatchEvent(new TwilioPhonePreflightEvent(t.outcome.report));
      pending?.resolve(t.outcome.report);
    } else {
      if (!silent) this.host.dispatchEvent(new TwilioPhonePreflightFailedEvent(t.outcome.failure));
      pending?.reject(new PreflightError(t.outcome.failure));
    }
  }

  /** Ends the running test, if any: later news from it is ignored. */
  private release(): void {
    this.run++;
    this.running?.stop();
    this.running = null;
  }
}
