/**
 * The pre-call test section and the in-call quality row of `<twilio-phone>`: the templates and
 * styles, kept out of the element's own file. Their wording and the row's direct writes are in
 * the chunk loaded with the test and the quality controller (twilio-phone-extras-feature.ts).
 */
import { css, html, nothing } from 'lit';
import { isPreflightRunning, type PreflightSnapshot } from '../../core/preflight-machine.js';
import type { PreflightReport } from '../../core/preflight-report.js';
import { qualityBarsTemplate, qualityIndicatorStyles } from '../quality-indicator.js';
import type { TwilioPhoneStrings } from './twilio-phone.strings.js';

export type Text = (key: keyof TwilioPhoneStrings) => string;

/** The wording of a test's progress and outcome: in the pre-call test's chunk, loaded with it (an idle test says nothing). */
export interface PreflightWording {
  resultText(snapshot: PreflightSnapshot, text: Text): string;
  figures(report: PreflightReport, text: Text, locale: string | undefined): string;
}

/** "Test connection" / "Stop test", the progress or verdict (a polite live region), and the measured figures. */
export function renderPreflight(
  snapshot: PreflightSnapshot,
  wording: PreflightWording | null,
  text: Text,
  locale: string | undefined,
  start: () => void,
  stop: () => void,
) {
  const running = isPreflightRunning(snapshot.state);
  const report = snapshot.state === 'completed' ? snapshot.report : null;
  return html`<div part="preflight" class="row" data-state=${snapshot.state} data-level=${report?.callQuality ?? nothing}>
    <button part="preflight-button" type="button" @click=${running ? stop : start}>
      ${running ? text('stopTest') : text('testConnection')}
    </button>
    <span part="preflight-result" role="status" aria-live="polite">${wording?.resultText(snapshot, text) ?? ''}</span>
    ${running ? html`<progress part="preflight-progress" aria-label=${text('testConnection')}></progress>` : nothing}
    ${report && wording ? html`<span part="preflight-figures">${wording.figures(report, text, locale)}</span>` : nothing}
  </div>`;
}

/** The in-call row: bars + "Call quality: good" (no bindings inside: written by `writeCallQuality`) and the warning hint. */
export const callQualityRow = html`<div class="row">
  <span part="quality">${qualityBarsTemplate}<span part="quality-label"></span></span>
  <span part="quality-hint" role="status" aria-live="polite"></span>
</div>`;

export const twilioPhoneQualityStyles = [
  qualityIndicatorStyles('twilio-phone'),
  css`
    [part='quality-hint'] {
      color: var(--_danger);
    }
    [part='preflight-result'] {
      flex: 1 1 12rem;
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
