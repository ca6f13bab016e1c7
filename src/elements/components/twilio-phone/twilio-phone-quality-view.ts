/**
 * What the pre-call test and the in-call quality view add to `<twilio-phone>` once their chunk is here
 * (twilio-phone-extras-feature.ts): the test's progress bar and figures, the quality row, and the
 * styles of both, added to the element's shadow root with the chunk (dom/add-styles.ts).
 */
import { css, html, nothing } from 'lit';
import { isPreflightRunning, type PreflightSnapshot } from '../../core/preflight-state.js';
import { formatFigures } from '../../core/quality-labels.js';
import { qualityBarsTemplate, qualityIndicatorStyles } from '../quality-indicator.js';
import type { ExtrasText } from './twilio-phone-quality.js';

/** The progress bar while the test runs, the measured figures after it. */
export function preflightDetails(snapshot: PreflightSnapshot, text: ExtrasText, locale: string | undefined) {
  if (isPreflightRunning(snapshot.state)) return html`<progress part="preflight-progress" aria-label=${text('testConnection')}></progress>`;
  const report = snapshot.state === 'completed' ? snapshot.report : null;
  if (!report) return nothing;
  const figures = formatFigures(text('preflightFigures'), { mos: report.mos, rtt: report.rtt, jitter: report.jitter, loss: report.packetLoss }, locale);
  return html`<span part="preflight-figures">${figures}</span>`;
}

/** The in-call row: bars + "Call quality: good" (no bindings inside: written by `writeCallQuality`) and the warning hint. */
export const callQualityRow = html`<div class="row">
  <span part="quality">${qualityBarsTemplate}<span part="quality-label"></span></span>
  <span part="quality-hint" role="status" aria-live="polite"></span>
</div>`;

/** Styles of what only the chunk renders: the verdict's colours, the progress bar, the figures, the quality row. */
export const extrasStyles = [
  qualityIndicatorStyles('twilio-phone'),
  css`
    [part='quality-hint'] {
      color: var(--_danger);
    }
    [part='preflight'][data-state='failed'] [part='preflight-result'],
    [part='preflight'][data-level='degraded'] [part='preflight-result'] {
      color: var(--_danger);
    }
    /* The verdict's colour says it before the words: good and better, fair, poor. */
    [part='preflight'][data-level] [part='preflight-result'] {
      font-weight: 600;
    }
    [part='preflight'][data-level='excellent'] [part='preflight-result'],
    [part='preflight'][data-level='great'] [part='preflight-result'],
    [part='preflight'][data-level='good'] [part='preflight-result'] {
      color: var(--_success);
    }
    [part='preflight'][data-level='fair'] [part='preflight-result'] {
      color: var(--_w-warning);
    }
    [part='preflight-progress'] {
      flex-basis: 100%;
      inline-size: 100%;
      accent-color: var(--_accent);
    }
    [part='quality-hint'] {
      flex-basis: 100%;
      min-block-size: 2.6em;
    }
    [part='preflight-figures'] {
      flex-basis: 100%;
      font-size: 0.875em;
    }
  `,
];
