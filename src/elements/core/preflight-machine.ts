/**
 * The pre-call test's own small state machine (pure). It runs beside the
 * phone's PhoneState, never through it: a registered phone stays `ready`
 * while its connection is tested.
 *
 *   idle/completed/failed --start--> connecting --connected--> measuring
 *   connecting/measuring --completed(report)--> completed (failed `no-media` if no MOS was measured)
 *   connecting/measuring --failed(failure)--> failed
 *   connecting/measuring --cancel--> idle (outcome: failure `cancelled`)
 */
import type { PreflightFailure, PreflightReport } from './preflight-report.js';
import { INITIAL_PREFLIGHT, isPreflightRunning, type PreflightSnapshot } from './preflight-state.js';

// The states and the idle snapshot live apart (the phone's eager code needs only them).
export { INITIAL_PREFLIGHT, PREFLIGHT_STATES, isPreflightRunning, type PreflightSnapshot, type PreflightState } from './preflight-state.js';

export type PreflightInput =
  | { type: 'start' }
  | { type: 'connected' }
  | { type: 'completed'; report: PreflightReport }
  | { type: 'failed'; failure: PreflightFailure }
  | { type: 'cancel' };

export interface PreflightTransition {
  snapshot: PreflightSnapshot;
  /** how the test ended, when this input ended it (settles `preflight()` and fires the event) */
  outcome?: { report: PreflightReport } | { failure: PreflightFailure };
}

export function reducePreflight(s: PreflightSnapshot, input: PreflightInput): PreflightTransition {
  const running = isPreflightRunning(s.state);
  switch (input.type) {
    case 'start':
      return running ? { snapshot: s } : { snapshot: { state: 'connecting', report: null, failure: null } };
    case 'connected':
      return s.state === 'connecting' ? { snapshot: { ...s, state: 'measuring' } } : { snapshot: s };
    case 'completed': {
      if (!running) return { snapshot: s };
      if (input.report.mos === null) {
        const failure: PreflightFailure = { reason: 'no-media', error: { message: 'The test call ended before any audio was measured.' } };
        return { snapshot: { state: 'failed', report: null, failure }, outcome: { failure } };
      }
      return { snapshot: { state: 'completed', report: input.report, failure: null }, outcome: { report: input.report } };
    }
    case 'failed':
      if (!running) return { snapshot: s };
      return { snapshot: { state: 'failed', report: null, failure: input.failure }, outcome: { failure: input.failure } };
    case 'cancel': {
      if (!running) return { snapshot: s };
      const failure: PreflightFailure = { reason: 'cancelled', error: { message: 'The connection test was stopped.' } };
      return { snapshot: { ...INITIAL_PREFLIGHT }, outcome: { failure } };
    }
  }
}
