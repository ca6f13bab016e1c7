/**
 * The call layer's pure decisions (no I/O, no timers), table-tested in
 * test/node/emulator.behaviours.test.mjs.
 */
import type { DialOutcome, DialStatus } from './call-handle.js';
import { participantTarget } from './conference-rules.js';
import { CALL_ERRORS, E164, type CallDestination, type CallDirection, type CallError, type CallState } from './types.js';

/** Where a call of the default application goes, from its `To`; `isRegistered` tells a bare identity from nothing. */
export function classifyDestination(to: string, isRegistered: (identity: string) => boolean): CallDestination {
  if (to === '') return 'preflight';
  if (to === 'echo') return 'echo';
  if (to === 'tone') return 'tone';
  if (to === 'busy') return 'busy';
  if (to === 'no-answer') return 'no-answer';
  if (participantTarget(to).kind === 'party') return 'party';
  if (E164.test(to)) return 'number';
  if (to.startsWith('client:') && to.length > 'client:'.length) return 'client';
  if (to && isRegistered(to)) return 'client';
  return 'unknown';
}

/** What a callee leg's end state means for the <Dial> that rang it. */
export function dialStatusOf(state: CallState): DialStatus {
  switch (state) {
    case 'completed':
      return 'completed';
    case 'rejected':
    case 'busy':
      return 'busy';
    case 'no-answer':
      return 'no-answer';
    case 'canceled':
      return 'canceled';
    default:
      return 'failed';
  }
}

export interface Ending {
  state: CallState;
  /** What the browser on that leg gets: `hangup`, `cancel` (a call still ringing), or nothing. */
  notify: 'hangup' | 'cancel' | null;
  error?: CallError;
}

/** How the default application ends its caller once a `client:` dial is over. */
export function defaultDialEnding(outcome: DialOutcome): Ending {
  if (outcome.status === 'completed') return { state: 'completed', notify: 'hangup' };
  if (outcome.status === 'busy') return { state: 'busy', notify: 'hangup', error: CALL_ERRORS.busy };
  if (outcome.unregistered) return { state: 'failed', notify: 'hangup', error: CALL_ERRORS.notFound };
  if (outcome.status === 'no-answer') return { state: 'no-answer', notify: 'hangup', error: CALL_ERRORS.unavailable };
  return { state: 'failed', notify: 'hangup', error: outcome.error ?? CALL_ERRORS.unavailable };
}

/** Why a leg ended, as its other leg learns it. */
export type EndReason = 'hangup' | 'reject' | 'cancel' | 'gone';

/**
 * How the other leg of a client-to-client call ends after one leg (`ended`) did; null: it goes
 * on (a caller run by a TwiML app continues its document after its <Dial>).
 */
export function otherLegEnding(ended: { direction: CallDirection; dialed: boolean }, otherAnswered: boolean, reason: EndReason): Ending | null {
  if (ended.direction === 'outgoing') {
    // The caller went: the callee is hung up, or stops ringing.
    return otherAnswered ? { state: 'completed', notify: 'hangup' } : { state: 'canceled', notify: 'cancel' };
  }
  if (ended.dialed) return null;
  if (otherAnswered) return { state: 'completed', notify: 'hangup' };
  if (reason === 'reject' || reason === 'hangup') return { state: 'busy', notify: 'hangup', error: CALL_ERRORS.busy };
  return { state: 'no-answer', notify: 'hangup', error: CALL_ERRORS.unavailable };
}

/**
 * The id the browser knows a leg by, for the frames that end it: an outgoing call that was
 * neither rung nor answered (a TwiML app's <Reject> or <Hangup> first) has only the SDK's
 * temporary id on the browser's side, and the SDK drops a hangup with a CallSid it never saw.
 */
export function browserCallId(leg: { sid: string; tempSid?: string; direction: CallDirection; ringingSent?: boolean; answered: boolean }): string {
  const told = leg.direction !== 'outgoing' || leg.ringingSent || leg.answered;
  return told || !leg.tempSid ? leg.sid : leg.tempSid;
}
