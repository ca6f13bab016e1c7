import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { DEFAULT_STATE_LABELS, STATE_TONES } from '../../core/phone-labels.js';
import { isPhoneState, type PhoneError, type PhoneState } from '../../core/phone-state.js';
import { RawDeviceWatcher, type DeviceLike } from '../../controllers/raw-device-watcher.js';
import type { TwilioPhoneStateChangeEvent } from '../../events.js';
import { deviceStatusStyles } from './device-status.styles.js';

/** What `<device-status>` needs of a phone: its state, its last error, and state-change events. */
interface PhoneLike extends HTMLElement {
  state: PhoneState;
  lastError?: PhoneError | null;
}

/**
 * @tagname device-status
 * @summary An accessible status badge for a `<twilio-phone>`, a raw SDK `Device`, or a state set directly.
 *
 * Source of the state, first match wins: the `device` property (a raw SDK Device),
 * the `<twilio-phone>` whose id is `for` (in the same root), the closest ancestor
 * `<twilio-phone>`, else the `state` attribute/property.
 *
 * @csspart base - the badge wrapper (carries `role="status"`)
 * @csspart indicator - the coloured dot
 * @csspart label - the state label
 * @csspart detail - code and message of `bad-credentials` / `error`
 *
 * @cssproperty --device-status-color - text colour
 * @cssproperty --device-status-background - badge background
 * @cssproperty --device-status-padding - badge padding
 * @cssproperty --device-status-radius - badge corner radius
 * @cssproperty --device-status-gap - space between dot and label
 * @cssproperty --device-status-indicator-size - dot size
 * @cssproperty --device-status-neutral-color - dot colour for `idle`
 * @cssproperty --device-status-progress-color - dot colour for `fetching-token` and `registering`
 * @cssproperty --device-status-success-color - dot colour for `ready`
 * @cssproperty --device-status-busy-color - dot colour for `busy`
 * @cssproperty --device-status-warning-color - dot colour for `offline`
 * @cssproperty --device-status-danger-color - dot colour for `bad-credentials` and `error`
 * @cssproperty --device-status-detail-color - colour of the error detail line
 */
export class DeviceStatus extends LitElement {
  static override styles = deviceStatusStyles;

  static override properties = {
    for: { type: String, reflect: true },
    state: { type: String, reflect: true },
    error: { attribute: false },
    labels: { attribute: false },
    device: { attribute: false },
  };

  /** id of a `<twilio-phone>` in the same root, like `<label for>`. */
  declare for: string;
  /** The state shown; set it directly when no phone or device is linked. Reflected. */
  declare state: PhoneState;
  /** Code and message shown under `bad-credentials` / `error` when the state is set directly. */
  declare error: PhoneError | null;
  /** Overrides for the state labels, e.g. `{ready: 'Online'}`. */
  declare labels: Partial<Record<PhoneState, string>>;
  /** A raw `@twilio/voice-sdk` Device to follow. */
  declare device: DeviceLike | null;

  private phone: PhoneLike | null = null;
  private watcher: RawDeviceWatcher | null = null;
  private rootListenerOn: Node | null = null;

  constructor() {
    super();
    this.for = '';
    this.state = 'idle';
    this.error = null;
    this.labels = {};
    this.device = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.link();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unlink();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Linking is idempotent: a `device` or `for` set after connecting but before the first update links too.
    if ((changed.has('for') || changed.has('device')) && this.isConnected) this.link();
    if (changed.has('state') && !isPhoneState(this.state)) this.state = 'idle';
  }

  private readonly onPhoneEvent = (event: Event) => {
    const e = event as TwilioPhoneStateChangeEvent;
    const target = e.composedPath()[0] as Element | undefined;
    if (this.device) return;
    if (!this.phone) {
      // `for` names a phone that was not in the root when we linked: adopt it now.
      if (!this.for || target?.id !== this.for) return;
      this.linkPhone(target as PhoneLike);
    } else if (target !== this.phone) {
      return;
    }
    this.showState(e.detail.state, e.detail.error ?? null);
  };

  private showState(state: PhoneState, error: PhoneError | null): void {
    this.state = state;
    this.error = state === 'bad-credentials' || state === 'error' ? error : null;
  }

  private link(): void {
    const wasLinked = !!(this.phone || this.watcher);
    this.unlink();
    if (this.device) {
      this.watcher = new RawDeviceWatcher(this.device, (state, error) => this.showState(state, error));
      this.showState(this.watcher.state, this.watcher.lastError);
      return;
    }
    const root = this.getRootNode() as Document | ShadowRoot;
    const phone = this.for
      ? (root.getElementById?.(this.for) as PhoneLike | null)
      : (this.closest('twilio-phone') as PhoneLike | null);
    if (phone) {
      this.linkPhone(phone);
      if (isPhoneState(phone.state)) this.showState(phone.state, phone.lastError ?? null);
      return;
    }
    // Unlinked from a phone or Device: its last state no longer describes anything.
    if (wasLinked) this.showState('idle', null);
    if (this.for) {
      root.addEventListener('twilio-phone-state-change', this.onPhoneEvent);
      this.rootListenerOn = root;
    }
  }

  private linkPhone(phone: PhoneLike): void {
    this.rootListenerOn?.removeEventListener('twilio-phone-state-change', this.onPhoneEvent);
    this.rootListenerOn = null;
    this.phone = phone;
    phone.addEventListener('twilio-phone-state-change', this.onPhoneEvent);
  }

  private unlink(): void {
    this.phone?.removeEventListener('twilio-phone-state-change', this.onPhoneEvent);
    this.rootListenerOn?.removeEventListener('twilio-phone-state-change', this.onPhoneEvent);
    this.watcher?.dispose();
    this.phone = null;
    this.rootListenerOn = null;
    this.watcher = null;
  }

  override render() {
    const state = this.state;
    const label = this.labels[state] ?? DEFAULT_STATE_LABELS[state];
    const showDetail = (state === 'bad-credentials' || state === 'error') && this.error;
    return html`<span part="base" role="status" aria-live="polite" data-tone=${STATE_TONES[state]}>
      <span part="indicator" aria-hidden="true"></span>
      <span part="label">${label}</span>
      ${showDetail
        ? html`<span part="detail">${this.error!.code !== undefined ? `${this.error!.code}: ` : ''}${this.error!.message}</span>`
        : nothing}
    </span>`;
  }
}
