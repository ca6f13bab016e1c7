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
 */
import type { Device } from '@twilio/voice-sdk';
import { classifyMicrophoneError, classifyPreflightError, preflightToken, toPreflightReport, type PreflightFailure, type PreflightReport } from '../core/preflight-report.js';
import { fetchAccessToken } from '../core/token-fetch.js';
import { deviceSounds } from '../sounds/sound-files.js';
import { loadVoiceSdk } from './voice-sdk-loader.js';
import { voiceGlobals, type PhoneSessionHost } from './device-session.js';
import { checkVoiceSupport, describeMissingCapabilities } from '../core/voice-support.js';

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
export function runPreflight(host: PhoneSessionHost, hooks: PreflightRunHooks): { stop(): void } {
  const run = new PreflightRun(host, hooks);
  void run.execute();
  return run;
}

class PreflightRun {
  private stopped = false;
  private readonly abort = new AbortController();
  private test: PreflightTestLike | null = null;
  private device: Device | null = null;
  private microphone: MediaStream | null = null;
  private watchdog: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: PhoneSessionHost,
    private readonly hooks: PreflightRunHooks,
  ) {}

  private failed(failure: PreflightFailure): void {
    if (!this.stopped) this.hooks.failed(failure);
  }

  async execute(): Promise<void> {
    const { host } = this;
    // Like the phone: before the token request and the SDK download, neither of use without WebRTC.
    const support = checkVoiceSupport(voiceGlobals());
    if (support.missing.length) return this.failed({ reason: 'unsupported-browser', error: { code: 31000, message: describeMissingCapabilities(support) } });
    const token = await this.obtainToken(this.abort.signal);
    if (this.stopped) return;
    if ('failure' in token) return this.failed(token.failure);

    let Sdk: Awaited<ReturnType<typeof loadVoiceSdk>>;
    try {
      Sdk = await loadVoiceSdk();
    } catch {
      return this.failed({ reason: 'sdk-load-failed', error: { message: 'The Twilio Voice SDK could not be loaded.' } });
    }
    if (this.stopped) return;
    if (!Sdk.Device.isSupported || !navigator.mediaDevices?.getUserMedia) {
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

    const edges = host.edge.split(',').map((e) => e.trim()).filter(Boolean);
    const deviceOptions: Record<string, unknown> = {
      sounds: deviceSounds(host.soundsUrl, host.sounds),
      fileInputStream: microphone,
      logLevel: 'silent',
      enableImprovedSignalingErrorPrecision: true,
    };
    if (host.signalingHost) deviceOptions.publishEvents = false;
    const run = this;
    class PreflightDevice extends Sdk.Device {
      constructor(token: string, options: object) {
        super(token, { ...options, ...deviceOptions } as Device.Options);
        run.device = this;
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
      return this.failed(classifyPreflightError(err));
    }
    this.test = test;
    test.on('connected', () => !this.stopped && this.hooks.connected());
    test.on('completed', (report: unknown) => !this.stopped && this.hooks.completed(toPreflightReport(report)));
    test.on('failed', (error: unknown) => this.failed(classifyPreflightError(error)));
    const limit = signalingTimeoutMs + TEST_DURATION_LIMIT_MS;
    this.watchdog = setTimeout(() => this.failed({ reason: 'timeout', error: { message: `The connection test did not finish within ${Math.round(limit / 1000)} s.` } }), limit);
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
