/**
 * `<twilio-phone>`'s call view, in a lazy chunk (call-view-feature.ts) fetched beside the SDK
 * chunk: the calls (CallSessionController), the dial form, the call's rows (timer, meters,
 * dialpad), the device pickers, how the last call ended, the sound and support rows
 * (twilio-phone-sound-view.ts), the background-tab rows (twilio-phone-background-view.ts), the
 * quality row (twilio-phone-call-quality.ts), and their styles (added to the shadow root when the
 * chunk arrives, before anything of it renders). The session awaits this chunk with
 * the SDK, so a Device, `ready` and a call never exist without it. The element reaches it through
 * the thin stand-in of twilio-phone-call-view-ui.ts.
 */
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { AudioDevicesController } from '../../controllers/audio-devices.js';
import { CallOutcomeController } from '../../controllers/call-outcome.js';
import { CallSessionController, type CallView } from '../../controllers/call-session.js';
import type { DeviceSessionController } from '../../controllers/device-session.js';
import type { DeviceChoice } from '../../core/audio-devices.js';
import { DTMF_KEYS, formatDuration, isDtmfKey, parseDialTarget, type DialProblem } from '../../core/dial-target.js';
import type { PhoneState } from '../../core/phone-state.js';
import { addStyles } from '../../dom/add-styles.js';
import { twilioPhoneCallViewStyles } from './twilio-phone-call-view.styles.js';
import type { CallViewHooks, CallViewHost } from './twilio-phone-call-view-ui.js';
import type { CallViewStrings } from './twilio-phone-call-view.strings.js';
import { backgroundRows, type BackgroundRows } from './twilio-phone-background-view.js';
import { SoundRows } from './twilio-phone-sound-view.js';
import { CallQualityRow } from './twilio-phone-call-quality.js';

const DIAL_PROBLEM_STRINGS: Record<DialProblem, keyof CallViewStrings> = {
  empty: 'dialEmpty',
  'needs-e164': 'dialNeedsE164',
  invalid: 'dialInvalid',
};

export class CallViewSection implements ReactiveController {
  readonly calls: CallSessionController;
  readonly audioDevices: AudioDevicesController;
  readonly outcome: CallOutcomeController;
  readonly sound: SoundRows;
  readonly quality: CallQualityRow;
  private dialError = '';
  private timerHandle: ReturnType<typeof setInterval> | undefined;
  private styled = false;

  constructor(
    private readonly host: CallViewHost,
    session: DeviceSessionController,
    private readonly hooks: CallViewHooks,
  ) {
    const text = hooks.text;
    this.calls = new CallSessionController(host, session);
    this.calls.onVolume = (input, output) => this.showVolume(input, output);
    this.calls.microphoneMessage = (reason) => text(reason === 'microphone-denied' ? 'microphoneDenied' : 'microphoneUnavailable');
    this.quality = new CallQualityRow(host, text);
    this.calls.onCall = (call) => {
      this.quality.watch(call);
      hooks.onCall(call);
    };
    this.audioDevices = new AudioDevicesController(
      host,
      () => session.device,
      (error) => session.reportError(error, false),
    );
    this.outcome = new CallOutcomeController(host);
    this.sound = new SoundRows(host, hooks.sound, text, () => session.device);
    host.addController(this);
  }

  hostConnected(): void {
    // Before anything of the chunk renders (a chunk asked for before the first connect adds them then).
    if (this.styled) return;
    this.styled = true;
    addStyles(this.host.renderRoot, twilioPhoneCallViewStyles);
  }

  hostUpdated(): void {
    this.quality.write();
    const connected = this.calls.view?.callState === 'connected';
    if (connected && !this.timerHandle) this.timerHandle = setInterval(() => this.renderTimer(), 1000);
    if (!connected && this.timerHandle) this.stopTimer();
  }

  hostDisconnected(): void {
    this.stopTimer();
  }

  /** How the last call ended, in words ('' when there is nothing to say). */
  outcomeText(): string {
    const key = this.outcome.key;
    return key ? this.hooks.text(key) : '';
  }

  /** The call in front, else the dial form (in `ready` and `offline`, unless `hide-dialer`). */
  render(state: PhoneState): TemplateResult | typeof nothing {
    const view = this.calls.view;
    return view ? this.renderCall(view) : this.renderDialer(state);
  }

  /** How the last call ended, for a few seconds (its line is there, empty, from the chunk's arrival: a live region before it speaks). */
  renderOutcome(): TemplateResult {
    const ended = this.outcome;
    // No whitespace inside: empty, it takes no room (:empty).
    return html`<div part="outcome" role="status" aria-live="polite" data-outcome=${ended.outcome ?? nothing}>${ended.key ? this.hooks.text(ended.key) : nothing}</div>`;
  }

  /** The device pickers' row, then Copy diagnostics. */
  renderDevices(): TemplateResult {
    return html`${this.renderPickers()}${this.sound.tools()}`;
  }

  background(state: PhoneState): BackgroundRows {
    return backgroundRows(state, this.host, this.hooks.background, this.hooks.text, this.hooks.locale(), this.hooks.ids);
  }

  private renderPickers(): TemplateResult {
    const { microphones, speakers } = this.audioDevices.view;
    const text = this.hooks.text;
    const picker = (part: string, label: string, choices: DeviceChoice[], pick: (id: string) => void) =>
      html`<label>
        ${label}
        <select part=${part} @change=${(e: Event) => pick((e.target as HTMLSelectElement).value)}>
          ${choices.map((c) => html`<option value=${c.id} ?selected=${c.selected}>${c.label}</option>`)}
        </select>
      </label>`;
    // The speaker picker comes with its Test button, or is a one-line note where outputs cannot be chosen.
    const speaker = this.sound.speaker(
      speakers ? picker('speaker-select', text('speakerDevice'), speakers, (id) => void this.audioDevices.selectSpeaker(id)) : null,
    );
    // Until the browser has listed its devices the row holds invisible stand-ins of the same
    // shape (they wrap the same way at any width), so the pickers appearing move nothing.
    if (!microphones && speaker === nothing) {
      return html`<div part="devices" class="row reserved">
        <label>${text('microphoneDevice')}<select disabled></select></label>
        <label>${text('speakerDevice')}<select disabled></select></label>
        <button disabled>${text('testSpeaker')}</button>
      </div>`;
    }
    return html`<div part="devices" class="row">
      ${microphones ? picker('microphone-select', text('microphoneDevice'), microphones, (id) => void this.audioDevices.selectMicrophone(id)) : nothing}
      ${speaker}
    </div>`;
  }

  private stopTimer(): void {
    clearInterval(this.timerHandle);
    this.timerHandle = undefined;
  }

  private renderTimer(): void {
    const el = this.host.renderRoot.querySelector('[part="timer"]');
    const at = this.calls.view?.connectedAt;
    if (el && at) el.textContent = formatDuration((Date.now() - at) / 1000, this.hooks.locale());
  }

  private showVolume(input: number, output: number): void {
    // 60 ticks a second: write the two meters directly instead of re-rendering the phone.
    const [mic, speaker] = this.host.renderRoot.querySelectorAll('meter');
    if (mic) mic.value = input;
    if (speaker) speaker.value = output;
  }

  // Lit calls listeners with the element as `this`: the section's handlers are arrow functions.
  private readonly onDialSubmit = (e: SubmitEvent): void => {
    e.preventDefault();
    const input = this.host.renderRoot.querySelector<HTMLInputElement>('[part="dial-input"]');
    const target = parseDialTarget(input?.value ?? '');
    if (!target.ok) {
      this.setDialError(this.hooks.text(DIAL_PROBLEM_STRINGS[target.problem]));
      input?.focus();
      return;
    }
    this.setDialError('');
    void this.host.call(target.to);
  };

  private setDialError(message: string): void {
    if (message === this.dialError) return;
    this.dialError = message;
    this.host.requestUpdate();
  }

  private onKey(key: string): void {
    if (this.calls.view?.callState === 'connected') {
      this.host.sendDigits(key);
      return;
    }
    const input = this.host.renderRoot.querySelector<HTMLInputElement>('[part="dial-input"]');
    if (input) input.value += key;
  }

  private readonly onDialpadKeydown = (e: KeyboardEvent): void => {
    // Digits typed anywhere in the in-call panel go out as DTMF.
    if (isDtmfKey(e.key) && !(e.target instanceof HTMLInputElement)) {
      e.preventDefault();
      this.onKey(e.key);
    }
  };

  private renderDialer(state: PhoneState) {
    if (this.host.hideDialer || (state !== 'ready' && state !== 'offline')) return nothing;
    const text = this.hooks.text;
    const errId = `${this.hooks.ids}-dial-error`;
    return html`<form class="row" @submit=${this.onDialSubmit} novalidate>
      <label>
        ${text('dialLabel')}
        <input
          part="dial-input"
          name="to"
          type="tel"
          autocomplete="tel"
          placeholder=${text('dialPlaceholder')}
          aria-invalid=${this.dialError ? 'true' : 'false'}
          aria-describedby=${errId}
          @input=${() => this.setDialError('')}
        />
      </label>
      <button part="call-button" class="success" type="submit" ?disabled=${state !== 'ready'}>${text('call')}</button>
      <span id=${errId} class="field-error">${this.dialError}</span>
    </form>`;
  }

  private renderCall(view: CallView) {
    const text = this.hooks.text;
    const host = this.host;
    const ringingIn = view.direction === 'incoming' && view.callState === 'ringing';
    const label = ringingIn
      ? ''
      : view.callState === 'dialing'
        ? `${text('dialing')} ${view.remote}…`
        : view.callState === 'ringing'
          ? `${text('ringing')} ${view.remote}…`
          : `${text('connected')} ${view.remote}`;
    return html`<div class="call" @keydown=${this.onDialpadKeydown}>
      <div class="row">
        ${label ? html`<span role="status" aria-live="assertive">${label}</span>` : nothing}
        ${view.callState === 'connected' ? html`<span part="timer" role="timer" aria-live="off">${formatDuration(0, this.hooks.locale())}</span>` : nothing}
      </div>
      ${view.callState === 'reconnecting' ? html`<div part="banner" role="status">${text('reconnecting')}</div>` : nothing}
      ${view.callState === 'connected' || view.callState === 'reconnecting' ? this.quality.row() : nothing}
      <div class="row">
        ${
          ringingIn
            ? html`<button part="accept-button" class="success" @click=${() => host.accept()}>${text('accept')}</button>
              <button part="reject-button" class="danger" @click=${() => host.reject()}>${text('reject')}</button>
              ${this.sound.silence()}`
            : html`<button part="hangup-button" class="danger" @click=${() => host.hangup()}>${text('hangup')}</button>
              <button part="mute-button" aria-pressed=${view.muted ? 'true' : 'false'} @click=${() => host.mute(!view.muted)}>
                ${view.muted ? text('unmute') : text('mute')}
              </button>`
        }
      </div>
      ${this.hooks.renderCallControl(view)}
      ${
        view.callState === 'connected' || view.callState === 'reconnecting'
          ? html`<div part="meters" class="row">
              <label>${text('microphone')} <meter min="0" max="1" value="0"></meter></label>
              <label>${text('speaker')} <meter min="0" max="1" value="0"></meter></label>
            </div>
            <div part="dialpad" role="group" aria-label=${text('dialpad')}>
              ${DTMF_KEYS.map((k) => html`<button part="key" type="button" @click=${() => this.onKey(k)}>${k}</button>`)}
            </div>`
          : nothing
      }
    </div>`;
  }
}
