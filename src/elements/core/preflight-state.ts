/**
 * The pre-call test's states and its idle snapshot (pure): what `<twilio-phone>` needs before the
 * test's code (core/preflight-machine.ts, in a lazy chunk) is loaded.
 */
import type { PreflightFailure, PreflightReport } from './preflight-report.js';

export const PREFLIGHT_STATES = ['idle', 'connecting', 'measuring', 'completed', 'failed'] as const;
export type PreflightState = (typeof PREFLIGHT_STATES)[number];

export interface PreflightSnapshot {
  state: PreflightState;
  /** the last report, in `completed` */
  report: PreflightReport | null;
  /** why the last test failed, in `failed` */
  failure: PreflightFailure | null;
}

export const INITIAL_PREFLIGHT: PreflightSnapshot = { state: 'idle', report: null, failure: null };

export const isPreflightRunning = (state: PreflightState) => state === 'connecting' || state === 'measuring';
