/**
 * The in-call quality row of `<twilio-phone>`, in the call view's chunk (twilio-phone-call-view.ts):
 * it follows the call in front once the quality controller's chunk (twilio-phone-extras.ts, asked
 * for once the phone is registered) is here, renders its row and writes its figures. Only a call
 * has quality, and only the call view has calls, so none of this is needed before it.
 */
import { nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Call } from '@twilio/voice-sdk';
import type { CallQualityController } from '../../controllers/call-quality.js';
import { loadedExtras, loadExtras } from './twilio-phone-extras.js';
import type { ExtrasText } from './twilio-phone-quality.js';

export class CallQualityRow {
  private real: CallQualityController | null = null;
  /** the call to follow, kept while the chunk loads: the newest wins */
  private wanted: Call | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment },
    private readonly text: ExtrasText,
  ) {}

  watch(call: Call | null): void {
    this.wanted = call;
    if (this.real) return this.real.watch(call);
    if (!call) return;
    loadExtras()
      .then(({ CallQualityController }) => {
        this.real ??= new CallQualityController(this.host, () => this.write());
        this.real.watch(this.wanted);
        this.host.requestUpdate(); // the quality row, if the call is up already
      })
      .catch(() => undefined); // no quality figures for this call; the call itself is unaffected
  }

  /** The in-call row, once its chunk is here (before, there is nothing to show in it). */
  row(): TemplateResult | typeof nothing {
    return loadedExtras()?.callQualityRow ?? nothing;
  }

  /** Writes the row's few nodes (nothing before the chunk: no figures yet). */
  write(): void {
    const extras = loadedExtras();
    if (this.real && extras) extras.writeCallQuality(this.host.renderRoot, this.real, this.text);
  }
}
