/**
 * How a call ended (pure): the outcome a call's last error code stands for, and its words
 * (CALL_OUTCOME_STRINGS, part of the phone's strings). Apart from phone-problems.ts: only the
 * call view's chunk (controllers/call-outcome.ts, its strings) needs it.
 */
export type CallOutcome = 'busy' | 'no-answer' | 'declined' | 'failed' | 'ended';

/** How a call ended, in words, for the few seconds after it (callOutcome below decides which). */
export const CALL_OUTCOME_STRINGS = {
  outcomeBusy: 'Call ended: the line is busy.',
  outcomeNoAnswer: 'Call ended: no answer.',
  outcomeDeclined: 'Call ended: declined.',
  outcomeFailed: 'The call could not be completed.',
  outcomeEnded: 'Call ended.',
};

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
