/**
 * `<totp-verify>`'s `slot="input"`: notices a page-owned input and loads the code
 * that adopts it (light-input.ts, a separate chunk) only when there is one; after
 * that, re-adopts whenever the slotted child changes.
 */
import type { ReactiveControllerHost } from 'lit';
import type { LightInputController, LightInputHandlers } from './light-input.js';

export class LightInputSlot {
  /** The adopting controller, once loaded. */
  controller: LightInputController | null = null;
  /** A `slot="input"` child exists (the element then renders no input of its own). */
  present = false;
  /** The load of the adopting code, while one is under way or done. */
  loading: Promise<void> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly handlers: LightInputHandlers,
    /** the adopted input already holds a value (autofill before the element, or this code, loaded) */
    private readonly adopted: (value: string) => void,
  ) {}

  /** The adopted input, or null. */
  get input(): HTMLInputElement | null {
    return this.controller?.input ?? null;
  }

  /** Follows the `slot="input"` child: loads the adopting code the first time, then (re)adopts. */
  check(): void {
    const present = !!this.host.querySelector(':scope > [slot="input"]');
    if (present !== this.present) {
      this.present = present;
      this.host.requestUpdate();
    }
    if (this.controller) {
      if (this.controller.scan()) this.adoptValue();
      return;
    }
    if (!present || this.loading) return;
    this.loading = import('./light-input.js').then(
      ({ LightInputController }) => {
        this.controller = new LightInputController(this.host, this.handlers);
        this.controller.scan();
        this.adoptValue();
      },
      () => {
        this.loading = null; // the chunk did not load: the page's input stays a plain input; a later slotchange retries
      },
    );
  }

  private adoptValue(): void {
    const v = this.controller?.input?.value;
    if (v) this.adopted(v);
  }
}
