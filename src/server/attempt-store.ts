/**
 * Attempt counting for the verify endpoint's rate limits. Small on purpose so other
 * backends (Redis: INCR + PEXPIRE NX) fit in a few lines.
 */
import { integerOption } from './options.js';

export interface AttemptStore {
  /** Records one attempt under `key` and returns the count in the current window, this one included. */
  hit(key: string, windowMs: number): Promise<number>;
  /** Forgets all attempts under `key`. */
  reset(key: string): Promise<void>;
  /**
   * Optional: records one attempt under each key in one step, all or none. The endpoints
   * no longer need it (they count the client before the identity); kept for stores that have it.
   */
  hitAll?(keys: string[], windowMs: number): Promise<number[]>;
}

/** The store could not count an attempt (not connected, no answer): the verify endpoint answers 503 and asks Twilio nothing. */
export class AttemptStoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AttemptStoreUnavailableError';
  }
}

export interface MemoryAttemptStoreOptions {
  /** Most keys held at once; past it the oldest window is forgotten first (default 100 000). */
  maxKeys?: number;
  /** How often expired windows are swept, in ms (default 60 000; the timer never keeps the process alive). */
  sweepIntervalMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Slot {
  count: number;
  resetAt: number;
}

/**
 * In-process fixed-window counter, bounded: each key's window starts with its first hit and
 * lasts `windowMs`; at most `maxKeys` keys (the oldest window is evicted first, so the
 * store's memory has a ceiling whatever a caller sends); expired windows are swept on a
 * timer, never on the request path, so a hit costs O(1) at any size.
 */
export class MemoryAttemptStore implements AttemptStore {
  // Insertion order is window-start order: a new window is re-inserted at the end.
  private readonly slots = new Map<string, Slot>();
  private readonly maxKeys: number;
  private readonly sweepIntervalMs: number;
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: MemoryAttemptStoreOptions | (() => number) = {}) {
    const o = typeof options === 'function' ? { now: options } : options;
    this.maxKeys = integerOption('MemoryAttemptStore', 'maxKeys', o.maxKeys, 100_000, 1, 100_000_000);
    this.sweepIntervalMs = integerOption('MemoryAttemptStore', 'sweepIntervalMs', o.sweepIntervalMs, 60_000, 100, 86_400_000);
    this.now = o.now ?? Date.now;
  }

  /** Keys held now (for monitoring and tests). */
  get size(): number {
    return this.slots.size;
  }

  async hit(key: string, windowMs: number): Promise<number> {
    const t = this.now();
    let slot = this.slots.get(key);
    if (!slot || slot.resetAt <= t) {
      if (slot) this.slots.delete(key);
      slot = { count: 0, resetAt: t + windowMs };
      this.slots.set(key, slot);
      if (this.slots.size > this.maxKeys) this.slots.delete(this.slots.keys().next().value!);
      this.startSweeping();
    }
    slot.count++;
    return slot.count;
  }

  async reset(key: string): Promise<void> {
    this.slots.delete(key);
  }

  /** Forgets every expired window now (the timer does this every `sweepIntervalMs`). */
  sweep(): void {
    const t = this.now();
    for (const [k, s] of this.slots) if (s.resetAt <= t) this.slots.delete(k);
    if (this.slots.size === 0) this.stop();
  }

  /** Stops the sweep timer (it restarts on the next hit). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private startSweeping(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.sweep(), this.sweepIntervalMs);
    (this.timer as { unref?: () => void }).unref?.();
  }
}
