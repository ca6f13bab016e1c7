/**
 * Call quality from the Voice SDK's numbers (pure): the MOS → level bands of
 * the SDK's PreflightTest.CallQuality, one live measurement from a Call
 * `sample`, the once-a-second pacing of what the page sees, and which of the
 * SDK's active quality warnings to show as the hint.
 */

/** Best first. The SDK's PreflightTest.CallQuality names. */
export const QUALITY_LEVELS = ['excellent', 'great', 'good', 'fair', 'degraded'] as const;
export type QualityLevel = (typeof QUALITY_LEVELS)[number];

/**
 * MOS (1.0 to about 4.5) → level, with the SDK's bands: above 4.2 excellent, 4.1–4.2 great,
 * 3.7–4.0 good, 3.1–3.6 fair, below degraded. The SDK leaves gaps between its bands (4.05 falls
 * through to `degraded` there); here each band runs up to the next one, so 4.05 is `good`.
 */
export function qualityLevel(mos: unknown): QualityLevel | null {
  if (typeof mos !== 'number' || !Number.isFinite(mos) || mos <= 0) return null;
  if (mos > 4.2) return 'excellent';
  if (mos >= 4.1) return 'great';
  if (mos >= 3.7) return 'good';
  if (mos >= 3.1) return 'fair';
  return 'degraded';
}

/** Lit bars of the 5-bar indicator per level (0 while measuring). */
export function qualityBars(level: QualityLevel | null): number {
  return level ? QUALITY_LEVELS.length - QUALITY_LEVELS.indexOf(level) : 0;
}

/** What `twilio-phone-call-quality` carries: the last second of the call. */
export interface CallQuality {
  /** Mean opinion score, 1.0 to about 4.5, two decimals; null until the SDK can compute it (the first sample) */
  mos: number | null;
  /** round trip time, ms */
  rtt: number | null;
  /** ms */
  jitter: number | null;
  /** % of inbound audio packets lost in the last second, one decimal */
  packetLoss: number | null;
  level: QualityLevel | null;
}

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);
const round = (v: number | null, digits: number): number | null => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

/** One Call `sample` (RTCSample: mos, rtt, jitter, packetsLostFraction in %) → plain, rounded numbers. */
export function qualityFromSample(sample: unknown): CallQuality {
  const s = (sample && typeof sample === 'object' ? sample : {}) as Record<string, unknown>;
  const mos = finite(s.mos);
  return {
    mos: round(mos, 2),
    rtt: round(finite(s.rtt), 0),
    jitter: round(finite(s.jitter), 0),
    packetLoss: round(finite(s.packetsLostFraction), 1),
    level: qualityLevel(mos),
  };
}

/**
 * Pacing, so the page sees at most one measurement a second without losing the latest: ms to wait
 * before emitting now (0 = emit at once). The SDK samples on a 1 s timer plus an async getStats,
 * so two samples can land 990 ms apart; the second then waits 10 ms instead of being dropped.
 */
export function emitDelay(lastEmitAt: number | null, now: number, minGapMs = 1000): number {
  if (lastEmitAt === null) return 0;
  return Math.max(0, lastEmitAt + minGapMs - now);
}

/** The SDK's warning names, most important first: what the hint shows when several are active. */
export const WARNING_PRIORITY = [
  'ice-connectivity-lost',
  'low-bytes-received',
  'low-bytes-sent',
  'high-packet-loss',
  'high-packets-lost-fraction',
  'low-mos',
  'high-jitter',
  'high-rtt',
  'constant-audio-input-level',
  'constant-audio-output-level',
] as const;

/** The active warnings after a `warning` (`cleared: false`) or `warning-cleared` event, in arrival order. */
export function reduceWarnings(active: readonly string[], event: { name: string; cleared: boolean }): string[] {
  const without = active.filter((n) => n !== event.name);
  return event.cleared ? without : [...without, event.name];
}

/** The one warning the hint shows: the most important known one, else the latest unknown one; null if none. */
export function hintWarning(active: readonly string[]): string | null {
  for (const name of WARNING_PRIORITY) if (active.includes(name)) return name;
  return active.at(-1) ?? null;
}
