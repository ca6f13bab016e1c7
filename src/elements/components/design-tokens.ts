/**
 * The design tokens every element derives its look from: `--twilio-widgets-*` custom properties
 * (docs/guides/theming.md#design-tokens), read once per element into private `--_w-*` ones.
 * Both schemes meet WCAG 2.2 AA: text 4.5 : 1 on the surface and on its fill, control borders
 * and the focus ring 3 : 1. Filled buttons use the same pair in every element: in the dark scheme
 * a light fill with dark text, so `<twilio-phone>` and `<totp-verify>` never disagree.
 */
import { css } from 'lit';

export const designTokens = css`
  :host {
    --_w-fg: var(--twilio-widgets-color, #0f172a);
    --_w-muted: var(--twilio-widgets-muted-color, #475569);
    --_w-surface: var(--twilio-widgets-surface, #f8fafc);
    --_w-field: var(--twilio-widgets-field-background, #ffffff);
    --_w-border: var(--twilio-widgets-border-color, #64748b);
    --_w-divider: var(--twilio-widgets-divider-color, #cbd5e1);
    --_w-accent: var(--twilio-widgets-accent, #1d4ed8);
    --_w-on-accent: var(--twilio-widgets-on-accent, #ffffff);
    --_w-success: var(--twilio-widgets-success, #15803d);
    --_w-on-success: var(--twilio-widgets-on-success, #ffffff);
    --_w-danger: var(--twilio-widgets-danger, #b91c1c);
    --_w-on-danger: var(--twilio-widgets-on-danger, #ffffff);
    --_w-warning: var(--twilio-widgets-warning, #b45309);
    --_w-busy: var(--twilio-widgets-busy, #6d28d9);
    --_w-pressed: var(--twilio-widgets-pressed-background, #e2e8f0);
    --_w-radius: var(--twilio-widgets-radius, 0.5rem);
    --_w-radius-large: var(--twilio-widgets-radius-large, 0.75rem);
    --_w-space: var(--twilio-widgets-space, 0.5rem);
    --_w-focus: var(--twilio-widgets-focus-color, var(--_w-accent));
    --_w-focus-width: var(--twilio-widgets-focus-width, 2px);
    /* Buttons and fields: 2.5rem with a mouse, 44 px (WCAG 2.5.5) with a finger. */
    --_w-target: var(--twilio-widgets-target-size, 2.5rem);
  }
  @media (pointer: coarse) {
    :host {
      --_w-target: var(--twilio-widgets-target-size, 2.75rem);
    }
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_w-fg: var(--twilio-widgets-color, #e2e8f0);
      --_w-muted: var(--twilio-widgets-muted-color, #cbd5e1);
      --_w-surface: var(--twilio-widgets-surface, #0f172a);
      --_w-field: var(--twilio-widgets-field-background, #020617);
      --_w-border: var(--twilio-widgets-border-color, #94a3b8);
      --_w-divider: var(--twilio-widgets-divider-color, #334155);
      --_w-accent: var(--twilio-widgets-accent, #93c5fd);
      --_w-on-accent: var(--twilio-widgets-on-accent, #0f172a);
      --_w-success: var(--twilio-widgets-success, #86efac);
      --_w-on-success: var(--twilio-widgets-on-success, #052e16);
      --_w-danger: var(--twilio-widgets-danger, #fca5a5);
      --_w-on-danger: var(--twilio-widgets-on-danger, #450a0a);
      --_w-warning: var(--twilio-widgets-warning, #fcd34d);
      --_w-busy: var(--twilio-widgets-busy, #c4b5fd);
      --_w-pressed: var(--twilio-widgets-pressed-background, #334155);
    }
  }
`;
