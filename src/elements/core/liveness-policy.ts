/**
 * The knobs of the pause detection (`backgroundPolicy`), apart from the detection itself
 * (page-liveness.ts): the phone reads `recheckMs` eagerly, the detection loads with its chunk.
 */

export interface LivenessPolicy {
  /** ms between the phone's own liveness ticks */
  tickMs: number;
  /** a tick at least this much later than due means the page did not run (frozen, suspended, paused) */
  gapMs: number;
  /** a tab hidden at least this long has its registration checked when it is shown again */
  hiddenMs: number;
  /** ms a registration check may take before the phone rebuilds its Device */
  recheckMs: number;
}

/**
 * Chrome runs the timers of a hidden tab at most once a second, so a 500 ms tick is then up to
 * ~1 s late: far below `gapMs`. After 10 s hidden Chrome starts budget-throttling timers.
 */
export const DEFAULT_LIVENESS_POLICY: LivenessPolicy = { tickMs: 500, gapMs: 2000, hiddenMs: 10_000, recheckMs: 5000 };
