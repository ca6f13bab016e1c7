/**
 * Keeps keyboard focus inside an element when the control that had it is removed or disabled by a
 * re-render (Start, Call, Hang up, Accept, Reject, Verify): after each update, focus that fell to
 * `<body>` goes to the element's chosen control. Focus the person moved elsewhere is left alone.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class FocusKeeper implements ReactiveController {
  /** focus was inside the host and was not moved out by the person */
  private inside = false;
  private lastFocused: Element | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** a selector inside the shadow root for the control to focus now, or null */
    private readonly target: () => string | null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('focusin', this.onFocusIn);
    this.host.addEventListener('focusout', this.onFocusOut);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('focusin', this.onFocusIn);
    this.host.removeEventListener('focusout', this.onFocusOut);
    this.inside = false;
  }

  hostUpdated(): void {
    if (this.inside) this.restore();
  }

  private readonly onFocusIn = (e: FocusEvent): void => {
    this.inside = true;
    this.lastFocused = e.composedPath()[0] as Element;
  };

  private readonly onFocusOut = (e: FocusEvent): void => {
    const to = e.relatedTarget as Node | null;
    if (to) {
      if (!this.host.contains(to) && !this.host.shadowRoot?.contains(to)) this.inside = false;
      return;
    }
    // To nowhere: a click on the page (the control is still there) or the control removed/disabled.
    const from = this.lastFocused;
    queueMicrotask(() => {
      if (from?.isConnected && !(from as HTMLButtonElement).disabled) this.inside = false;
      else this.restore();
    });
  };

  private restore(): void {
    const root = this.host.shadowRoot;
    if (!root || root.activeElement) return;
    const active = document.activeElement;
    if (active && active !== document.body && active !== this.host) {
      this.inside = false;
      return;
    }
    const selector = this.target();
    const el = selector ? root.querySelector<HTMLElement>(selector) : null;
    if (el && !(el as HTMLButtonElement).disabled) el.focus();
  }
}
