import { css } from 'lit';

export const totpVerifyStyles = css`
  :host {
    display: block;
    color-scheme: light dark;
    --_fg: var(--totp-verify-color, #1b1b1f);
    --_muted: var(--totp-verify-label-color, #44474f);
    --_bg: var(--totp-verify-input-background, #ffffff);
    --_border: var(--totp-verify-border-color, #74777f);
    --_accent: var(--totp-verify-accent, #0b57d0);
    --_on-accent: var(--totp-verify-on-accent, #ffffff);
    --_success: var(--totp-verify-success-color, #146c2e);
    --_danger: var(--totp-verify-danger-color, #b3261e);
    --_radius: var(--totp-verify-radius, 6px);
    --_gap: var(--totp-verify-gap, 0.5rem);
    font-family: var(--totp-verify-font-family, inherit);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_fg: var(--totp-verify-color, #e3e2e6);
      --_muted: var(--totp-verify-label-color, #c4c6d0);
      --_bg: var(--totp-verify-input-background, #1b1b1f);
      --_border: var(--totp-verify-border-color, #8e9099);
      --_accent: var(--totp-verify-accent, #a8c7fa);
      --_on-accent: var(--totp-verify-on-accent, #062e6f);
      --_success: var(--totp-verify-success-color, #6dd58c);
      --_danger: var(--totp-verify-danger-color, #ffb4ab);
    }
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
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  button {
    font: inherit;
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
