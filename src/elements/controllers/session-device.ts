/**
 * The phone session's SDK Device, from the moment the SDK is here: built from the recipe
 * (voice-device-recipe.ts), its events fed to the session's state machine, the registration
 * watchdog, token refresh, the registration check after a pause, rebuilding, and `single-tab`'s
 * activation. Nothing here runs before the token is good, so it loads with the SDK (sdk-kit.ts,
 * through `loadSdk()`), not with the element: the session (device-session.ts) keeps the state
 * machine, the token path and the DOM events, and reaches this code through `SessionDevice`.
 * One instance per start: `dispose()` when the session ends.
 */
import type { Call, Device } from '@twilio/voice-sdk';
import type { PhoneInput } from '../core/phone-machine.js';
import type { PhoneError } from '../core/phone-state.js';
import { decodeAccessToken } from '../core/jwt.js';
import { sdkErrorInput } from '../core/twilio-errors.js';
import { EARLY_LISTEN, type PrewarmedSocket } from './signaling-prewarm.js';
import type { VoiceSdk } from './voice-sdk-loader.js';
import type { VoiceHost } from './voice-device.js';
import { destroyDevice, deviceOptions } from './voice-device-recipe.js';
import { DeferredSounds } from './deferred-sounds.js';

/** What a session's Device needs from its session (DeviceSessionController). */
export interface SessionPort {
  readonly host: VoiceHost;
  readonly hooks: DeviceHooks;
  feed(input: PhoneInput): void;
  reportError(error: PhoneError, fatal: boolean): void;
  /** A token from the host's source, already fed to the machine; null when there is none to use (or the session ended). */
  obtainToken(afterExpiry?: boolean): Promise<{ token: string; exp: number } | null>;
}

/** The session's hooks that concern a Device. */
export interface DeviceHooks {
  onIncoming?(call: Call): void;
  onDeviceGone?(): void;
  /** ms a registration check may take before the Device is rebuilt (issue 19). */
  recheckTimeoutMs?(): number;
  /**
   * Told at every `registered`, after the state change: host code a registered phone uses later (the
   * pre-call test's chunk) loads now, not while it registers, where on a slow link its download
   * would share the way with the gateway's answers.
   */
  onRegistered?(): void;
}

const noop = () => undefined;
/** The longest the Device waits for the frames sent ahead of it (see `register`). */
const AHEAD_WAIT_MS = 250;

export class SessionDevice {
  device: Device | null = null;

  private disposed = false;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshing = false;
  private expiryPending = false;
  private detachDevice: () => void = noop;
  private recheckTimer: ReturnType<typeof setTimeout> | undefined;
  /** Devices rebuilt since the last `registered`: each waits twice as long (up to a minute) before the next */
  private rebuilds = 0;

  /** the token in use; kept for a Device created later (after standing by, or rebuilt after a freeze) */
  private token = '';

  constructor(
    private readonly Sdk: VoiceSdk,
    private readonly port: SessionPort,
    first: { token: string; exp: number },
  ) {
    this.useToken(first);
  }

  /** Builds the Device and registers it, on the socket opened at start() if there is one. */
  async register(prewarm: PrewarmedSocket | null): Promise<void> {
    // Registering ahead of the SDK on that socket (signaling-early-register.ts): build the Device
    // once `listen` and `register` went out (its open event may wait behind the SDK's evaluation,
    // `connected` behind the Device's construction), so the gateway's answers travel while the
    // Device is built. Not longer than the Device takes to build on a slow phone (about 200 ms):
    // past that, waiting costs more than it saves.
    const early = prewarm?.socket[EARLY_LISTEN];
    if (early) await Promise.race([early, new Promise((resolve) => setTimeout(resolve, AHEAD_WAIT_MS))]);
    if (this.disposed) prewarm?.release();
    else this.createDevice(this.token, true, prewarm);
  }

  /** `single-tab`: this tab leads now; register (with a fresh token if the kept one is close to expiry). */
  async activate(): Promise<void> {
    this.port.feed({ type: 'leader' });
    const kept = tokenStillGood(this.token);
    const fresh = kept ? null : await this.port.obtainToken();
    if (this.disposed || this.device || (!kept && !fresh)) return;
    if (kept) this.scheduleRefresh(kept.exp);
    else this.useToken(fresh!);
    this.createDevice(this.token);
  }

  /**
   * The page did not run for a while: prove the registration with a fresh `register` round trip
   * (unregister, register) on the open socket. No answer in time, and the Device is rebuilt.
   */
  async recheckRegistration(): Promise<void> {
    const device = this.device;
    if (!device) return;
    clearTimeout(this.recheckTimer);
    this.recheckTimer = setTimeout(() => this.port.feed({ type: 'recheck-failed' }), this.port.hooks.recheckTimeoutMs?.() ?? 5000);
    try {
      if (device.state === 'registered') await device.unregister();
      if (device === this.device && device.state === 'unregistered') await device.register();
    } catch {
      // the SDK refused (socket gone, state changed): the timer rebuilds the Device
    }
  }

  /** A new Device on the same token (fetched again if close to expiry); the session and its state stay. */
  rebuildDevice(): void {
    if (this.disposed) return;
    const token = this.device?.token ?? this.token;
    this.dropDevice();
    const kept = tokenStillGood(token);
    const create = () => {
      if (this.disposed || this.device) return;
      this.createDevice(this.token, false);
      // Still unproven: the new Device's `registered` ends the check; until then, rebuild again, backing off.
      clearTimeout(this.recheckTimer);
      const wait = Math.min(60_000, (this.port.hooks.recheckTimeoutMs?.() ?? 5000) * 2 ** this.rebuilds++);
      this.recheckTimer = setTimeout(() => this.port.feed({ type: 'recheck-failed' }), wait);
    };
    if (kept) {
      this.token = token;
      this.scheduleRefresh(kept.exp);
      create();
    } else {
      void this.port.obtainToken().then((fresh) => {
        if (!fresh || this.disposed || this.device) return;
        this.useToken(fresh);
        create();
      });
    }
  }

  /** A routine refresh, or (`afterExpiry`) a re-fetch because Twilio said the token expired. */
  async refresh(afterExpiry: boolean): Promise<void> {
    // An expiry re-fetch asked for during a routine refresh runs right after it, so it is never lost.
    this.expiryPending ||= afterExpiry;
    if (this.refreshing || !this.device || this.disposed) return;
    this.refreshing = true;
    try {
      do {
        const expiry = this.expiryPending;
        this.expiryPending = false;
        const fresh = await this.port.obtainToken(expiry);
        const device = this.device;
        if (!fresh || this.disposed || !device) return;
        this.useToken(fresh);
        device.updateToken(fresh.token);
        if (expiry && device.state === 'unregistered') {
          this.armWatchdog();
          device.register().catch(noop);
        }
      } while (this.expiryPending);
    } catch (err) {
      this.port.reportError({ message: `Token refresh failed: ${err instanceof Error ? err.message : String(err)}` }, false);
    } finally {
      this.refreshing = false;
      this.expiryPending = false;
    }
  }

  /** Destroys the Device (if any) and stops its timers; the session goes on (standby, rebuild). */
  dropDevice(): void {
    this.clearWatchdog();
    clearTimeout(this.recheckTimer);
    clearTimeout(this.refreshTimer);
    this.detachDevice();
    this.detachDevice = noop;
    const device = this.device;
    this.device = null;
    if (device) {
      this.port.hooks.onDeviceGone?.();
      destroyDevice(device);
    }
  }

  /** The session ended: nothing of it runs any more. */
  dispose(): void {
    this.disposed = true;
    this.dropDevice();
  }

  private useToken(fresh: { token: string; exp: number }): void {
    this.token = fresh.token;
    this.scheduleRefresh(fresh.exp);
  }

  private createDevice(token: string, watchdog = true, prewarm: PrewarmedSocket | null = null): void {
    const { port } = this;
    // Its sounds are built once it is registered (deferred-sounds.ts): most of its construction.
    const sounds = new DeferredSounds();
    const device = new this.Sdk.Device(token, {
      ...deviceOptions(port.host),
      // The SDK would silently ignore an invite while busy and leave the caller ringing;
      // take it, so CallSessionController.ring() rejects it and the caller hears busy.
      allowIncomingWhileBusy: true,
      tokenRefreshMs: 10000,
      // The SDK's constructor injection (IExtendedDeviceOptions.Sound in device.ts), not in Device.Options.
      ...({ Sound: sounds.Sound } as Device.Options),
    });
    sounds.attach(device);
    this.device = device;
    const onError = (error: unknown, call?: unknown) => {
      if (call) return; // call errors belong to the call controller
      port.feed(sdkErrorInput(error ?? {}));
    };
    const onRegistered = () => {
      this.clearWatchdog();
      clearTimeout(this.recheckTimer);
      this.rebuilds = 0;
      port.feed({ type: 'registered' });
      sounds.buildSoon();
      port.hooks.onRegistered?.();
    };
    const onUnregistered = () => port.feed({ type: 'unregistered' });
    const onTokenWillExpire = () => void this.refresh(false);
    const onIncoming = (call: Call) => port.hooks.onIncoming?.(call);
    device.on('error', onError);
    device.on('registered', onRegistered);
    device.on('unregistered', onUnregistered);
    device.on('tokenWillExpire', onTokenWillExpire);
    device.on('incoming', onIncoming);
    this.detachDevice = () => {
      sounds.dispose();
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
    if (prewarm) prewarm.handOver(register);
    else register();
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
    const timeoutMs = this.port.host.registerTimeout;
    if (!(timeoutMs > 0)) return;
    this.watchdog = setTimeout(() => this.port.feed({ type: 'watchdog', timeoutMs }), timeoutMs);
  }

  private clearWatchdog(): void {
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }
}

/** A kept token is reused for a later Device if it lives at least another minute; returns its claims then. */
function tokenStillGood(token: string): { exp: number } | null {
  const decoded = decodeAccessToken(token, Date.now() / 1000, 0);
  return decoded.ok && decoded.claims.exp * 1000 - Date.now() > 60_000 ? decoded.claims : null;
}
