import { css } from 'lit';

export const twilioPhoneStyles = css`
  :host {
    display: block;
    font: inherit;
    color: var(--twilio-phone-color, inherit);
    --_accent: var(--twilio-phone-accent, #2563eb);
    --_danger: var(--twilio-phone-danger, #b91c1c);
    --_success: var(--twilio-phone-success, #15803d);
    --_surface: var(--twilio-phone-surface, #f8fafc);
    --_border: var(--twilio-phone-border, #cbd5e1);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: var(--twilio-phone-accent, #60a5fa);
      --_danger: var(--twilio-phone-danger, #f87171);
      --_success: var(--twilio-phone-success, #4ade80);
      --_surface: var(--twilio-phone-surface, #0f172a);
      --_border: var(--twilio-phone-border, #334155);
    }
  }
  :host([hidden]) {
    display: none;
  }
  [part='base'] {
    display: grid;
    gap: var(--twilio-phone-gap, 0.75rem);
    padding: var(--twilio-phone-padding, 1rem);
    border: 1px solid var(--_border);
    border-radius: var(--twilio-phone-radius, 0.75rem);
    background: var(--_surface);
  }
  [part='status'] {
    font-weight: 600;
  }
  [part='message'] {
    color: var(--_danger);
  }
  [part='message']:empty {
    display: none;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  button {
    font: inherit;
    min-block-size: 2.5rem;
    padding: 0.4rem 1rem;
    border-radius: 0.5rem;
    border: 1px solid var(--_border);
    background: transparent;
    color: inherit;
    cursor: pointer;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  .primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--twilio-phone-on-accent, #fff);
  }
  .success {
    background: var(--_success);
    border-color: var(--_success);
    color: #fff;
  }
  .danger {
    background: var(--_danger);
    border-color: var(--_danger);
    color: #fff;
  }
  button[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--twilio-phone-on-accent, #fff);
  }
  input,
  select {
    font: inherit;
    min-block-size: 2.5rem;
    padding: 0.3rem 0.6rem;
    border-radius: 0.5rem;
    border: 1px solid var(--_border);
    background: transparent;
    color: inherit;
    min-inline-size: 0;
  }
  label {
    display: grid;
    gap: 0.25rem;
    font-size: 0.9em;
  }
  [part='dialpad'] {
    display: grid;
    grid-template-columns: repeat(3, minmax(3rem, 4rem));
    gap: 0.4rem;
  }
  [part~='key'] {
    font-variant-numeric: tabular-nums;
    font-size: 1.1em;
  }
  [part='timer'] {
    font-variant-numeric: tabular-nums;
  }
  meter {
    inline-size: 6rem;
  }
  .field-error {
    color: var(--_danger);
    font-size: 0.85em;
  }
  [part='banner'] {
    padding: 0.4rem 0.6rem;
    border-radius: 0.4rem;
    background: color-mix(in srgb, var(--_accent) 15%, transparent);
  }
  [part='hint'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    font-size: 0.9em;
  }
  [part='hint'][hidden] {
    display: none;
  }
`;
