/**
 * The phone's session: the token (overlapped with opening the signaling connection), the SDK's
 * lazy load, and the state machine. Every input goes through the pure `reducePhone`; this class
 * runs the effects and dispatches the DOM events. Everything that needs the SDK (the Device, its
 * events, the registration watchdog, token refresh, the registration check, rebuilding,
 * `single-tab` activation) is `SessionDevice` (session-device.ts), which loads with the SDK
 * chunk: a refused token downloads none of it. The token comes from `obtainToken` and the Device
 * from the recipe of voice-device.ts, as for the pre-call test.
 */
import type { ReactiveController } from 'lit';
import type { Device } from '@twilio/voice-sdk';
import { INITIAL_SNAPSHOT, reducePhone, type PhoneEffect, type PhoneInput, type PhoneSnapshot } from '../core/phone-machine.js';
import type { PhoneError, PhoneState } from '../core/phone-state.js';
import { obtainToken } from '../core/token-source.js';
import { bootTokenFetch, takeBootStart } from './boot-handover.js';
import { prewarmSignaling, type PrewarmedSocket } from './signaling-prewarm.js';
import { signalingUrl } from '../core/signaling-url.js';
import { TwilioPhoneBadCredentialsEvent, TwilioPhoneErrorEvent, TwilioPhoneStateChangeEvent } from '../events.js';
import { loadSdk, missingVoiceSupport, type VoiceHost } from './voice-device.js';
import type { DeviceHooks, SessionDevice, SessionPort } from './session-device.js';

/** What the session reads from its element: a token source and a Device recipe. */
export interface PhoneSessionHost extends VoiceHost {
  /** `single-tab`: the phone registers only once its tab leads (`claimRegistration`), so nothing ahead of the SDK. */
  singleTab?: boolean;
}

export interface SessionHooks extends DeviceHooks {
  /**
   * `single-tab`: resolves false when another tab leads; the session then stands by until `activate()`.
   * Rejects when the tab cannot tell (its code did not load): the session fails rather than registering.
   */
  claimRegistration?(identity: string): Promise<boolean>;
  /**
   * Told when the session asks for the SDK (the token is good): the host's lazy code can load beside it.
   * A promise returned is code the Device needs (the call view): awaited with the SDK, no extra round
   * trip; an error it resolves to fails the start as the SDK's own load does (`sdk-load-failed`).
   */
  beforeSdk?(): Promise<PhoneError | null> | void;
}

/** States that show `lastError`. */
const FAILED: ReadonlySet<PhoneState> = new Set(['bad-credentials', 'error']);
const noop = () => undefined;

export class DeviceSessionController implements ReactiveController {
  snapshot: PhoneSnapshot = { ...INITIAL_SNAPSHOT };
  lastError: PhoneError | null = null;

  #session = 0;
  #abort: AbortController | null = null;
  #lastErrorKey = '';
  /** The signaling socket opened at start() for the SDK, until the Device takes it or the start fails. */
  #prewarm: PrewarmedSocket | null = null;
  /** This start's Device code, once the SDK is here (kept while standing by) */
  #sdkDevice: SessionDevice | null = null;
  /** What `sdkDevice` reaches the session through. */
  private readonly port: SessionPort;

  constructor(
    private readonly host: PhoneSessionHost,
    private readonly hooks: SessionHooks = {},
  ) {
    host.addController(this);
    this.port = {
      host,
      hooks,
      feed: (input) => this.feed(input),
      reportError: (error, fatal) => this.reportError(error, fatal),
      obtainToken: async (afterExpiry) => {
        const signal = this.#abort?.signal;
        const result = signal ? await this.#obtainToken(signal, afterExpiry) : null;
        return result && { token: result.token, exp: result.claims.exp };
      },
    };
  }

  /** The SDK Device of the running session, if any. */
  get device(): Device | null {
    return this.#sdkDevice?.device ?? null;
  }

  hostDisconnected(): void {
    // Moving the element in the DOM disconnects and reconnects it in one task: keep the session then.
    queueMicrotask(() => {
      if (!this.host.isConnected) this.#teardown();
    });
  }

  /** Starts (or restarts) the session. Resolves once the attempt has settled into a state. */
  async start(): Promise<void> {
    this.#release();
    const id = this.#session;
    this.#abort = new AbortController();
    this.feed({ type: 'start' });
    // Before the token request and the SDK download: neither is of use to a browser without WebRTC.
    const unsupported = missingVoiceSupport(this.host.strings);
    if (unsupported) {
      const error = await unsupported;
      if (id === this.#session) this.feed({ type: 'fail', reason: 'unsupported-browser', error });
      return;
    }
    // Open the signaling connection (TCP + TLS + upgrade: 3 round trips) while the token is on its
    // way; the hand-written way opens it after the token. The SDK is asked for once the token is
    // here: its download ends before that socket opens, and a refused token downloads nothing.
    // An autostart phone the boot module saw before the tag was defined: its token request and
    // socket are already on their way (boot/phone-boot.ts); take them instead of starting others.
    const url = signalingUrl(this.host.signalingHost, this.host.edge);
    const boot = takeBootStart(this.host, url);
    const pendingToken = this.#obtainToken(this.#abort.signal, false, boot ? bootTokenFetch(boot) : undefined);
    this.#prewarm = boot ? boot.socket : prewarmSignaling(url);
    const token = await pendingToken;
    if (id !== this.#session) return;
    if (!token) return this.#dropPrewarm();
    // Register on that socket while the SDK downloads (not where another tab may lead instead). A
    // boot start's socket is registering already (boot.ts): then this does nothing.
    if (!this.host.singleTab) this.#prewarm?.listen(token.token);
    const needed = this.hooks.beforeSdk?.();
    // The SDK and the code that drives it (sdk-kit.ts), and the call view, side by side.
    const [load, neededError] = await Promise.all([loadSdk(), needed ?? null]);
    if (id !== this.#session) return;
    if (!load.ok) {
      this.#dropPrewarm();
      this.feed({ type: 'fail', reason: load.reason, error: load.error });
      return;
    }
    if (neededError) {
      this.#dropPrewarm();
      this.feed({ type: 'fail', reason: 'sdk-load-failed', error: neededError });
      return;
    }
    const sdkDevice = new load.kit.SessionDevice(load.Sdk, this.port, { token: token.token, exp: token.claims.exp });
    this.#sdkDevice = sdkDevice;
    if (this.hooks.claimRegistration) {
      let lead: boolean;
      try {
        lead = await this.hooks.claimRegistration(token.claims.identity ?? '');
      } catch (err) {
        if (id !== this.#session) return;
        this.#dropPrewarm();
        this.feed({ type: 'fail', reason: 'sdk-load-failed', error: { message: err instanceof Error ? err.message : String(err) } });
        return;
      }
      if (id !== this.#session) return;
      if (!lead) {
        this.#dropPrewarm(); // another tab registers: close the connection opened for this one
        this.feed({ type: 'standby' });
        return;
      }
    }
    const prewarm = this.#prewarm;
    this.#prewarm = null;
    await sdkDevice.register(prewarm);
  }

  /** `single-tab`: this tab leads now; register (with a fresh token if the kept one is close to expiry). */
  async activate(): Promise<void> {
    if (this.snapshot.state !== 'standby' || !this.#abort) return;
    await this.#sdkDevice?.activate();
  }

  /** `single-tab`: another tab leads; drop the Device and wait. */
  standBy(): void {
    if (this.#abort) this.feed({ type: 'standby' });
  }

  /** `single-tab`, lost the lead during a call: keep the call, take no new ones. */
  stopTakingCalls(): void {
    const device = this.device;
    if (device?.state === 'registered') device.unregister().catch(noop);
  }

  /** Stops the session: destroys the Device, back to `idle`. */
  stop(): void {
    this.#session++;
    this.#abort?.abort();
    this.#dropPrewarm();
    this.feed({ type: 'stop' });
    this.#dropSdkDevice();
  }

  /** Feeds the state machine; other controllers (calls) report through here. */
  feed(input: PhoneInput): void {
    const prev = this.snapshot;
    const t = reducePhone(prev, input);
    this.snapshot = t.snapshot;
    for (const effect of t.effects) this.#run(effect);
    const changed = prev.state !== t.snapshot.state;
    if (t.fatal && t.error) this.lastError = t.error;
    else if (changed && !FAILED.has(t.snapshot.state)) this.lastError = null;
    if (changed) {
      this.#lastErrorKey = '';
      this.host.requestUpdate();
      this.host.dispatchEvent(
        new TwilioPhoneStateChangeEvent({
          state: t.snapshot.state,
          previousState: prev.state,
          ...(t.reason ? { reason: t.reason } : {}),
          ...(t.fatal && t.error ? { error: t.error } : {}),
        }),
      );
    }
    if (t.badCredentials) this.host.dispatchEvent(new TwilioPhoneBadCredentialsEvent(t.badCredentials));
    if (t.error) this.reportError(t.error, !!t.fatal);
  }

  /**
   * Runs one effect of a transition. Exhaustive: a new `PhoneEffect` does not compile without its case here.
   * Each is about the Device: before the SDK is here there is none, and nothing to do.
   */
  #run(effect: PhoneEffect): void {
    const device = this.#sdkDevice;
    switch (effect) {
      case 'destroy-device':
        return device?.dropDevice();
      case 'refetch-token':
        return void device?.refresh(true);
      case 'recheck-registration':
        return void device?.recheckRegistration();
      case 'rebuild-device':
        return device?.rebuildDevice();
      default:
        return unhandled(effect);
    }
  }

  /** Dispatches `twilio-phone-error` unless the same code was reported in this state already. */
  reportError(error: PhoneError, fatal: boolean): void {
    const key = String(error.code ?? error.message);
    if (key === this.#lastErrorKey) return;
    this.#lastErrorKey = key;
    this.host.dispatchEvent(new TwilioPhoneErrorEvent({ error, fatal }));
  }

  /** A token from the host's source (core/token-source.ts), fed to the machine either way; null when there is none to use. */
  async #obtainToken(signal: AbortSignal, afterExpiry = false, fetchImpl?: typeof fetch) {
    const result = await obtainToken(this.host, signal, undefined, fetchImpl);
    if (!result) return null;
    if (!result.ok) {
      this.feed({ type: 'token-failed', failure: result.failure });
      return null;
    }
    this.feed({ type: 'token-received', afterExpiry });
    return result;
  }

  #dropPrewarm(): void {
    this.#prewarm?.release();
    this.#prewarm = null;
  }

  #dropSdkDevice(): void {
    this.#sdkDevice?.dispose();
    this.#sdkDevice = null;
  }

  /** Ends whatever the current session runs (fetch, Device, timers), without touching the state. */
  #release(): void {
    this.#session++;
    this.#abort?.abort();
    this.#abort = null;
    this.#dropPrewarm();
    this.#dropSdkDevice();
  }

  /** Silent teardown (element removed): no events, nothing left running. */
  #teardown(): void {
    this.#release();
    this.snapshot = { ...INITIAL_SNAPSHOT };
    this.lastError = null;
  }
}

/** The compiler's check that a switch over a union left no member out. */
function unhandled(value: never): never {
  throw new Error(`unhandled: ${String(value)}`);
}
