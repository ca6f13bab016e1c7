/**
 * The pre-call test section and the in-call quality row of `<twilio-phone>`:
 * templates and the direct writes, kept out of the element's own file.
 */
import { css, html, nothing } from 'lit';
import type { CallQualityController } from '../../controllers/call-quality.js';
import { isPreflightRunning, type PreflightSnapshot } from '../../core/preflight-machine.js';
import { FAILURE_STRING, LEVEL_STRING, VERDICT_STRING, formatFigures, warningString } from '../../core/quality-labels.js';
import { qualityBarsTemplate, qualityIndicatorStyles, writeQualityIndicator } from '../quality-indicator.js';
import type { TwilioPhoneStrings } from './twilio-phone.strings.js';

type Text = (key: keyof TwilioPhoneStrings) => string;

/** What the result line says for a snapshot ('' when idle). */
export function preflightResultText(snapshot: PreflightSnapshot, text: Text): string {
  switch (snapshot.state) {
    case 'connecting':
      return text('preflightConnecting');
    case 'measuring':
      return text('preflightMeasuring');
    case 'completed':
      return snapshot.report?.callQuality ? text(VERDICT_STRING[snapshot.report.callQuality]) : '';
    case 'failed': {
      const failure = snapshot.failure;
      if (!failure || failure.reason === 'cancelled') return '';
      const code = failure.error.code;
      return `${text(FAILURE_STRING[failure.reason])}${code !== undefined ? ` (${code})` : ''}`;
    }
    default:
      return '';
  }
}

/** "Test connection" / "Stop test", the progress or verdict (a polite live region), and the measured figures. */
export function renderPreflight(snapshot: PreflightSnapshot, text: Text, locale: string | undefined, start: () => void, stop: () => void) {
  const running = isPreflightRunning(snapshot.state);
  const report = snapshot.state === 'completed' ? snapshot.report : null;
  return html`<div part="preflight" class="row" data-state=${snapshot.state} data-level=${report?.callQuality ?? nothing}>
    <button part="preflight-button" type="button" @click=${running ? stop : start}>
      ${running ? text('stopTest') : text('testConnection')}
    </button>
    <span part="preflight-result" role="status" aria-live="polite">${preflightResultText(snapshot, text)}</span>
    ${running ? html`<progress part="preflight-progress" aria-label=${text('testConnection')}></progress>` : nothing}
    ${
      report
        ? html`<span part="preflight-figures">${formatFigures(text('preflightFigures'), { mos: report.mos, rtt: report.rtt, jitter: report.jitter, loss: report.packetLoss }, locale)}</span>`
        : nothing
    }
  </div>`;
}

/** The in-call row: bars + "Call quality: good" (no bindings inside: written by `writeCallQuality`) and the warning hint. */
export const callQualityRow = html`<div class="row">
  <span part="quality">${qualityBarsTemplate}<span part="quality-label"></span></span>
  <span part="quality-hint" role="status" aria-live="polite"></span>
</div>`;

/** Brings the rendered row up to date with the controller; nothing to do outside a call. */
export function writeCallQuality(root: ParentNode, quality: CallQualityController, text: Text): void {
  const indicator = root.querySelector<HTMLElement>('[part="quality"]');
  const hintEl = root.querySelector<HTMLElement>('[part="quality-hint"]');
  if (!indicator && !hintEl) return;
  const level = quality.shownLevel;
  const label = text('callQuality').replace('{level}', level ? text(LEVEL_STRING[level]) : text('qualityMeasuring'));
  const hint = quality.hint;
  writeQualityIndicator(indicator, level, label, hintEl, hint ? text(warningString(hint)) : '');
}

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
