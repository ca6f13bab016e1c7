/**
 * The design tokens a form needs (`<totp-verify>`), the first part of `designTokens`
 * (design-tokens.ts, which says what the tokens are): a module of its own, so a page with only
 * that element loads none of the others.
 */
import { css } from 'lit';

/** Text, field, border, accent, success and danger colours, radius, focus ring and target size. */
export const formTokens = css`
  :host {
    --_w-fg: var(--twilio-widgets-color, #0f172a);
    --_w-muted: var(--twilio-widgets-muted-color, #475569);
    --_w-field: var(--twilio-widgets-field-background, #ffffff);
    --_w-border: var(--twilio-widgets-border-color, #64748b);
    --_w-accent: var(--twilio-widgets-accent, #1d4ed8);
    --_w-on-accent: var(--twilio-widgets-on-accent, #ffffff);
    --_w-success: var(--twilio-widgets-success, #15803d);
    --_w-danger: var(--twilio-widgets-danger, #b91c1c);
    --_w-radius: var(--twilio-widgets-radius, 0.5rem);
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
      --_w-field: var(--twilio-widgets-field-background, #020617);
      --_w-border: var(--twilio-widgets-border-color, #94a3b8);
      --_w-accent: var(--twilio-widgets-accent, #93c5fd);
      --_w-on-accent: var(--twilio-widgets-on-accent, #0f172a);
      --_w-success: var(--twilio-widgets-success, #86efac);
      --_w-danger: var(--twilio-widgets-danger, #fca5a5);
    }
  }
`;
