/**
 * Live quality of the phone's current call: the SDK Call's `sample` events
 * (about one a second) become `twilio-phone-call-quality`, paced to at most
 * one a second without losing the latest, and its `warning` /
 * `warning-cleared` events keep the list of active warnings the hint shows.
 * The element is told through `onChange`, so it can write the indicator's
 * few nodes instead of re-rendering.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Call } from '@twilio/voice-sdk';
import { emitDelay, hintWarning, qualityFromSample, reduceWarnings, type CallQuality, type QualityLevel } from '../core/call-quality.js';
import { TwilioPhoneCallQualityEvent } from '../events/preflight-events.js';
import { setCustomState, swapCustomState } from '../dom/custom-states.js';

export class CallQualityController implements ReactiveController {
  /** The last measurement the page saw; null outside a call and until the first sample. */
  quality: CallQuality | null = null;
  /** the level on screen: the last one measured, kept through samples without one until a new one */
  shownLevel: QualityLevel | null = null;
  /** Active SDK warnings, in the order they were raised. */
  warnings: string[] = [];

  private call: Call | null = null;
  private detach: () => void = () => undefined;
  private lastEmitAt: number | null = null;
  private latest: CallQuality | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private shown: { level: QualityLevel | null; warning: boolean } = { level: null, warning: false };

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly onChange: () => void,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    queueMicrotask(() => {
      if (!this.host.isConnected) this.watch(null);
    });
  }

  /** Follows `call` (null: the call ended); what belonged to the previous call is dropped. */
  watch(call: Call | null): void {
    if (call === this.call) return;
    this.detach();
    this.detach = () => undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.call = call;
    this.quality = null;
    this.shownLevel = null;
    this.latest = null;
    this.lastEmitAt = null;
    this.warnings = [];
    this.showStates();
    this.onChange();
    if (!call) return;
    const onSample = (sample: unknown) => this.onSample(qualityFromSample(sample));
    const onWarning = (name: string) => this.onWarning(name, false);
    const onCleared = (name: string) => this.onWarning(name, true);
    call.on('sample', onSample);
    call.on('warning', onWarning);
    call.on('warning-cleared', onCleared);
    this.detach = () => {
      call.off('sample', onSample);
      call.off('warning', onWarning);
      call.off('warning-cleared', onCleared);
    };
  }

  /** The warning the hint shows, or null. */
  get hint(): string | null {
    return hintWarning(this.warnings);
  }

  private onSample(quality: CallQuality): void {
    this.latest = quality;
    if (this.timer !== undefined) return; // the pending emission will carry this newer sample
    const wait = emitDelay(this.lastEmitAt, performance.now());
    if (wait === 0) this.emit();
    else this.timer = setTimeout(() => this.emit(), wait);
  }

  private emit(): void {
    this.timer = undefined;
    if (!this.latest || !this.call) return;
    // Timers may fire a hair early: never closer than a second to the last event.
    const wait = emitDelay(this.lastEmitAt, performance.now());
    if (wait > 0) {
      this.timer = setTimeout(() => this.emit(), wait);
      return;
    }
    this.quality = this.latest;
    // A sample without a MOS (jitter, mute) keeps the level on screen: no flicker to "measuring".
    this.shownLevel = this.quality.level ?? this.shownLevel;
    this.latest = null;
    this.showStates();
    this.onChange();
    const event = new TwilioPhoneCallQualityEvent({ ...this.quality });
    this.lastEmitAt = event.timeStamp;
    this.host.dispatchEvent(event);
  }

  private onWarning(name: string, cleared: boolean): void {
    if (!this.call || typeof name !== 'string') return;
    this.warnings = reduceWarnings(this.warnings, { name, cleared });
    this.showStates();
    this.onChange();
  }

  /** `:state(quality-<level>)` and `:state(quality-warning)` on the host, while a call is up. */
  private showStates(): void {
    const level = this.shownLevel;
    const warning = this.warnings.length > 0;
    const stateName = (l: QualityLevel | null) => (l ? `quality-${l}` : null);
    swapCustomState(this.host, stateName(this.shown.level), stateName(level));
    if (warning !== this.shown.warning) setCustomState(this.host, 'quality-warning', warning);
    this.shown = { level, warning };
  }
}
