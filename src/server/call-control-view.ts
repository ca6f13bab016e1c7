/**
 * Conference participants as one browser leg sees them (docs/call-control.md §1, §4): labels
 * `<role>:<display>` → `{id, label, role, onHold, muted}`, the leg's own entry as `you` and
 * other legs' `owner` labels as `remote`; unique labels for new participants; the call
 * message. Pure: tested as a table.
 *
 * `ParticipantRole` and `Participant` mirror the browser's (src/elements/core/call-control-messages.ts)
 * on purpose: the server never imports the elements, so both follow docs/call-control.md §4, the
 * one source. A change to the message goes there first, then into both files.
 */

/** The role a label carries in the conference. */
export type LabelRole = 'owner' | 'remote' | 'consulted' | 'added';
/** The role as the receiving leg sees it. */
export type ParticipantRole = 'you' | 'remote' | 'consulted' | 'added';

/** One participant as the phone sees it. */
export interface Participant {
  /** Its CallSid. */
  id: string;
  /** The display part of its label. */
  label: string;
  role: ParticipantRole;
  onHold: boolean;
  muted: boolean;
}

/** A participant as Twilio lists it (the fields used here). */
export interface ConferenceMember {
  callSid: string;
  label?: string | null;
  hold?: boolean | null;
  muted?: boolean | null;
  /** A `consulted` participant with this set has been handed the call (a completed warm transfer): it reads as `remote`. */
  endConferenceOnExit?: boolean | null;
}

export const MESSAGE_TYPE = 'twilio-widgets.participants';
const ROLES: readonly LabelRole[] = ['owner', 'remote', 'consulted', 'added'];

/** `consulted:billing` → {role: 'consulted', display: 'billing'}; a label not of that form (or none) has no role. */
export function parseLabel(label: string | null | undefined): { role: LabelRole | null; display: string } {
  if (typeof label !== 'string' || !label) return { role: null, display: '' };
  const colon = label.indexOf(':');
  const role = colon > 0 ? label.slice(0, colon) : '';
  if (ROLES.includes(role as LabelRole)) return { role: role as LabelRole, display: label.slice(colon + 1) };
  return { role: null, display: label };
}

/** What a label shows for a destination: `client:bob` → `bob`, a number as it is. */
export function displayOf(to: string): string {
  return to.startsWith('client:') ? to.slice('client:'.length) : to;
}

/** The list as the leg `you` sees it; participants without our labels read as `remote`, named by their CallSid (or their label as it is). */
export function participantsFor(members: readonly ConferenceMember[], you: string): Participant[] {
  return members.map((m) => {
    const { display } = parseLabel(m.label);
    const role = roleOf(m);
    const seen: ParticipantRole = m.callSid === you ? 'you' : role === 'consulted' || role === 'added' ? role : 'remote';
    return { id: m.callSid, label: display || m.callSid, role: seen, onHold: m.hold === true, muted: m.muted === true };
  });
}

/** `<role>:<display>`, with ` #2`, ` #3`, … appended while the conference already has that label. */
export function uniqueLabel(members: readonly ConferenceMember[], role: LabelRole, display: string): string {
  const taken = new Set(members.map((m) => m.label));
  const base = `${role}:${display}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base} #${n}`)) return `${base} #${n}`;
}

/** The participant's role now: a completed warm transfer's `consulted` label reads as `remote` (labels cannot be changed). */
export function roleOf(member: ConferenceMember): LabelRole | null {
  const { role } = parseLabel(member.label);
  return role === 'consulted' && member.endConferenceOnExit === true ? 'remote' : role;
}

/** The participant a warm transfer waits on, if one does. */
export function consultedMember(members: readonly ConferenceMember[]): ConferenceMember | undefined {
  return members.find((m) => roleOf(m) === 'consulted');
}

/**
 * When a list was read from Twilio (docs/call-control.md §3–4): `at`, ms since the epoch when the
 * read began, and `seq`, this process's count of reads (ties in one ms). The phone keeps the list
 * with the newest stamp, not the last to arrive: an answer read before a change can reach it
 * after the message the change's status callback relayed.
 */
export interface ReadStamp {
  at: number;
  seq: number;
}

/**
 * A clock for read stamps: stamps it gives never go backwards (a stepped-back system clock keeps
 * the last `at`), `seq` always grows. Taken when a read begins: a read that missed a change began
 * before it, the read its status callback triggers begins after it.
 */
export function readClock(now: () => number = Date.now): () => ReadStamp {
  let at = 0;
  let seq = 0;
  return () => {
    at = Math.max(at, now());
    return { at, seq: ++seq };
  };
}

/** The user-defined message's `Content` for one leg. */
export function participantsMessage(participants: readonly Participant[], read: ReadStamp): string {
  return JSON.stringify({ type: MESSAGE_TYPE, v: 1, at: read.at, seq: read.seq, participants });
}
