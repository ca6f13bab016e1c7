/**
 * `<twilio-phone>`'s sound and support features, in the chunk loaded once the phone is registered
 * (twilio-phone-extras-feature.ts): noise suppression, blocked audio ("Enable sound"), silencing the
 * ringtone, the speaker test, and the diagnostics recorder. The element's stand-in
 * (twilio-phone-sound-ui.ts) renders the buttons and forwards here once the chunk is in.
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Device } from '@twilio/voice-sdk';
import { NoiseSuppressionController } from '../../controllers/noise-suppression.js';
import { PhoneSoundController } from '../../controllers/phone-sound.js';
import { DiagnosticsController, type HeardEvent } from '../../controllers/diagnostics.js';
import type { NoiseSuppressionState } from '../../core/noise-suppression.js';
import type { PreflightReport } from '../../core/preflight-report.js';
import { loadKit } from '../../controllers/voice-device.js';
import type { Text } from './twilio-phone-quality.js';

export interface SoundHost extends ReactiveControllerHost, HTMLElement {
  noiseSuppression: boolean;
  edge: string;
  soundsUrl: string;
  sounds?: Partial<Record<string, string>>;
  readonly state: string;
  readonly device: Device | null;
  readonly preflightReport: PreflightReport | null;
}

export class SoundParts {
  readonly noise: NoiseSuppressionController;
  readonly sound: PhoneSoundController;
  readonly recorder: DiagnosticsController;

  constructor(
    host: SoundHost,
    ringing: () => boolean,
    /** what the stand-in told the page of noise suppression */
    announced: NoiseSuppressionState,
    /** the recorded events heard before the chunk came, oldest first */
    heard: readonly HeardEvent[],
  ) {
    this.noise = new NoiseSuppressionController(host, () => host.device, announced);
    // The speaker test plays the Device's own `outgoing` sound: a Device means its kit (with the sound files) is here.
    const testSoundUrl = async () => (await loadKit()).deviceSounds(host.soundsUrl, host.sounds).outgoing ?? '';
    this.sound = new PhoneSoundController(host, () => host.device, ringing, testSoundUrl);
    this.recorder = new DiagnosticsController({
      device: () => host.device,
      state: () => host.state,
      edgeSetting: () => host.edge,
      noiseSuppression: () => this.noise.snapshot.state,
      audioBlocked: () => this.sound.blocked,
      preflight: () => host.preflightReport,
    });
    for (const event of heard) this.recorder.record(event);
  }

  /** "Enable sound" while the browser blocks it. */
  renderBlocked(text: Text): TemplateResult | typeof nothing {
    if (!this.sound.blocked) return nothing;
    return html`<div part="audio-blocked" class="row" role="status">
      <span>${text('audioBlocked')}</span>
      <button part="enable-sound-button" class="primary" @click=${() => this.sound.unlock()}>${text('enableSound')}</button>
    </div>`;
  }
}
