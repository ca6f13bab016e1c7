import { css } from 'lit';
import { designTokens } from '../design-tokens.js';

const elementStyles = css`
  :host {
    display: block;
    color-scheme: light dark;
    --_fg: var(--totp-enroll-color, var(--_w-fg));
    --_muted: var(--totp-enroll-muted-color, var(--_w-muted));
    --_accent: var(--totp-enroll-accent, var(--_w-accent));
    --_on-accent: var(--totp-enroll-on-accent, var(--_w-on-accent));
    --_success: var(--totp-enroll-success-color, var(--_w-success));
    --_danger: var(--totp-enroll-danger-color, var(--_w-danger));
    --_radius: var(--totp-enroll-radius, var(--_w-radius));
    --_gap: var(--totp-enroll-gap, 0.75rem);
    font-family: var(--totp-enroll-font-family, inherit);
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
    outline: var(--_w-focus-width) solid var(--_w-focus);
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
    min-block-size: var(--_w-target);
    min-inline-size: var(--_w-target);
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
    outline: var(--_w-focus-width) solid var(--_w-focus);
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

export const totpEnrollStyles = [designTokens, elementStyles];
