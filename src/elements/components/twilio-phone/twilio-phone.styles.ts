import { css } from 'lit';
import { designTokens } from '../design-tokens.js';

const phoneStyles = css`
  :host {
    display: block;
    font: inherit;
    /* The element's own properties first, then the shared tokens (design-tokens.ts). */
    --_fg: var(--twilio-phone-color, var(--_w-fg));
    --_accent: var(--twilio-phone-accent, var(--_w-accent));
    --_on-accent: var(--twilio-phone-on-accent, var(--_w-on-accent));
    --_danger: var(--twilio-phone-danger, var(--_w-danger));
    --_success: var(--twilio-phone-success, var(--_w-success));
    --_surface: var(--twilio-phone-surface, var(--_w-surface));
    --_border: var(--twilio-phone-border, var(--_w-border));
    color: var(--_fg);
    min-inline-size: 0;
  }
  :host([hidden]) {
    display: none;
  }
  [part='base'] {
    display: grid;
    gap: var(--twilio-phone-gap, calc(var(--_w-space) * 1.5));
    padding: var(--twilio-phone-padding, 1rem);
    border: 1px solid var(--_w-divider);
    border-radius: var(--twilio-phone-radius, var(--_w-radius-large));
    background: var(--_surface);
    min-inline-size: 0;
    /* Long words (codes, server messages) wrap instead of widening the page. */
    overflow-wrap: anywhere;
  }
  [part='status'] {
    font-weight: 600;
    flex: 1 1 10rem;
  }
  [part='message'] {
    display: grid;
    gap: 0.25rem;
  }
  [part='message']:empty {
    display: none;
  }
  .headline {
    color: var(--_danger);
    font-weight: 600;
  }
  [part='details'] {
    color: var(--_w-muted);
    font-size: 0.85em;
  }
  [part='outcome']:empty {
    display: none;
  }
  [part='outcome'][data-outcome='busy'],
  [part='outcome'][data-outcome='no-answer'],
  [part='outcome'][data-outcome='declined'],
  [part='outcome'][data-outcome='failed'] {
    color: var(--_danger);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_w-space);
    align-items: center;
    min-inline-size: 0;
  }
  button {
    font: inherit;
    min-block-size: var(--_w-target);
    min-inline-size: var(--_w-target);
    padding: 0.4rem 1rem;
    border-radius: var(--_w-radius);
    border: 1px solid var(--_border);
    background: transparent;
    color: inherit;
    cursor: pointer;
  }
  button:focus-visible {
    outline: var(--_w-focus-width) solid var(--_w-focus);
    outline-offset: 2px;
  }
  button:disabled,
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
`;

export const twilioPhoneStyles = [designTokens, phoneStyles];
