/**
 * The sound and support rows of `<twilio-phone>`, in the call view's chunk (twilio-phone-call-view.ts):
 * Silence (a ringing call), Test speaker or the speaker note (the device row), Copy diagnostics and
 * its status line (the live states). Each shows only where the call view shows, so the code waits
 * for it. What the buttons do is the element's sound stand-in's (twilio-phone-sound-ui.ts), which
 * brings the sound chunk when asked; Enable sound is that chunk's (twilio-phone-sound-parts.ts).
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Device } from '@twilio/voice-sdk';
import type { Diagnostics } from '../../core/diagnostics.js';
import type { CallViewText as Text } from './twilio-phone-call-view-ui.js';

/** What the rows act on: the element's sound stand-in. */
export interface SoundActions {
  /** the ringing call's ringtone was silenced */
  readonly silenced: boolean;
  silence(): void;
  testSpeaker(): Promise<void>;
  diagnostics(): Promise<Diagnostics>;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class SoundRows {
  /** the last Copy diagnostics / speaker test outcome, shown as text */
  private note = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly sound: SoundActions,
    private readonly text: Text,
    private readonly device: () => Device | null,
  ) {}

  /** Silence, beside Accept and Reject. */
  silence(): TemplateResult {
    const silenced = this.sound.silenced;
    return html`<button part="silence-button" ?disabled=${silenced} @click=${() => this.sound.silence()}>
      ${silenced ? this.text('silenced') : this.text('silence')}
    </button>`;
  }

  /** The speaker picker with its Test button, or the one-line note where outputs cannot be chosen. */
  speaker(picker: TemplateResult | null): TemplateResult | typeof nothing {
    const audio = this.device()?.audio;
    if (audio && !audio.isOutputSelectionSupported) return html`<p part="speaker-note">${this.text('outputSelectionUnsupported')}</p>`;
    if (!picker) return nothing;
    return html`${picker}<button part="test-speaker-button" @click=${() => this.onTestSpeaker()}>${this.text('testSpeaker')}</button>`;
  }

  /** Copy diagnostics, and what came of the last copy or speaker test. */
  tools(): TemplateResult {
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
      await this.sound.testSpeaker();
    } catch (err) {
      this.show(this.text('testSpeakerFailed').replace('{message}', () => messageOf(err)));
    }
  }

  private async onCopyDiagnostics(): Promise<void> {
    try {
      const report = await this.sound.diagnostics();
      await navigator.clipboard.writeText(JSON.stringify(report, null, 2));
      this.show(this.text('diagnosticsCopied'));
    } catch (err) {
      this.show(this.text('diagnosticsCopyFailed').replace('{message}', () => messageOf(err)));
    }
  }
}
