import { LitElement, html, type PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import {
  TOTP_DEFAULT_STRINGS,
  clampCodeLength,
  decideTotpOutcome,
  normalizeCode,
  type TotpDecision,
  type TotpOutcome,
  type TotpStrings,
} from '../../core/totp-outcome.js';
import { TOTP_REQUEST_DEFAULTS, postTotpCode, type TotpRequestResult } from '../../core/totp-request.js';
import { TotpVerifyResultEvent, TotpVerifySendEvent, TotpVerifySuccessEvent, type TotpResultDetail } from '../../events.js';
import { setCustomState } from '../custom-states.js';
import { totpVerifyStyles } from './totp-verify.styles.js';

type Tone = 'success' | 'danger' | '';

/**
 * @tagname totp-verify
 * @summary A TOTP code entry form: posts the code as JSON to `verify-url` and shows the outcome of Twilio Verify's answer.
 *
 * One real text input (label, `autocomplete="one-time-code"`, `inputmode="numeric"`,
 * digits only, pasted `123 456` / `123-456` normalised), a submit button, Enter, and
 * optional `autosubmit`. One request at a time; an in-flight request is aborted when
 * the element leaves the document. The outcome is reflected as the `outcome` attribute.
 *
 * @event totp-verify-send - Before the POST. Cancelable: `preventDefault()` sends nothing; `detail.body` may be changed or replaced.
 * @event totp-verify-result - Every answer: `{outcome, status?, code?, message?, failure?, response}`.
 * @event totp-verify-success - The code was accepted (`outcome` `verified`); same detail as the result.
 *
 * Progress and outcome are also CSS custom states on the host, e.g.
 * `totp-verify:state(verified)` or `totp-verify:state(pending)`; one outcome at a time.
 *
 * @cssstate pending - a code is being checked
 * @cssstate verified - the last answer accepted the code
 * @cssstate incorrect - the last answer refused the code; it can be retried
 * @cssstate expired - the verification (factor or challenge) has expired
 * @cssstate denied - the verification was denied
 * @cssstate too-many-attempts - Twilio allows no more attempts for this verification
 * @cssstate rate-limited - too many requests; wait and retry
 * @cssstate not-found - the factor or challenge does not exist
 * @cssstate error - any other failure (server, network, timeout, no verify URL)
 *
 * @csspart base - the wrapper
 * @csspart form - the `<form>`
 * @csspart label - the `<label>`
 * @csspart input - the code `<input>`
 * @csspart button - the submit button
 * @csspart message - the live region with the outcome or validation text
 *
 * @cssproperty --totp-verify-color - text colour
 * @cssproperty --totp-verify-label-color - label colour
 * @cssproperty --totp-verify-input-background - input background
 * @cssproperty --totp-verify-border-color - input border colour
 * @cssproperty --totp-verify-accent - button background and focus ring
 * @cssproperty --totp-verify-on-accent - button text colour
 * @cssproperty --totp-verify-success-color - message colour for `verified`
 * @cssproperty --totp-verify-danger-color - message and invalid-border colour for failures
 * @cssproperty --totp-verify-radius - corner radius of input and button
 * @cssproperty --totp-verify-gap - spacing between the parts
 * @cssproperty --totp-verify-font-family - font (inherits by default)
 */
export class TotpVerify extends LitElement {
  static override styles = totpVerifyStyles;
  // Focusing the host (el.focus(), <label> outside) lands in the code input.
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override properties = {
    verifyUrl: { attribute: 'verify-url' },
    identity: {},
    factorSid: { attribute: 'factor-sid' },
    challengeSid: { attribute: 'challenge-sid' },
    params: { attribute: false },
    codeLength: { attribute: 'code-length', type: Number },
    autosubmit: { type: Boolean },
    timeout: { type: Number },
    label: {},
    strings: { attribute: false },
    _value: { state: true },
    _pending: { state: true },
    _outcome: { state: true },
    _message: { state: true },
    _tone: { state: true },
    _invalid: { state: true },
  };

  /** POST endpoint; the body is JSON `{code, identity?, factorSid?, challengeSid?, ...params}`. */
  declare verifyUrl: string;
  /** Sent as `identity` when set. */
  declare identity: string;
  /** Sent as `factorSid` when set. */
  declare factorSid: string;
  /** Sent as `challengeSid` when set. */
  declare challengeSid: string;
  /** Extra fields merged into the posted body. */
  declare params: Record<string, unknown>;
  /** Digits in a code, 3–8 (clamped); default 6. */
  declare codeLength: number;
  /** Submit as soon as the code is complete. */
  declare autosubmit: boolean;
  /** Request timeout in ms; default 15000. */
  declare timeout: number;
  /** Text of the input's label. */
  declare label: string;
  /** Overrides for any shown text (see `TOTP_DEFAULT_STRINGS`). */
  declare strings: Partial<TotpStrings>;

  declare private _value: string;
  declare private _pending: boolean;
  declare private _outcome: TotpOutcome | null;
  declare private _message: string;
  declare private _tone: Tone;
  declare private _invalid: boolean;
  declare private _controller: AbortController | null;
  private readonly _internals: ElementInternals | null;
  private _shownOutcome: TotpOutcome | null = null;

  constructor() {
    super();
    this.verifyUrl = '';
    this.identity = '';
    this.factorSid = '';
    this.challengeSid = '';
    this.params = {};
    this.codeLength = 6;
    this.autosubmit = false;
    this.timeout = TOTP_REQUEST_DEFAULTS.timeoutMs;
    this.label = 'Verification code';
    this.strings = {};
    this._value = '';
    this._pending = false;
    this._outcome = null;
    this._message = '';
    this._tone = '';
    this._invalid = false;
    this._controller = null;
    this._internals = typeof this.attachInternals === 'function' ? this.attachInternals() : null;
  }

  /** Outcome of the last answered submission, or null. Reflected as the `outcome` attribute. */
  get outcome(): TotpOutcome | null {
    return this._outcome;
  }

  /** True while a code is being checked. */
  get pending(): boolean {
    return this._pending;
  }

  private get _len(): number {
    return clampCodeLength(this.codeLength);
  }

  private _text(key: keyof TotpStrings): string {
    return this.strings?.[key] ?? TOTP_DEFAULT_STRINGS[key];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Nobody is left to show the answer to; also frees the connection.
    this._controller?.abort(new DOMException('totp-verify disconnected', 'AbortError'));
    this._controller = null;
    this._pending = false;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('codeLength') && this._value.length > this._len) this._value = this._value.slice(0, this._len);
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('_outcome')) {
      if (this._outcome) this.setAttribute('outcome', this._outcome);
      else this.removeAttribute('outcome');
      if (this._shownOutcome) setCustomState(this._internals, this._shownOutcome, false);
      if (this._outcome) setCustomState(this._internals, this._outcome, true);
      this._shownOutcome = this._outcome;
    }
    if (changed.has('_pending')) setCustomState(this._internals, 'pending', this._pending);
  }

  private get _input(): HTMLInputElement | null {
    return this.renderRoot.querySelector('input');
  }

  override render() {
    const len = this._len;
    const verified = this._outcome === 'verified';
    return html`
      <div part="base" class="base">
        <form part="form" novalidate aria-busy=${this._pending ? 'true' : 'false'} @submit=${this._onSubmit}>
          <label part="label" for="code">${this.label}</label>
          <div class="row">
            <input
              part="input"
              id="code"
              name="code"
              type="text"
              autocomplete="one-time-code"
              inputmode="numeric"
              pattern=${`\\d{${len}}`}
              maxlength=${len}
              spellcheck="false"
              translate="no"
              required
              data-length=${len}
              aria-describedby="message"
              aria-invalid=${this._invalid ? 'true' : 'false'}
              ?disabled=${verified}
              .value=${live(this._value)}
              @beforeinput=${this._onBeforeInput}
              @input=${this._onInput}
              @paste=${this._onPaste}
            />
            <button part="button" type="submit" ?disabled=${this._pending || verified}>${this._text('submit')}</button>
          </div>
          <p part="message" id="message" class="message" role="status" aria-live="polite" aria-atomic="true" data-tone=${this._tone}>${this._message}</p>
        </form>
      </div>
    `;
  }

  // Non-digits are refused before they reach the field, so they never use up `maxlength`.
  private _onBeforeInput(e: InputEvent): void {
    if (!e.inputType.startsWith('insert') || e.data == null || !/\D/.test(e.data)) return;
    e.preventDefault();
    this._insert(normalizeCode(e.data, this._len));
  }

  private _onPaste(e: ClipboardEvent): void {
    // Handled here because a native paste of `123 456` is cut by maxlength before `input` fires.
    e.preventDefault();
    const digits = normalizeCode(e.clipboardData?.getData('text') ?? '', this._len);
    if (digits.length === this._len) this._setValue(digits, true);
    else this._insert(digits);
  }

  private _onInput(e: Event): void {
    // Backstop for autofill, IME and drops that skip beforeinput's filter.
    const input = e.target as HTMLInputElement;
    const digits = normalizeCode(input.value, this._len);
    if (digits !== input.value) input.value = digits;
    this._setValue(digits, true);
  }

  private _insert(digits: string): void {
    const input = this._input;
    if (!input || !digits) return;
    input.setRangeText(digits, input.selectionStart ?? input.value.length, input.selectionEnd ?? input.value.length, 'end');
    const value = normalizeCode(input.value, this._len);
    if (value !== input.value) input.value = value;
    this._setValue(value, true);
  }

  private _setValue(value: string, byUser: boolean): void {
    const wasComplete = this._value.length === this._len;
    this._value = value;
    if (byUser && this._invalid) this._invalid = false;
    // Only the transition to complete submits, so a kept code is not resent in a loop.
    if (byUser && this.autosubmit && !wasComplete && value.length === this._len) void this._submit();
  }

  private _onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    void this._submit();
  }

  private _show(message: string, tone: Tone): void {
    this._message = message;
    this._tone = tone;
  }

  private async _submit(): Promise<void> {
    if (this._pending || this._outcome === 'verified') return;
    const len = this._len;
    const code = this._value;
    if (code.length !== len) {
      this._invalid = true;
      this._show(this._text('incomplete').replace('{length}', String(len)), 'danger');
      this._input?.focus();
      return;
    }
    const body: Record<string, unknown> = { code };
    if (this.identity) body.identity = this.identity;
    if (this.factorSid) body.factorSid = this.factorSid;
    if (this.challengeSid) body.challengeSid = this.challengeSid;
    Object.assign(body, this.params);
    // The typed code wins over a stray `params.code`; a send listener may still change it.
    body.code = code;
    const send = new TotpVerifySendEvent({ body });
    this.dispatchEvent(send);
    if (send.defaultPrevented) return;

    const controller = new AbortController();
    this._controller = controller;
    this._pending = true;
    this._outcome = null;
    this._invalid = false;
    this._show(this._text('verifying'), '');
    let result: TotpRequestResult;
    try {
      if (!this.verifyUrl) {
        result = { httpStatus: null, body: undefined };
      } else {
        result = await postTotpCode({
          url: this.verifyUrl,
          body: send.detail.body,
          timeoutMs: Number.isFinite(this.timeout) && this.timeout > 0 ? this.timeout : TOTP_REQUEST_DEFAULTS.timeoutMs,
          signal: controller.signal,
        });
      }
    } catch {
      // Only an abort (disconnect) gets here; it is deliberate, so nothing to show.
      return;
    }
    if (this._controller !== controller) return;
    this._controller = null;
    this._pending = false;
    this._finish(decideTotpOutcome(result), result);
  }

  private _finish(decision: TotpDecision, result: TotpRequestResult): void {
    const { outcome } = decision;
    this._outcome = outcome;
    let text: string;
    if (outcome === 'error') {
      text = !this.verifyUrl ? this._text('noUrl') : result.failure ? this._text(result.failure) : (decision.message ?? this._text('error'));
    } else {
      text = this._text(outcome);
    }
    this._show(text, outcome === 'verified' ? 'success' : 'danger');
    if (outcome === 'incorrect') {
      this._invalid = true;
      this._value = '';
      // After render, so focus lands on the cleared, enabled field.
      void this.updateComplete.then(() => this._input?.focus());
    }
    const detail: TotpResultDetail = {
      outcome,
      ...(decision.status !== undefined ? { status: decision.status } : {}),
      ...(decision.code !== undefined ? { code: decision.code } : {}),
      ...(decision.message !== undefined ? { message: decision.message } : {}),
      ...(result.failure ? { failure: result.failure } : {}),
      response: result.body ?? null,
    };
    this.dispatchEvent(new TotpVerifyResultEvent(detail));
    if (outcome === 'verified') this.dispatchEvent(new TotpVerifySuccessEvent(detail));
  }
}
