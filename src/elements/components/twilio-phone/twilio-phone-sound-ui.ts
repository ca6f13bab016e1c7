/**
 * `<twilio-phone>`'s sound and support features, kept out of the element's file: noise
 * suppression, blocked audio ("Enable sound"), silencing the ringtone, the speaker test, and
 * diagnostics. The element forwards its methods here.
 *
 * Their code (twilio-phone-sound-parts.ts) is in the chunk loaded once the phone is registered
 * (twilio-phone-extras.ts), or when the page asks for it first: `noise-suppression`, a method.
 * Until it is here this stand-in says `loading` or `off` for noise suppression and keeps the
 * events diagnostics() will report. Silence, Test speaker and Copy diagnostics are rendered by the
 * call view (twilio-phone-sound-view.ts: they only show where it does) and act through this.
 */
import { nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { Device } from '@twilio/voice-sdk';
import { TwilioPhoneNoiseSuppressionChangeEvent } from '../../events.js';
import type { HeardEvent } from '../../controllers/diagnostics.js';
import { RECORDED_EVENTS } from '../../core/diagnostics-limits.js';
import type { Diagnostics } from '../../core/diagnostics.js';
import type { NoiseSuppressionState } from '../../core/noise-suppression.js';
import { loadExtras } from './twilio-phone-extras.js';
import type { SoundHost, SoundParts } from './twilio-phone-sound-parts.js';
import type { Text } from './twilio-phone-quality.js';

/** What the stand-in and its parts read of the element (one shape for both). */
export type SoundUiHost = SoundHost;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
/** Events kept while the chunk is away: far more than a phone without its SDK produces. */
const MAX_HEARD = 200;

export class SoundUi implements ReactiveController {
  private live: SoundParts | null = null;
  private loading: Promise<SoundParts> | null = null;
  /** the Device the chunk was last asked for (a failed load is tried again for the next one) */
  private askedFor: Device | null = null;
  /** noise suppression as told to the page before the chunk: the attribute, and whether loading failed */
  private noiseWanted = false;
  private noiseShown: NoiseSuppressionState = 'off';
  private readonly heard: HeardEvent[] = [];
  private readonly hear = (e: Event) => {
    const event = { type: e.type, detail: (e as CustomEvent).detail, at: Date.now() };
    if (this.live) return this.live.recorder.record(event);
    this.heard.push(event);
    if (this.heard.length > MAX_HEARD) this.heard.shift();
  };

  constructor(
    private readonly host: SoundUiHost,
    private readonly text: Text,
    private readonly ringing: () => boolean,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    for (const type of RECORDED_EVENTS) this.host.addEventListener(type, this.hear);
  }

  hostDisconnected(): void {
    for (const type of RECORDED_EVENTS) this.host.removeEventListener(type, this.hear);
  }

  /** Before each render: a Device (sound to watch) or `noise-suppression` needs the chunk. */
  hostUpdate(): void {
    if (this.live) return;
    const device = this.host.device;
    if (device && device !== this.askedFor) {
      this.askedFor = device;
      this.parts().catch(() => undefined); // tried again with the next Device or need
    }
    const wanted = this.host.noiseSuppression;
    if (wanted === this.noiseWanted) return;
    this.noiseWanted = wanted;
    this.announce(wanted ? 'loading' : 'off');
    if (!wanted) return;
    // Its own code and WASM come after the chunk: ask for that code now, unless the browser cannot run it.
    if (typeof AudioWorkletNode === 'function' && typeof WebAssembly === 'object') import('./noise-suppression-feature.js').catch(() => undefined);
    this.parts().catch(() => undefined);
  }

  get noiseSuppressionState(): NoiseSuppressionState {
    return this.live?.noise.snapshot.state ?? this.noiseShown;
  }

  get audioBlocked(): boolean {
    return this.live?.sound.blocked ?? false;
  }

  /** the ringing call's ringtone was silenced */
  get silenced(): boolean {
    return !!this.live?.sound.silenced;
  }

  silence(): void {
    if (this.live) this.live.sound.silence();
    else if (this.ringing())
      this.parts().then(
        (live) => live.sound.silence(),
        () => undefined,
      );
  }

  async testSpeaker(): Promise<void> {
    return (await this.parts()).sound.testSpeaker();
  }

  async diagnostics(): Promise<Diagnostics> {
    return (await this.parts()).recorder.collect();
  }

  /** "Enable sound" while the browser blocks it (only the chunk can tell). */
  renderBlocked(): TemplateResult | typeof nothing {
    return this.live?.renderBlocked(this.text) ?? nothing;
  }

  /** The chunk's parts, loading it if needed; a failed load rejects with a readable error and is tried again next time. */
  private parts(): Promise<SoundParts> {
    this.loading ??= loadExtras().then(
      ({ SoundParts }) => {
        this.live ??= new SoundParts(this.host, this.ringing, this.noiseShown, this.heard.splice(0));
        this.host.requestUpdate();
        return this.live;
      },
      (err: unknown) => {
        this.loading = null;
        if (this.noiseWanted) this.announce('failed', `Noise suppression could not load: ${messageOf(err)}`);
        throw new Error(`The phone's sound and diagnostics code could not be loaded: ${messageOf(err)}`);
      },
    );
    return this.loading;
  }

  /** Tells the page what noise suppression is doing while the chunk is away (its controller goes on from there). */
  private announce(state: NoiseSuppressionState, error?: string): void {
    const previousState = this.noiseShown;
    if (state === previousState) return;
    this.noiseShown = state;
    this.host.dispatchEvent(new TwilioPhoneNoiseSuppressionChangeEvent({ state, previousState, ...(error ? { error: { message: error } } : {}) }));
    this.host.requestUpdate();
  }
}
