/**
 * The call-control endpoint's input rules (docs/call-control.md §3): which action, and the
 * fields each one needs, each refused with its own 400 code. Pure: tested as a table.
 */
import { HttpError } from './endpoint.js';

export type CallControlAction = 'participants' | 'hold' | 'unhold' | 'transfer' | 'complete-transfer' | 'cancel-transfer' | 'add' | 'remove';
export type TransferMode = 'cold' | 'warm';

export const CALL_CONTROL_ACTIONS: readonly CallControlAction[] = [
  'participants',
  'hold',
  'unhold',
  'transfer',
  'complete-transfer',
  'cancel-transfer',
  'add',
  'remove',
];

export const CALL_SID_RE = /^CA[0-9a-f]{32}$/;
export const E164_RE = /^\+[1-9]\d{1,14}$/;
/** A Voice client identity, as the token endpoint issues them. */
export const CLIENT_IDENTITY_RE = /^[A-Za-z0-9_.@+-]{1,121}$/;
export const MAX_DESTINATION_LENGTH = 128;
/** Query parameter of a dialled leg's status callback: the call to hang up if that leg never connects. */
export const HANGUP_ON_FAIL = 'hangupOnFail';
/** A leg's final CallStatus when it never connected. */
export const NEVER_CONNECTED: readonly string[] = ['busy', 'no-answer', 'failed', 'canceled'];

/** Which `To` may be dialled: `(to, identity) → boolean`. */
export type DestinationRule = (to: string, identity: string) => boolean;

/** The default rule: an E.164 number or `client:<identity>`. */
export function defaultDestinations(to: string): boolean {
  if (E164_RE.test(to)) return true;
  return to.startsWith('client:') && CLIENT_IDENTITY_RE.test(to.slice('client:'.length));
}

export function inputError(code: string, message: string): HttpError {
  return new HttpError(400, message, code);
}

export function actionField(body: Record<string, unknown>): CallControlAction {
  const a = body.action;
  if (typeof a !== 'string' || !CALL_CONTROL_ACTIONS.includes(a as CallControlAction)) {
    throw inputError('invalid-action', `Unknown action; expected one of ${CALL_CONTROL_ACTIONS.join(', ')}`);
  }
  return a as CallControlAction;
}

export function callSidField(body: Record<string, unknown>, name = 'callSid', code = 'invalid-call-sid'): string {
  const v = body[name];
  if (typeof v !== 'string' || !CALL_SID_RE.test(v)) throw inputError(code, `\`${name}\` must be a call SID: CA followed by 32 hex digits`);
  return v;
}

/** Basic shape first (a string, short, no control characters), then the app's rule (or the default). */
export function destinationField(body: Record<string, unknown>, identity: string, rule: DestinationRule | undefined): string {
  const to = body.to;
  const bad = () => inputError('invalid-destination', '`to` must be an E.164 number, client:<name>, or a destination this app allows');
  // eslint-disable-next-line no-control-regex -- control characters are what a destination must not hold
  if (typeof to !== 'string' || to.length < 1 || to.length > MAX_DESTINATION_LENGTH || /[\u0000-\u001f\u007f]/.test(to) || to.trim() !== to) throw bad();
  let allowed: boolean;
  try {
    allowed = (rule ?? defaultDestinations)(to, identity) === true;
  } catch {
    allowed = false; // a rule that throws allows nothing
  }
  if (!allowed) throw bad();
  return to;
}

export function modeField(body: Record<string, unknown>): TransferMode {
  const m = body.mode;
  if (m !== 'cold' && m !== 'warm') throw inputError('invalid-mode', '`mode` must be "cold" or "warm"');
  return m;
}

export function participantField(body: Record<string, unknown>): string {
  return callSidField(body, 'participant', 'invalid-participant');
}

/** One validated request: the fields its action needs, checked in the contract's order. */
export type CallControlInput =
  | { action: 'participants' | 'hold' | 'unhold' | 'complete-transfer' | 'cancel-transfer'; callSid: string }
  | { action: 'transfer'; callSid: string; to: string; mode: TransferMode }
  | { action: 'add'; callSid: string; to: string }
  | { action: 'remove'; callSid: string; participant: string };

export function parseCallControlInput(body: Record<string, unknown>, identity: string, destinations?: DestinationRule): CallControlInput {
  const action = actionField(body);
  const callSid = callSidField(body);
  switch (action) {
    case 'transfer': {
      const to = destinationField(body, identity, destinations);
      return { action, callSid, to, mode: modeField(body) };
    }
    case 'add':
      return { action, callSid, to: destinationField(body, identity, destinations) };
    case 'remove':
      return { action, callSid, participant: participantField(body) };
    default:
      return { action, callSid };
  }
}
