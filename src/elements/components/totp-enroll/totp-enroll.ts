import { LitElement, html, nothing } from 'lit';
import type { EnrollAnswer, EnrollState } from '../../core/enroll-machine.js';
import { groupSecret } from '../../core/otpauth-uri.js';
import { totpAnswerText, type TotpStrings } from '../../core/totp-outcome.js';
import { TOTP_DEFAULT_STRINGS } from '../../core/totp-strings.js';
import { TOTP_REQUEST_DEFAULTS } from '../../core/totp-request.js';
import { TotpEnrollSendEvent, type TotpResultDetail, type TotpVerifyResultEvent, type TotpVerifySendEvent } from '../../events/totp-events.js';
import { TotpEnrollmentController } from '../../controllers/totp-enrollment.js';
import { swapCustomState } from '../../dom/custom-states.js';
import { defineElement, useHostRegistry } from '../../dom/define.js';
import { TotpVerify } from '../totp-verify/totp-verify.js';
import { qrSvg } from './qr-svg.js';
import { totpEnrollStyles } from './totp-enroll.styles.js';

/** Every text `<totp-enroll>` shows: its own, plus those of the code form inside it (`TotpStrings`). */
export interface TotpEnrollStrings extends TotpStrings {
  start: string;
  restart: string;
  creating: string;
  scan: string;
  qrLabel: string;
  qrFailed: string;
  secretLabel: string;
  settingsLabel: string;
  /** `{digits}`, `{period}` and `{algorithm}` are replaced */
  settings: string;
  copy: string;
  copied: string;
  copyFailed: string;
  codeLabel: string;
  enrolled: string;
  malformed: string;
}

export const TOTP_ENROLL_STRINGS: Readonly<TotpEnrollStrings> = Object.freeze({
  ...TOTP_DEFAULT_STRINGS,
  start: 'Set up an authenticator app',
  restart: 'Start again',
  creating: 'Creating a key for your authenticator app…',
  scan: 'Scan the QR code with your authenticator app, or type the key into it. Then enter the code it shows.',
  qrLabel: 'QR code to add this account to an authenticator app',
  qrFailed: 'The QR code could not be drawn: type the key into your app instead.',
  secretLabel: 'Key',
  settingsLabel: 'Settings',
  settings: 'time-based · {digits} digits · every {period} s · {algorithm}',
  copy: 'Copy key',
  copied: 'Key copied.',
  copyFailed: 'The key could not be copied: it is selected, copy it with your keyboard.',
  codeLabel: 'Code from the app',
  enrolled: 'Your authenticator app is set up.',
  malformed: 'The server did not send a key. Try again.',
});

type Tone = 'success' | 'danger' | '';
type FocusTarget = 'instructions' | 'message' | 'start' | null;

/**
 * @tagname totp-enroll
 * @summary Enrols an authenticator app: asks `verify-url` for a TOTP factor, shows its QR code and key, and verifies the first code.
 *
 * `start()` (or the start button, or `autostart`) posts `{action: 'enroll', identity?,
 * friendlyName?, ...params}` as JSON to `verify-url`; the answer must hold the factor SID and
 * the key (`{factorSid, uri, secret}` from the reference handler, or Twilio's
 * `{sid, binding: {uri, secret}}`). The QR code is drawn in the browser from the
 * `otpauth://` URI (the `qr` encoder, loaded only then), with DOM calls, never markup strings.
 * The key is also shown in groups of four with a copy button. The first code is
 * posted by a `<totp-verify>` inside (`{action: 'verify-factor', code, identity, factorSid}`).
 *
 * The secret is never put in an attribute, an event or the console, and it leaves the
 * DOM and memory as soon as the factor is verified, the enrolment fails or is reset, or the
 * element is removed from the document.
 *
 * @event totp-enroll-send - Before each POST, `{stage: 'create' | 'verify', body}`. Cancelable; `detail.body` may be changed or replaced (e.g. a CSRF field).
 * @event totp-enroll-created - The factor exists and its key is shown: `{factorSid}` (never the secret).
 * @event totp-enroll-verified - The first code verified the factor: `{factorSid}`. The key is gone from the page.
 * @event totp-enroll-error - The factor could not be created, or a code was refused: `{stage, outcome, status?, code?, message?, failure?, factorSid?, fatal}`, outcomes as for `<totp-verify>`; `fatal` when the enrolment must start again.
 *
 * @cssstate idle - nothing asked yet
 * @cssstate creating - the factor is being created
 * @cssstate created - the key is shown, waiting for a code
 * @cssstate verifying - a code is being checked
 * @cssstate verified - the factor is verified
 * @cssstate failed - the factor could not be created or can no longer be verified
 *
 * @csspart base - the wrapper
 * @csspart start-button - "Set up an authenticator app" / "Start again"
 * @csspart instructions - what to do with the QR code and key
 * @csspart qr - the QR code (`<svg role="img">`)
 * @csspart facts - the list with the key and its settings
 * @csspart secret - the key, in groups of four
 * @csspart copy-button - copies the key
 * @csspart verify - the `<totp-verify>` that takes the first code (its parts are exported as `verify-base`, `verify-form`, `verify-label`, `verify-input`, `verify-button`, `verify-message`; style it further with `--totp-verify-*`)
 * @csspart message - the live region with progress, copy feedback, the result or the failure
 *
 * @cssproperty --totp-enroll-color - text colour
 * @cssproperty --totp-enroll-muted-color - colour of the list's terms
 * @cssproperty --totp-enroll-accent - button colour and focus ring
 * @cssproperty --totp-enroll-on-accent - text colour on the start button
 * @cssproperty --totp-enroll-success-color - message colour once verified
 * @cssproperty --totp-enroll-danger-color - message colour for failures
 * @cssproperty --totp-enroll-radius - corner radius of buttons and QR code
 * @cssproperty --totp-enroll-gap - spacing between the parts
 * @cssproperty --totp-enroll-font-family - font (inherits by default)
 * @cssproperty --totp-enroll-secret-font-family - font of the key (monospace by default)
 * @cssproperty --totp-enroll-qr-size - width of the QR code (default 11rem)
 * @cssproperty --totp-enroll-qr-color - dark modules of the QR code (default black)
 * @cssproperty --totp-enroll-qr-background - light modules and quiet zone of the QR code (default white)
 */
export class TotpEnroll extends LitElement {
  static override styles = totpEnrollStyles;

  /**
   * Registers the element as `<totp-enroll>` in `registry` (default: the global `customElements`),
   * unless the name is taken there, and the `<totp-verify>` it renders too. The class module
   * (`twilio-widgets/totp-enroll.component.js`) registers nothing by itself.
   */
  static define(registry?: CustomElementRegistry): void {
    TotpVerify.define(registry);
    defineElement('totp-enroll', this, registry);
  }

  static override properties = {
    verifyUrl: { attribute: 'verify-url' },
    identity: {},
    friendlyName: { attribute: 'friendly-name' },
    params: { attribute: false },
    autostart: { type: Boolean },
    autosubmit: { type: Boolean },
    timeout: { type: Number },
    strings: { attribute: false },
    _message: { state: true },
    _tone: { state: true },
  };

  /** POST endpoint of the reference verify handler (or one like it): `{action: 'enroll'}` creates the factor, `{action: 'verify-factor'}` verifies it. */
  declare verifyUrl: string;
  /** Sent as `identity`: whose factor it is. */
  declare identity: string;
  /** Sent as `friendlyName` (the account name authenticator apps show; the handler defaults to the identity). */
  declare friendlyName: string;
  /** Extra fields merged into both posted bodies (`action` stays). */
  declare params: Record<string, unknown>;
  /** Create the factor as soon as the element is connected, instead of waiting for the start button or `start()`. */
  declare autostart: boolean;
  /** Submit the first code as soon as it is complete. */
  declare autosubmit: boolean;
  /** Request timeout in ms; default 15000. */
  declare timeout: number;
  /** Overrides for any shown text (see `TOTP_ENROLL_STRINGS`). */
  declare strings: Partial<TotpEnrollStrings>;

  declare private _message: string;
  declare private _tone: Tone;
  private readonly _enrollment = new TotpEnrollmentController(this);
  private _shownState: EnrollState | null = null;
  private _focusTarget: FocusTarget = null;
  private _qrNode: { matrix: boolean[][]; label: string; node: SVGSVGElement } | null = null;

  constructor() {
    super();
    this.verifyUrl = '';
    this.identity = '';
    this.friendlyName = '';
    this.params = {};
    this.autostart = false;
    this.autosubmit = false;
    this.timeout = TOTP_REQUEST_DEFAULTS.timeoutMs;
    this.strings = {};
    this._message = '';
    this._tone = '';
  }

  /** In a scoped registry, the inner `<totp-verify>` comes from the same registry. */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    useHostRegistry(this, (this.constructor as typeof LitElement).shadowRootOptions);
    return super.createRenderRoot();
  }

  /** Where the enrolment is. Reflected as the `state` attribute. */
  get state(): EnrollState {
    return this._enrollment.snapshot.state;
  }

  /** SID of the factor being (or just) enrolled, or null. */
  get factorSid(): string | null {
    return this._enrollment.snapshot.factorSid;
  }

  /** Creates a factor and shows its key. Does nothing while an enrolment is under way; after `verified` or `failed` it starts a new one. */
  start(): Promise<void> {
    return this._enrollment.start();
  }

  /** Forgets the enrolment and its key (back to `idle`); a request in flight is aborted. The factor, if created, stays on the server unverified. */
  reset(): void {
    this._enrollment.reset();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.autostart && this.state === 'idle')
      void this.updateComplete.then(() => {
        if (this.isConnected) void this.start();
      });
  }

  private _text<K extends keyof TotpEnrollStrings>(key: K): string {
    return this.strings?.[key] ?? TOTP_ENROLL_STRINGS[key];
  }

  private _failureText(): string {
    const f = this._enrollment.snapshot.failure;
    if (!f) return '';
    if (f.failure === 'malformed') return this._text('malformed');
    return totpAnswerText({ outcome: f.outcome, message: f.message, failure: f.failure }, { ...TOTP_ENROLL_STRINGS, ...this.strings }, !!this.verifyUrl);
  }

  protected override willUpdate(): void {
    const state = this.state;
    if (state === this._shownState) return;
    // Focus follows the step only when it was inside the element (the user is working here).
    const focusWithin = !!this.shadowRoot?.activeElement;
    this._focusTarget = null;
    if (state === 'creating') this._show(this._text('creating'), '');
    else if (state === 'created' && this._shownState === 'creating') {
      this._show('', '');
      if (focusWithin) this._focusTarget = 'instructions';
    } else if (state === 'verified') {
      this._show(this._text('enrolled'), 'success');
      if (focusWithin) this._focusTarget = 'message';
    } else if (state === 'failed') {
      this._show(this._failureText(), 'danger');
      if (focusWithin) this._focusTarget = 'start';
    } else if (state === 'idle') this._show('', '');
  }

  protected override updated(): void {
    const state = this.state;
    if (state !== this._shownState) {
      this.setAttribute('state', state);
      swapCustomState(this, this._shownState, state);
      this._shownState = state;
    }
    const target = this._focusTarget;
    this._focusTarget = null;
    if (target) this.renderRoot.querySelector<HTMLElement>(`[data-focus="${target}"]`)?.focus();
  }

  private _show(message: string, tone: Tone): void {
    this._message = message;
    this._tone = tone;
  }

  override render() {
    const { state } = this._enrollment.snapshot;
    const key = this._enrollment.key;
    const busy = state === 'creating';
    return html`
      <div part="base" class="base" aria-busy=${busy ? 'true' : 'false'}>
        ${
          state === 'idle' || state === 'creating' || state === 'failed'
            ? html`<button
              part="start-button"
              class="primary"
              type="button"
              data-focus="start"
              aria-disabled=${busy ? 'true' : 'false'}
              @click=${this._onStart}
            >
              ${state === 'failed' ? this._text('restart') : this._text('start')}
            </button>`
            : nothing
        }
        ${key && (state === 'created' || state === 'verifying') ? this._renderKey() : nothing}
        <p part="message" class="message" role="status" aria-live="polite" aria-atomic="true" tabindex="-1" data-focus="message" data-tone=${this._tone}>${this._message}</p>
      </div>
    `;
  }

  private _renderKey() {
    const key = this._enrollment.key!;
    const settings = this._text('settings')
      .replace('{digits}', String(key.digits))
      .replace('{period}', String(key.period))
      .replace('{algorithm}', key.algorithm);
    return html`
      <p part="instructions" class="instructions" tabindex="-1" data-focus="instructions">${this._text('scan')}</p>
      <div class="key">
        ${this._qr() ?? html`<p class="qr-failed">${this._text('qrFailed')}</p>`}
        <dl part="facts" class="facts">
          <dt>${this._text('secretLabel')}</dt>
          <dd><code part="secret" class="secret" translate="no" spellcheck="false">${groupSecret(key.secret).join(' ')}</code></dd>
          <dt>${this._text('settingsLabel')}</dt>
          <dd>${settings}</dd>
          <dd><button part="copy-button" class="secondary" type="button" @click=${this._onCopy}>${this._text('copy')}</button></dd>
        </dl>
      </div>
      <totp-verify
        part="verify"
        exportparts="base: verify-base, form: verify-form, label: verify-label, input: verify-input, button: verify-button, message: verify-message"
        verify-url=${this.verifyUrl}
        identity=${this.identity}
        factor-sid=${this._enrollment.snapshot.factorSid ?? ''}
        code-length=${key.digits}
        timeout=${this.timeout}
        label=${this._text('codeLabel')}
        ?autosubmit=${this.autosubmit}
        .params=${{ ...this.params, action: 'verify-factor' }}
        .strings=${this.strings ?? {}}
        @totp-verify-send=${this._onCodeSend}
        @totp-verify-result=${this._onCodeResult}
        @totp-verify-success=${this._stop}
      ></totp-verify>
    `;
  }

  /** The QR `<svg>`, built once per matrix and label. */
  private _qr(): SVGSVGElement | null {
    const matrix = this._enrollment.qr;
    if (!matrix) {
      this._qrNode = null;
      return null;
    }
    const label = this._text('qrLabel');
    if (this._qrNode?.matrix !== matrix || this._qrNode.label !== label) this._qrNode = { matrix, label, node: qrSvg(matrix, label) };
    return this._qrNode.node;
  }

  private _onStart(): void {
    if (this.state === 'creating') return;
    void this.start();
  }

  private async _onCopy(): Promise<void> {
    const secret = this._enrollment.key?.secret;
    if (!secret) return;
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(secret);
      this._show(this._text('copied'), '');
    } catch {
      // No clipboard access (permissions, insecure context): select the key for a keyboard copy.
      const code = this.renderRoot.querySelector('[part="secret"]');
      if (code) getSelection()?.selectAllChildren(code);
      this._show(this._text('copyFailed'), 'danger');
    }
  }

  // The inner form's events are the enrolment's business: they do not leave the element as totp-verify-*.
  private _stop(e: Event): void {
    e.stopPropagation();
  }

  private _onCodeSend(e: TotpVerifySendEvent): void {
    e.stopPropagation();
    const send = new TotpEnrollSendEvent({ stage: 'verify', body: e.detail.body });
    this.dispatchEvent(send);
    e.detail.body = send.detail.body;
    if (send.defaultPrevented) {
      e.preventDefault();
      return;
    }
    this._show('', '');
    this._enrollment.codeSent();
  }

  private _onCodeResult(e: TotpVerifyResultEvent): void {
    e.stopPropagation();
    const d: TotpResultDetail = e.detail;
    const answer: EnrollAnswer = {
      outcome: d.outcome,
      ...(d.status !== undefined ? { status: d.status } : {}),
      ...(d.code !== undefined ? { code: d.code } : {}),
      ...(d.message !== undefined ? { message: d.message } : {}),
      ...(d.failure ? { failure: d.failure } : {}),
    };
    this._enrollment.codeAnswered(answer);
  }
}

// The tag's type for `document.createElement('totp-enroll')` and `querySelector`, beside the class so the
// class-only module carries it too (its registration is `TotpEnroll.define()`).
declare global {
  interface HTMLElementTagNameMap {
    'totp-enroll': TotpEnroll;
  }
}
