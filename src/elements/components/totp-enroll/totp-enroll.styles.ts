import { css } from 'lit';

export const totpEnrollStyles = css`
  :host {
    display: block;
    color-scheme: light dark;
    --_fg: var(--totp-enroll-color, #1b1b1f);
    --_muted: var(--totp-enroll-muted-color, #44474f);
    --_accent: var(--totp-enroll-accent, #0b57d0);
    --_on-accent: var(--totp-enroll-on-accent, #ffffff);
    --_success: var(--totp-enroll-success-color, #146c2e);
    --_danger: var(--totp-enroll-danger-color, #b3261e);
    --_radius: var(--totp-enroll-radius, 6px);
    --_gap: var(--totp-enroll-gap, 0.75rem);
    font-family: var(--totp-enroll-font-family, inherit);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_fg: var(--totp-enroll-color, #e3e2e6);
      --_muted: var(--totp-enroll-muted-color, #c4c6d0);
      --_accent: var(--totp-enroll-accent, #a8c7fa);
      --_on-accent: var(--totp-enroll-on-accent, #062e6f);
      --_success: var(--totp-enroll-success-color, #6dd58c);
      --_danger: var(--totp-enroll-danger-color, #ffb4ab);
    }
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    display: grid;
    gap: var(--_gap);
    color: var(--_fg);
  }
  p {
    margin: 0;
  }
  .instructions:focus {
    outline: none;
  }
  .instructions:focus-visible,
  .message:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .key {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    gap: var(--_gap);
  }
  .qr {
    display: block;
    inline-size: var(--totp-enroll-qr-size, 11rem);
    block-size: auto;
    border-radius: var(--_radius);
  }
  /* Dark on light in every colour scheme: scanners expect it. */
  .qr-bg {
    fill: var(--totp-enroll-qr-background, #ffffff);
  }
  .qr-fg {
    fill: var(--totp-enroll-qr-color, #000000);
  }
  .facts {
    display: grid;
    gap: 0.25rem;
    margin: 0;
    min-inline-size: 12rem;
  }
  dt {
    color: var(--_muted);
    font-weight: 600;
  }
  dd {
    margin: 0 0 0.5rem;
  }
  .secret {
    font-family: var(--totp-enroll-secret-font-family, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
    font-size: 1.05em;
    letter-spacing: 0.05em;
    word-spacing: 0.4em;
    overflow-wrap: anywhere;
  }
  button {
    font: inherit;
    padding: 0.5em 1.2em;
    border-radius: var(--_radius);
    cursor: pointer;
    justify-self: start;
  }
  .primary {
    color: var(--_on-accent);
    background: var(--_accent);
    border: 1px solid transparent;
  }
  .secondary {
    color: var(--_accent);
    background: transparent;
    border: 1px solid currentColor;
  }
  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.6;
  }
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .message {
    min-block-size: 1.5em;
  }
  .message:empty {
    min-block-size: 0;
  }
  .message[data-tone='success'] {
    color: var(--_success);
  }
  .message[data-tone='danger'] {
    color: var(--_danger);
  }
`;
