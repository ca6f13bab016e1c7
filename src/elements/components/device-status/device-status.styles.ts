import { css } from 'lit';
import { qualityIndicatorStyles } from '../quality-indicator.js';

const badgeStyles = css`
  :host {
    display: inline-block;
    font: inherit;
    color: var(--device-status-color, inherit);
    --_neutral: var(--device-status-neutral-color, #6b7280);
    --_progress: var(--device-status-progress-color, #2563eb);
    --_success: var(--device-status-success-color, #15803d);
    --_busy: var(--device-status-busy-color, #7c3aed);
    --_warning: var(--device-status-warning-color, #b45309);
    --_danger: var(--device-status-danger-color, #b91c1c);
  }
  :host([hidden]) {
    display: none;
  }
  [part='base'] {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--device-status-gap, 0.4em);
    padding: var(--device-status-padding, 0.2em 0.6em);
    border-radius: var(--device-status-radius, 999px);
    background: var(--device-status-background, transparent);
  }
  [part='indicator'] {
    inline-size: var(--device-status-indicator-size, 0.65em);
    block-size: var(--device-status-indicator-size, 0.65em);
    border-radius: 50%;
    flex: none;
    background: var(--_tone);
  }
  [data-tone='neutral'] { --_tone: var(--_neutral); }
  [data-tone='progress'] { --_tone: var(--_progress); }
  [data-tone='success'] { --_tone: var(--_success); }
  [data-tone='busy'] { --_tone: var(--_busy); }
  [data-tone='warning'] { --_tone: var(--_warning); }
  [data-tone='danger'] { --_tone: var(--_danger); }
  [data-tone='progress'] [part='indicator'] {
    animation: pulse 1.2s ease-in-out infinite;
  }
  @media (prefers-reduced-motion: reduce) {
    [data-tone='progress'] [part='indicator'] { animation: none; }
  }
  @keyframes pulse {
    50% { opacity: 0.35; }
  }
  [part='label'] {
    font-weight: 600;
  }
  [part='detail'] {
    flex-basis: 100%;
    font-size: 0.9em;
    color: var(--device-status-detail-color, inherit);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_neutral: var(--device-status-neutral-color, #9ca3af);
      --_progress: var(--device-status-progress-color, #60a5fa);
      --_success: var(--device-status-success-color, #4ade80);
      --_busy: var(--device-status-busy-color, #c4b5fd);
      --_warning: var(--device-status-warning-color, #fbbf24);
      --_danger: var(--device-status-danger-color, #f87171);
    }
  }
`;

export const deviceStatusStyles = [badgeStyles, qualityIndicatorStyles('device-status')];
