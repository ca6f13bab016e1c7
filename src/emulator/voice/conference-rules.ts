/**
 * A conference's pure rules (no I/O, no timers), table-tested in
 * test/node/emulator.conference-rules.test.mjs: when it starts and ends, which
 * status callback events a subscription covers, and what a participant's `To`
 * reaches (an emulator party, a browser client, a number).
 */
import { E164 } from './types.js';

export type ConferenceStatus = 'init' | 'in-progress' | 'completed';
export type ParticipantStatus = 'queued' | 'connecting' | 'ringing' | 'connected' | 'complete' | 'failed';
export type ConferenceEndReason =
  | 'conference-ended-via-api'
  | 'participant-with-end-conference-on-exit-left'
  | 'participant-with-end-conference-on-exit-kicked'
  | 'last-participant-kicked'
  | 'last-participant-left';
export type ConferenceEventName =
  | 'conference-start'
  | 'conference-end'
  | 'participant-join'
  | 'participant-leave'
  | 'participant-hold'
  | 'participant-unhold'
  | 'participant-mute'
  | 'participant-unmute'
  | 'participant-modify';

/** The `statusCallbackEvent` words Twilio takes, and the events each covers. */
const SUBSCRIPTIONS: Record<string, readonly ConferenceEventName[]> = {
  start: ['conference-start'],
  end: ['conference-end'],
  join: ['participant-join'],
  leave: ['participant-leave'],
  mute: ['participant-mute', 'participant-unmute'],
  hold: ['participant-hold', 'participant-unhold'],
  modify: ['participant-modify'],
  // Not produced by the emulator, but accepted.
  speaker: [],
  announcement: [],
};

/** The events a `statusCallbackEvent` value (space- or comma-separated) subscribes to; `start end` when empty. Null: an unknown word. */
export function parseCallbackEvents(raw: string | undefined): Set<ConferenceEventName> | null {
  const words = (raw ?? '').split(/[\s,]+/).filter(Boolean);
  const out = new Set<ConferenceEventName>();
  for (const w of words.length ? words : ['start', 'end']) {
    const events = Object.hasOwn(SUBSCRIPTIONS, w) ? SUBSCRIPTIONS[w] : undefined;
    if (!events) return null;
    for (const e of events) out.add(e);
  }
  return out;
}

/** A participant connected: does the conference start now? */
export function startsOnJoin(status: ConferenceStatus, startConferenceOnEnter: boolean): boolean {
  return status === 'init' && startConferenceOnEnter;
}

export interface Leaver {
  endConferenceOnExit: boolean;
  /** It had connected (a participant still ringing never ends a conference by its endConferenceOnExit). */
  connected: boolean;
  /** Removed through the API (Participant delete) rather than hanging up. */
  kicked: boolean;
}

/** A participant left, `remaining` are still in (connected or ringing): does the conference end, and why? */
export function endsOnLeave(status: ConferenceStatus, leaver: Leaver, remaining: number): ConferenceEndReason | null {
  if (status === 'completed') return null;
  if (leaver.connected && leaver.endConferenceOnExit && status === 'in-progress') {
    return leaver.kicked ? 'participant-with-end-conference-on-exit-kicked' : 'participant-with-end-conference-on-exit-left';
  }
  if (remaining === 0) return leaver.kicked ? 'last-participant-kicked' : 'last-participant-left';
  return null;
}

/** The emulator's parties: each answers at once and says its own tone. */
export const PARTIES: Readonly<Record<string, number>> = { billing: 1000, supervisor: 1400, customer: 600 };
/** What a number outside the account answers with (the emulator's tone). */
export const NUMBER_TONE_HZ = 440;

export type ParticipantTarget =
  { kind: 'party'; name: string; hz: number } | { kind: 'client'; identity: string } | { kind: 'number'; number: string; hz: number } | { kind: 'invalid' };

/** What a participant's `To` reaches: `billing`, `supervisor`, `customer`, `tone:<100–3000>`, `client:<name>`, or an E.164 number. */
export function participantTarget(to: string): ParticipantTarget {
  if (Object.hasOwn(PARTIES, to)) return { kind: 'party', name: to, hz: PARTIES[to] };
  const tone = /^tone:(\d{3,4})$/.exec(to);
  if (tone) {
    const hz = Number(tone[1]);
    return hz >= 100 && hz <= 3000 ? { kind: 'party', name: to, hz } : { kind: 'invalid' };
  }
  if (to.startsWith('client:') && to.length > 'client:'.length) return { kind: 'client', identity: to.slice('client:'.length) };
  if (E164.test(to)) return { kind: 'number', number: to, hz: NUMBER_TONE_HZ };
  return { kind: 'invalid' };
}
