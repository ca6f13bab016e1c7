/**
 * `<twilio-phone>`'s sound and support features, kept out of the element's file: noise
 * suppression, blocked audio ("Enable sound"), silencing the ringtone, the speaker test and its
 * fallback note, and diagnostics with "Copy diagnostics". The element forwards its methods here
 * and places these templates in its own.
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Device } from '@twilio/voice-sdk';
import { NoiseSuppressionController } from '../../controllers/noise-suppression.js';
import { PhoneSoundController } from '../../controllers/phone-sound.js';
import { DiagnosticsController } from '../../controllers/diagnostics.js';
import type { Diagnostics } from '../../core/diagnostics.js';
import type { NoiseSuppressionState } from '../../core/noise-suppression.js';
import type { PreflightReport } from '../../core/preflight-report.js';
import type { TwilioPhoneStrings } from './twilio-phone.strings.js';

type Text = (key: keyof TwilioPhoneStrings) => string;

export interface SoundUiHost extends ReactiveControllerHost, HTMLElement {
  noiseSuppression: boolean;
  edge: string;
  readonly state: string;
  readonly device: Device | null;
  readonly preflightReport: PreflightReport | null;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class SoundUi {
  private readonly noise: NoiseSuppressionController;
  private readonly sound: PhoneSoundController;
  private readonly diagnosticsRecorder: DiagnosticsController;
  /** the last Copy diagnostics / speaker test outcome, shown as text */
  private note = '';

  constructor(
    private readonly host: SoundUiHost,
    private readonly text: Text,
    ringing: () => boolean,
    testSoundUrl: () => string,
  ) {
    this.noise = new NoiseSuppressionController(host, () => host.device);
    this.sound = new PhoneSoundController(host, () => host.device, ringing, testSoundUrl);
    this.diagnosticsRecorder = new DiagnosticsController({
      host,
      device: () => host.device,
      state: () => host.state,
      edgeSetting: () => host.edge,
      noiseSuppression: () => this.noise.snapshot.state,
      audioBlocked: () => this.sound.blocked,
      preflight: () => host.preflightReport,
    });
  }

  get noiseSuppressionState(): NoiseSuppressionState {
    return this.noise.snapshot.state;
  }

  get audioBlocked(): boolean {
    return this.sound.blocked;
  }

  silence(): void {
    this.sound.silence();
  }

  testSpeaker(): Promise<void> {
    return this.sound.testSpeaker();
  }

  diagnostics(): Promise<Diagnostics> {
    return this.diagnosticsRecorder.collect();
  }

  /** "Enable sound" while the browser blocks it. */
  renderBlocked(): TemplateResult | typeof nothing {
    if (!this.sound.blocked) return nothing;
    return html`<div part="audio-blocked" class="row" role="status">
      <span>${this.text('audioBlocked')}</span>
      <button part="enable-sound-button" class="primary" @click=${() => this.sound.unlock()}>${this.text('enableSound')}</button>
    </div>`;
  }

  /** Silence, beside Accept and Reject. */
  renderSilence(): TemplateResult {
    const silenced = this.sound.silenced;
    return html`<button part="silence-button" ?disabled=${silenced} @click=${() => this.silence()}>
      ${silenced ? this.text('silenced') : this.text('silence')}
    </button>`;
  }

  /** The speaker picker with its Test button, or the one-line note where outputs cannot be chosen. */
  renderSpeaker(picker: TemplateResult | null): TemplateResult | typeof nothing {
    const audio = this.host.device?.audio;
    if (audio && !audio.isOutputSelectionSupported) return html`<p part="speaker-note">${this.text('outputSelectionUnsupported')}</p>`;
    if (!picker) return nothing;
    return html`${picker}<button part="test-speaker-button" @click=${() => this.onTestSpeaker()}>${this.text('testSpeaker')}</button>`;
  }

  /** Copy diagnostics, and what came of the last copy or speaker test. */
  renderTools(): TemplateResult {
    return html`<div part="tools" class="row">
      <button part="diagnostics-button" @click=${() => this.onCopyDiagnostics()}>${this.text('copyDiagnostics')}</button>
      <span part="tools-status" role="status" aria-live="polite">${this.note}</span>
    </div>`;
  }

  private show(note: string): void {
    this.note = note;
    this.host.requestUpdate();
  }

  private async onTestSpeaker(): Promise<void> {
    try {
      await this.testSpeaker();
    } catch (err) {
      this.show(this.text('testSpeakerFailed').replace('{message}', () => messageOf(err)));
    }
  }

  private async onCopyDiagnostics(): Promise<void> {
    try {
      const report = await this.diagnostics();
      await navigator.clipboard.writeText(JSON.stringify(report, null, 2));
      this.show(this.text('diagnosticsCopied'));
    } catch (err) {
      this.show(this.text('diagnosticsCopyFailed').replace('{message}', () => messageOf(err)));
    }
  }
}
