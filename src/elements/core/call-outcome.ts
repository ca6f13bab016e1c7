/**
 * How a call ended (pure): the outcome a call's last error code stands for, and the key of its words
 * in the phone's strings (CALL_OUTCOME_STRINGS, with the other problems' words). Apart from
 * phone-problems.ts: only the call view's chunk (controllers/call-outcome.ts) needs it.
 */
import type { CALL_OUTCOME_STRINGS } from './phone-problems.js';

export type CallOutcome = 'busy' | 'no-answer' | 'declined' | 'failed' | 'ended';

export const CALL_OUTCOME_STRING: Record<CallOutcome, keyof typeof CALL_OUTCOME_STRINGS> = {
  busy: 'outcomeBusy',
  'no-answer': 'outcomeNoAnswer',
  declined: 'outcomeDeclined',
  failed: 'outcomeFailed',
  ended: 'outcomeEnded',
};

/** A call's end from the code of its last error (none: it ended normally). SIP 486, 480/408, 603. */
export function callOutcome(code: number | undefined | null): CallOutcome {
  if (code === undefined || code === null) return 'ended';
  if (code === 31486) return 'busy';
  if (code === 31480 || code === 31408) return 'no-answer';
  if (code === 31603 || code === 31600) return 'declined';
  return 'failed';
}
