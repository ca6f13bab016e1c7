/**
 * Attempt counting for the verify handler's rate limits. Small on purpose so other
 * backends (Redis: INCR + PEXPIRE NX) fit in a few lines.
 */
export interface AttemptStore {
  /** Records one attempt under `key` and returns the count in the current window, this one included. */
  hit(key: string, windowMs: number): Promise<number>;
  /** Forgets all attempts under `key`. */
  reset(key: string): Promise<void>;
  /**
   * Optional: records one attempt under each key in one step, all or none (the verify
   * endpoint counts the identity and the client together). Without it, `hit` is called per key.
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

interface Slot {
  count: number;
  resetAt: number;
}

/**
 * In-process fixed-window counter. Each key's window starts with its first hit and lasts
 * `windowMs`. Expired keys are swept lazily, so memory stays bounded by the active keys.
 */
export class MemoryAttemptStore implements AttemptStore {
  private readonly slots = new Map<string, Slot>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, windowMs: number): Promise<number> {
    const t = this.now();
    this.sweep(t);
    let slot = this.slots.get(key);
    if (!slot || slot.resetAt <= t) {
      slot = { count: 0, resetAt: t + windowMs };
      this.slots.set(key, slot);
    }
    slot.count++;
    return slot.count;
  }

  async reset(key: string): Promise<void> {
    this.slots.delete(key);
  }

  private sweep(t: number): void {
    if (t - this.lastSweep < 60_000 && this.slots.size < 10_000) return;
    this.lastSweep = t;
    for (const [k, s] of this.slots) if (s.resetAt <= t) this.slots.delete(k);
  }
}
