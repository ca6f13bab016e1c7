/**
 * `diagnostics()`'s report as a pure function: what the phone recorded and the browser told, in;
 * the versioned object a support desk pastes into a ticket, out. Everything that could identify
 * or authorize is removed here, in one place: tokens (any JWT), long digit runs (TOTP codes,
 * card-like numbers), the remote party's number (masked but for its last digits).
 * The format is documented in docs/guides/diagnostics.md; a change to it raises `version`.
 */
import type { CallQuality } from './call-quality.js';
import type { PreflightReport } from './preflight-report.js';

export const DIAGNOSTICS_VERSION = 1;

export interface RecordedError {
  at: number;
  code?: number;
  message: string;
}

export interface RecordedCall {
  callSid: string | null;
  direction: 'incoming' | 'outgoing';
  remote: string;
  startedAt: number;
  /** seconds connected, once ended */
  duration: number | null;
  endedAt: number | null;
  samples: Array<CallQuality & { at: number }>;
  warnings: string[];
}

export interface DiagnosticsInput {
  now: number;
  userAgent: string;
  /** `navigator.userAgentData.brands`, where the browser has it */
  brands?: Array<{ brand: string; version: string }>;
  sdkVersion: string | null;
  elementVersion: string;
  state: string;
  /** the `edge` attribute; and the edge / region the Device connected to */
  edgeSetting: string;
  edge: string | null;
  region: string | null;
  capabilities: { webrtc: boolean; outputSelection: boolean | null; audioWorklet: boolean; webLocks: boolean; secureContext: boolean };
  permissions: { microphone: string; notifications: string };
  noiseSuppression: string;
  audioBlocked: boolean;
  errors: RecordedError[];
  calls: RecordedCall[];
  preflight: PreflightReport | null;
  /** how many of each to keep, newest last (core/diagnostics-limits.ts; passed in so this lazy module shares no chunk with the recorder) */
  limits: { errors: number; calls: number; samplesPerCall: number };
}

export interface Diagnostics {
  version: typeof DIAGNOSTICS_VERSION;
  generatedAt: string;
  browser: { userAgent: string; engine: string; brands: string[] };
  versions: { sdk: string | null; elements: string };
  phone: { state: string; edgeSetting: string; edge: string | null; region: string | null; noiseSuppression: string; audioBlocked: boolean };
  capabilities: DiagnosticsInput['capabilities'];
  permissions: DiagnosticsInput['permissions'];
  errors: Array<{ at: string; code: number | null; message: string }>;
  calls: Array<{
    callSid: string | null;
    direction: 'incoming' | 'outgoing';
    remote: string;
    startedAt: string;
    duration: number | null;
    warnings: string[];
    samples: Array<{ at: string; mos: number | null; rtt: number | null; jitter: number | null; packetLoss: number | null }>;
  }>;
  preflight: PreflightReport | null;
}

const JWT = /\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
/** Phone numbers in running text: +, then 7 to 15 digits (spaces, dashes allowed). */
const E164_IN_TEXT = /\+\d[\d\s-]{5,18}\d/g;
/** A run of 4+ digits on its own: a TOTP code, a PIN, part of an account number. SIDs (AC…, CA…) are letters + hex and stay. */
const DIGIT_RUN = /(?<![\w+])\d{4,}(?!\w)/g;

/** The remote party as a support desk may see it: a number keeps its country sign and last 2 digits; a client name its first letter. */
export function maskRemote(remote: string): string {
  const value = remote.trim();
  if (!value) return '';
  if (value.startsWith('client:')) return `client:${value.slice(7, 8)}…`;
  const digits = value.replace(/\D/g, '');
  if (digits.length >= 3) return `${value.startsWith('+') ? '+' : ''}${'•'.repeat(digits.length - 2)}${digits.slice(-2)}`;
  return '•'.repeat(value.length);
}

/** Free text (error messages) without tokens, numbers or codes. */
export function scrubText(text: string): string {
  return text
    .replace(JWT, '[token]')
    .replace(E164_IN_TEXT, (n) => maskRemote(n))
    .replace(DIGIT_RUN, (d) => '•'.repeat(d.length));
}

/** Blink, Gecko or WebKit, from the user agent (brands first where the browser gives them). */
export function engineOf(userAgent: string, brands: string[] = []): string {
  if (brands.some((b) => b === 'Chromium')) return 'Blink';
  if (/Firefox\/\d/.test(userAgent)) return 'Gecko';
  if (/Chrom(e|ium)\/\d/.test(userAgent)) return 'Blink';
  if (/AppleWebKit\/\d/.test(userAgent)) return 'WebKit';
  return 'unknown';
}

const iso = (ms: number) => new Date(ms).toISOString();
const last = <T>(list: T[], n: number) => list.slice(Math.max(0, list.length - n));

export function buildDiagnostics(input: DiagnosticsInput): Diagnostics {
  const brands = (input.brands ?? []).map((b) => `${b.brand} ${b.version}`);
  return {
    version: DIAGNOSTICS_VERSION,
    generatedAt: iso(input.now),
    browser: {
      userAgent: input.userAgent,
      engine: engineOf(
        input.userAgent,
        (input.brands ?? []).map((b) => b.brand),
      ),
      brands,
    },
    versions: { sdk: input.sdkVersion, elements: input.elementVersion },
    phone: {
      state: input.state,
      edgeSetting: input.edgeSetting,
      edge: input.edge,
      region: input.region,
      noiseSuppression: input.noiseSuppression,
      audioBlocked: input.audioBlocked,
    },
    capabilities: { ...input.capabilities },
    permissions: { ...input.permissions },
    errors: last(input.errors, input.limits.errors).map((e) => ({ at: iso(e.at), code: e.code ?? null, message: scrubText(e.message) })),
    calls: last(input.calls, input.limits.calls).map((c) => ({
      callSid: c.callSid,
      direction: c.direction,
      remote: maskRemote(c.remote),
      startedAt: iso(c.startedAt),
      duration: c.duration,
      warnings: [...c.warnings],
      samples: last(c.samples, input.limits.samplesPerCall).map((s) => ({
        at: iso(s.at),
        mos: s.mos,
        rtt: s.rtt,
        jitter: s.jitter,
        packetLoss: s.packetLoss,
      })),
    })),
    preflight: input.preflight ? { ...input.preflight, warnings: [...input.preflight.warnings] } : null,
  };
}
