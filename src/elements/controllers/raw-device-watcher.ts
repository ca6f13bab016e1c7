/**
 * Follows a raw SDK `Device` (one the page created itself) with the same state
 * rules as `<twilio-phone>`: offline before ready plus an auth error is
 * `bad-credentials`. It only watches: it never destroys the page's Device.
 */
import { INITIAL_SNAPSHOT, reducePhone, type PhoneInput, type PhoneSnapshot } from '../core/phone-machine.js';
import type { PhoneError, PhoneState } from '../core/phone-state.js';
import { sdkErrorInput } from '../core/twilio-errors.js';

/** The part of the SDK's Device this needs (an EventEmitter with `state`). */
export interface DeviceLike {
  state?: string;
  isBusy?: boolean;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off?(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener?(event: string, listener: (...args: unknown[]) => void): unknown;
}

const FAILED: ReadonlySet<PhoneState> = new Set(['bad-credentials', 'error']);

export type WatchListener = (state: PhoneState, error: PhoneError | null) => void;

export class RawDeviceWatcher {
  private snapshot: PhoneSnapshot;
  private error: PhoneError | null = null;
  private readonly handlers: Array<[string, (...args: unknown[]) => void]>;

  constructor(
    private readonly device: DeviceLike,
    private readonly listener: WatchListener,
  ) {
    const registered = device.state === 'registered';
    this.snapshot =
      device.state === 'destroyed'
        ? { ...INITIAL_SNAPSHOT }
        : {
            ...INITIAL_SNAPSHOT,
            state: registered ? (device.isBusy ? 'busy' : 'ready') : 'registering',
            everReady: registered,
            registered,
            tokenFresh: !registered,
            inCall: !!device.isBusy,
          };
    const feed = (input: PhoneInput) => () => this.apply(input);
    this.handlers = [
      ['registered', () => this.onRegistered()],
      ['unregistered', feed({ type: 'unregistered' })],
      ['error', (err: unknown) => this.apply(sdkErrorInput(err ?? {}))],
      // A page that destroys its Device after bad credentials still wants to show why.
      ['destroyed', () => !FAILED.has(this.snapshot.state) && this.apply({ type: 'stop' })],
      ['incoming', (call: unknown) => this.watchCall(call)],
    ];
    for (const [name, fn] of this.handlers) device.on(name, fn);
  }

  get state(): PhoneState {
    return this.snapshot.state;
  }

  get lastError(): PhoneError | null {
    return this.error;
  }

  /** Calls the page places itself are followed too, when it hands them over via the SDK's events. */
  private watchCall(call: unknown): void {
    const c = call as DeviceLike | null;
    if (!c?.on) return;
    c.on('accept', () => this.apply({ type: 'call-active' }));
    for (const end of ['disconnect', 'cancel', 'reject']) c.on(end, () => this.apply({ type: 'call-idle' }));
  }

  /** The page owns the Device: after a failure it may update the token and register again. */
  private onRegistered(): void {
    if (FAILED.has(this.snapshot.state)) {
      this.snapshot = reducePhone(reducePhone(this.snapshot, { type: 'start' }).snapshot, { type: 'token-received' }).snapshot;
    }
    this.apply({ type: 'registered' });
  }

  private apply(input: PhoneInput): void {
    const before = this.snapshot.state;
    const t = reducePhone(this.snapshot, input);
    this.snapshot = t.snapshot;
    if (t.error && t.fatal) this.error = t.error;
    if (t.snapshot.state !== before) {
      if (!FAILED.has(t.snapshot.state)) this.error = null;
      this.listener(t.snapshot.state, this.error);
    }
  }

  dispose(): void {
    for (const [name, fn] of this.handlers) (this.device.off ?? this.device.removeListener)?.call(this.device, name, fn);
  }
}
