/**
 * `single-tab` of `<twilio-phone>` loads only for a phone that has it: its chunk
 * (controllers/tab-leadership.ts with the Web Lock code) is asked for when the phone connects or
 * starts with the attribute, so it is here long before the token and the SDK are, and the session's
 * `claimRegistration` waits for it. A phone without `single-tab` never loads it.
 */
import type { ReactiveControllerHost } from 'lit';
import type { DeviceSessionController } from '../../controllers/device-session.js';
import type { TabLeadershipController } from '../../controllers/tab-leadership.js';
import type * as TabLeadershipModule from '../../controllers/tab-leadership.js';
import { loadOnce } from '../../controllers/load-once.js';

type TabLeadership = typeof TabLeadershipModule;

/** The `error` a phone reports when it cannot tell whether another tab has the phone. */
export const SINGLE_TAB_LOAD_FAILED = 'The single-tab code could not be loaded, so this tab does not register (it could ring beside another tab).';

/** Loads the chunk once; a failed load is tried again by the next start. */
const loadTabLeadership: () => Promise<TabLeadership> = loadOnce(() => import('../../controllers/tab-leadership.js'));

export class LazyLeadership {
  private real: TabLeadershipController | null = null;
  /** bumped by `leave()`: a claim still waiting for the chunk then claims nothing */
  private claims = 0;
  /** the chunk's loader (a test swaps it to reach a failed load) */
  private readonly load = loadTabLeadership;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly session: DeviceSessionController,
  ) {}

  /** Whether this tab holds the single-tab lock. */
  get leading(): boolean {
    return this.real?.leading ?? false;
  }

  /** Starts the chunk's download without waiting for it. */
  prefetch(): void {
    this.load().catch(() => undefined);
  }

  /**
   * The session's `claimRegistration`: true when this tab may register now, false when another
   * tab leads. Rejects when the chunk did not load: registering without the lock could ring in
   * two tabs, so the session fails instead (`error`, reason `sdk-load-failed`; Try again retries).
   */
  async claim(identity: string): Promise<boolean> {
    const claim = ++this.claims;
    let module: TabLeadership;
    try {
      module = await this.load();
    } catch {
      throw new Error(SINGLE_TAB_LOAD_FAILED);
    }
    // Left, or removed, while the chunk loaded: a lock taken now would have no one to let it go.
    if (claim !== this.claims || !this.host.isConnected) return false;
    this.real ??= new module.TabLeadershipController(this.host, this.session);
    return this.real.claim(identity);
  }

  /** The person chose this tab. Only a phone in `standby` offers it, and only the loaded controller puts it there. */
  takeOver(): void {
    this.real?.takeOver();
  }

  /** stop(), a start without `single-tab`, or removal: let go of the lock or the queued request. */
  leave(): void {
    this.claims++;
    this.real?.leave();
  }
}
