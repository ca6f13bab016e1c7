/**
 * Runs `noise-suppression`'s effects (core/noise-suppression.ts): loads the chunk and compiles
 * RNNoise, adds the processor to whichever Device the session runs and removes it again. The SDK
 * swaps the processed microphone into a call in progress (`addProcessor` restarts the input
 * stream and replaces the sender's track), so toggling during a call keeps the call.
 * This controller loads with the phone's sound features (a lazy chunk); until then the element's
 * stand-in (twilio-phone-sound-ui.ts) says `loading` or `off`, and this one goes on from what it said.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Device } from '@twilio/voice-sdk';
import {
  INITIAL_NOISE_SUPPRESSION,
  reduceNoiseSuppression,
  type NoiseSuppressionEffect,
  type NoiseSuppressionInput,
  type NoiseSuppressionSnapshot,
  type NoiseSuppressionState,
} from '../core/noise-suppression.js';
import { TwilioPhoneNoiseSuppressionChangeEvent } from '../events.js';
import type { RnnoiseProcessor } from '../noise/rnnoise-processor.js';

export interface NoiseSuppressionHost extends ReactiveControllerHost, HTMLElement {
  noiseSuppression: boolean;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class NoiseSuppressionController implements ReactiveController {
  snapshot: NoiseSuppressionSnapshot = INITIAL_NOISE_SUPPRESSION;
  private device: Device | null = null;
  private processor: RnnoiseProcessor | null = null;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly host: NoiseSuppressionHost,
    private readonly getDevice: () => Device | null,
    /** the state the page was last told (by the element's stand-in, before this controller existed) */
    private announced: NoiseSuppressionState = 'off',
  ) {
    host.addController(this);
    // The attribute first, so a stand-in's `loading` goes on without a step back to `off` when the Device is seen.
    this.dispatch({ type: 'set', on: host.noiseSuppression });
  }

  /** Before each render: follow the attribute and the session's Device (a state change renders in the same update). */
  hostUpdate(): void {
    const device = this.getDevice();
    if (device !== this.device) {
      this.device = device;
      this.dispatch({ type: 'device', present: !!device });
    }
    if (this.host.noiseSuppression !== this.snapshot.wanted) this.dispatch({ type: 'set', on: this.host.noiseSuppression });
  }

  private dispatch(input: NoiseSuppressionInput): void {
    const { snapshot, effects } = reduceNoiseSuppression(this.snapshot, input);
    this.snapshot = snapshot;
    const previousState = this.announced;
    if (snapshot.state !== previousState) {
      this.announced = snapshot.state;
      this.host.dispatchEvent(
        new TwilioPhoneNoiseSuppressionChangeEvent({
          state: snapshot.state,
          previousState,
          ...(snapshot.error !== null ? { error: { message: snapshot.error } } : {}),
        }),
      );
      // Inside hostUpdate this joins the running update; after an async effect it schedules one.
      this.host.requestUpdate();
    }
    for (const effect of effects) this.run(effect);
  }

  private run(effect: NoiseSuppressionEffect): void {
    switch (effect) {
      case 'load':
        this.loading ??= this.load().finally(() => (this.loading = null));
        return;
      case 'add':
        this.change('added', (audio, processor) => audio.addProcessor(processor));
        return;
      case 'remove':
        this.change('removed', (audio, processor) => audio.removeProcessor(processor));
        return;
    }
  }

  private async load(): Promise<void> {
    try {
      // Checked before fetching anything: such a browser keeps its microphone as it is.
      if (typeof AudioWorkletNode !== 'function' || typeof WebAssembly !== 'object') {
        this.dispatch({ type: 'unsupported' });
        return;
      }
      const feature = await import('../components/twilio-phone/noise-suppression-feature.js');
      this.processor ??= new feature.RnnoiseProcessor(await feature.compileRnnoise());
      this.dispatch({ type: 'loaded' });
    } catch (err) {
      this.dispatch({ type: 'failed', message: `Noise suppression could not load: ${message(err)}` });
    }
  }

  private change(done: 'added' | 'removed', act: (audio: NonNullable<Device['audio']>, processor: RnnoiseProcessor) => Promise<void>): void {
    const device = this.device;
    const audio = device?.audio;
    const processor = this.processor;
    if (!audio || !processor) return;
    act(audio, processor).then(
      () => {
        if (this.device === device) this.dispatch({ type: done });
      },
      (err: unknown) => {
        if (this.device === device) this.dispatch({ type: 'failed', message: `Noise suppression could not be ${done}: ${message(err)}` });
      },
    );
  }
}
