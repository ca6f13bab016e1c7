import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { DEFAULT_STATE_LABELS, STATE_TONES } from '../../core/phone-labels.js';
import { swapCustomState, swapCustomStateIn } from '../../dom/custom-states.js';
import { internalsOf } from '../../dom/internals.js';
import { defineElement } from '../../dom/define.js';
import { problemKind } from '../../core/phone-problems.js';
import { describeError, isPhoneState, type PhoneError, type PhoneState } from '../../core/phone-state.js';
import { RawDeviceWatcher, type DeviceLike } from '../../controllers/raw-device-watcher.js';
import type { TwilioPhoneStateChangeEvent } from '../../events.js';
import { QUALITY_LEVEL_STRINGS, type QualityLevelStrings } from '../../core/quality-labels.js';
import { deviceStatusStyles } from './device-status.styles.js';
import { follow, unfollow } from './phone-followers.js';
import { CallQualityFollower } from './call-quality-follower.js';

/** Every visible string of `<device-status>`: the label of each phone state, and the call quality indicator's. Override any through the `strings` property. */
export type DeviceStatusStrings = Record<PhoneState, string> & QualityLevelStrings & typeof BADGE_NOTE_STRINGS;

/** What the badge says instead of the state while a linked phone rings, tests its connection, or waits for a sign-in. */
const BADGE_NOTE_STRINGS = {
  /** `{from}` is the caller */
  incomingCall: 'Incoming call from {from}',
  testingConnection: 'Testing the connection…',
  /** the phone's token URL answered 401: the site's sign-in, not Twilio's credentials */
  signIn: 'Sign in to use the phone',
};

/** The English defaults of `DeviceStatusStrings`. */
export const DEVICE_STATUS_STRINGS: Readonly<DeviceStatusStrings> = Object.freeze({ ...DEFAULT_STATE_LABELS, ...QUALITY_LEVEL_STRINGS, ...BADGE_NOTE_STRINGS });

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
 * The current state is also exposed as a CSS custom state named after it, so a page can
 * style the host without reading attributes: `device-status:state(ready)`.
 *
 * @cssstate idle - no phone or Device linked, or it has not started
 * @cssstate fetching-token - the phone is getting an access token
 * @cssstate registering - the phone is registering with Twilio
 * @cssstate ready - registered: calls can be made and received
 * @cssstate busy - in a call
 * @cssstate offline - the connection to Twilio dropped, or the tab was paused; reconnecting
 * @cssstate standby - `single-tab`: the phone is active in another tab of this site
 * @cssstate bad-credentials - Twilio or the token URL refused the credentials
 * @cssstate error - stopped on another fatal error
 *
 * @csspart base - the badge wrapper (carries `role="status"`)
 * @csspart indicator - the coloured dot
 * @csspart label - the state label
 * @csspart detail - `bad-credentials` / `error`: the code (following a phone, which shows the words), or code and message (state set by the page)
 * @csspart quality - while the linked phone has a call up: its quality (`data-level`: excellent, great, good, fair, degraded, measuring)
 * @csspart quality-bars - five bars (decoration; the label says the level)
 * @csspart quality-label - "Call quality: good"
 *
 * @cssproperty --device-status-color - text colour
 * @cssproperty --device-status-background - badge background
 * @cssproperty --device-status-padding - badge padding
 * @cssproperty --device-status-radius - badge corner radius
 * @cssproperty --device-status-gap - space between dot and label
 * @cssproperty --device-status-indicator-size - dot size
 * @cssproperty --device-status-neutral-color - dot colour for `idle` and `standby`
 * @cssproperty --device-status-progress-color - dot colour for `fetching-token` and `registering`
 * @cssproperty --device-status-success-color - dot colour for `ready`
 * @cssproperty --device-status-busy-color - dot colour for `busy`
 * @cssproperty --device-status-warning-color - dot colour for `offline`
 * @cssproperty --device-status-danger-color - dot colour for `bad-credentials` and `error`
 * @cssproperty --device-status-detail-color - colour of the error detail line
 * @cssproperty --device-status-quality-good-color - quality bars for excellent, great and good
 * @cssproperty --device-status-quality-fair-color - quality bars for fair
 * @cssproperty --device-status-quality-poor-color - quality bars for degraded
 */
export class DeviceStatus extends LitElement {
  static override styles = deviceStatusStyles;

  /**
   * Registers the element as `<device-status>` in `registry` (default: the global `customElements`),
   * unless the name is taken there. The class module (`twilio-widgets/device-status.component.js`)
   * registers nothing by itself.
   */
  static define(registry?: CustomElementRegistry): void {
    defineElement('device-status', this, registry);
  }

  static override properties = {
    for: { type: String, reflect: true },
    // Own accessor (below): a followed phone's state change can skip Lit's update cycle.
    state: { type: String, reflect: true, noAccessor: true },
    error: { attribute: false },
    strings: { attribute: false },
    device: { attribute: false },
  };

  /** id of a `<twilio-phone>` in the same root, like `<label for>`. */
  declare for: string;
  /** The state shown; set it directly when no phone or device is linked. Reflected. */
  get state(): PhoneState {
    return this.currentState;
  }
  set state(value: PhoneState) {
    const old = this.currentState;
    this.currentState = value;
    this.requestUpdate('state', old);
  }
  /** Code and message shown under `bad-credentials` / `error` when the state is set directly. */
  declare error: PhoneError | null;
  /** Overrides for any visible string (the state labels), e.g. `{ready: 'En ligne'}`; see `DEVICE_STATUS_STRINGS`. */
  declare strings: Partial<DeviceStatusStrings>;
  /** A raw `@twilio/voice-sdk` Device to follow. */
  declare device: DeviceLike | null;

  private currentState!: PhoneState;
  private shownState: PhoneState | null = null;
  private shownTone = '';
  private shownLabel = '';
  private baseEl: HTMLElement | null = null;
  private labelText: Text | null = null;
  /** the host's custom states, looked up once (first paint) */
  private states: CustomStateSet | null = null;
  private phone: PhoneLike | null = null;
  private watcher: RawDeviceWatcher | null = null;
  private rootListenerOn: Node | null = null;
  private waitingFor: MutationObserver | null = null;
  private readonly callQuality = new CallQualityFollower(this);
  /** a linked phone's moment that says more than its state: ringing, testing, signed out */
  private note: { key: 'incomingCall' | 'testingConnection' | 'signIn'; from?: string } | null = null;
  private signedOut = false;

  constructor() {
    super();
    this.for = '';
    this.state = 'idle';
    this.error = null;
    this.strings = {};
    this.device = null;
  }

  /**
   * Alias of `strings`, kept for pages written before it: the state labels, e.g. `{ready: 'Online'}`.
   * @deprecated Use `strings`.
   */
  get labels(): Partial<DeviceStatusStrings> {
    return this.strings;
  }
  set labels(value: Partial<DeviceStatusStrings>) {
    this.strings = value;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.link();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unlink();
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    // The state written directly by showState() comes back here: the property already says it.
    if (name === 'state' && value === this.currentState) return;
    super.attributeChangedCallback(name, old, value);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Linking is idempotent: a `device` or `for` set after connecting but before the first update links too.
    if ((changed.has('for') || changed.has('device')) && this.isConnected) this.link();
    if (changed.has('state') && !isPhoneState(this.state)) this.state = 'idle';
  }

  private readonly onPhoneEvent = (event: Event) => {
    const e = event as TwilioPhoneStateChangeEvent;
    // The phone dispatches on itself, so the target is the phone (retargeted into this root, if any).
    const target = e.target as Element | null;
    if (this.device) return;
    if (!this.phone) {
      // `for` names a phone that was not in the root when we linked: adopt it now.
      if (!this.for || target?.id !== this.for) return;
      this.linkPhone(target as PhoneLike);
    } else if (target !== this.phone) {
      return;
    }
    this.signedOut = e.detail.state === 'bad-credentials' && problemKind(e.detail.state, e.detail.reason, e.detail.error ?? null) === 'sign-in';
    this.showState(e.detail.state, e.detail.error ?? null);
  };

  private readonly onCallState = (event: Event): void => {
    const { callState, direction, remote } = (event as CustomEvent<{ callState: string; direction: string; remote: string }>).detail;
    this.note = direction === 'incoming' && callState === 'ringing' ? { key: 'incomingCall', from: remote } : null;
    this.requestUpdate();
  };

  private readonly onPreflightState = (event: Event): void => {
    const { state } = (event as CustomEvent<{ state: string }>).detail;
    this.note = state === 'connecting' || state === 'measuring' ? { key: 'testingConnection' } : null;
    this.requestUpdate();
  };

  private showState(state: PhoneState, error: PhoneError | null): void {
    const shown = state === 'bad-credentials' || state === 'error' ? error : null;
    // One phone may be followed by hundreds of badges: when only the label, the tone and the state
    // change (no error detail before or after, nothing else pending), each badge writes them now
    // instead of queuing a Lit update (a microtask, a promise and a template diff per badge).
    if (!shown && !this.error && this.hasUpdated && !this.isUpdatePending && isPhoneState(state)) {
      if (state === this.currentState) return this.paint();
      this.currentState = state;
      // Reflect as Lit would; its attributeChangedCallback then finds the property already equal.
      this.setAttribute('state', state);
      return this.paint();
    }
    this.state = state;
    this.error = shown;
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
    const phone = this.for ? (root.getElementById?.(this.for) as PhoneLike | null) : (this.closest('twilio-phone') as PhoneLike | null);
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
      // The phone may be added later, already in a state (e.g. moved in): watch the root until it is.
      this.waitingFor = new MutationObserver(() => {
        const late = root.getElementById?.(this.for) as PhoneLike | null;
        if (!late) return;
        this.linkPhone(late);
        if (isPhoneState(late.state)) this.showState(late.state, late.lastError ?? null);
      });
      this.waitingFor.observe(root, { childList: true, subtree: true });
    }
  }

  private linkPhone(phone: PhoneLike): void {
    this.rootListenerOn?.removeEventListener('twilio-phone-state-change', this.onPhoneEvent);
    this.rootListenerOn = null;
    this.waitingFor?.disconnect();
    this.waitingFor = null;
    this.phone = phone;
    follow(phone, this.onPhoneEvent);
    phone.addEventListener('twilio-phone-call-state-change', this.onCallState);
    phone.addEventListener('twilio-phone-preflight-state-change', this.onPreflightState);
    this.callQuality.follow(phone);
  }

  private unlink(): void {
    if (this.phone) {
      unfollow(this.phone, this.onPhoneEvent);
      this.phone.removeEventListener('twilio-phone-call-state-change', this.onCallState);
      this.phone.removeEventListener('twilio-phone-preflight-state-change', this.onPreflightState);
    }
    this.note = null;
    this.signedOut = false;
    this.rootListenerOn?.removeEventListener('twilio-phone-state-change', this.onPhoneEvent);
    this.waitingFor?.disconnect();
    this.waitingFor = null;
    this.watcher?.dispose();
    this.callQuality.follow(null);
    this.phone = null;
    this.rootListenerOn = null;
    this.watcher = null;
  }

  protected override firstUpdated(): void {
    this.baseEl = this.renderRoot.querySelector('[part="base"]');
    this.labelText = this.renderRoot.querySelector('[part="label"]')!.appendChild(document.createTextNode(''));
  }

  protected override updated(): void {
    this.paint();
  }

  /**
   * Writes the label, the tone and the custom state; not bound in render(): one phone may be followed by
   * hundreds of badges, and a state change then costs each badge these writes, not a template diff.
   */
  private paint(): void {
    const state = this.currentState;
    const note = this.note && (this.note.key === 'incomingCall' ? state === 'busy' : state === 'ready' || state === 'idle') ? this.note : null;
    const label = note
      ? this.text(note.key).replace('{from}', () => note.from ?? '')
      : this.signedOut && state === 'bad-credentials'
        ? this.text('signIn')
        : this.text(state);
    if (this.labelText && this.shownLabel !== label) this.labelText.data = this.shownLabel = label;
    const tone = STATE_TONES[state];
    // setAttribute, not dataset: no DOMStringMap name conversion on each of hundreds of badges
    if (this.baseEl && this.shownTone !== tone) this.baseEl.setAttribute('data-tone', (this.shownTone = tone));
    if (this.shownState === state) return;
    this.states ??= internalsOf(this)?.states ?? null;
    if (this.states) swapCustomStateIn(this, this.states, this.shownState, state);
    else swapCustomState(this, this.shownState, state);
    this.shownState = state;
  }

  private text(key: keyof DeviceStatusStrings): string {
    return this.strings?.[key] ?? DEVICE_STATUS_STRINGS[key];
  }

  override render() {
    const state = this.state;
    const showDetail = (state === 'bad-credentials' || state === 'error') && this.error;
    return html`<span part="base" role="status" aria-live="polite">
      <span part="indicator" aria-hidden="true"></span>
      <span part="label"></span>
      ${showDetail ? html`<span part="detail">${this.phone ? badgeDetail(this.error!) : describeError(this.error!)}</span>` : nothing}
      ${this.callQuality.render((key) => this.text(key))}
    </span>`;
  }
}

/**
 * The details line of a badge that follows a `<twilio-phone>`: the code alone when there is one
 * (the phone shows the words and the message; the SDK's long text twice over is what a badge
 * must not show), else the message. A badge whose state the page sets shows code and message.
 */
function badgeDetail(error: PhoneError): string {
  return error.code !== undefined ? `Code ${error.code}` : describeError(error);
}

// The tag's type for `document.createElement('device-status')` and `querySelector`, beside the class so the
// class-only module carries it too (its registration is `DeviceStatus.define()`).
declare global {
  interface HTMLElementTagNameMap {
    'device-status': DeviceStatus;
  }
}
