/**
 * Call control as a pure reducer (docs/call-control.md §5): the phone's calls (the active one, one
 * held for call waiting, one waiting to be answered), the action in flight on each, its
 * participants (the list the server read last wins, whether it came in an action's answer or a
 * call message, whatever order they arrive in),
 * a warm transfer waiting for complete/cancel, and call waiting. Inputs in, the next snapshot
 * and the effects the controller must run out.
 */
import { CALL_CONTROL_CODES, type CallControlErrorInfo } from './call-control-error.js';
import { type Participant, type ReadStamp, readAfter } from './call-control-messages.js';

export type CallControlAction = 'participants' | 'hold' | 'unhold' | 'transfer' | 'complete-transfer' | 'cancel-transfer' | 'add' | 'remove';
export type TransferMode = 'cold' | 'warm';

/** One action as posted: `{action, to?, mode?, participant?}` (the controller adds `callSid`). */
export interface ActionRequest {
  action: CallControlAction;
  to?: string;
  mode?: TransferMode;
  participant?: string;
}

/**
 * `active`: the call in front (rendered, acted on); `held-for-waiting`: put on hold to take a
 * waiting call; `incoming-waiting`: rings while another call is up.
 */
export type CallRole = 'active' | 'held-for-waiting' | 'incoming-waiting';

export interface PendingAction {
  requestId: number;
  request: ActionRequest;
  /** sent by the phone itself (call waiting's hold/unhold, the re-sync on connect): not joined by, nor blocking, a page's request */
  internal: boolean;
}

export interface ControlledCall {
  /** the controller's key of the SDK call */
  id: string;
  /** the browser leg's CallSid, once connected */
  callSid: string | null;
  role: CallRole;
  connected: boolean;
  pending: PendingAction[];
  participants: Participant[];
  /** arrival order of the list above (0: none yet) */
  participantsStamp: number;
  /** when the server read it (null: a server without stamps); an older read never replaces a newer one */
  participantsRead: ReadStamp | null;
  /** a warm transfer waits for complete or cancel */
  warmTransfer: boolean;
  /** the consulted party has been in a list since the warm transfer began (so a list without it means it left) */
  consultedSeen: boolean;
  /** muted by the phone for call waiting (the SDK's local mute) */
  localMute: boolean;
  /** the last failed action's error, shown as text until the next action */
  error: CallControlErrorInfo | null;
}

export interface CallControlSnapshot {
  calls: ControlledCall[];
  /** actions of calls that ended before their answer came (a cold transfer ends this leg): they still settle */
  orphans: PendingAction[];
  nextRequestId: number;
}

export const INITIAL_CALL_CONTROL: CallControlSnapshot = { calls: [], orphans: [], nextRequestId: 1 };

export type CallControlInput =
  /** a call appeared: placed, ringing, or (`waiting`) ringing while another is up */
  | { type: 'call-added'; id: string; waiting: boolean }
  | { type: 'call-connected'; id: string; callSid: string }
  | { type: 'call-ended'; id: string }
  /** a page's (or a control's) action on the active call */
  | { type: 'request'; request: ActionRequest }
  /** the server's answer to a request (`stamp`: arrival order; `read`: when the server read the list) */
  | { type: 'answer'; requestId: number; stamp: number; ok: true; participants: Participant[]; read?: ReadStamp | null }
  | { type: 'answer'; requestId: number; stamp: number; ok: false; error: CallControlErrorInfo }
  /** a participant list from the server's call message on call `id` */
  | { type: 'message'; id: string; stamp: number; participants: Participant[]; read?: ReadStamp | null }
  | { type: 'accept-waiting' }
  | { type: 'reject-waiting' }
  /** swap the active call and the one held for call waiting */
  | { type: 'switch' };

export type CallControlEffect =
  | { type: 'post'; id: string; requestId: number; callSid: string; request: ActionRequest }
  /** a second identical request: it settles with `requestId` */
  | { type: 'join'; requestId: number }
  /** a request refused before it was sent */
  | { type: 'refuse'; action: CallControlAction; error: CallControlErrorInfo }
  | { type: 'settle'; requestId: number; action: CallControlAction; internal: boolean; error?: CallControlErrorInfo }
  /** the active call's list changed, or another call became active */
  | { type: 'participants-changed'; participants: Participant[] }
  | { type: 'local-mute'; id: string; on: boolean }
  | { type: 'accept-call'; id: string }
  | { type: 'reject-call'; id: string }
  /** call `id` is the one in front now */
  | { type: 'bring-forward'; id: string };

export type CallControlEffectType = CallControlEffect['type'];

export interface CallControlTransition {
  snapshot: CallControlSnapshot;
  effects: CallControlEffect[];
}

const noChange = (s: CallControlSnapshot): CallControlTransition => ({ snapshot: s, effects: [] });

export function activeCall(s: CallControlSnapshot): ControlledCall | undefined {
  return s.calls.find((c) => c.role === 'active');
}
export const heldForWaiting = (s: CallControlSnapshot) => s.calls.find((c) => c.role === 'held-for-waiting');
export const incomingWaiting = (s: CallControlSnapshot) => s.calls.find((c) => c.role === 'incoming-waiting');

/** The participants the phone shows: the active call's. */
export function shownParticipants(s: CallControlSnapshot): Participant[] {
  const call = activeCall(s);
  // Only a connected call's list: a message can come before the SDK's `accept`, and a page that acts
  // on a list shown then is refused ("There is no connected call to act on"). The controls wait for
  // `connected` too (twilio-phone-call-control.ts).
  return call?.connected ? call.participants : [];
}

/** Held: every other party of the active call is on hold (the hold action holds all but this leg). */
export function isHeld(call: ControlledCall | undefined): boolean {
  const others = call?.participants.filter((p) => p.role !== 'you') ?? [];
  return others.length > 0 && others.every((p) => p.onHold);
}

/**
 * The server answered this call's list empty: the call runs in no conference (a call placed or
 * rung around the voice endpoint), so call control does not apply to it.
 */
export function outsideConference(call: ControlledCall | undefined): boolean {
  return !!call && call.participantsStamp > 0 && call.participants.length === 0;
}

const sameRequest = (a: ActionRequest, b: ActionRequest) => a.action === b.action && a.to === b.to && a.mode === b.mode && a.participant === b.participant;

function newCall(id: string, role: CallRole): ControlledCall {
  return {
    id,
    callSid: null,
    role,
    connected: false,
    pending: [],
    participants: [],
    participantsStamp: 0,
    participantsRead: null,
    warmTransfer: false,
    consultedSeen: false,
    localMute: false,
    error: null,
  };
}

function replace(s: CallControlSnapshot, next: ControlledCall): CallControlSnapshot {
  return { ...s, calls: s.calls.map((c) => (c.id === next.id ? next : c)) };
}

/** Posts `request` on `call` (already known connected); returns the snapshot and the `post` effect. */
function post(s: CallControlSnapshot, call: ControlledCall, request: ActionRequest, internal: boolean): CallControlTransition {
  const requestId = s.nextRequestId;
  const next: ControlledCall = { ...call, pending: [...call.pending, { requestId, request, internal }], error: internal ? call.error : null };
  return {
    snapshot: { ...replace(s, next), nextRequestId: requestId + 1 },
    effects: [{ type: 'post', id: call.id, requestId, callSid: call.callSid ?? '', request }],
  };
}

function chain(t: CallControlTransition, step: (s: CallControlSnapshot) => CallControlTransition): CallControlTransition {
  const u = step(t.snapshot);
  return { snapshot: u.snapshot, effects: [...t.effects, ...u.effects] };
}

/**
 * Not older than the call's list: not read earlier by the server when both carry a read stamp (an
 * answer read before a change can arrive after the message relayed for it; the same read, as an
 * action's answer and its relay are, applies again), else arrived later.
 */
function isNewer(call: ControlledCall, stamp: number, read: ReadStamp | null): boolean {
  if (read && call.participantsRead) return !readAfter(call.participantsRead, read);
  return stamp > call.participantsStamp;
}

/** A list applied to a call if it is newer than the one it has; the warm-transfer flag follows the parties. */
function withList(call: ControlledCall, participants: Participant[], stamp: number, read: ReadStamp | null): ControlledCall {
  if (!isNewer(call, stamp, read)) return call;
  const consulted = participants.some((p) => p.role === 'consulted');
  // A consulted party that was there and is gone (hung up, removed): the warm transfer is over.
  const warmTransfer = consulted || (call.warmTransfer && !call.consultedSeen);
  return {
    ...call,
    participants,
    participantsStamp: Math.max(stamp, call.participantsStamp),
    participantsRead: read,
    warmTransfer,
    consultedSeen: warmTransfer && (call.consultedSeen || consulted),
  };
}

const sameList = (a: Participant[], b: Participant[]) =>
  a.length === b.length &&
  a.every((p, i) => {
    const q = b[i];
    return p.id === q.id && p.label === q.label && p.role === q.role && p.onHold === q.onHold && p.muted === q.muted;
  });

/** The effect telling the page about the active call's list, when what it shows changed. */
function listEffects(before: CallControlSnapshot, after: CallControlSnapshot): CallControlEffect[] {
  const a = shownParticipants(before);
  const b = shownParticipants(after);
  return sameList(a, b) ? [] : [{ type: 'participants-changed', participants: b }];
}

export function reduceCallControl(s: CallControlSnapshot, input: CallControlInput): CallControlTransition {
  const t = step(s, input);
  const list = listEffects(s, t.snapshot);
  return list.length ? { snapshot: t.snapshot, effects: [...t.effects, ...list] } : t;
}

function step(s: CallControlSnapshot, input: CallControlInput): CallControlTransition {
  switch (input.type) {
    case 'call-added': {
      if (s.calls.some((c) => c.id === input.id)) return noChange(s);
      const waiting = input.waiting && !!activeCall(s) && !incomingWaiting(s);
      if (input.waiting && !waiting) return noChange(s); // the session rejects a third call before it gets here
      return noChange({ ...s, calls: [...s.calls, newCall(input.id, waiting ? 'incoming-waiting' : 'active')] });
    }
    case 'call-connected': {
      const call = s.calls.find((c) => c.id === input.id);
      if (!call || call.connected) return noChange(s);
      const connected = { ...call, connected: true, callSid: input.callSid };
      // The list as it is now: call messages sent before this leg could receive them are lost.
      return post(replace(s, connected), connected, { action: 'participants' }, true);
    }
    case 'call-ended':
      return callEnded(s, input.id);
    case 'request': {
      const call = activeCall(s);
      const { action } = input.request;
      if (!call?.connected || !call.callSid)
        return {
          snapshot: s,
          effects: [{ type: 'refuse', action, error: { code: CALL_CONTROL_CODES.unavailable, message: 'There is no connected call to act on.' } }],
        };
      if (outsideConference(call) && action !== 'participants')
        return {
          snapshot: s,
          effects: [
            {
              type: 'refuse',
              action,
              error: { code: CALL_CONTROL_CODES.unavailable, message: 'This call is not in a conference: call control does not apply to it.' },
            },
          ],
        };
      const inFlight = call.pending.filter((p) => !p.internal);
      const same = inFlight.find((p) => sameRequest(p.request, input.request));
      if (same) return { snapshot: s, effects: [{ type: 'join', requestId: same.requestId }] };
      if (inFlight.length)
        return {
          snapshot: s,
          effects: [
            {
              type: 'refuse',
              action,
              error: { code: CALL_CONTROL_CODES.busy, message: `Another call-control action (${inFlight[0].request.action}) is in progress.` },
            },
          ],
        };
      return post(s, call, input.request, false);
    }
    case 'answer':
      return answered(s, input);
    case 'message': {
      const call = s.calls.find((c) => c.id === input.id);
      if (!call) return noChange(s);
      return noChange(replace(s, withList(call, input.participants, input.stamp, input.read ?? null)));
    }
    case 'accept-waiting': {
      const waiting = incomingWaiting(s);
      const current = activeCall(s);
      if (!waiting) return noChange(s);
      let t: CallControlTransition = noChange(s);
      if (current) t = chain(t, (x) => holdForWaiting(x, current.id));
      t = chain(t, (x) => noChange(replace(x, { ...waiting, role: 'active' })));
      return { snapshot: t.snapshot, effects: [...t.effects, { type: 'accept-call', id: waiting.id }, { type: 'bring-forward', id: waiting.id }] };
    }
    case 'reject-waiting': {
      const waiting = incomingWaiting(s);
      return waiting ? { snapshot: s, effects: [{ type: 'reject-call', id: waiting.id }] } : noChange(s);
    }
    case 'switch': {
      const current = activeCall(s);
      const held = heldForWaiting(s);
      if (!current?.connected || !held) return noChange(s);
      const t = chain(holdForWaiting(s, current.id), (x) => resume(x, held.id));
      return { snapshot: t.snapshot, effects: [...t.effects, { type: 'bring-forward', id: held.id }] };
    }
  }
}

/** Call waiting's hold: the SDK's local mute at once (the other party hears nothing of you from now), and the server's hold. */
function holdForWaiting(s: CallControlSnapshot, id: string): CallControlTransition {
  const call = s.calls.find((c) => c.id === id)!;
  const held: ControlledCall = { ...call, role: 'held-for-waiting', localMute: true };
  const next = replace(s, held);
  const mute: CallControlEffect = { type: 'local-mute', id, on: true };
  if (!held.connected || !held.callSid || outsideConference(held)) return { snapshot: next, effects: [mute] };
  return chain({ snapshot: next, effects: [mute] }, (x) => post(x, held, { action: 'hold' }, true));
}

/** Back from call waiting: unmuted, unheld, in front. */
function resume(s: CallControlSnapshot, id: string): CallControlTransition {
  const call = s.calls.find((c) => c.id === id)!;
  const active: ControlledCall = { ...call, role: 'active', localMute: false };
  const next = replace(s, active);
  const unmute: CallControlEffect = { type: 'local-mute', id, on: false };
  if (!active.connected || !active.callSid || outsideConference(active)) return { snapshot: next, effects: [unmute] };
  return chain({ snapshot: next, effects: [unmute] }, (x) => post(x, active, { action: 'unhold' }, true));
}

function callEnded(s: CallControlSnapshot, id: string): CallControlTransition {
  const gone = s.calls.find((c) => c.id === id);
  if (!gone) return noChange(s);
  const rest: CallControlSnapshot = { ...s, calls: s.calls.filter((c) => c.id !== id), orphans: [...s.orphans, ...gone.pending] };
  if (gone.role !== 'active' || activeCall(rest)) return noChange(rest);
  const held = heldForWaiting(rest);
  if (held) {
    const t = resume(rest, held.id);
    return { snapshot: t.snapshot, effects: [...t.effects, { type: 'bring-forward', id: held.id }] };
  }
  // The call in front ended while another rang: that one is an ordinary incoming call now.
  const waiting = incomingWaiting(rest);
  if (waiting) return { snapshot: replace(rest, { ...waiting, role: 'active' }), effects: [{ type: 'bring-forward', id: waiting.id }] };
  return noChange(rest);
}

function answered(s: CallControlSnapshot, input: Extract<CallControlInput, { type: 'answer' }>): CallControlTransition {
  const call = s.calls.find((c) => c.pending.some((p) => p.requestId === input.requestId));
  if (!call) {
    // The call ended before the answer came (a cold transfer ends this leg): the answer still settles the action.
    const orphan = s.orphans.find((p) => p.requestId === input.requestId);
    if (!orphan) return noChange(s);
    const settle: CallControlEffect = { type: 'settle', requestId: orphan.requestId, action: orphan.request.action, internal: orphan.internal };
    return { snapshot: { ...s, orphans: s.orphans.filter((p) => p !== orphan) }, effects: [input.ok ? settle : { ...settle, error: input.error }] };
  }
  const pending = call.pending.find((p) => p.requestId === input.requestId)!;
  const { action } = pending.request;
  let next: ControlledCall = { ...call, pending: call.pending.filter((p) => p !== pending) };
  const settle: CallControlEffect = { type: 'settle', requestId: input.requestId, action, internal: pending.internal };
  if (!input.ok) {
    // A failed action leaves the call as it was; its message stays shown until the next action.
    if (!pending.internal || action !== 'participants') next = { ...next, error: input.error };
    return { snapshot: replace(s, next), effects: [{ ...settle, error: input.error }] };
  }
  if (action === 'transfer' && pending.request.mode === 'warm') next = { ...next, warmTransfer: true, consultedSeen: false };
  if (action === 'complete-transfer' || action === 'cancel-transfer') next = { ...next, warmTransfer: false, consultedSeen: false };
  // A re-sync that found no conference, answered after a call message brought a list: the leg joined meanwhile.
  const lateEmpty = action === 'participants' && !input.participants.length && next.participantsStamp > 0;
  if (!lateEmpty) next = withList(next, input.participants, input.stamp, input.read ?? null);
  return { snapshot: replace(s, next), effects: [settle] };
}
