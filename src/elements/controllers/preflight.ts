/**
 * The pre-call test of a phone: the SDK's PreflightTest (Device.runPreflight)
 * with the phone's token source, edge, signaling host and sounds, beside the
 * phone's own Device and never through its state machine, so a registered
 * phone stays registered. Decisions are in core/preflight-*.ts; this class runs
 * the effects and dispatches the events.
 *
 * The SDK's test builds its own Device from a fixed list of options (no
 * `sounds`, no `publishEvents`), and hangs when getUserMedia fails (it listens
 * to no Call error). So the microphone is opened here first, and a
 * `deviceFactory` subclass hands the test's Device our sounds (nothing fetched
 * from Twilio's CDN), the open microphone, silent logging and, against a
 * signaling host, no Insights posts.
 */
import type { ReactiveController } from 'lit';
import type { Device } from '@twilio/voice-sdk';
import { INITIAL_PREFLIGHT, isPreflightRunning, reducePreflight, type PreflightInput, type PreflightSnapshot } from '../core/preflight-machine.js';
import {
  classifyMicrophoneError,
  classifyPreflightError,
  preflightToken,
  toPreflightReport,
  type PreflightFailure,
  type PreflightFailureReason,
  type PreflightReport,
} from '../core/preflight-report.js';
import { fetchAccessToken } from '../core/token-fetch.js';
import { soundUrlsFrom, synthesizedSounds } from '../core/sounds.js';
import { TwilioPhonePreflightEvent, TwilioPhonePreflightFailedEvent, TwilioPhonePreflightStateChangeEvent } from '../events.js';
import { hostInternals, setCustomState } from '../components/custom-states.js';
import { loadVoiceSdk } from './voice-sdk-loader.js';
import type { PhoneSessionHost } from './device-session.js';

/** How long a test may take after signaling answered, before it counts as `timeout` (Twilio's preflight apps take ~20 s). */
const TEST_DURATION_LIMIT_MS = 60000;

/** Why `preflight()` rejected: `reason` as in `twilio-phone-preflight-failed`, and the Twilio code when there is one. */
export class PreflightError extends Error {
  override readonly name = 'PreflightError';
  readonly reason: PreflightFailureReason;
  readonly code: number | undefined;
  constructor(failure: PreflightFailure) {
    super(failure.error.message);
    this.reason = failure.reason;
    this.code = failure.error.code;
  }
}

interface PreflightTestLike {
  on(event: string, listener: (...args: any[]) => void): unknown;
  stop(): void;
  status?: string;
}

interface Deferred {
  promise: Promise<PreflightReport>;
  resolve(report: PreflightReport): void;
  reject(error: PreflightError): void;
}

export class PreflightController implements ReactiveController {
  snapshot: PreflightSnapshot = { ...INITIAL_PREFLIGHT };

  private run = 0;
  private pending: Deferred | null = null;
  private abort: AbortController | null = null;
  private test: PreflightTestLike | null = null;
  private device: Device | null = null;
  private microphone: MediaStream | null = null;
  private watchdog: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: PhoneSessionHost,
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
      void this.execute(id);
    }
    return promise;
  }

  /** Stops a running test (reason `cancelled`); the state goes back to `idle`. */
  stop(): void {
    if (isPreflightRunning(this.snapshot.state)) this.feed({ type: 'cancel' });
  }

  private async execute(id: number): Promise<void> {
    const { host } = this;
    const abort = (this.abort = new AbortController());
    const failed = (failure: PreflightFailure) => {
      if (id === this.run) this.feed({ type: 'failed', failure });
    };

    const token = await this.obtainToken(abort.signal);
    if (id !== this.run) return;
    if ('failure' in token) return failed(token.failure);

    let Sdk: Awaited<ReturnType<typeof loadVoiceSdk>>;
    try {
      Sdk = await loadVoiceSdk();
    } catch {
      return failed({ reason: 'sdk-load-failed', error: { message: 'The Twilio Voice SDK could not be loaded.' } });
    }
    if (id !== this.run) return;
    if (!Sdk.Device.isSupported || !navigator.mediaDevices?.getUserMedia) {
      return failed({ reason: 'unsupported-browser', error: { code: 31000, message: 'This browser does not support Twilio Voice (WebRTC is missing).' } });
    }

    let microphone: MediaStream;
    try {
      microphone = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (err) {
      return failed(classifyMicrophoneError(err) ?? { reason: 'no-microphone', error: { message: String((err as Error)?.message ?? err) } });
    }
    if (id !== this.run) {
      microphone.getTracks().forEach((t) => t.stop());
      return;
    }
    this.microphone = microphone;

    const edges = host.edge.split(',').map((e) => e.trim()).filter(Boolean);
    const deviceOptions: Record<string, unknown> = {
      sounds: { ...(host.soundsUrl ? soundUrlsFrom(host.soundsUrl) : synthesizedSounds()), ...host.sounds },
      fileInputStream: microphone,
      logLevel: 'silent',
      enableImprovedSignalingErrorPrecision: true,
    };
    if (host.signalingHost) deviceOptions.publishEvents = false;
    const controller = this;
    class PreflightDevice extends Sdk.Device {
      constructor(token: string, options: object) {
        super(token, { ...options, ...deviceOptions } as Device.Options);
        controller.device = this;
        // A connection test, not a call: no ringback, no hang-up tone.
        this.audio?.outgoing(false);
        this.audio?.disconnect(false);
      }
    }
    const signalingTimeoutMs = host.registerTimeout > 0 ? host.registerTimeout : 15000;
    const options: Record<string, unknown> = { deviceFactory: PreflightDevice, signalingTimeoutMs, logLevel: 'silent' };
    if (edges.length) options.edge = edges.length === 1 ? edges[0] : edges;
    if (host.signalingHost) options.chunderw = host.signalingHost;

    let test: PreflightTestLike;
    try {
      test = Sdk.Device.runPreflight(token.token, options as never) as unknown as PreflightTestLike;
    } catch (err) {
      return failed(classifyPreflightError(err));
    }
    this.test = test;
    test.on('connected', () => id === this.run && this.feed({ type: 'connected' }));
    test.on('completed', (report: unknown) => id === this.run && this.feed({ type: 'completed', report: toPreflightReport(report) }));
    test.on('failed', (error: unknown) => failed(classifyPreflightError(error)));
    this.watchdog = setTimeout(
      () => failed({ reason: 'timeout', error: { message: `The connection test did not finish within ${Math.round((signalingTimeoutMs + TEST_DURATION_LIMIT_MS) / 1000)} s.` } }),
      signalingTimeoutMs + TEST_DURATION_LIMIT_MS,
    );
  }

  private async obtainToken(signal: AbortSignal): Promise<{ token: string } | { failure: PreflightFailure }> {
    const { host } = this;
    const now = () => Date.now() / 1000;
    if (host.fetchToken) {
      try {
        return preflightToken({ kind: 'token', token: await host.fetchToken() }, now());
      } catch (err) {
        const status = (err as { status?: unknown } | null)?.status;
        const error = { message: `fetchToken() failed: ${err instanceof Error ? err.message : String(err)}` };
        return { failure: { reason: status === 401 || status === 403 ? 'bad-credentials' : 'token-failed', error } };
      }
    }
    if (!host.tokenUrl) return { failure: { reason: 'token-failed', error: { message: 'No token-url is set and no fetchToken() is given.' } } };
    const answer = await fetchAccessToken({ url: host.tokenUrl, method: host.tokenMethod, init: host.tokenRequest, signal, timeoutMs: host.tokenTimeout });
    return preflightToken(answer, now());
  }

  /** Feeds the machine; on an outcome, releases everything, then tells the page. `silent`: the element left, no events. */
  private feed(input: PreflightInput, silent = false): void {
    const previous = this.snapshot.state;
    const t = reducePreflight(this.snapshot, input);
    this.snapshot = t.snapshot;
    if (t.outcome) this.release();
    if (previous !== t.snapshot.state) {
      const internals = hostInternals(this.host);
      if (previous !== 'idle') setCustomState(internals, `preflight-${previous}`, false);
      if (t.snapshot.state !== 'idle') setCustomState(internals, `preflight-${t.snapshot.state}`, true);
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

  /** Ends whatever the test runs: token fetch, SDK test and its Device, microphone, watchdog. */
  private release(): void {
    this.run++;
    this.abort?.abort();
    this.abort = null;
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
    const test = this.test;
    this.test = null;
    if (test && test.status !== 'completed' && test.status !== 'failed') {
      try {
        test.stop();
      } catch {
        /* already torn down */
      }
    }
    const device = this.device;
    this.device = null;
    if (device) {
      try {
        if (device.state !== 'destroyed') device.destroy();
      } catch {
        /* already destroyed */
      }
      // As in the phone's session: SDK 2.18.5 leaves this timer armed after destroy(), keeping the Device alive until the token's TTL.
      clearTimeout((device as unknown as { _tokenWillExpireTimeout?: ReturnType<typeof setTimeout> })._tokenWillExpireTimeout);
    }
    this.microphone?.getTracks().forEach((track) => track.stop());
    this.microphone = null;
  }
}
