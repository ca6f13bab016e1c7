/**
 * Which string each quality level, warning, verdict and failure uses, and the test's figures line
 * (loaded with the pre-call test and the quality view; the strings themselves are
 * core/quality-strings.ts's; `<twilio-phone>`'s extras chunk brings them).
 */
import type { QualityLevel } from './call-quality.js';
import type { PreflightFailureReason } from './preflight-report.js';
import type { PREFLIGHT_RESULT_STRINGS, QUALITY_WARNING_STRINGS, QualityLevelStrings } from './quality-strings.js';

export { PREFLIGHT_STRINGS, QUALITY_LEVEL_STRINGS, QUALITY_WARNING_STRINGS, type QualityLevelStrings } from './quality-strings.js';

type Key<T> = keyof T & string;

export const LEVEL_STRING: Record<QualityLevel, Key<QualityLevelStrings>> = {
  excellent: 'qualityExcellent',
  great: 'qualityGreat',
  good: 'qualityGood',
  fair: 'qualityFair',
  degraded: 'qualityDegraded',
};

export const VERDICT_STRING: Record<QualityLevel, Key<typeof PREFLIGHT_RESULT_STRINGS>> = {
  excellent: 'verdictExcellent',
  great: 'verdictGreat',
  good: 'verdictGood',
  fair: 'verdictFair',
  degraded: 'verdictDegraded',
};

/** Cancelled tests show nothing (the person stopped it), so they need no string. */
export const FAILURE_STRING: Record<Exclude<PreflightFailureReason, 'cancelled'>, Key<typeof PREFLIGHT_RESULT_STRINGS>> = {
  busy: 'preflightBusy',
  'bad-credentials': 'preflightBadCredentials',
  'token-failed': 'preflightTokenFailed',
  'microphone-denied': 'preflightMicrophoneDenied',
  'no-microphone': 'preflightNoMicrophone',
  'signaling-unreachable': 'preflightUnreachable',
  'unsupported-browser': 'preflightUnsupported',
  'sdk-load-failed': 'preflightSdkFailed',
  'no-media': 'preflightNoMedia',
  timeout: 'preflightTimeout',
  failed: 'preflightFailed',
};

const WARNING_STRING: Record<string, Key<typeof QUALITY_WARNING_STRINGS>> = {
  'ice-connectivity-lost': 'warningConnectivity',
  'low-bytes-received': 'warningNoAudioReceived',
  'low-bytes-sent': 'warningNoAudioSent',
  'high-packet-loss': 'warningPacketLoss',
  'high-packets-lost-fraction': 'warningPacketLoss',
  'low-mos': 'warningLowMos',
  'high-jitter': 'warningHighJitter',
  'high-rtt': 'warningHighRtt',
  'constant-audio-input-level': 'warningNoInput',
  'constant-audio-output-level': 'warningNoOutput',
};

/** The string key of an SDK warning's hint; unknown names get the generic one. */
export function warningString(name: string): Key<typeof QUALITY_WARNING_STRINGS> {
  return Object.hasOwn(WARNING_STRING, name) ? WARNING_STRING[name] : 'warningOther';
}

/** "MOS 4.4 · round trip 5 ms · …" from the template, numbers in the page's locale; "–" for a missing one. */
export function formatFigures(template: string, figures: Record<'mos' | 'rtt' | 'jitter' | 'loss', number | null>, locale?: string): string {
  const format = (v: number | null, digits: number) => {
    if (v === null) return '–';
    try {
      return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v);
    } catch {
      return new Intl.NumberFormat('en', { maximumFractionDigits: digits }).format(v);
    }
  };
  return template
    .replaceAll('{mos}', format(figures.mos, 2))
    .replaceAll('{rtt}', format(figures.rtt, 0))
    .replaceAll('{jitter}', format(figures.jitter, 0))
    .replaceAll('{loss}', format(figures.loss, 1));
}
