/**
 * Owns one SDK Device per start: token fetch (overlapped with opening the
 * signaling connection), the SDK's lazy load, registration raced against auth
 * errors and a watchdog, token refresh, and teardown. Every SDK event goes through the pure `reducePhone`; this class
 * only runs the effects and dispatches the DOM events. The token comes from
 * `obtainToken` and the Device from the recipe in voice-device.ts, as for the pre-call test.
 */
import type { ReactiveController } from 'lit';
import type { Call, Device } from '@twilio/voice-sdk';
import { INITIAL_SNAPSHOT, reducePhone, type PhoneEffect, type PhoneInput, type PhoneSnapshot } from '../core/phone-machine.js';
import type { PhoneError, PhoneState } from '../core/phone-state.js';
import { decodeAccessToken } from '../core/jwt.js';
import { obtainToken } from '../core/token-source.js';
import { bootTokenFetch, takeBootStart } from './boot-handover.js';
import { describeMissingCapabilities, type VoiceSupport } from '../core/voice-support.js';
import type { VoiceSdk } from './voice-sdk-loader.js';
import { prewarmSignaling, type PrewarmedSocket } from './signaling-prewarm.js';
import { signalingUrl } from '../core/signaling-url.js';
import { TwilioPhoneBadCredentialsEvent, TwilioPhoneErrorEvent, TwilioPhoneStateChangeEvent } from '../events.js';
import { destroyDevice, deviceOptions, loadSdk, missingVoiceSupport, type VoiceHost } from './voice-device.js';

/** What the session reads from its element: a token source and a Device recipe. */
export type PhoneSessionHost = VoiceHost;

export interface SessionHooks {
  onIncoming?(call: Call): void;
  onDeviceGone?(): void;
  /**
   * `single-tab`: resolves false when another tab leads; the session then stands by until `activate()`.
   * Rejects when the tab cannot tell (its code did not load): the session fails rather than registering.
   */
  claimRegistration?(identity: string): Promise<boolean>;
  /** ms a registration check may take before the Device is rebuilt (issue 19). */
  recheckTimeoutMs?(): number;
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
  device: Device | null = null;

  private session = 0;
  private abort: AbortController | null = null;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshing = false;
  private expiryPending = false;
  private lastErrorKey = '';
  private detachDevice: () => void = noop;
  /** The signaling socket opened at start() for the SDK, until the Device takes it or the start fails. */
  private prewarm: PrewarmedSocket | null = null;
  /** kept for a Device created later: after standing by, or rebuilt after a freeze */
  private sdk: VoiceSdk | null = null;
  private token = '';
  private recheckTimer: ReturnType<typeof setTimeout> | undefined;
  /** Devices rebuilt since the last `registered`: each waits twice as long (up to a minute) before the next */
  private rebuilds = 0;

  /** The page's wording for a browser that cannot run Voice (its `strings`), else the English default. */
  unsupportedMessage: (support: VoiceSupport) => string = (support) => describeMissingCapabilities(support);

  constructor(
    private readonly host: PhoneSessionHost,
    private readonly hooks: SessionHooks = {},
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    // Moving the element in the DOM disconnects and reconnects it in one task: keep the session then.
    queueMicrotask(() => {
      if (!this.host.isConnected) this.teardown();
    });
  }

  /** Starts (or restarts) the session. Resolves once the attempt has settled into a state. */
  async start(): Promise<void> {
    this.release();
    const id = this.session;
    this.abort = new AbortController();
    this.feed({ type: 'start' });
    // Before the token request and the SDK download: neither is of use to a browser without WebRTC.
    const unsupported = missingVoiceSupport(this.unsupportedMessage);
    if (unsupported) {
      this.feed({ type: 'fail', reason: 'unsupported-browser', error: unsupported });
      return;
    }
    // Open the signaling connection (TCP + TLS + upgrade: 3 round trips) while the token is on its
    // way; the hand-written way opens it after the token. The SDK is asked for once the token is
    // here: its download ends before that socket opens, and a refused token downloads nothing.
    // An autostart phone the boot module saw before the tag was defined: its token request and
    // socket are already on their way (boot/phone-boot.ts); take them instead of starting others.
    const url = signalingUrl(this.host.signalingHost, this.host.edge);
    const { tokenUrl, tokenMethod, tokenRequest, fetchToken } = this.host;
    const boot = takeBootStart(this.host, { tokenUrl, tokenMethod, tokenRequest, fetchToken, signalingUrl: url });
    const pendingToken = this.obtainToken(this.abort.signal, false, boot ? bootTokenFetch(boot) : undefined);
    this.prewarm = boot ? boot.socket : prewarmSignaling(url);
    const token = await pendingToken;
    if (id !== this.session) return;
    if (!token) return this.dropPrewarm();
    const needed = this.hooks.beforeSdk?.();
    const [load, neededError] = await Promise.all([loadSdk(), needed ?? null]);
    if (id !== this.session) return;
    if (!load.ok) {
      this.dropPrewarm();
      this.feed({ type: 'fail', reason: load.reason, error: load.error });
      return;
    }
    if (neededError) {
      this.dropPrewarm();
      this.feed({ type: 'fail', reason: 'sdk-load-failed', error: neededError });
      return;
    }
    const Sdk = load.Sdk;
    this.sdk = Sdk;
    this.token = token;
    if (this.hooks.claimRegistration) {
      let lead: boolean;
      try {
        lead = await this.hooks.claimRegistration(decodeIdentity(token));
      } catch (err) {
        if (id !== this.session) return;
        this.dropPrewarm();
        this.feed({ type: 'fail', reason: 'sdk-load-failed', error: { message: err instanceof Error ? err.message : String(err) } });
        return;
      }
      if (id !== this.session) return;
      if (!lead) {
        this.dropPrewarm(); // another tab registers: close the connection opened for this one
        this.feed({ type: 'standby' });
        return;
      }
    }
    this.createDevice(Sdk, token);
  }

  /** `single-tab`: this tab leads now; register (with a fresh token if the kept one is close to expiry). */
  async activate(): Promise<void> {
    if (this.snapshot.state !== 'standby' || !this.sdk || !this.abort) return;
    const id = this.session;
    this.feed({ type: 'leader' });
    const kept = tokenStillGood(this.token);
    const token = kept ? this.token : await this.obtainToken(this.abort.signal);
    if (!token || id !== this.session || this.device) return;
    if (kept) this.scheduleRefresh(kept.exp);
    this.token = token;
    this.createDevice(this.sdk, token);
  }

  /** `single-tab`: another tab leads; drop the Device and wait. */
  standBy(): void {
    if (this.abort) this.feed({ type: 'standby' });
  }

  /** `single-tab`, lost the lead during a call: keep the call, take no new ones. */
  stopTakingCalls(): void {
    if (this.device?.state === 'registered') this.device.unregister().catch(noop);
  }

  /** Stops the session: destroys the Device, back to `idle`. */
  stop(): void {
    this.token = '';
    this.session++;
    this.abort?.abort();
    this.dropPrewarm();
    this.feed({ type: 'stop' });
  }

  /** Feeds the state machine; other controllers (calls) report through here. */
  feed(input: PhoneInput): void {
    const prev = this.snapshot;
    const t = reducePhone(prev, input);
    this.snapshot = t.snapshot;
    for (const effect of t.effects) this.run(effect);
    const changed = prev.state !== t.snapshot.state;
    if (t.fatal && t.error) this.lastError = t.error;
    else if (changed && !FAILED.has(t.snapshot.state)) this.lastError = null;
    if (changed) {
      this.lastErrorKey = '';
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

  /** Runs one effect of a transition. Exhaustive: a new `PhoneEffect` does not compile without its case here. */
  private run(effect: PhoneEffect): void {
    switch (effect) {
      case 'destroy-device':
        return this.dropDevice();
      case 'refetch-token':
        return void this.refresh(true);
      case 'recheck-registration':
        return void this.recheckRegistration();
      case 'rebuild-device':
        return this.rebuildDevice();
      default:
        return unhandled(effect);
    }
  }

  /** Dispatches `twilio-phone-error` unless the same code was reported in this state already. */
  reportError(error: PhoneError, fatal: boolean): void {
    const key = String(error.code ?? error.message);
    if (key === this.lastErrorKey) return;
    this.lastErrorKey = key;
    this.host.dispatchEvent(new TwilioPhoneErrorEvent({ error, fatal }));
  }

  /** A token from the host's source (core/token-source.ts), fed to the machine either way; null when there is none to use. */
  private async obtainToken(signal: AbortSignal, afterExpiry = false, fetchImpl?: typeof fetch): Promise<string | null> {
    const result = await obtainToken(this.host, signal, undefined, fetchImpl);
    if (!result) return null;
    if (!result.ok) {
      this.feed({ type: 'token-failed', failure: result.failure });
      return null;
    }
    this.feed({ type: 'token-received', afterExpiry });
    this.scheduleRefresh(result.claims.exp);
    return result.token;
  }

  /**
   * The page did not run for a while: prove the registration with a fresh `register` round trip
   * (unregister, register) on the open socket. No answer in time, and the Device is rebuilt.
   */
  private async recheckRegistration(): Promise<void> {
    const device = this.device;
    if (!device) return;
    clearTimeout(this.recheckTimer);
    this.recheckTimer = setTimeout(() => this.feed({ type: 'recheck-failed' }), this.hooks.recheckTimeoutMs?.() ?? 5000);
    try {
      if (device.state === 'registered') await device.unregister();
      if (device === this.device && device.state === 'unregistered') await device.register();
    } catch {
      // the SDK refused (socket gone, state changed): the timer rebuilds the Device
    }
  }

  /** A new Device on the same token (fetched again if close to expiry); the session and its state stay. */
  private rebuildDevice(): void {
    const Sdk = this.sdk;
    if (!Sdk || !this.abort) return;
    const token = this.device?.token ?? this.token;
    const id = this.session;
    this.dropDevice();
    const kept = tokenStillGood(token);
    const create = (t: string) => {
      if (id !== this.session || this.device) return;
      if (t === token && kept) this.scheduleRefresh(kept.exp);
      this.token = t;
      this.createDevice(Sdk, t, false);
      // Still unproven: the new Device's `registered` ends the check; until then, rebuild again, backing off.
      clearTimeout(this.recheckTimer);
      const wait = Math.min(60_000, (this.hooks.recheckTimeoutMs?.() ?? 5000) * 2 ** this.rebuilds++);
      this.recheckTimer = setTimeout(() => this.feed({ type: 'recheck-failed' }), wait);
    };
    if (kept) create(token);
    else void this.obtainToken(this.abort.signal).then((t) => t && create(t));
  }

  private createDevice(Sdk: VoiceSdk, token: string, watchdog = true): void {
    const device = new Sdk.Device(token, {
      ...deviceOptions(this.host),
      // The SDK would silently ignore an invite while busy and leave the caller ringing;
      // take it, so CallSessionController.ring() rejects it and the caller hears busy.
      allowIncomingWhileBusy: true,
      tokenRefreshMs: 10000,
    });
    this.device = device;
    const onError = (error: unknown, call?: unknown) => {
      if (call) return; // call errors belong to the call controller
      this.feed({ type: 'sdk-error', error: error ?? {} });
    };
    const onRegistered = () => {
      this.clearWatchdog();
      clearTimeout(this.recheckTimer);
      this.rebuilds = 0;
      this.feed({ type: 'registered' });
    };
    const onUnregistered = () => this.feed({ type: 'unregistered' });
    const onTokenWillExpire = () => void this.refresh(false);
    const onIncoming = (call: Call) => this.hooks.onIncoming?.(call);
    device.on('error', onError);
    device.on('registered', onRegistered);
    device.on('unregistered', onUnregistered);
    device.on('tokenWillExpire', onTokenWillExpire);
    device.on('incoming', onIncoming);
    this.detachDevice = () => {
      device.off('error', onError);
      device.off('registered', onRegistered);
      device.off('unregistered', onUnregistered);
      device.off('tokenWillExpire', onTokenWillExpire);
      device.off('incoming', onIncoming);
    };
    // A rebuilt Device reconnects on its own (the SDK's backoff) while the phone says `offline`.
    if (watchdog) this.armWatchdog();
    // register() rejects with `undefined` on a `close` frame and may never settle
    // otherwise (SDK issue #445): the events and the watchdog decide, not this promise.
    // It constructs its socket synchronously: that is when it takes the prewarmed one.
    const register = () => void device.register().catch(noop);
    if (this.prewarm) this.prewarm.handOver(register);
    else register();
    this.prewarm = null;
  }

  private dropPrewarm(): void {
    this.prewarm?.release();
    this.prewarm = null;
  }

  private async refresh(afterExpiry: boolean): Promise<void> {
    // An expiry re-fetch asked for during a routine refresh runs right after it, so it is never lost.
    this.expiryPending ||= afterExpiry;
    if (this.refreshing || !this.device || !this.abort) return;
    this.refreshing = true;
    const id = this.session;
    try {
      do {
        const expiry = this.expiryPending;
        this.expiryPending = false;
        const token = await this.obtainToken(this.abort.signal, expiry);
        const device = this.device;
        if (!token || id !== this.session || !device) return;
        device.updateToken(token);
        this.token = token;
        if (expiry && device.state === 'unregistered') {
          this.armWatchdog();
          device.register().catch(noop);
        }
      } while (this.expiryPending);
    } catch (err) {
      this.reportError({ message: `Token refresh failed: ${err instanceof Error ? err.message : String(err)}` }, false);
    } finally {
      this.refreshing = false;
      this.expiryPending = false;
    }
  }

  /** Fallback for the SDK's `tokenWillExpire`, which may fire only once (SDK issue #93). */
  private scheduleRefresh(expSeconds: number): void {
    clearTimeout(this.refreshTimer);
    const remaining = expSeconds * 1000 - Date.now();
    const lead = Math.min(10000, remaining / 2);
    this.refreshTimer = setTimeout(() => void this.refresh(false), Math.max(1000, remaining - lead - 2000));
  }

  private armWatchdog(): void {
    this.clearWatchdog();
    const timeoutMs = this.host.registerTimeout;
    if (!(timeoutMs > 0)) return;
    this.watchdog = setTimeout(() => this.feed({ type: 'watchdog', timeoutMs }), timeoutMs);
  }

  private clearWatchdog(): void {
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }

  private dropDevice(): void {
    this.clearWatchdog();
    clearTimeout(this.recheckTimer);
    clearTimeout(this.refreshTimer);
    this.detachDevice();
    this.detachDevice = noop;
    const device = this.device;
    this.device = null;
    if (device) {
      this.hooks.onDeviceGone?.();
      destroyDevice(device);
    }
  }

  /** Ends whatever the current session runs (fetch, Device, timers), without touching the state. */
  private release(): void {
    this.token = '';
    this.rebuilds = 0;
    this.session++;
    this.abort?.abort();
    this.abort = null;
    this.dropPrewarm();
    this.dropDevice();
  }

  /** Silent teardown (element removed): no events, nothing left running. */
  private teardown(): void {
    this.release();
    this.snapshot = { ...INITIAL_SNAPSHOT };
    this.lastError = null;
  }
}

/** The compiler's check that a switch over a union left no member out. */
function unhandled(value: never): never {
  throw new Error(`unhandled: ${String(value)}`);
}

function decodeIdentity(token: string): string {
  const decoded = decodeAccessToken(token, Date.now() / 1000);
  return decoded.ok ? (decoded.claims.identity ?? '') : '';
}

/** A kept token is reused for a later Device if it lives at least another minute; returns its claims then. */
function tokenStillGood(token: string): { exp: number } | null {
  const decoded = decodeAccessToken(token, Date.now() / 1000, 0);
  return decoded.ok && decoded.claims.exp * 1000 - Date.now() > 60_000 ? decoded.claims : null;
}
