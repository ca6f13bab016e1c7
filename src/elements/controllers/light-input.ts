/**
 * The page's own `<input slot="input">` for `<totp-verify>`: password managers
 * and autofill that do not look inside shadow roots can fill it. This
 * controller adopts it (listeners, label, `aria-invalid`, `disabled`), and,
 * because ARIA references cannot point into a shadow root, keeps the live
 * message in the light DOM too (`slot="message"`), so the input's
 * `aria-describedby` can name it. Everything it changes on the input is put
 * back when the input leaves.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface LightInputHandlers {
  beforeinput(e: InputEvent): void;
  input(e: Event): void;
  paste(e: ClipboardEvent): void;
  /** Enter was pressed in the input */
  enter(): void;
}

export interface LightInputView {
  value: string;
  disabled: boolean;
  invalid: boolean;
  label: string;
  message: string;
  tone: string;
}

const MANAGED = ['aria-describedby', 'aria-invalid', 'aria-label', 'disabled'] as const;
let messageIds = 0;

export class LightInputController implements ReactiveController {
  /** The adopted input, or null when the element uses its own. */
  input: HTMLInputElement | null = null;
  /** The page labelled the input itself (`<label for>`, a wrapping label, `aria-label(ledby)`): the element shows no label then. */
  pageLabelled = false;

  private message: HTMLElement | null = null;
  private ownMessage = false;
  private saved = new Map<string, string | null>();
  private readonly listeners: [string, EventListener][];

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    handlers: LightInputHandlers,
  ) {
    this.listeners = [
      ['beforeinput', ((e: InputEvent) => handlers.beforeinput(e)) as EventListener],
      ['input', (e: Event) => handlers.input(e)],
      ['paste', ((e: ClipboardEvent) => handlers.paste(e)) as EventListener],
      [
        'keydown',
        ((e: KeyboardEvent) => {
          // Enter would submit the page's form directly (implicit submission), skipping the code check.
          if (e.key !== 'Enter' || e.isComposing || e.defaultPrevented) return;
          e.preventDefault();
          handlers.enter();
        }) as EventListener,
      ],
    ];
    // Last: a host that is already connected adopts its input right away (hostConnected).
    host.addController(this);
  }

  hostConnected(): void {
    this.scan();
  }

  /** Adopts the current `slot="input"` child (an `<input>`, or an element such as a `<label>` holding one). Returns whether the input changed. */
  scan(): boolean {
    const slotted = this.host.querySelector(':scope > [slot="input"]');
    const next = slotted instanceof HTMLInputElement ? slotted : (slotted?.querySelector('input') ?? null);
    if (next === this.input) return false;
    this.release();
    if (next) this.adopt(next);
    this.host.requestUpdate();
    return true;
  }

  private adopt(input: HTMLInputElement): void {
    this.input = input;
    for (const name of MANAGED) this.saved.set(name, input.getAttribute(name));
    for (const [type, fn] of this.listeners) input.addEventListener(type, fn);
    this.pageLabelled = (input.labels?.length ?? 0) > 0 || input.hasAttribute('aria-label') || input.hasAttribute('aria-labelledby');

    let message = this.host.querySelector<HTMLElement>(':scope > [slot="message"]');
    this.ownMessage = !message;
    if (!message) {
      message = document.createElement('div');
      message.slot = 'message';
      this.host.append(message);
    }
    message.id ||= `totp-verify-message-${++messageIds}`;
    if (!message.hasAttribute('role')) message.setAttribute('role', 'status');
    if (!message.hasAttribute('aria-live')) message.setAttribute('aria-live', 'polite');
    if (!message.hasAttribute('aria-atomic')) message.setAttribute('aria-atomic', 'true');
    this.message = message;
    const describedBy = new Set((input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean));
    describedBy.add(message.id);
    input.setAttribute('aria-describedby', [...describedBy].join(' '));
  }

  /** Puts the input back as the page made it and removes the message element the controller added. */
  release(): void {
    const input = this.input;
    if (!input) return;
    for (const [type, fn] of this.listeners) input.removeEventListener(type, fn);
    for (const [name, value] of this.saved) {
      if (value === null) input.removeAttribute(name);
      else input.setAttribute(name, value);
    }
    this.saved.clear();
    if (this.ownMessage) this.message?.remove();
    this.message = null;
    this.input = null;
    this.pageLabelled = false;
  }

  /** Mirrors the element's state onto the input and the light-DOM message. */
  sync(view: LightInputView): void {
    const input = this.input;
    if (!input) return;
    // Only when different: rewriting the value while the user types would move the caret.
    if (input.value !== view.value) input.value = view.value;
    const pageDisabled = this.saved.get('disabled') !== null;
    input.disabled = view.disabled || pageDisabled;
    input.setAttribute('aria-invalid', view.invalid ? 'true' : 'false');
    if (!this.pageLabelled && input.getAttribute('aria-label') !== view.label) input.setAttribute('aria-label', view.label);
    const message = this.message;
    if (message) {
      if (message.textContent !== view.message) message.textContent = view.message;
      if (view.tone) message.dataset.tone = view.tone;
      else delete message.dataset.tone;
    }
  }
}
