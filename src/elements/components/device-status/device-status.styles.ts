import { css } from 'lit';
import { qualityIndicatorStyles } from '../quality-indicator.js';
import { designTokens } from '../design-tokens.js';

const badgeStyles = css`
  :host {
    display: inline-block;
    font: inherit;
    color: var(--device-status-color, inherit);
    --_neutral: var(--device-status-neutral-color, var(--_w-muted));
    --_progress: var(--device-status-progress-color, var(--_w-accent));
    --_success: var(--device-status-success-color, var(--_w-success));
    --_busy: var(--device-status-busy-color, var(--_w-busy));
    --_warning: var(--device-status-warning-color, var(--_w-warning));
    --_danger: var(--device-status-danger-color, var(--_w-danger));
    max-inline-size: 100%;
    overflow-wrap: anywhere;
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
    max-inline-size: 100%;
    box-sizing: border-box;
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
    min-inline-size: 0;
  }
`;

export const deviceStatusStyles = [designTokens, badgeStyles, qualityIndicatorStyles('device-status')];
