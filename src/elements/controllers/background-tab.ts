/**
 * Keeps a phone in a background tab honest (issue 19):
 * - watches the page (Page Lifecycle `freeze`/`resume`, visibility, and a tick whose lateness
 *   reveals a pause no event reports) through the pure `observePage`, and feeds a suspicion to
 *   the phone's machine, which goes `offline` and re-registers before it says `ready` again;
 * - holds a Web Lock while the phone is registered, so Chrome does not freeze the tab (the
 *   single-tab leader's lock already does that);
 * - `notify`: a system notification for a call ringing while the tab is hidden;
 * - a hint after the browser paused the tab, since calls in that time were probably missed.
 * It is a lazy chunk, attached once the phone asks for the SDK (twilio-phone-background.ts); the
 * notification permission request stays there, eager, since it must run inside the click.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DEFAULT_LIVENESS_POLICY, initialLiveness, observePage, type LivenessPolicy, type LivenessSnapshot, type PageSignal } from '../core/page-liveness.js';
import type { PhoneState } from '../core/phone-state.js';
import type { PhoneCallStateChangeDetail } from '../events/call-events.js';
import type { DeviceSessionController } from './device-session.js';
import { HeldLock, uniqueLockSuffix, webLocksAvailable } from './web-lock.js';

export interface BackgroundHost extends ReactiveControllerHost, HTMLElement {
  notify: boolean;
  singleTab: boolean;
  /** advanced: tune the pause detection (see `LivenessPolicy`) */
  backgroundPolicy: Partial<LivenessPolicy>;
  readonly state: PhoneState;
}

/** The page's wording (the phone's `strings`) of the notification for a call from `from`. */
export type NotificationText = (from: string) => { title: string; body: string };

/** States in which the phone counts as registered, or working to get back to it. */
const REGISTERED_STATES: ReadonlySet<PhoneState> = new Set(['ready', 'busy', 'offline']);
const WATCHED_STATES: ReadonlySet<PhoneState> = new Set(['registering', 'ready', 'busy', 'offline']);
export const KEEP_AWAKE_LOCK_PREFIX = 'twilio-widgets/phone-awake/';

export class BackgroundTabController implements ReactiveController {
  /** how long the tab was paused, when that was seen: the phone shows a hint until dismissed */
  pausedHint: { pausedMs: number } | null = null;

  private liveness: LivenessSnapshot | null = null;
  private tickTimer: ReturnType<typeof setTimeout> | undefined;
  private tickChannel: MessageChannel | null = null;
  private readonly awake = new HeldLock(KEEP_AWAKE_LOCK_PREFIX + uniqueLockSuffix());
  private notification: Notification | null = null;
  private awakeWanted = false;
  private readonly onVisibility = () => {
    this.signal(document.visibilityState === 'hidden' ? 'hidden' : 'visible');
    if (document.visibilityState === 'visible') this.closeNotification();
  };
  private readonly onFreeze = () => this.signal('freeze');
  private readonly onResume = () => this.signal('resume');
  private readonly onCallState = (e: Event) => this.callStateChanged((e as CustomEvent<PhoneCallStateChangeDetail>).detail);

  constructor(
    private readonly host: BackgroundHost,
    private readonly session: DeviceSessionController,
    /** whether the single-tab leader's lock is this tab's (it keeps the tab awake already) */
    private readonly leading: () => boolean,
    private readonly notificationText: NotificationText,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
    document.addEventListener('freeze', this.onFreeze);
    document.addEventListener('resume', this.onResume);
    this.host.addEventListener('twilio-phone-call-state-change', this.onCallState);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    document.removeEventListener('freeze', this.onFreeze);
    document.removeEventListener('resume', this.onResume);
    this.host.removeEventListener('twilio-phone-call-state-change', this.onCallState);
    // Moved in the DOM (disconnected and connected in one task): the session, and so this, carry on.
    queueMicrotask(() => {
      if (this.host.isConnected) return;
      this.stopWatching();
      this.awakeWanted = false;
      this.awake.release();
      this.closeNotification();
    });
  }

  hostUpdated(): void {
    // Lit also updates a removed element: watching or a keep-awake lock started then would never stop.
    if (!this.host.isConnected) return;
    const state = this.host.state;
    if (WATCHED_STATES.has(state)) this.startWatching();
    else this.stopWatching();
    if (state === 'idle' || state === 'standby') this.pausedHint = null;
    // Registered (or reconnecting to it) since the last `ready`: keep the tab from being frozen.
    const wantAwake = REGISTERED_STATES.has(state) && this.session.snapshot.everReady && !this.leading();
    if (wantAwake === this.awakeWanted) return;
    this.awakeWanted = wantAwake;
    if (wantAwake && webLocksAvailable()) void this.awake.acquire('now');
    else this.awake.release();
  }

  dismissHint(): void {
    this.pausedHint = null;
    this.host.requestUpdate();
  }

  private policy(): LivenessPolicy {
    return { ...DEFAULT_LIVENESS_POLICY, ...this.host.backgroundPolicy };
  }

  private signal(type: PageSignal['type']): void {
    if (!this.liveness) return;
    const { snapshot, suspect } = observePage(this.liveness, { type, now: Date.now() }, this.policy());
    this.liveness = snapshot;
    if (!suspect) return;
    if (suspect.pausedMs !== null) {
      this.pausedHint = { pausedMs: suspect.pausedMs };
      this.host.requestUpdate();
    }
    this.session.feed({ type: 'suspect-unreachable', reason: suspect.reason });
  }

  private startWatching(): void {
    if (this.liveness) return;
    this.liveness = initialLiveness(Date.now(), document.visibilityState === 'hidden');
    // Each timeout is set from a message task, not from the previous timeout: Chrome's intensive
    // throttling (once a minute after 5 min hidden) only applies to chained timers.
    this.tickChannel = new MessageChannel();
    this.tickChannel.port1.onmessage = () => {
      this.signal('tick');
      this.scheduleTick();
    };
    this.scheduleTick();
  }

  private scheduleTick(): void {
    if (!this.tickChannel) return;
    const port = this.tickChannel.port2;
    this.tickTimer = setTimeout(() => port.postMessage(0), this.policy().tickMs);
  }

  private stopWatching(): void {
    clearTimeout(this.tickTimer);
    this.tickTimer = undefined;
    this.tickChannel?.port1.close();
    this.tickChannel?.port2.close();
    this.tickChannel = null;
    this.liveness = null;
  }

  private callStateChanged(detail: PhoneCallStateChangeDetail): void {
    if (detail.direction === 'incoming' && detail.callState === 'ringing') this.showNotification(detail.remote);
    else this.closeNotification();
  }

  private showNotification(from: string): void {
    if (!this.host.notify || document.visibilityState !== 'hidden' || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    this.closeNotification();
    try {
      const { title, body } = this.notificationText(from);
      const n = new Notification(title, { body, tag: 'twilio-phone-incoming', requireInteraction: true });
      n.onclick = () => {
        window.focus();
        n.close();
      };
      this.notification = n;
    } catch {
      // Chrome on Android only shows notifications from a service worker: the call still rings in the tab.
    }
  }

  private closeNotification(): void {
    this.notification?.close();
    this.notification = null;
  }
}
