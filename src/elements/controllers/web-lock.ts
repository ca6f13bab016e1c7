/**
 * One Web Lock (navigator.locks), held until released or stolen. Holding any
 * Web Lock also keeps Chrome from freezing the tab, which is why the phone
 * holds one while it is registered (the single-tab leader's lock doubles as it).
 */

export type LockRequest = 'now' | 'wait' | 'steal';

export function webLocksAvailable(): boolean {
  return typeof navigator !== 'undefined' && !!navigator.locks && typeof navigator.locks.request === 'function';
}

/** A name unique to this page, for locks that only keep the tab awake. */
export function uniqueLockSuffix(): string {
  return typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export class HeldLock {
  private ticket = 0;
  private letGo: (() => void) | null = null;
  private abort: AbortController | null = null;

  constructor(readonly name: string) {}

  get held(): boolean {
    return this.letGo !== null;
  }

  /**
   * Asks for the lock; resolves true once held, false when not granted (`now` and it was taken,
   * a released or superseded request). `onLost` runs if another request steals it later.
   * A new request supersedes (and drops) the previous one.
   */
  acquire(how: LockRequest, onLost: () => void = () => undefined): Promise<boolean> {
    this.release();
    const ticket = ++this.ticket;
    const abort = new AbortController();
    this.abort = abort;
    const options: LockOptions = how === 'now' ? { ifAvailable: true } : how === 'steal' ? { steal: true } : { signal: abort.signal };
    return new Promise<boolean>((resolve) => {
      let granted = false;
      navigator.locks
        .request(this.name, options, (lock) => {
          if (!lock || ticket !== this.ticket) {
            resolve(false);
            return undefined; // not ours any more: returning releases it at once
          }
          granted = true;
          resolve(true);
          return new Promise<void>((release) => {
            this.letGo = release;
          });
        })
        .catch(() => {
          // AbortError: the queued request was dropped, or another tab stole the held lock.
          const stolen = granted && ticket === this.ticket;
          if (ticket === this.ticket) this.letGo = null;
          resolve(false);
          if (stolen) onLost();
        });
    });
  }

  /** Lets go of the lock, or drops the queued request. */
  release(): void {
    this.ticket++;
    this.abort?.abort();
    this.abort = null;
    const letGo = this.letGo;
    this.letGo = null;
    letGo?.();
  }
}
