/**
 * The design tokens every element derives its look from: `--twilio-widgets-*` custom properties
 * (docs/guides/theming.md#design-tokens), read once per element into private `--_w-*` ones.
 * Both schemes meet WCAG 2.2 AA: text 4.5 : 1 on the surface and on its fill, control borders
 * and the focus ring 3 : 1. Filled buttons use the same pair in every element: in the dark scheme
 * a light fill with dark text, so `<twilio-phone>` and `<totp-verify>` never disagree.
 *
 * Two parts: `formTokens` (form-tokens.ts), what a form (`<totp-verify>`) uses, and the rest here;
 * `designTokens` is both.
 */
import { css } from 'lit';
import { formTokens } from './form-tokens.js';

export { formTokens };

/** The rest: surface, divider, the other fills, warning, busy, pressed, large radius, spacing. */
const moreTokens = css`
  :host {
    --_w-surface: var(--twilio-widgets-surface, #f8fafc);
    --_w-divider: var(--twilio-widgets-divider-color, #cbd5e1);
    --_w-on-success: var(--twilio-widgets-on-success, #ffffff);
    --_w-on-danger: var(--twilio-widgets-on-danger, #ffffff);
    --_w-warning: var(--twilio-widgets-warning, #b45309);
    --_w-busy: var(--twilio-widgets-busy, #6d28d9);
    --_w-pressed: var(--twilio-widgets-pressed-background, #e2e8f0);
    --_w-radius-large: var(--twilio-widgets-radius-large, 0.75rem);
    --_w-space: var(--twilio-widgets-space, 0.5rem);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_w-surface: var(--twilio-widgets-surface, #0f172a);
      --_w-divider: var(--twilio-widgets-divider-color, #334155);
      --_w-on-success: var(--twilio-widgets-on-success, #052e16);
      --_w-on-danger: var(--twilio-widgets-on-danger, #450a0a);
      --_w-warning: var(--twilio-widgets-warning, #fcd34d);
      --_w-busy: var(--twilio-widgets-busy, #c4b5fd);
      --_w-pressed: var(--twilio-widgets-pressed-background, #334155);
    }
  }
`;

/** Every token. */
export const designTokens = [formTokens, moreTokens];
