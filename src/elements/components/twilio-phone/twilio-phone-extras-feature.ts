/**
 * What `<twilio-phone>` loads when first needed, in one lazy chunk (twilio-phone-extras.ts) asked
 * for once the phone is registered: the pre-call test and the in-call quality view (their
 * controllers, the test's wording, the quality row and its writes, their styles), and the sound
 * and support features (twilio-phone-sound-parts.ts).
 */
import type { CallQualityController } from '../../controllers/call-quality.js';
import type { PreflightSnapshot } from '../../core/preflight-state.js';
import { FAILURE_STRING, LEVEL_STRING, VERDICT_STRING, warningString } from '../../core/quality-labels.js';
import { writeQualityIndicator } from '../quality-indicator.js';
import type { ExtrasText, PreflightWording } from './twilio-phone-quality.js';
import { preflightDetails } from './twilio-phone-quality-view.js';
import { addDefaults } from './twilio-phone-defaults.js';
import { EXTRAS_STRINGS } from './twilio-phone-extras.strings.js';

// The chunk's words, known before anything of it renders.
addDefaults(EXTRAS_STRINGS);

export { PreflightController } from '../../controllers/preflight.js';
export { CallQualityController } from '../../controllers/call-quality.js';
export { callQualityRow, extrasStyles } from './twilio-phone-quality-view.js';
export { SoundParts } from './twilio-phone-sound-parts.js';
// The chunk's styles are added by the stand-in (twilio-phone-extras.ts) with this, so it is not in the eager code.
export { addStyles } from '../../dom/add-styles.js';

/** What the result line says for a snapshot ('' when idle). */
export function preflightResultText(snapshot: PreflightSnapshot, text: ExtrasText): string {
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

export const preflightWording: PreflightWording = { resultText: preflightResultText, details: preflightDetails };

/** Brings the rendered row up to date with the controller; nothing to do outside a call. */
export function writeCallQuality(root: ParentNode, quality: CallQualityController, text: ExtrasText): void {
  const indicator = root.querySelector<HTMLElement>('[part="quality"]');
  const hintEl = root.querySelector<HTMLElement>('[part="quality-hint"]');
  if (!indicator && !hintEl) return;
  const level = quality.shownLevel;
  const label = text('callQuality').replace('{level}', level ? text(LEVEL_STRING[level]) : text('qualityMeasuring'));
  const hint = quality.hint;
  writeQualityIndicator(indicator, level, label, hintEl, hint ? text(warningString(hint)) : '');
}
