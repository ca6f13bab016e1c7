import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { TOTP_FORM_STRINGS, TOTP_OUTCOMES, clampCodeLength, normalizeCode, type TotpOutcome, type TotpStrings } from '../../core/totp-code.js';
import type { TotpAnswer } from '../../core/totp-outcome.js';
import type { RetryCountdown } from '../../controllers/retry-countdown.js';
import type { TotpVerificationController } from '../../controllers/totp-verification.js';
import { setCustomState, swapCustomState } from '../../dom/custom-states.js';
import { defineElement } from '../../dom/define.js';
import { internalsOf } from '../../dom/internals.js';
import { codeValidity } from '../../core/code-validity.js';
import { LightInputSlot } from '../../controllers/light-input-slot.js';
import { CodeEntry } from '../../controllers/code-entry.js';
import { totpVerifyStyles } from './totp-verify.styles.js';
import type * as FeatureModule from './totp-verify-feature.js';

type Feature = typeof FeatureModule;

/** The code that sends a code and shows its answer (totp-verify-feature.ts), once loaded. */
let feature: Feature | null = null;
let featureLoad: Promise<Feature> | null = null;

/** Loads that code once; after a failed load the next call tries again. */
function loadFeature(): Promise<Feature> {
  return (featureLoad ??= import('./totp-verify-feature.js').then(
    (m) => (feature = m),
    (err: unknown) => {
      featureLoad = null;
      throw err;
    },
  ));
}

type Tone = 'success' | 'danger' | '';

/**
 * @tagname totp-verify
 * @summary A TOTP code field: posts the code as JSON to `verify-url` and shows Twilio Verify's answer, or, without `verify-url`, a form control that submits its form.
 *
 * Three ways to use it:
 *
 * - **Widget** (`verify-url` set): posts `{code, ...}` as JSON and shows the outcome.
 * - **Form control** (no `verify-url`, inside a `<form>`): form-associated like a native
 *   input (`name`, `value`, `required`, `disabled`, a disabled `<fieldset>`, `form.reset()`,
 *   constraint validation); Enter, the button or `autosubmit` submit the form
 *   (`requestSubmit()`), so a server-rendered page needs no script of its own. The server
 *   may render its answer back as the `outcome` attribute (e.g. `outcome="incorrect"`).
 * - **Page-owned input** (`<input slot="input">` child, with either of the above): the
 *   element uses the page's light-DOM input instead of its own, for password managers and
 *   autofill that do not look inside shadow roots. The live message then lives in the light
 *   DOM too (a `slot="message"` child, created when absent) so that the input's
 *   `aria-describedby` can point at it.
 *
 * One real text input (label, `autocomplete="one-time-code"`, `inputmode="numeric"`,
 * digits only, pasted `123 456` / `123-456` normalised), a submit button, Enter, and
 * optional `autosubmit`. One request at a time; an in-flight request is aborted when
 * the element leaves the document. The outcome is reflected as the `outcome` attribute.
 *
 * Progress and outcome are also CSS custom states on the host, e.g.
 * `totp-verify:state(verified)` or `totp-verify:state(pending)`; one outcome at a time.
 * As a form control it also matches `:invalid`, `:valid` and `:disabled`.
 *
 * @event totp-verify-send - Before the POST (widget mode). Cancelable: `preventDefault()` sends nothing; `detail.body` may be changed or replaced.
 * @event totp-verify-result - Every answer: `{outcome, status?, code?, message?, failure?, response}`.
 * @event totp-verify-success - The code was accepted (`outcome` `verified`); same detail as the result.
 *
 * @slot input - optional: the page's own `<input autocomplete="one-time-code" inputmode="numeric">` (or a `<label>` holding one), used instead of the internal input
 * @slot message - optional: where the live message goes when a page-owned input is used; created by the element when absent
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
 * @csspart label - the `<label>` (with a page-owned input: the visible label text, unless the page labelled its input)
 * @csspart input - the code `<input>` (not with a page-owned input)
 * @csspart button - the submit button
 * @csspart message - the live region with the outcome or validation text (not with a page-owned input)
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
  /** A form control: `name`/`value` are submitted with the owner form, which also validates it. */
  static formAssociated = true;

  /**
   * Registers the element as `<totp-verify>` in `registry` (default: the global `customElements`),
   * unless the name is taken there. The class module (`twilio-widgets/totp-verify.component.js`)
   * registers nothing by itself.
   */
  static define(registry?: CustomElementRegistry): void {
    defineElement('totp-verify', this, registry);
  }

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
    required: { type: Boolean, reflect: true },
    _outcomeAttribute: { attribute: 'outcome' },
    _value: { state: true },
    _outcome: { state: true },
    _message: { state: true },
    _tone: { state: true },
    _invalid: { state: true },
    _formDisabled: { state: true },
    _customValidity: { state: true },
  };

  /** POST endpoint; the body is JSON `{code, identity?, factorSid?, challengeSid?, ...params}`. Without it the element is a plain form control. */
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
  /** An empty code is invalid (`valueMissing`); a partial code always is (`patternMismatch`). */
  declare required: boolean;

  declare private _outcomeAttribute: string | null;
  declare private _value: string;
  declare private _outcome: TotpOutcome | null;
  declare private _message: string;
  declare private _tone: Tone;
  declare private _invalid: boolean;
  declare private _formDisabled: boolean;
  declare private _customValidity: string;
  readonly #internals = internalsOf(this);
  /** a 429's `Retry-After` counting down in the message; made with the first one (its code is the feature's) */
  #countdown: RetryCountdown | null = null;
  #waiting = false;
  /** the check of a code, made with the first one (its code is the feature's) */
  #verification: TotpVerificationController | null = null;
  /** a submitted code waits for the feature's code (pending already) */
  #loading = false;
  /** counts submissions, resets and removals: a code whose feature arrives after one of them is dropped */
  #run = 0;
  /** the feature's load for an `outcome` attribute's text, while under way */
  #adopting: Promise<void> | null = null;
  #shownOutcome: TotpOutcome | null = null;
  #shownPending = false;
  readonly #entry = new CodeEntry({ length: () => this.#len, input: () => this.#input, typed: (value) => this.#typed(value) });
  // The page-owned input's code is a separate module, loaded only when a `slot="input"` child exists.
  readonly #light = new LightInputSlot(
    this,
    { beforeinput: this.#entry.beforeinput, input: this.#entry.input, paste: this.#entry.paste, enter: () => void this.#submit() },
    (value) => (this.value = value),
  );

  constructor() {
    super();
    this.verifyUrl = '';
    this.identity = '';
    this.factorSid = '';
    this.challengeSid = '';
    this.params = {};
    this.codeLength = 6;
    this.autosubmit = false;
    this.timeout = 15000; // TOTP_REQUEST_DEFAULTS.timeoutMs, which comes with the feature
    this.label = 'Verification code';
    this.strings = {};
    this.required = false;
    this._outcomeAttribute = null;
    this._value = '';
    this._outcome = null;
    this._message = '';
    this._tone = '';
    this._invalid = false;
    this._formDisabled = false;
    this._customValidity = '';
    // The owner form's validation (submit, checkValidity) found the code invalid: say why here too.
    this.addEventListener('invalid', () => {
      this._invalid = true;
      this.#show(this.validationMessage, 'danger');
    });
    // Someone starts on a code: fetch the code that sends it now, so the POST waits for nothing.
    this.addEventListener('focusin', () => this.#prefetch());
  }

  /** Outcome of the last answered submission, or null. Reflected as the `outcome` attribute; a server-rendered page may set the attribute to show its answer. */
  get outcome(): TotpOutcome | null {
    return this._outcome;
  }

  /** True while a code is being checked. */
  get pending(): boolean {
    return this.#loading || !!this.#verification?.pending;
  }

  /** The code as typed so far (digits only); setting it normalises like a paste. Submitted with the form under `name`. */
  get value(): string {
    return this._value;
  }
  set value(v: string) {
    this._value = normalizeCode(String(v ?? ''), this.#len);
  }

  /** Name of the form field the code is submitted as; the `name` attribute, as for an input. */
  get name(): string {
    return this.getAttribute('name') ?? '';
  }
  set name(v: string) {
    this.setAttribute('name', String(v));
  }

  /**
   * The `disabled` attribute, as for an input: no typing, no submission, and the code is
   * neither validated nor submitted with the form. A disabled `<fieldset>` does the same
   * without setting it. Set synchronously, so the form sees it at once.
   */
  get disabled(): boolean {
    return this.hasAttribute('disabled');
  }
  set disabled(v: boolean) {
    this.toggleAttribute('disabled', !!v);
    this.requestUpdate();
  }

  /** The owner `<form>`, or null. */
  get form(): HTMLFormElement | null {
    return this.#internals?.form ?? null;
  }

  /** The `<label>` elements of the host (`<label for>` pointing at it). */
  get labels(): NodeList | null {
    return this.#internals?.labels ?? null;
  }

  /** Constraint validation state, like an input's. */
  get validity(): ValidityState | null {
    return this.#internals?.validity ?? null;
  }

  /** Why the code is invalid, or empty. */
  get validationMessage(): string {
    return this.#internals?.validationMessage ?? '';
  }

  /** Whether the element takes part in constraint validation (false while disabled). */
  get willValidate(): boolean {
    return this.#internals?.willValidate ?? false;
  }

  /** Like `input.checkValidity()`: false (and an `invalid` event) when the code is invalid. */
  checkValidity(): boolean {
    return this.#internals?.checkValidity() ?? true;
  }

  /** Like `input.reportValidity()`: also shows the reason to the user. */
  reportValidity(): boolean {
    return this.#internals?.reportValidity() ?? true;
  }

  /** Like `input.setCustomValidity()`: a non-empty message makes the code invalid (`customError`) until cleared. */
  setCustomValidity(message: string): void {
    this._customValidity = String(message ?? '');
  }

  /** Focuses the code input (the page's own one when slotted). */
  override focus(options?: FocusOptions): void {
    const input = this.#input;
    if (input) input.focus(options);
    else super.focus(options);
  }

  get #len(): number {
    return clampCodeLength(this.codeLength);
  }

  get #isDisabled(): boolean {
    // formDisabledCallback covers both the attribute and a disabled fieldset.
    return this._formDisabled || this.disabled;
  }

  /** A text of the form itself (the answers' texts come with their code: `#answerText`). */
  #text(key: keyof typeof TOTP_FORM_STRINGS): string {
    return this.strings?.[key] ?? TOTP_FORM_STRINGS[key];
  }

  #allStrings(f: Feature): TotpStrings {
    return { ...TOTP_FORM_STRINGS, ...f.TOTP_ANSWER_STRINGS, ...this.strings };
  }

  /** A code is on its way (`verify-url` set): the feature's code, ahead of the submit. */
  #prefetch(): void {
    if (this.verifyUrl && !feature) loadFeature().catch(() => undefined);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#light.check();
  }

  /** Also waits for the page-owned input to be adopted, and for an `outcome` attribute's text, when there are. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    if (!this.#light.loading && !this.#adopting) return done;
    await this.#light.loading;
    await this.#adopting;
    return super.getUpdateComplete();
  }

  /**
   * A disabled `<fieldset>` around the element, or its own `disabled` attribute (called by the browser).
   * @internal
   */
  formDisabledCallback(disabled: boolean): void {
    this._formDisabled = disabled;
  }

  /**
   * `form.reset()`: an empty code and no outcome, as on first load (called by the browser).
   * @internal
   */
  formResetCallback(): void {
    this.#verification?.abort('totp-verify reset');
    this.#stopLoading();
    this._value = '';
    this._outcome = null;
    this._invalid = false;
    this.#show('', '');
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('codeLength') && this._value.length > this.#len) this._value = this._value.slice(0, this.#len);
    if (changed.has('_outcomeAttribute')) this.#adoptOutcomeAttribute();
    this.#showRetryWait();
  }

  /** The page (e.g. a server-rendered form after a POST) set `outcome`: show it as if it had been answered here. */
  #adoptOutcomeAttribute(): void {
    const o = this._outcomeAttribute;
    if (o === null || o === this._outcome || !(TOTP_OUTCOMES as readonly string[]).includes(o)) return;
    const outcome = o as TotpOutcome;
    this._outcome = outcome;
    this._invalid = outcome === 'incorrect';
    const tone = outcome === 'verified' ? 'success' : 'danger';
    if (feature) return this.#show(this.#allStrings(feature)[outcome], tone);
    // The outcome's text comes with the feature's code: loaded now (getUpdateComplete waits for it).
    const adopting = (this.#adopting = loadFeature().then(
      (f) => {
        if (this._outcome === outcome) this.#show(this.#allStrings(f)[outcome], tone);
      },
      () => {
        // The code could not be loaded: the outcome (attribute, state) stands, and the message says why it has no text.
        if (this._outcome === outcome) this.#show(this.#text('network'), 'danger');
      },
    ));
    void adopting.finally(() => {
      if (this.#adopting === adopting) this.#adopting = null;
    });
  }

  /** A 429 with `Retry-After`: the message counts down (RetryCountdown re-renders once a second). */
  #showRetryWait(): void {
    if (!this.#waiting) return;
    if (this._outcome !== 'rate-limited') {
      this.#waiting = false;
      return;
    }
    const f = feature!; // the countdown came with it
    const wait = f.retryWaitText(this.#msLeft, this.#allStrings(f), this.closest('[lang]')?.getAttribute('lang') || undefined);
    this._message = wait.text;
    if (wait.over) this.#waiting = false;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('_outcome')) {
      if (this._outcome) this.setAttribute('outcome', this._outcome);
      else this.removeAttribute('outcome');
      swapCustomState(this, this.#shownOutcome, this._outcome);
      this.#shownOutcome = this._outcome;
    }
    if (this.pending !== this.#shownPending) setCustomState(this, 'pending', (this.#shownPending = this.pending));
    this.#light.controller?.sync({
      value: this._value,
      disabled: this.#isDisabled || this._outcome === 'verified',
      invalid: this._invalid,
      label: this.label,
      message: this._message,
      tone: this._tone,
    });
    // As Lit's live(): the field shows the code even where the user's typing left the DOM value apart.
    const own = this.renderRoot.querySelector<HTMLInputElement>('#code');
    if (own && own.value !== this._value) own.value = this._value;
    this.#syncFormState();
  }

  /** ms left of a 429's `Retry-After`; 0 without one. */
  get #msLeft(): number {
    return this.#countdown?.msLeft ?? 0;
  }

  /** The value the owner form submits and its validity; also called right before `requestSubmit()`, ahead of the render. */
  #syncFormState(): void {
    this.#internals?.setFormValue?.(this._value);
    this.#syncValidity();
  }

  #syncValidity(): void {
    const internals = this.#internals;
    if (!internals?.setValidity) return;
    const flags: ValidityStateFlags = { ...codeValidity(this._value, this.#len, this.required) };
    if (this._customValidity) flags.customError = true;
    if (!Object.keys(flags).length) {
      internals.setValidity({});
      return;
    }
    const message = this._customValidity || this.#text('incomplete').replace('{length}', String(this.#len));
    // Anchored to the input, so the browser's validation bubble points at the field.
    internals.setValidity(flags, message, this.#input ?? undefined);
  }

  get #input(): HTMLInputElement | null {
    return this.#light.input ?? this.renderRoot?.querySelector('input') ?? null;
  }

  override render() {
    const len = this.#len;
    const verified = this._outcome === 'verified';
    const disabled = this.#isDisabled;
    const light = this.#light.input;
    const slotted = !!light || this.#light.present;
    // The button is aria-disabled, not disabled, while pending, verified or waiting: focus stays on it.
    const label = !slotted
      ? html`<label part="label" for="code">${this.label}</label>`
      : !light || this.#light.controller!.pageLabelled
        ? nothing
        : // The input's name is its aria-label (ARIA cannot reach into this shadow root): this text is for the eyes.
          html`<span part="label" class="label" aria-hidden="true" @click=${this.#focusInput}>${this.label}</span>`;
    return html`
      <div part="base" class="base">
        <form part="form" novalidate aria-busy=${this.pending ? 'true' : 'false'} @submit=${this.#onSubmit}>
          ${label}
          <div class="row" data-length=${len}>
            <slot name="input" @slotchange=${this.#onSlotChange}></slot>
            ${
              slotted
                ? nothing
                : html`<input
                  part="input"
                  id="code"
                  name="code"
                  type="text"
                  .autocomplete=${'one-time-code'}
                  inputmode="numeric"
                  pattern=${`\\d{${len}}`}
                  maxlength=${len}
                  spellcheck="false"
                  translate="no"
                  ?required=${this.required || !!this.verifyUrl}
                  data-length=${len}
                  aria-describedby="message"
                  aria-invalid=${this._invalid ? 'true' : 'false'}
                  ?disabled=${verified || disabled}
                  .value=${this._value}
                  @beforeinput=${this.#entry.beforeinput}
                  @input=${this.#entry.input}
                  @paste=${this.#entry.paste}
                />`
            }
            <button part="button" type="submit" ?disabled=${disabled} aria-disabled=${this.pending || verified || this.#msLeft > 0 ? 'true' : 'false'}
              >${this.#text('submit')}</button
            >
          </div>
          ${
            slotted
              ? html`<slot name="message"></slot>`
              : html`<p part="message" id="message" class="message" role="status" aria-live="polite" aria-atomic="true" data-tone=${this._tone}>${this._message}</p>`
          }
        </form>
      </div>
    `;
  }

  #onSlotChange(): void {
    this.#light.check();
  }

  #focusInput(): void {
    this.#input?.focus();
  }

  /** The user changed the code (typing, paste, autofill). */
  #typed(value: string): void {
    const wasComplete = this._value.length === this.#len;
    this._value = value;
    this._invalid = false;
    this.#prefetch(); // autofill may type without a focus first
    // Only the transition to complete submits, so a kept code is not resent in a loop.
    if (this.autosubmit && !wasComplete && value.length === this.#len) void this.#submit();
  }

  #onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    void this.#submit();
  }

  #show(message: string, tone: Tone): void {
    this._message = message;
    this._tone = tone;
  }

  async #submit(): Promise<void> {
    if (this.pending || this._outcome === 'verified' || this.#isDisabled || this.#msLeft > 0) return;
    const len = this.#len;
    const code = this._value;
    if (code.length !== len) {
      this._invalid = true;
      this.#show(this.#text('incomplete').replace('{length}', String(len)), 'danger');
      this.#input?.focus();
      return;
    }
    const form = this.#internals?.form;
    if (!this.verifyUrl && form) {
      // Form control: the page's form posts the code (and whatever else it holds) the ordinary way.
      this._invalid = false;
      this.#show('', '');
      // The code may have been completed in this very task (autosubmit): the form must see it now.
      this.#syncFormState();
      form.requestSubmit();
      return;
    }
    if (feature) return this.#verify(feature, code);
    // The feature's code is not here yet (no focus or input came first): pending while it loads.
    const run = ++this.#run;
    this.#loading = true;
    this.requestUpdate();
    const loaded = await loadFeature().catch(() => null);
    if (run !== this.#run) return; // reset or removed meanwhile: nobody wants this code sent
    this.#stopLoading();
    // It could not be loaded: nothing was sent; the same words as for a request that got no answer.
    if (!loaded) return this.#answered({ outcome: 'error', failure: 'network' });
    return this.#verify(loaded, code);
  }

  #verify(f: Feature, code: string): Promise<void> {
    this.#verification ??= new f.TotpVerificationController(this, {
      sending: () => {
        this._outcome = null;
        this._invalid = false;
        this.#show(this.#text('verifying'), '');
      },
      answered: (answer) => this.#answered(answer),
    });
    return this.#verification.verify(code);
  }

  /** A submitted code no longer waits for the feature's code. */
  #stopLoading(): void {
    this.#run++;
    if (this.#loading) this.requestUpdate();
    this.#loading = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // As the request itself: dropped at once, not after a possible move.
    this.#stopLoading();
  }

  /** The server's answer (or the lack of a verify URL): shown before the result events go out. */
  #answered(answer: TotpAnswer): void {
    const { outcome } = answer;
    this._outcome = outcome;
    // Without the feature's code (it did not load), the answer is a `network` error.
    const f = feature;
    this.#show(f ? f.totpAnswerText(answer, this.#allStrings(f), !!this.verifyUrl) : this.#text('network'), outcome === 'verified' ? 'success' : 'danger');
    if (outcome === 'rate-limited' && answer.retryAfter && f) {
      this.#waiting = true;
      (this.#countdown ??= new f.RetryCountdown(this)).start(answer.retryAfter);
    }
    if (outcome === 'incorrect') {
      this._invalid = true;
      this._value = '';
      // After render, so focus lands on the cleared, enabled field.
      void this.updateComplete.then(() => this.#input?.focus());
    }
  }
}

// The tag's type for `document.createElement('totp-verify')` and `querySelector`, beside the class so the
// class-only module carries it too (its registration is `TotpVerify.define()`).
declare global {
  interface HTMLElementTagNameMap {
    'totp-verify': TotpVerify;
  }
}
