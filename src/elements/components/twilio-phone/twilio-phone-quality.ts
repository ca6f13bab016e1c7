/**
 * The pre-call test's row of `<twilio-phone>`, kept out of the element's file: Test connection / Stop
 * test and the result line. The rest (the test's wording, progress and figures, the in-call quality
 * row and their styles) is in the chunk loaded with the test and the quality controller
 * (twilio-phone-extras-feature.ts): before it is here the test is idle and shows only its button.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { isPreflightRunning, type PreflightSnapshot } from '../../core/preflight-state.js';
import type { ChunkText, EagerText } from './twilio-phone.eager-strings.js';
import type { ExtrasStrings } from './twilio-phone-extras.strings.js';

/** The eager wording (the sound UI's stand-in, the pre-call button). */
export type Text = EagerText;
/** The extras chunk's wording: the eager keys and its own (twilio-phone-extras.strings.ts). */
export type ExtrasText = ChunkText<ExtrasStrings>;

/** The wording of a test's progress and outcome, and its progress bar and figures: in the pre-call test's chunk. */
export interface PreflightWording {
  resultText(snapshot: PreflightSnapshot, text: ExtrasText): string;
  /** the progress bar while the test runs, the measured figures after it */
  details(snapshot: PreflightSnapshot, text: ExtrasText, locale: string | undefined): TemplateResult | typeof nothing;
}

/**
 * "Test connection" / "Stop test", the progress or verdict (a polite live region), and what the chunk
 * adds. One template before and after the chunk arrives, so the button keeps its focus.
 */
export function renderPreflight(
  snapshot: PreflightSnapshot,
  wording: PreflightWording | null,
  text: Text,
  wordingText: ExtrasText,
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
    <span part="preflight-result" role="status" aria-live="polite">${wording?.resultText(snapshot, wordingText) ?? ''}</span>
    ${wording?.details(snapshot, wordingText, locale) ?? nothing}
  </div>`;
}

/** The idle row's layout; the chunk adds the rest (twilio-phone-quality-view.ts). */
export const twilioPhoneQualityStyles = [
  css`
    [part='preflight-result'] {
      flex: 1 1 12rem;
    }
  `,
];
