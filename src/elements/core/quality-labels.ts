/**
 * English defaults of every visible string of the call quality indicator and
 * the pre-call test, and which string each level, warning, verdict and
 * failure uses. The elements merge these into their own `strings`.
 */
import type { QualityLevel } from './call-quality.js';
import type { PreflightFailureReason } from './preflight-report.js';

/** The indicator: shown by `<twilio-phone>` and `<device-status>` during a call. */
export const QUALITY_LEVEL_STRINGS = {
  /** `{level}` is replaced by the level's word below */
  callQuality: 'Call quality: {level}',
  qualityMeasuring: 'measuring…',
  qualityExcellent: 'excellent',
  qualityGreat: 'great',
  qualityGood: 'good',
  qualityFair: 'fair',
  qualityDegraded: 'poor',
};
export type QualityLevelStrings = typeof QUALITY_LEVEL_STRINGS;

/** The hint for the SDK's quality warnings (`<twilio-phone>`). */
export const QUALITY_WARNING_STRINGS = {
  warningConnectivity: 'The connection was interrupted',
  warningNoAudioReceived: 'No audio is arriving',
  warningNoAudioSent: 'No audio is being sent',
  warningPacketLoss: 'Audio is being lost on the network',
  warningLowMos: 'The line sounds poor',
  warningHighJitter: 'The connection is unsteady',
  warningHighRtt: 'There is a long delay on the line',
  warningNoInput: 'Your microphone sends no sound: is it muted?',
  warningNoOutput: 'No sound is coming from the other side',
  warningOther: 'Network trouble',
};

/** The pre-call test (`<twilio-phone>`). */
export const PREFLIGHT_STRINGS = {
  testConnection: 'Test connection',
  stopTest: 'Stop test',
  preflightConnecting: 'Testing the connection: calling the test line…',
  preflightMeasuring: 'Testing the connection: measuring call quality…',
  verdictExcellent: 'Excellent: calls will sound clear',
  verdictGreat: 'Great: calls will sound clear',
  verdictGood: 'Good: calls will sound fine',
  verdictFair: 'Fair: calls may break up at times',
  verdictDegraded: 'Poor: calls will be hard to understand',
  /** `{mos}`, `{rtt}`, `{jitter}`, `{loss}` are replaced by the measured numbers */
  preflightFigures: 'MOS {mos} · round trip {rtt} ms · jitter {jitter} ms · loss {loss} %',
  preflightBusy: 'Finish the call before testing the connection.',
  preflightBadCredentials: 'The test could not sign in: the Twilio credentials were refused.',
  preflightTokenFailed: 'The test could not get an access token.',
  preflightMicrophoneDenied: 'The test needs the microphone: allow it for this site, then test again.',
  preflightNoMicrophone: 'No microphone could be opened: connect one (or close the app using it), then test again.',
  preflightUnreachable: 'Twilio could not be reached: check the network or firewall, then test again.',
  preflightUnsupported: 'This browser cannot make calls (WebRTC is missing).',
  preflightSdkFailed: 'The Twilio Voice SDK could not be loaded.',
  preflightNoMedia: 'The test call ended before any audio was measured.',
  preflightTimeout: 'The test did not finish in time.',
  preflightFailed: 'The connection test failed.',
};

type Key<T> = keyof T & string;

export const LEVEL_STRING: Record<QualityLevel, Key<QualityLevelStrings>> = {
  excellent: 'qualityExcellent',
  great: 'qualityGreat',
  good: 'qualityGood',
  fair: 'qualityFair',
  degraded: 'qualityDegraded',
};

export const VERDICT_STRING: Record<QualityLevel, Key<typeof PREFLIGHT_STRINGS>> = {
  excellent: 'verdictExcellent',
  great: 'verdictGreat',
  good: 'verdictGood',
  fair: 'verdictFair',
  degraded: 'verdictDegraded',
};

/** Cancelled tests show nothing (the person stopped it), so they need no string. */
export const FAILURE_STRING: Record<Exclude<PreflightFailureReason, 'cancelled'>, Key<typeof PREFLIGHT_STRINGS>> = {
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
