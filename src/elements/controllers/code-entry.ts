/**
 * Typing a code into `<totp-verify>`'s input (its own, or the page's `slot="input"`):
 * digits only, pasted `123 456` / `123-456` normalised, never longer than the code.
 * The element binds the three handlers to whichever input it uses and is told each
 * value the user made (`typed`).
 */
import { normalizeCode } from '../core/totp-code.js';

export interface CodeEntryOptions {
  /** digits in a code (already clamped) */
  length(): number;
  /** the input in use */
  input(): HTMLInputElement | null;
  /** the user changed the code to `value` */
  typed(value: string): void;
}

export class CodeEntry {
  constructor(private readonly options: CodeEntryOptions) {}

  /** Non-digits are refused before they reach the field, so they never use up `maxlength`. */
  readonly beforeinput = (e: InputEvent): void => {
    if (!e.inputType.startsWith('insert') || e.data == null || !/\D/.test(e.data)) return;
    e.preventDefault();
    this.insert(normalizeCode(e.data, this.options.length()));
  };

  /** Handled here because a native paste of `123 456` is cut by maxlength before `input` fires. */
  readonly paste = (e: ClipboardEvent): void => {
    e.preventDefault();
    const length = this.options.length();
    const digits = normalizeCode(e.clipboardData?.getData('text') ?? '', length);
    if (digits.length === length) this.options.typed(digits);
    else this.insert(digits);
  };

  /** Backstop for autofill, IME and drops that skip beforeinput's filter. */
  readonly input = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    const digits = normalizeCode(input.value, this.options.length());
    if (digits !== input.value) input.value = digits;
    this.options.typed(digits);
  };

  private insert(digits: string): void {
    const input = this.options.input();
    if (!input || !digits) return;
    input.setRangeText(digits, input.selectionStart ?? input.value.length, input.selectionEnd ?? input.value.length, 'end');
    const value = normalizeCode(input.value, this.options.length());
    if (value !== input.value) input.value = value;
    this.options.typed(value);
  }
}
