/**
 * The pre-call test's outcome (pure): the SDK's PreflightTest report turned
 * into the plain `twilio-phone-preflight` detail, and any failure turned into a
 * reason a page (and a person) can act on.
 */
import { qualityLevel, type QualityLevel } from './call-quality.js';
import { classifyTwilioError, toPhoneError, type SdkErrorLike } from './twilio-errors.js';
import type { PhoneError } from './phone-state.js';
import type { TokenFailure } from './token-source.js';

/** One network phase of the test call, ms timestamps and duration (the SDK's NetworkTiming entries). */
export interface PreflightTiming {
  start?: number;
  end?: number;
  duration?: number;
}

/** The `twilio-phone-preflight` detail. */
export interface PreflightReport {
  /** the level of the average MOS (see docs/elements/twilio-phone.md#call-quality); null when no audio was measured */
  callQuality: QualityLevel | null;
  /** average MOS over the test call, two decimals */
  mos: number | null;
  /** average round trip time, ms */
  rtt: number | null;
  /** average jitter, ms */
  jitter: number | null;
  /** % of inbound audio packets lost over the whole test call, one decimal */
  packetLoss: number | null;
  /** the Twilio edge the test connected to */
  edge: string | null;
  /** the SDK warnings raised during the test (names, each once) */
  warnings: string[];
  /** how long each phase took: `signaling`, `ice`, `dtls`, `peerConnection` */
  networkTiming: Record<string, PreflightTiming>;
  /** ms from start to end of the test */
  duration: number | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const round = (v: number | null, digits: number) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

/** The SDK's PreflightTest.Report → the plain detail (numbers rounded, no SDK objects, nothing that could hold a token). */
export function toPreflightReport(raw: unknown): PreflightReport {
  const r = obj(raw);
  const stats = obj(r.stats);
  // The SDK computes a MOS even when no audio packet ever arrived (rtt and jitter alone give 4.43,
  // "excellent"): without inbound packets nothing was measured.
  const heard = (num(obj(r.totals).packetsReceived) ?? 0) > 0;
  const average = (name: string) => (heard ? num(obj(stats[name]).average) : null);
  const mos = average('mos');
  const lossFraction = num(obj(r.totals).packetsLostFraction);
  const networkTiming: Record<string, PreflightTiming> = {};
  for (const [phase, timing] of Object.entries(obj(r.networkTiming))) {
    const t = obj(timing);
    const clean: PreflightTiming = {};
    for (const key of ['start', 'end', 'duration'] as const) {
      const v = num(t[key]);
      if (v !== null) clean[key] = v;
    }
    networkTiming[phase] = clean;
  }
  const warnings: string[] = [];
  for (const w of Array.isArray(r.warnings) ? r.warnings : []) {
    const name = obj(w).name;
    if (typeof name === 'string' && !warnings.includes(name)) warnings.push(name);
  }
  return {
    callQuality: qualityLevel(mos),
    mos: round(mos, 2),
    rtt: round(average('rtt'), 0),
    jitter: round(average('jitter'), 0),
    // With no sample at all the SDK reports 100 % (0 of 0 packets): that is "no audio", not loss.
    packetLoss: mos === null ? null : round(lossFraction, 1),
    edge: typeof r.edge === 'string' && r.edge ? r.edge : null,
    warnings,
    networkTiming,
    duration: num(obj(r.testTiming).duration),
  };
}

export type PreflightFailureReason =
  /** a call is in progress on this phone */
  | 'busy'
  /** the token URL answered 401/403, `fetchToken()` rejected with status 401/403, the token had expired, or Twilio refused it */
  | 'bad-credentials'
  /** no usable token (no source, URL unreachable, `fetchToken()` failed, malformed answer or token) */
  | 'token-failed'
  | 'microphone-denied'
  /** no microphone, or it could not be opened */
  | 'no-microphone'
  /** the signaling gateway did not answer: network, firewall, proxy */
  | 'signaling-unreachable'
  | 'unsupported-browser'
  | 'sdk-load-failed'
  /** the test call ended before any audio was measured */
  | 'no-media'
  /** the test did not finish in time */
  | 'timeout'
  /** stopped by `stopPreflight()`, the Stop button, or the element leaving the page */
  | 'cancelled'
  | 'failed';

/** `twilio-phone-preflight-failed` detail; also the `reason`/`code` of the rejected `preflight()` promise. */
export interface PreflightFailure {
  reason: PreflightFailureReason;
  error: PhoneError;
}

const DENIED_NAMES = new Set(['NotAllowedError', 'PermissionDeniedError', 'SecurityError']);
const NO_DEVICE_NAMES = new Set(['NotFoundError', 'DevicesNotFoundError', 'NotReadableError', 'TrackStartError', 'OverconstrainedError', 'AbortError']);

/** A getUserMedia rejection (DOMException) → microphone reason; null if it is not one (its legacy numeric `code` is no Twilio code). */
export function classifyMicrophoneError(raw: unknown): PreflightFailure | null {
  const name = (raw as { name?: unknown } | null)?.name;
  if (typeof name !== 'string' || !(DENIED_NAMES.has(name) || NO_DEVICE_NAMES.has(name))) return null;
  const message = (raw as { message?: unknown }).message;
  return {
    reason: DENIED_NAMES.has(name) ? 'microphone-denied' : 'no-microphone',
    error: { message: typeof message === 'string' && message ? `${name}: ${message}` : name },
  };
}

/** What the SDK's `failed` error (a TwilioError, or a getUserMedia DOMException) means. */
export function classifyPreflightError(raw: unknown): PreflightFailure {
  const microphone = classifyMicrophoneError(raw);
  if (microphone) return microphone;
  const e = (raw && typeof raw === 'object' ? raw : {}) as SdkErrorLike;
  const error = toPhoneError(e, 'The connection test failed.');
  if (error.code === 31008) return { reason: 'cancelled', error };
  // A refused or failed WebSocket surfaces as a generic 31000 whose original error carries the transport's own
  // TwilioError (ConnectionDisconnected 53001, ConnectionError 53000).
  const nested = obj(obj(e.originalError).twilioError) as SdkErrorLike;
  if (error.code === 31000 && classifyTwilioError(nested) === 'transport') {
    return { reason: 'signaling-unreachable', error: toPhoneError(nested, error.message) };
  }
  switch (classifyTwilioError(e)) {
    case 'credentials':
    case 'token-expired':
      return { reason: 'bad-credentials', error };
    case 'transport':
      return { reason: 'signaling-unreachable', error };
    case 'media-permission':
      return { reason: error.code === 31402 ? 'no-microphone' : 'microphone-denied', error };
    default:
      return { reason: 'failed', error };
  }
}

/** The test's failure for a token the source could not give (the phone's own verdict on it is `bad-credentials` or `error` alike). */
export function preflightTokenFailure(failure: TokenFailure): PreflightFailure {
  const credentials = failure.kind === 'refused' || failure.kind === 'expired';
  return { reason: credentials ? 'bad-credentials' : 'token-failed', error: failure.error };
}
