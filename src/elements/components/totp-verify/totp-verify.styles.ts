import { css } from 'lit';
import { formTokens } from '../form-tokens.js';

const elementStyles = css`
  :host {
    display: block;
    color-scheme: light dark;
    --_fg: var(--totp-verify-color, var(--_w-fg));
    --_muted: var(--totp-verify-label-color, var(--_w-muted));
    --_bg: var(--totp-verify-input-background, var(--_w-field));
    --_border: var(--totp-verify-border-color, var(--_w-border));
    --_accent: var(--totp-verify-accent, var(--_w-accent));
    --_on-accent: var(--totp-verify-on-accent, var(--_w-on-accent));
    --_success: var(--totp-verify-success-color, var(--_w-success));
    --_danger: var(--totp-verify-danger-color, var(--_w-danger));
    --_radius: var(--totp-verify-radius, var(--_w-radius));
    --_gap: var(--totp-verify-gap, 0.5rem);
    font-family: var(--totp-verify-font-family, inherit);
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    color: var(--_fg);
  }
  form {
    display: grid;
    gap: var(--_gap);
    margin: 0;
  }
  label,
  .label {
    color: var(--_muted);
    font-weight: 600;
  }
  .label {
    cursor: default;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
  }
  /* The page's own input (slot="input") gets the same defaults; the page's own rules win. */
  input,
  ::slotted(input) {
    box-sizing: border-box;
    /* 16px or more stops iOS from zooming on focus. */
    font: inherit;
    font-size: max(16px, 1.25rem);
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.3em;
    inline-size: calc(var(--_len, 6) * 1.3em + 1.5em);
    max-inline-size: 100%;
    padding: 0.4em 0.6em;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  /* Width per code length without a style attribute, which a strict CSP (style-src 'self') blocks. */
  [data-length='3'] { --_len: 3; }
  [data-length='4'] { --_len: 4; }
  [data-length='5'] { --_len: 5; }
  [data-length='6'] { --_len: 6; }
  [data-length='7'] { --_len: 7; }
  [data-length='8'] { --_len: 8; }
  input[aria-invalid='true'],
  ::slotted(input[aria-invalid='true']) {
    border-color: var(--_danger);
    box-shadow: 0 0 0 1px var(--_danger);
  }
  input:disabled {
    opacity: 0.7;
  }
  input:focus-visible,
  button:focus-visible {
    outline: var(--_w-focus-width) solid var(--_w-focus);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    min-block-size: var(--_w-target);
    min-inline-size: var(--_w-target);
    padding: 0.5em 1.2em;
    color: var(--_on-accent);
    background: var(--_accent);
    border: 1px solid transparent;
    border-radius: var(--_radius);
    cursor: pointer;
  }
  button:disabled {
    cursor: default;
    opacity: 0.6;
  }
  .message,
  ::slotted([slot='message']) {
    margin: 0;
    min-block-size: 1.5em;
  }
  .message[data-tone='success'],
  ::slotted([slot='message'][data-tone='success']) {
    color: var(--_success);
  }
  .message[data-tone='danger'],
  ::slotted([slot='message'][data-tone='danger']) {
    color: var(--_danger);
  }
`;

export const totpVerifyStyles = [formTokens, elementStyles];
