/**
 * The effects of one pre-call test: the phone's token, the microphone, the
 * SDK's PreflightTest with a Device that gets the phone's sounds and options,
 * a watchdog, and the teardown of all of it.
 *
 * The SDK's test builds its own Device from a fixed list of options (no
 * `sounds`, no `publishEvents`), and hangs when getUserMedia fails (it listens
 * to no Call error). So the microphone is opened here first, and a
 * `deviceFactory` subclass hands the test's Device our sounds (nothing fetched
 * from Twilio's CDN), the open microphone, silent logging and, against a
 * signaling host, no Insights posts.
 *
 * The token and the Device come the phone's own way: `obtainToken` (one token
 * path) and the recipe of voice-device.ts (capability check, SDK load; the options
 * and the teardown come with the SDK, in `loadSdk()`'s kit).
 */
import type { Device } from '@twilio/voice-sdk';
import {
  classifyMicrophoneError,
  classifyPreflightError,
  preflightTokenFailure,
  toPreflightReport,
  type PreflightFailure,
  type PreflightReport,
} from '../core/preflight-report.js';
import { edgeOption } from '../core/signaling-url.js';
import { obtainToken } from '../core/token-source.js';
import { loadSdk, missingVoiceSupport, type SdkKit, type VoiceHost } from './voice-device.js';

/** How long a test may take after signaling answered, before it counts as `timeout` (Twilio's preflight apps take ~20 s). */
const TEST_DURATION_LIMIT_MS = 60000;

/** What the runner tells its controller; each at most once, and nothing after `stop()`. */
export interface PreflightRunHooks {
  connected(): void;
  completed(report: PreflightReport): void;
  failed(failure: PreflightFailure): void;
}

interface PreflightTestLike {
  on(event: string, listener: (...args: any[]) => void): unknown;
  stop(): void;
  status?: string;
}

/** Starts a test; `stop()` ends whatever it runs and silences it. */
export function runPreflight(host: VoiceHost, hooks: PreflightRunHooks): { stop(): void } {
  const run = new PreflightRun(host, hooks);
  void run.execute();
  return run;
}

class PreflightRun {
  private stopped = false;
  private readonly abort = new AbortController();
  private test: PreflightTestLike | null = null;
  private device: Device | null = null;
  /** the Device recipe, once the SDK is here */
  private kit: SdkKit | null = null;
  private microphone: MediaStream | null = null;
  private watchdog: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: VoiceHost,
    private readonly hooks: PreflightRunHooks,
  ) {}

  private failed(failure: PreflightFailure): void {
    if (!this.stopped) this.hooks.failed(failure);
  }

  async execute(): Promise<void> {
    const { host } = this;
    // Like the phone: before the token request and the SDK download, neither of use without WebRTC.
    const unsupported = missingVoiceSupport(host.strings);
    if (unsupported) return this.failed({ reason: 'unsupported-browser', error: await unsupported });
    const token = await obtainToken(host, this.abort.signal);
    if (this.stopped || !token) return;
    if (!token.ok) return this.failed(preflightTokenFailure(token.failure));

    const load = await loadSdk();
    if (this.stopped) return;
    if (!load.ok) return this.failed({ reason: load.reason, error: load.error });
    const { Sdk, kit } = load;
    this.kit = kit;
    if (!navigator.mediaDevices?.getUserMedia) {
      // missingVoiceSupport() also takes the legacy getUserMedia; the test's microphone needs the modern one.
      return this.failed({ reason: 'unsupported-browser', error: { code: 31000, message: 'This browser does not support Twilio Voice (WebRTC is missing).' } });
    }

    let microphone: MediaStream;
    try {
      microphone = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (err) {
      return this.failed(classifyMicrophoneError(err) ?? { reason: 'no-microphone', error: { message: String((err as Error)?.message ?? err) } });
    }
    if (this.stopped) {
      microphone.getTracks().forEach((t) => t.stop());
      return;
    }
    this.microphone = microphone;

    // The phone's recipe (sounds, edges, signaling host, silent logging) plus the open microphone.
    const ours = { ...kit.deviceOptions(host), fileInputStream: microphone };
    // The SDK constructs this subclass itself; its constructor reports the Device back to this run.
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- see above
    const run = this;
    class PreflightDevice extends Sdk.Device {
      constructor(token: string, options: object) {
        super(token, { ...options, ...ours } as Device.Options);
        run.device = this;
        // A connection test, not a call: no ringback, no hang-up tone.
        this.audio?.outgoing(false);
        this.audio?.disconnect(false);
      }
    }
    const signalingTimeoutMs = host.registerTimeout > 0 ? host.registerTimeout : 15000;
    // The test's own options: it picks what it passes on to its Device from these (edge and chunderw among them).
    const options: Record<string, unknown> = { deviceFactory: PreflightDevice, signalingTimeoutMs, logLevel: 'silent' };
    const edge = edgeOption(host.edge);
    if (edge !== undefined) options.edge = edge;
    if (host.signalingHost) options.chunderw = host.signalingHost;

    let test: PreflightTestLike;
    try {
      test = Sdk.Device.runPreflight(token.token, options);
    } catch (err) {
      return this.failed(classifyPreflightError(err));
    }
    this.test = test;
    test.on('connected', () => !this.stopped && this.hooks.connected());
    test.on('completed', (report: unknown) => !this.stopped && this.hooks.completed(toPreflightReport(report)));
    test.on('failed', (error: unknown) => this.failed(classifyPreflightError(error)));
    const limit = signalingTimeoutMs + TEST_DURATION_LIMIT_MS;
    this.watchdog = setTimeout(
      () => this.failed({ reason: 'timeout', error: { message: `The connection test did not finish within ${Math.round(limit / 1000)} s.` } }),
      limit,
    );
  }

  /** Ends whatever the test runs: token fetch, SDK test and its Device, microphone, watchdog. Silent from here on. */
  stop(): void {
    this.stopped = true;
    this.abort.abort();
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
    if (device) this.kit?.destroyDevice(device);
    this.microphone?.getTracks().forEach((track) => track.stop());
    this.microphone = null;
  }
}
