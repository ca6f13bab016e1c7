/**
 * The shapes of call control (docs/call-control.md §3–4), checked strictly: a participant list
 * from an action's answer or from a server's call message, and the error body of a refused
 * action. Anything that does not match is refused as a whole (never half a list); call
 * messages of other types are the page's own and are ignored.
 *
 * These types mirror the server's (src/server/call-control-view.ts) on purpose: the browser
 * bundle never imports Node code, so both follow docs/call-control.md §4, the one source.
 * A change to the message goes there first, then into both files.
 */

import { CALL_CONTROL_CODES, type CallControlErrorInfo } from './call-control-error.js';

export type ParticipantRole = 'you' | 'remote' | 'consulted' | 'added';

/** One party of the call as the receiving leg sees it. */
export interface Participant {
  /** the participant's CallSid */
  id: string;
  /** the display part of its label, e.g. `+15551230000` or `billing` */
  label: string;
  role: ParticipantRole;
  onHold: boolean;
  muted: boolean;
}

/**
 * When the server read a list from Twilio (docs/call-control.md §3–4): ms since the epoch and the
 * server's read count. The newest read wins, whatever order lists arrive in.
 */
export interface ReadStamp {
  at: number;
  seq: number;
}

/** `a` read after `b`. */
export const readAfter = (a: ReadStamp, b: ReadStamp) => a.at > b.at || (a.at === b.at && a.seq > b.seq);

/**
 * The stamp of an answer or a message: null without one (a server from before stamps: arrival
 * order decides), `undefined` when it is there but not the contract's shape (refused whole).
 */
function parseReadStamp(v: Record<string, unknown>): ReadStamp | null | undefined {
  if (v.at === undefined && v.seq === undefined) return null;
  const { at, seq } = v;
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) return undefined;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return undefined;
  return { at, seq };
}

/** The JSON `type` of the server's participant messages. */
export const PARTICIPANTS_MESSAGE_TYPE = 'twilio-widgets.participants';

const ROLES: ReadonlySet<string> = new Set<ParticipantRole>(['you', 'remote', 'consulted', 'added']);
/** More than this many parties is not a call this phone shows: refused rather than rendered. */
export const MAX_PARTICIPANTS = 50;
const MAX_TEXT = 256;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, min = 0): v is string => typeof v === 'string' && v.length >= min && v.length <= MAX_TEXT;

export function parseParticipant(v: unknown): Participant | null {
  if (!isRecord(v)) return null;
  const { id, label, role, onHold, muted } = v;
  if (!isText(id, 1) || !isText(label) || typeof role !== 'string' || !ROLES.has(role)) return null;
  if (typeof onHold !== 'boolean' || typeof muted !== 'boolean') return null;
  return { id, label, role: role as ParticipantRole, onHold, muted };
}

/** A list of participants, or null when it is not an array of valid, distinct participants. */
export function parseParticipants(v: unknown): Participant[] | null {
  if (!Array.isArray(v) || v.length > MAX_PARTICIPANTS) return null;
  const out: Participant[] = [];
  const ids = new Set<string>();
  for (const item of v) {
    const p = parseParticipant(item);
    if (!p || ids.has(p.id)) return null;
    ids.add(p.id);
    out.push(p);
  }
  return out;
}

/** What the SDK's `messageReceived` hands over (`Call.Message`). */
export interface CallMessageLike {
  content?: unknown;
  contentType?: unknown;
  messageType?: unknown;
}

export type CallMessageResult =
  | { kind: 'participants'; participants: Participant[]; read: ReadStamp | null }
  /** not ours: another type, another message kind (the page's own messages) */
  | { kind: 'ignored' }
  /** ours, but not the shape of the contract: dropped, the list stays as it was */
  | { kind: 'malformed'; reason: string };

/** Reads a call message: the server's participant list, or something the phone leaves alone. */
export function parseCallMessage(message: CallMessageLike): CallMessageResult {
  if (message.messageType !== undefined && message.messageType !== 'user-defined-message') return { kind: 'ignored' };
  let content = message.content;
  if (typeof content === 'string') {
    try {
      content = JSON.parse(content);
    } catch {
      return { kind: 'ignored' }; // a text message of the page's own
    }
  }
  if (!isRecord(content) || content.type !== PARTICIPANTS_MESSAGE_TYPE) return { kind: 'ignored' };
  if (content.v !== 1) return { kind: 'malformed', reason: `unsupported version ${String(content.v)}` };
  const read = parseReadStamp(content);
  if (read === undefined) return { kind: 'malformed', reason: 'at/seq' };
  const participants = parseParticipants(content.participants);
  return participants ? { kind: 'participants', participants, read } : { kind: 'malformed', reason: 'participants' };
}

export type ActionAnswer = { ok: true; participants: Participant[]; read: ReadStamp | null } | { ok: false; error: CallControlErrorInfo };

/**
 * An HTTP answer to an action: 2xx with `{participants, at, seq}` (no stamp from an older server), else the server's `{code, message}`
 * (a body without them gets a code from the status, so a proxy's HTML page is never shown).
 */
export function parseActionAnswer(status: number, body: unknown): ActionAnswer {
  if (status >= 200 && status < 300) {
    const read = isRecord(body) ? parseReadStamp(body) : undefined;
    const participants = isRecord(body) && read !== undefined ? parseParticipants(body.participants) : null;
    if (participants && read !== undefined) return { ok: true, participants, read };
    return { ok: false, error: { code: CALL_CONTROL_CODES.badResponse, message: 'The call-control server answered without a valid participant list.' } };
  }
  const code = isRecord(body) && typeof body.code === 'string' && body.code && body.code.length <= 64 ? body.code : `http-${status}`;
  const message =
    isRecord(body) && typeof body.message === 'string' && body.message && body.message.length <= 500
      ? body.message
      : `The call-control request failed (HTTP ${status}).`;
  return { ok: false, error: { code, message } };
}
