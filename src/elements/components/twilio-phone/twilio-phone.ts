import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { Device } from '@twilio/voice-sdk';
import { DeviceSessionController } from '../../controllers/device-session.js';
import { INITIAL_PREFLIGHT, type PreflightState } from '../../core/preflight-state.js';
import type { PreflightReport } from '../../core/preflight-report.js';
import { renderPreflight, twilioPhoneQualityStyles } from './twilio-phone-quality.js';
import { extrasStylesFollow, LazyPreflight, prefetchExtras, preflightWording } from './twilio-phone-extras.js';
import { LazyLeadership } from './twilio-phone-single-tab.js';
import { LazyBackground } from './twilio-phone-background.js';
import { DEFAULT_LIVENESS_POLICY, type LivenessPolicy } from '../../core/liveness-policy.js';
import { describeError, type PhoneError, type PhoneState } from '../../core/phone-state.js';
import { twilioPhoneStyles } from './twilio-phone.styles.js';
import { swapCustomState } from '../../dom/custom-states.js';
import { defineElement } from '../../dom/define.js';
// For pages only (re-exported below): the element reads the eager table, and the chunks bring their own.
import { TWILIO_PHONE_STRINGS, type TwilioPhoneStrings } from './twilio-phone.strings.js';
import { EAGER_STRINGS, type EagerStrings } from './twilio-phone.eager-strings.js';
import { defaultText } from './twilio-phone-defaults.js';
import type { TransferMode } from '../../core/call-control-machine.js';
import { CallControlError } from '../../core/call-control-error.js';
import type { Participant } from '../../core/call-control-messages.js';
import { CallControlUi } from './twilio-phone-call-control-ui.js';
import { CallViewUi } from './twilio-phone-call-view-ui.js';
import { describeProblem, retryWaitStep } from '../../core/phone-problems.js';
import { phoneFocusTarget } from '../../core/focus-target.js';
import { RetryCountdown } from '../../controllers/retry-countdown.js';
import { FocusKeeper } from '../../controllers/focus-keeper.js';
import type { PhoneStateReason } from '../../core/phone-state.js';
import { SoundUi } from './twilio-phone-sound-ui.js';
import type { NoiseSuppressionState } from '../../core/noise-suppression.js';
import type { Diagnostics } from '../../core/diagnostics.js';

export { TWILIO_PHONE_STRINGS, type TwilioPhoneStrings };
// The class module is self-sufficient: what `preflight()` rejects with comes with it.
export { PreflightError } from '../../controllers/preflight-error.js';
export { CallControlError };

let uid = 0;

/**
 * @tagname twilio-phone
 * @summary A browser phone on `@twilio/voice-sdk`: fetches a token, registers, places and receives calls,
 * and reports every state change as a DOM event. Detects wrong Twilio credentials as `bad-credentials`.
 *
 * @event twilio-phone-state-change - `{state, previousState, reason?, error?}` on every state change
 * @event twilio-phone-bad-credentials - `{source: 'token-url' | 'fetch-token' | 'twilio', error}` on entering `bad-credentials`
 * @event twilio-phone-error - `{error: {code?, message}, fatal}`; not repeated for one code while the state is unchanged
 * @event twilio-phone-incoming - `{from, to, params, waiting}`; cancelable: `preventDefault()` rejects the call. `waiting`: call waiting (`call-control-url`), another call is up
 * @event twilio-phone-participants-change - `call-control-url`: `{participants}` whenever the call's participants change (an action's answer or the server's call message)
 * @event twilio-phone-call-control - `call-control-url`: `{action, outcome: 'done' | 'failed', error?: {code, message}}` for every call-control action
 * @event twilio-phone-call-state-change - `{callState, previousCallState, direction, remote, callSid?, duration?}`
 * @event twilio-phone-quality-warning - `{name, cleared}` for the SDK's call-quality warnings
 * @event twilio-phone-call-quality - `{mos, rtt, jitter, packetLoss, level}` at most once a second during a call
 * @event twilio-phone-preflight - the pre-call test's report `{callQuality, mos, rtt, jitter, packetLoss, edge, warnings, networkTiming, duration}`
 * @event twilio-phone-preflight-failed - `{reason, error: {code?, message}}` when the pre-call test fails or is stopped (`cancelled`)
 * @event twilio-phone-preflight-state-change - `{state, previousState}` as the pre-call test progresses
 * @event twilio-phone-noise-suppression-change - `noise-suppression`: `{state, previousState, error?}` (`off`, `loading`, `on`, `unsupported`, `failed`)
 * @event twilio-phone-audio-blocked - `{what: 'ringtone' | 'audio'}`: the browser refuses to play sound until a click or key press; the phone shows Enable sound
 *
 * @slot - extra content below the phone, e.g. a `<device-status>`
 *
 * @csspart base - the phone's frame
 * @csspart status - the state line (a polite live region)
 * @csspart message - `bad-credentials` / `error`: the one next step in plain words (a live region), and the details line
 * @csspart details - the raw code and message of the error, for support (never the headline)
 * @csspart outcome - how the last call ended, for a few seconds (`data-outcome`: busy, no-answer, declined, failed, ended)
 * @csspart start-button - Start / Try again
 * @csspart dial-input - the number field
 * @csspart call-button - Call
 * @csspart hangup-button - Hang up
 * @csspart accept-button - Accept an incoming call
 * @csspart reject-button - Reject an incoming call
 * @csspart mute-button - the mute toggle
 * @csspart dialpad - the DTMF key group
 * @csspart key - each dialpad key
 * @csspart timer - the call timer
 * @csspart banner - the reconnecting banner
 * @csspart standby - `single-tab`, in `standby`: the note that the phone is active in another tab, and the take-over button
 * @csspart take-over-button - `single-tab`: moves the phone to this tab
 * @csspart hint - a polite live region: the browser paused the tab (calls may have been missed), or notifications are blocked
 * @csspart dismiss-button - dismisses the pause hint
 * @csspart notify-button - `notify`: asks for notification permission
 * @csspart meters - the volume meters
 * @csspart devices - the row of audio device pickers
 * @csspart microphone-select - the microphone picker (shown when the browser lists input devices)
 * @csspart speaker-select - the speaker picker (shown when the browser can route audio output)
 * @csspart preflight - the pre-call test row (not with `hide-dialer`); `data-state` and, after a test, `data-level`
 * @csspart preflight-button - Test connection / Stop test
 * @csspart preflight-result - progress, verdict or failure of the test (a polite live region)
 * @csspart preflight-figures - MOS, round trip, jitter and loss measured by the test
 * @csspart preflight-progress - the test's progress bar while it runs
 * @csspart quality - the in-call quality indicator (`data-level`: excellent, great, good, fair, degraded, measuring)
 * @csspart quality-bars - its five bars (decoration; the label says the level)
 * @csspart quality-label - "Call quality: good"
 * @csspart quality-hint - the SDK's current quality warning as a short hint (a polite live region)
 * @csspart call-control - `call-control-url`, during a connected call: the group of call-control controls
 * @csspart hold-button - Hold toggle (`aria-pressed` while the other parties are on hold)
 * @csspart transfer-button - opens the transfer form
 * @csspart add-button - opens the add-participant form
 * @csspart transfer-form - destination and cold/warm choice
 * @csspart transfer-input - the transfer destination
 * @csspart transfer-mode - the cold/warm radio group
 * @csspart transfer-submit - Transfer (submits the form)
 * @csspart add-form - the add-participant form
 * @csspart add-input - who to add
 * @csspart add-submit - Add (submits the form)
 * @csspart form-cancel - closes the open transfer or add form
 * @csspart transfer-pending - a warm transfer waits: the note and its two buttons
 * @csspart complete-transfer-button - Complete transfer (you leave; the caller and the target talk)
 * @csspart cancel-transfer-button - Cancel transfer (the target leaves; back with the caller)
 * @csspart call-control-error - the last failed action's message (text)
 * @csspart participants - the participant list
 * @csspart participant - one participant (`data-role`: you, remote, consulted, added; `data-id`: its CallSid)
 * @csspart participant-label - its name or number
 * @csspart participant-role - its role
 * @csspart participant-mark - "on hold" / "muted" (`data-mark`: hold, muted)
 * @csspart remove-button - removes that participant
 * @csspart waiting - call waiting: the waiting call (with Accept / Reject) or the call held meanwhile (with Switch)
 * @csspart accept-waiting-button - holds the current call and answers the waiting one
 * @csspart reject-waiting-button - rejects the waiting call; the current call is left as it is
 * @csspart switch-button - swaps the current call and the held one
 * @csspart call-control-notice - the last call-control announcement, inside the status line
 * @csspart audio-blocked - the browser blocks sound: the note and Enable sound (a status region)
 * @csspart enable-sound-button - Enable sound (any click or key on the page does it too)
 * @csspart silence-button - on a ringing incoming call: stops the ringtone; the call keeps ringing
 * @csspart test-speaker-button - beside the speaker picker: plays a short sound on the chosen output
 * @csspart speaker-note - instead of the speaker picker where the browser cannot choose outputs
 * @csspart tools - the row with Copy diagnostics
 * @csspart diagnostics-button - copies `diagnostics()` as JSON to the clipboard
 * @csspart tools-status - what came of the last copy or speaker test (a polite live region)
 *
 * @cssstate idle - the phone's `state` (one at a time, like the `state` attribute): not started
 * @cssstate fetching-token - the phone is getting an access token
 * @cssstate registering - the phone is registering with Twilio
 * @cssstate ready - registered: calls can be made and received
 * @cssstate busy - in a call
 * @cssstate offline - started but not registered now (network, gateway, or a paused tab being checked); recovering on its own
 * @cssstate standby - `single-tab`: the phone is active in another tab of this site
 * @cssstate bad-credentials - the token URL, `fetchToken()` or Twilio refused the credentials
 * @cssstate error - stopped on another fatal error
 * @cssstate preflight-connecting - the pre-call test is getting a token and calling the test line
 * @cssstate preflight-measuring - the test call is up and measuring
 * @cssstate preflight-completed - the last test finished with a report
 * @cssstate preflight-failed - the last test failed
 * @cssstate quality-excellent - during a call, the quality level of the last second (also `quality-great`, `quality-good`, `quality-fair`, `quality-degraded`)
 * @cssstate quality-warning - during a call, the SDK reports a quality warning
 *
 * @cssproperty --twilio-widgets-accent - shared design tokens (`--twilio-widgets-*`, docs/guides/theming.md#design-tokens); the `--twilio-phone-*` ones below override them for this element
 * @cssproperty --twilio-phone-accent - primary colour (buttons, focus ring)
 * @cssproperty --twilio-phone-on-accent - text on the primary colour
 * @cssproperty --twilio-phone-danger - colour of errors and Hang up
 * @cssproperty --twilio-phone-success - colour of Accept
 * @cssproperty --twilio-phone-surface - background
 * @cssproperty --twilio-phone-border - border colour
 * @cssproperty --twilio-phone-color - text colour
 * @cssproperty --twilio-phone-gap - space between rows
 * @cssproperty --twilio-phone-padding - inner padding
 * @cssproperty --twilio-phone-radius - corner radius
 * @cssproperty --twilio-phone-quality-good-color - quality bars for excellent, great and good
 * @cssproperty --twilio-phone-quality-fair-color - quality bars for fair
 * @cssproperty --twilio-phone-quality-poor-color - quality bars for degraded
 */
export class TwilioPhone extends LitElement {
  static override styles = [...twilioPhoneStyles, ...twilioPhoneQualityStyles];

  /**
   * Registers the element as `<twilio-phone>` in `registry` (default: the global `customElements`),
   * unless the name is taken there. With a scoped registry (`new CustomElementRegistry()`), the
   * class module (`twilio-widgets/twilio-phone.component.js`) registers nothing globally.
   */
  static define(registry?: CustomElementRegistry): void {
    defineElement('twilio-phone', this, registry);
  }

  static override properties = {
    tokenUrl: { attribute: 'token-url' },
    tokenMethod: { attribute: 'token-method' },
    tokenRequest: { attribute: false },
    fetchToken: { attribute: false },
    autostart: { type: Boolean },
    edge: {},
    signalingHost: { attribute: 'signaling-host' },
    registerTimeout: { attribute: 'register-timeout', type: Number },
    tokenTimeout: { attribute: 'token-timeout', type: Number },
    soundsUrl: { attribute: 'sounds-url' },
    sounds: { attribute: false },
    strings: { attribute: false },
    hideDialer: { attribute: 'hide-dialer', type: Boolean },
    notify: { type: Boolean },
    singleTab: { attribute: 'single-tab', type: Boolean },
    backgroundPolicy: { attribute: false },
    callControlUrl: { attribute: 'call-control-url' },
    noiseSuppression: { attribute: 'noise-suppression', type: Boolean },
  };

  /** Where to get an access token: JSON `{token}` or a text body that is the JWT. */
  declare tokenUrl: string;
  /** `GET` (default) or `POST`. */
  declare tokenMethod: 'GET' | 'POST';
  /** Extra `fetch` options for the token request (headers, credentials, body). Default `{credentials: 'same-origin'}`. */
  declare tokenRequest: RequestInit;
  /** Replaces the token URL fetch entirely. Reject with an error whose `status` is 401/403 to report refused credentials. */
  declare fetchToken: (() => Promise<string>) | undefined;
  /** Start (fetch a token, register) as soon as the element is connected. */
  declare autostart: boolean;
  /** Twilio edge(s), comma separated. */
  declare edge: string;
  /** host:port of a Twilio-compatible signaling gateway (the emulator); for local development and tests. */
  declare signalingHost: string;
  /** ms: a registration that has not settled by then is a failure. Default 15000. */
  declare registerTimeout: number;
  /** ms per token request attempt before it counts as failed (then retried). Default 10000. */
  declare tokenTimeout: number;
  /** Base URL of the 15 sound files (`<name>.mp3`, shipped in `dist/cdn/sounds/`), to serve them from elsewhere; default: the files shipped beside the module, from its own URL. */
  declare soundsUrl: string;
  /** URLs of the SDK's sounds (`incoming`, `outgoing`, `disconnect`, `dtmf0`…), each overriding the default file. */
  declare sounds: Partial<Record<string, string>>;
  /** Overrides for any visible string. */
  declare strings: Partial<TwilioPhoneStrings>;
  /** Hide the built-in dialer (a page with its own UI calls the methods). */
  declare hideDialer: boolean;
  /** Show a system notification for a call ringing while the tab is hidden (permission is asked on a click: the phone's Start button, or its "Notify me" button). */
  declare notify: boolean;
  /** Only one tab of this site registers this identity (Web Locks); the others stand by and offer to take over. */
  declare singleTab: boolean;
  /** Advanced: pause detection (`tickMs`, `gapMs`, `hiddenMs`, `recheckMs`); see docs/guides/background-tabs.md. */
  declare backgroundPolicy: Partial<LivenessPolicy>;
  /**
   * Where the phone POSTs call-control actions as JSON `{action, callSid, ...}` (same-origin
   * credentials; see docs/call-control.md). With it: Hold, Transfer, Add, the participant list and
   * call waiting; without it none of these show and the methods reject with `call-control-unavailable`.
   */
  declare callControlUrl: string;
  /**
   * RNNoise noise suppression on the microphone (the SDK's audio processor, in an AudioWorklet); its
   * code and WASM load on first use. Can be switched during a call. See `noiseSuppressionState` and
   * docs/guides/noise-suppression.md.
   */
  declare noiseSuppression: boolean;

  private readonly session = new DeviceSessionController(this, {
    onIncoming: (call) => this.calls.ring(call),
    onDeviceGone: () => this.calls.live?.end(),
    claimRegistration: (identity): Promise<boolean> => (this.singleTab ? this.leadership.claim(identity) : Promise.resolve(true)),
    recheckTimeoutMs: () => this.backgroundPolicy.recheckMs ?? DEFAULT_LIVENESS_POLICY.recheckMs,
    // The code loaded when first needed starts downloading beside the SDK chunk: off the critical path.
    beforeSdk: () => {
      this.callControl.prefetch();
      this.background.attach();
      // The call view: the Device waits for it (awaited with the SDK), so `ready` never shows without it.
      return this.calls.prefetch();
    },
    // The pre-call test, call quality and the sound parts once registered: not beside the gateway's answers.
    onRegistered: prefetchExtras,
  });
  /** `single-tab`: its code (a lazy chunk) loads at connect or start when the attribute is set. */
  private readonly leadership: LazyLeadership = new LazyLeadership(this, this.session);
  /** Background-tab recovery: its code (a lazy chunk) loads beside the SDK's and attaches when here. */
  private readonly background = new LazyBackground(
    this,
    this.session,
    () => this.leadership.leading,
    (from) => ({
      title: this.text('notificationTitle'),
      // A function replacement: a caller ID with `$&` or `$'` must stay text.
      body: this.text('notificationBody').replace('{from}', () => from),
    }),
  );
  private readonly ids = `tp${++uid}`;
  /** Noise suppression, blocked audio, the ringtone, the speaker test, diagnostics (their rows are the call view's). */
  private readonly sound = new SoundUi(
    this,
    (k) => this.text(k),
    () => this.calls.view?.direction === 'incoming' && this.calls.view.callState === 'ringing',
  );
  /** The calls, the dial form, the call's rows and the device pickers: a lazy chunk fetched beside the SDK's (twilio-phone-call-view-ui.ts). */
  private readonly calls: CallViewUi = new CallViewUi(this, this.session, {
    text: (k) => this.chunkText(k),
    locale: () => this.locale(),
    ids: this.ids,
    onCall: (call) => {
      if (!call) this.callControl.callEnded();
      // A call takes the microphone and the network: a running pre-call test gives way (reason `cancelled`).
      if (call) this.preflightTest.stop();
    },
    sound: this.sound,
    background: this.background,
    renderCallControl: (view) => this.callControl.render(view),
  });
  /** Call control: its code (a lazy chunk) loads once `call-control-url` is set. */
  private readonly callControl = new CallControlUi(
    this,
    () => this.calls.controller(),
    (k) => this.chunkText(k),
    this.ids,
  );
  /** The pre-call test and the call quality view: their code loads when first needed (twilio-phone-extras.ts). */
  private readonly preflightTest = new LazyPreflight(this, () => !!this.calls.view);
  private readonly retryCountdown = new RetryCountdown(this);
  /** why the phone entered its current state (from its own state-change event) */
  private stateReason: PhoneStateReason | undefined;
  /** the pre-call verdict belongs to a `ready` the phone has left since */
  private verdictStale = false;
  /** the state shown as `:state()`, once rendered */
  private shownState: PhoneState | null = null;

  constructor() {
    super();
    this.tokenUrl = '';
    this.tokenMethod = 'GET';
    this.tokenRequest = { credentials: 'same-origin' };
    this.fetchToken = undefined;
    this.autostart = false;
    this.edge = '';
    this.signalingHost = '';
    this.registerTimeout = 15000;
    this.tokenTimeout = 10000;
    this.soundsUrl = '';
    this.sounds = {};
    this.strings = {};
    this.hideDialer = false;
    this.notify = false;
    this.singleTab = false;
    this.backgroundPolicy = {};
    this.callControlUrl = '';
    this.noiseSuppression = false;
    extrasStylesFollow(this);
    new FocusKeeper(this, () => {
      const part = phoneFocusTarget(this.focusView());
      return part ? `[part~="${part}"]` : null;
    });
    this.addEventListener('twilio-phone-state-change', (e) => {
      const { state, previousState, reason, error } = e.detail;
      this.stateReason = reason;
      if (previousState === 'ready' && state !== 'busy') this.verdictStale = true;
      if (state === 'fetching-token') this.calls.section?.outcome.clear();
      this.retryCountdown.start(error?.retryAfter ?? 0);
    });
    this.addEventListener('twilio-phone-preflight-state-change', (e) => {
      if (e.detail.state === 'connecting') this.verdictStale = false;
    });
  }

  /** The phone's state; reflected as the `state` attribute and shown as `:state(<state>)`. Read-only. */
  get state(): PhoneState {
    return this.session.snapshot.state;
  }

  /** Code and message of the last fatal error (`bad-credentials` / `error`), else null. */
  get lastError(): PhoneError | null {
    return this.session.lastError;
  }

  /** The SDK Device of the running session, for advanced use. */
  get device(): Device | null {
    return this.session.device;
  }

  /** The pre-call test's progress: `idle`, `connecting`, `measuring`, `completed`, `failed`. Separate from `state`. */
  get preflightState(): PreflightState {
    return this.preflightTest.snapshot.state;
  }

  /** The last pre-call test's report (after `completed`), else null. */
  get preflightReport(): PreflightReport | null {
    return this.preflightTest.snapshot.report;
  }

  /** The current SDK Call, for advanced use. */
  get activeCall() {
    return this.calls.live?.call ?? null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.singleTab) this.leadership.prefetch();
    if (this.autostart && this.state === 'idle') void this.start();
  }

  /** Fetches a token and registers. Restarts a running session. */
  start(): Promise<void> {
    if (this.singleTab) this.leadership.prefetch();
    else this.leadership.leave();
    return this.session.start();
  }

  /** Destroys the Device; back to `idle`. */
  stop(): void {
    this.calls.live?.end();
    this.leadership.leave();
    this.session.stop();
  }

  /** `single-tab`, in `standby`: move the phone to this tab (the other tab stands by). */
  takeOver(): void {
    this.leadership.takeOver();
  }

  /** Calls an E.164 number or `client:name`. */
  call(to: string, params?: Record<string, string>): Promise<void> {
    this.#renderAfterTask = true;
    return this.calls.place(to, params);
  }

  /**
   * Set by `call()`: the dialing state renders one task later, once the SDK's next steps (its
   * microphone request and offer, queued as microtasks) have run; the state and events are not
   * delayed. A render of the call view costs about 14 ms at 4× CPU, and before the offer it
   * delayed the call by as much (bench: call → `connected` on "mobile", 1.08–1.11 → 1.02–1.05).
   */
  #renderAfterTask = false;

  protected override scheduleUpdate(): void | Promise<unknown> {
    const later = this.#renderAfterTask;
    this.#renderAfterTask = false;
    return later ? new Promise((resolve) => setTimeout(resolve)).then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  hangup(): void {
    this.calls.live?.hangup();
  }

  /** Answers the ringing call. With call waiting, holds the current call first (action `hold` and the SDK's local mute). */
  accept(): void {
    if (!this.callControl.acceptWaiting()) this.calls.live?.accept();
  }

  /** Rejects the ringing call; a waiting call's rejection leaves the current call as it is. */
  reject(): void {
    this.calls.live?.reject();
  }

  /**
   * `call-control-url`: the parties of the call in front, `[{id, label, role: 'you' | 'remote' |
   * 'consulted' | 'added', onHold, muted}]`, from the action answers and the server's call messages
   * (whichever is newer); `[]` without a call, and until the call in front is connected. Read-only.
   */
  get participants(): Participant[] {
    return this.callControl.participants;
  }

  /** Puts the other parties on hold: they hear hold music and no longer hear you. Rejects with a `CallControlError` `{code, message}`. */
  hold(): Promise<void> {
    return this.callControl.act({ action: 'hold' });
  }

  /** Brings the held parties back. */
  unhold(): Promise<void> {
    return this.callControl.act({ action: 'unhold' });
  }

  /**
   * Transfers the call to `to` (E.164, `client:name`, or a name your server allows). `cold` (default):
   * the caller is connected to `to` and your call ends; `warm`: the caller is held while you talk to
   * `to`, then `completeTransfer()` or `cancelTransfer()`.
   */
  transfer(to: string, options: { mode?: TransferMode } = {}): Promise<void> {
    return this.callControl.act({ action: 'transfer', to, mode: options.mode ?? 'cold' });
  }

  /** Warm transfer: you leave; the caller and the transfer target talk. */
  completeTransfer(): Promise<void> {
    return this.callControl.act({ action: 'complete-transfer' });
  }

  /** Warm transfer: the target leaves and the caller is unheld. */
  cancelTransfer(): Promise<void> {
    return this.callControl.act({ action: 'cancel-transfer' });
  }

  /** Adds `to` to the call; everyone hears everyone. */
  addParticipant(to: string): Promise<void> {
    return this.callControl.act({ action: 'add', to });
  }

  /** Removes a participant (its `id` from `participants`); not your own leg (use `hangup()`). */
  removeParticipant(id: string): Promise<void> {
    return this.callControl.act({ action: 'remove', participant: id });
  }

  /** Call waiting: swaps the current call and the one held for it (hold + local mute / unhold + unmute). */
  switchCalls(): void {
    this.callControl.switchCalls();
  }

  mute(on: boolean): void {
    this.calls.live?.mute(on);
  }

  sendDigits(digits: string): void {
    this.calls.live?.sendDigits(digits);
  }

  /**
   * Tests the connection before a call: the SDK's PreflightTest with this phone's token source,
   * edge, signaling host and sounds, beside the phone (a registered phone stays `ready`).
   * Resolves with the report (also `twilio-phone-preflight`); rejects with a `PreflightError`
   * `{reason, code?}` (also `twilio-phone-preflight-failed`). A second call while one runs joins it.
   */
  preflight(): Promise<PreflightReport> {
    return this.preflightTest.start();
  }

  /** Stops a running pre-call test; `preflight()` rejects with reason `cancelled`. */
  stopPreflight(): void {
    this.preflightTest.stop();
  }

  /** `noise-suppression`: `off`, `loading`, `on`, `unsupported` (no AudioWorklet: the microphone is left as it is) or `failed`. Read-only. */
  get noiseSuppressionState(): NoiseSuppressionState {
    return this.sound.noiseSuppressionState;
  }

  /** The browser refuses to play sound until the person clicks or presses a key (autoplay policy). Read-only. */
  get audioBlocked(): boolean {
    return this.sound.audioBlocked;
  }

  /** Stops the ringtone of the ringing incoming call; the call keeps ringing and can be accepted or rejected. */
  silence(): void {
    this.sound.silence();
  }

  /** Plays a short sound on the chosen speaker (the SDK's output test); on the default one where outputs cannot be chosen. */
  testSpeaker(): Promise<void> {
    return this.sound.testSpeaker();
  }

  /** A report for a support desk, `{version: 1, …}` (docs/guides/diagnostics.md); never a token, code or full number. */
  diagnostics(): Promise<Diagnostics> {
    return this.sound.diagnostics();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // "Starting…" lasts as long as the start it stands for.
    if (this.state !== 'fetching-token' && this.state !== 'registering') this.startPressed = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const state = this.state;
    if (this.getAttribute('state') !== state) this.setAttribute('state', state);
    swapCustomState(this, this.shownState, state);
    this.shownState = state;
  }

  /** The element's own wording: only keys with an eager default compile. */
  private text(key: keyof EagerStrings): string {
    return this.strings[key] ?? EAGER_STRINGS[key];
  }

  /** The lazy chunks' wording: each chunk's types allow its own keys, whose defaults it brings (twilio-phone-defaults.ts). */
  private chunkText(key: keyof TwilioPhoneStrings): string {
    return this.strings[key] ?? defaultText(key);
  }

  /** The page's language for numbers and durations: the element's `lang`, else the document's. */
  private locale(): string | undefined {
    return this.closest('[lang]')?.getAttribute('lang') || undefined;
  }

  private onStartClick(e: Event): void {
    if ((e.currentTarget as HTMLElement).getAttribute('aria-disabled') === 'true') return;
    this.startPressed = true;
    // A click is the moment browsers allow the permission prompt.
    if (this.notify) void this.background.requestNotifications();
    void this.start();
  }

  /** What focus decisions need to know of the screen (core/focus-target.ts). */
  private focusView() {
    const view = this.calls.view;
    const state = this.state;
    return {
      state,
      call: !view
        ? ('none' as const)
        : view.direction === 'incoming' && view.callState === 'ringing'
          ? ('ringing-in' as const)
          : view.callState === 'connected' || view.callState === 'reconnecting'
            ? ('connected' as const)
            : ('outgoing' as const),
      hideDialer: this.hideDialer,
      startShown: this.startShown(state),
    };
  }

  private startShown(state: PhoneState): boolean {
    const canStart = state === 'idle' || state === 'bad-credentials' || state === 'error';
    const starting = state === 'fetching-token' || state === 'registering';
    return (canStart && (!this.autostart || state !== 'idle')) || (starting && this.startPressed);
  }

  /** Start was pressed in this element: the button stays (as "Starting…") so focus stays on it. */
  private startPressed = false;

  override render() {
    const state = this.state;
    const error = this.lastError;
    const view = this.calls.view;
    const problem = describeProblem(state, this.stateReason, error);
    const starting = state === 'fetching-token' || state === 'registering';
    const waitMs = problem?.retry === 'wait' ? this.retryCountdown.msLeft : 0;
    const wait = problem?.retry === 'wait' ? retryWaitStep(waitMs) : null;
    const step = wait
      ? this.text(wait.key)
          .replace('{minutes}', () => new Intl.NumberFormat(this.locale()).format(wait.minutes))
          .replace('{seconds}', () => new Intl.NumberFormat(this.locale()).format(wait.seconds))
      : problem?.step
        ? this.text(problem.step)
        : (error?.message ?? '');
    // The raw code and message for support: never the headline. A step that is the message itself needs only the code.
    const details = !problem || !error ? '' : problem.step !== null ? describeError(error) : error.code !== undefined ? String(error.code) : '';
    // single-tab's standby row, the paused hint and `notify`'s button: the call view's (it comes before any of them).
    const background = this.calls.background(state);
    return html`<div part="base">
      <div class="row">
        <span part="status" role="status" aria-live="polite"
          >${problem ? html`<span class="headline">${this.text(problem.headline)}</span>` : this.statusText(state)}${
            view && this.callControl.notice ? html` <span part="call-control-notice">${this.callControl.notice}</span>` : nothing
          }</span
        >
        ${
          this.startShown(state)
            ? html`<button
                part="start-button"
                class=${problem && problem.retry !== 'primary' ? '' : 'primary'}
                aria-disabled=${starting || waitMs > 0 ? 'true' : 'false'}
                @click=${this.onStartClick}
              >
                ${starting ? this.text('starting') : state === 'idle' ? this.text('start') : this.text('retry')}
              </button>`
            : nothing
        }
      </div>
      <div part="message" role="alert">${
        problem && error ? html`<span>${step}</span>${details ? html` <span part="details">${this.text('details')} ${details}</span>` : nothing}` : ''
      }</div>
      ${view || state === 'idle' || problem ? nothing : this.calls.renderOutcome()}
      ${background?.standby ?? nothing}
      <div part="hint" role="status" aria-live="polite" ?hidden=${!background?.hint}>${background?.hint ?? nothing}</div>
      ${background?.notify ?? nothing} ${this.sound.renderBlocked()}
      ${
        view || this.hideDialer
          ? nothing
          : renderPreflight(
              this.verdictStale ? INITIAL_PREFLIGHT : this.preflightTest.snapshot,
              preflightWording(),
              (k) => this.text(k),
              (k) => this.chunkText(k),
              this.locale(),
              () => void this.preflight().catch(() => undefined),
              () => this.stopPreflight(),
            )
      }
      ${this.calls.render(state)}
      ${state === 'ready' || state === 'busy' || state === 'offline' ? this.calls.renderDevices() : nothing}
      <slot></slot>
    </div>`;
  }

  private statusText(state: PhoneState): string {
    const view = this.calls.view;
    // Ringing is not yet "On a call": say who calls.
    if (view && view.direction === 'incoming' && view.callState === 'ringing') return this.text('incomingCall').replace('{from}', () => view.remote);
    return state === 'offline' && this.session.snapshot.recheck !== 'none' ? this.text('checking') : this.text(state);
  }
}

// The tag's type for `document.createElement('twilio-phone')` and `querySelector`, beside the class so the
// class-only module carries it too (its registration is `TwilioPhone.define()`).
declare global {
  interface HTMLElementTagNameMap {
    'twilio-phone': TwilioPhone;
  }
}
