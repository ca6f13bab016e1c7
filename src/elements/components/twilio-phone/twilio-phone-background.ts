/**
 * Background-tab recovery of `<twilio-phone>` (pause detection, the keep-awake lock, notifications
 * for calls, the paused hint) loads when the phone asks for the SDK: it only matters once there is
 * a Device, so its chunk (controllers/background-tab.ts) downloads beside the SDK chunk's, off the
 * critical path. This stand-in is what the element holds until then. The notification permission
 * request stays here, eager: browsers show the prompt only inside the click that asked for it.
 */
import type { BackgroundHost, BackgroundTabController, NotificationText } from '../../controllers/background-tab.js';
import type * as BackgroundTabModule from '../../controllers/background-tab.js';
import type { DeviceSessionController } from '../../controllers/device-session.js';
import { loadOnce } from '../../controllers/load-once.js';

type BackgroundTab = typeof BackgroundTabModule;

/** Loads the chunk once; a failed load is tried again at the next start. */
const loadBackgroundTab: () => Promise<BackgroundTab> = loadOnce(() => import('../../controllers/background-tab.js'));

export class LazyBackground {
  private real: BackgroundTabController | null = null;
  /** the chunk's loader (a test swaps it to reach a failed load) */
  private readonly load = loadBackgroundTab;

  constructor(
    private readonly host: BackgroundHost,
    private readonly session: DeviceSessionController,
    /** whether this tab holds the single-tab lock (which keeps it awake already) */
    private readonly leading: () => boolean,
    private readonly notificationText: NotificationText,
  ) {}

  /**
   * Asks for the chunk and attaches its controller once here, in whatever state the phone is by
   * then (a phone `ready` before it arrived starts being watched then). A chunk that fails to load
   * leaves this start without pause detection, keep-awake lock or notifications: the phone works as
   * it would without them, and the next start asks again.
   */
  attach(): void {
    if (this.real) return;
    this.load().then(
      ({ BackgroundTabController }) => {
        if (this.real) return;
        this.real = new BackgroundTabController(this.host, this.session, this.leading, this.notificationText);
        // Start watching in the current state now, without re-rendering the phone: it shows nothing new
        // yet, and the chunk can arrive while the phone is registering, where a render delays `ready`.
        this.real.hostUpdated();
      },
      () => undefined,
    );
  }

  /** how long the tab was paused, when that was seen: the phone shows a hint until dismissed */
  get pausedHint(): { pausedMs: number } | null {
    return this.real?.pausedHint ?? null;
  }

  dismissHint(): void {
    this.real?.dismissHint();
  }

  /** Notification permission, or 'unsupported'. */
  get notificationPermission(): NotificationPermission | 'unsupported' {
    return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
  }

  /** Asks for notification permission; browsers only show the prompt during a user gesture. */
  async requestNotifications(): Promise<void> {
    if (this.notificationPermission !== 'default') return;
    try {
      await Notification.requestPermission();
    } catch {
      // an old callback-only implementation or a refused request: the permission stays as it is
    }
    this.host.requestUpdate();
  }
}
