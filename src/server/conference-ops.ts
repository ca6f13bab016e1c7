/**
 * The Twilio requests call control makes, as plain data: who a call is from/to, which
 * conference a call is in, its participants, participant create/update/remove, and call
 * messages. Stateless towards Twilio (any server instance can answer any request); the only
 * memory is two small bounded caches of facts that never change for a call: which conference
 * it joined, and whether it is a browser leg.
 *
 * Cost of finding a call's conference on real Twilio: 1 request when the call is the owner of
 * an outgoing call (the conference is named `tw-<CallSid>`), else 1 list of the in-progress
 * conferences + 1 participant list per conference until found; then cached per instance.
 */
import type twilio from 'twilio';
import type { ConferenceMember } from './call-control-view.js';
import type { TwilioStep } from './twilio-step.js';

/** A Map that forgets its oldest entries past `max`. */
class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(k: string): V | undefined {
    return this.map.get(k);
  }
  set(k: string, v: V): void {
    this.map.delete(k);
    this.map.set(k, v);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
  delete(k: string): void {
    this.map.delete(k);
  }
}

export interface NewParticipant {
  to: string;
  from: string;
  label: string;
  endConferenceOnExit: boolean;
  earlyMedia?: boolean;
  conferenceStatusCallback?: string;
  /** Where Twilio reports the new leg's end (`completed`, whatever its CallStatus). */
  statusCallback?: string;
}

export interface MemberUpdate {
  hold?: boolean;
  endConferenceOnExit?: boolean;
}

export const STATUS_CALLBACK_EVENTS = ['start', 'end', 'join', 'leave', 'mute', 'hold', 'modify'] as const;
/** How many conferences a search reads at once, and at most in all. */
const SEARCH_BATCH = 5;
const SEARCH_MAX = 1000;

function member(p: {
  callSid: string;
  label?: string | null;
  hold?: boolean | null;
  muted?: boolean | null;
  endConferenceOnExit?: boolean | null;
}): ConferenceMember {
  return { callSid: p.callSid, label: p.label ?? null, hold: p.hold === true, muted: p.muted === true, endConferenceOnExit: p.endConferenceOnExit === true };
}

export function createConferenceOps(client: () => twilio.Twilio, step: TwilioStep, cacheSize = 1000) {
  const conferenceOf = new BoundedCache<string>(cacheSize);
  const browserLeg = new BoundedCache<boolean>(cacheSize);

  async function callParties(callSid: string): Promise<{ from: string; to: string; status: string } | null> {
    try {
      const call = await step(`fetch call ${callSid}`, () => client().calls(callSid).fetch());
      return { from: call.from ?? '', to: call.to ?? '', status: call.status ?? '' };
    } catch (err) {
      if (restErrorOf(err) === 404) return null;
      throw err;
    }
  }

  async function members(conferenceSid: string): Promise<ConferenceMember[]> {
    const list = await step(`list participants of ${conferenceSid}`, () => client().conferences(conferenceSid).participants.list({ limit: 100 }));
    return list.map(member);
  }

  /** The in-progress conference `callSid` is a participant of, with its participants; null when none. */
  async function find(callSid: string): Promise<{ conferenceSid: string; members: ConferenceMember[] } | null> {
    const cached = conferenceOf.get(callSid);
    if (cached) {
      const m = await members(cached).catch((err: unknown) => {
        if (restErrorOf(err) === 404) return [];
        throw err;
      });
      if (m.some((x) => x.callSid === callSid)) return { conferenceSid: cached, members: m };
      conferenceOf.delete(callSid);
    }
    const name = `tw-${callSid}`;
    const named = await step(`find conference ${name}`, () => client().conferences.list({ friendlyName: name, status: 'in-progress', limit: 20 }));
    const candidates = named.filter((c) => c.friendlyName === name).map((c) => c.sid);
    const hit = await firstHolding(candidates, callSid);
    if (hit) return hit;
    const all = await step('list in-progress conferences', () => client().conferences.list({ status: 'in-progress', limit: SEARCH_MAX }));
    return firstHolding(
      all.map((c) => c.sid).filter((sid) => !candidates.includes(sid)),
      callSid,
    );
  }

  async function firstHolding(sids: string[], callSid: string) {
    for (let i = 0; i < sids.length; i += SEARCH_BATCH) {
      const batch = sids.slice(i, i + SEARCH_BATCH);
      const lists = await Promise.all(
        batch.map((sid) =>
          members(sid).catch((err: unknown) => {
            if (restErrorOf(err) === 404) return [] as ConferenceMember[]; // ended meanwhile
            throw err;
          }),
        ),
      );
      const at = lists.findIndex((l) => l.some((m) => m.callSid === callSid));
      if (at >= 0) {
        conferenceOf.set(callSid, batch[at]);
        return { conferenceSid: batch[at], members: lists[at] };
      }
    }
    return null;
  }

  async function update(conferenceSid: string, callSid: string, params: MemberUpdate): Promise<void> {
    await step(`update participant ${callSid}`, () => client().conferences(conferenceSid).participants(callSid).update(params));
  }

  async function add(conferenceSid: string, p: NewParticipant): Promise<string> {
    const created = await step(`add participant to ${conferenceSid}`, () =>
      client()
        .conferences(conferenceSid)
        .participants.create({
          to: p.to,
          from: p.from,
          label: p.label,
          endConferenceOnExit: p.endConferenceOnExit,
          ...(p.earlyMedia !== undefined ? { earlyMedia: p.earlyMedia } : {}),
          ...(p.statusCallback ? { statusCallback: p.statusCallback, statusCallbackEvent: ['completed'] } : {}),
          ...(p.conferenceStatusCallback
            ? { conferenceStatusCallback: p.conferenceStatusCallback, conferenceStatusCallbackEvent: [...STATUS_CALLBACK_EVENTS] }
            : {}),
        }),
    );
    return created.callSid;
  }

  /** Removes a participant; one already gone is not an error (idempotent). */
  async function remove(conferenceSid: string, callSid: string): Promise<void> {
    try {
      await step(`remove participant ${callSid}`, () => client().conferences(conferenceSid).participants(callSid).remove());
    } catch (err) {
      if (restErrorOf(err) !== 404) throw err;
    }
  }

  /** Is `callSid` a call to or from a Voice SDK client? (Fixed for a call's life: cached.) */
  async function isBrowserLeg(callSid: string): Promise<boolean> {
    const known = browserLeg.get(callSid);
    if (known !== undefined) return known;
    const parties = await callParties(callSid);
    const yes = !!parties && (parties.from.startsWith('client:') || parties.to.startsWith('client:'));
    browserLeg.set(callSid, yes);
    return yes;
  }

  /** Ends a call; one already over is not an error. */
  async function hangUp(callSid: string): Promise<void> {
    try {
      await step(`hang up ${callSid}`, () => client().calls(callSid).update({ status: 'completed' }));
    } catch (err) {
      if (restErrorOf(err) !== 404) throw err;
    }
  }

  async function message(callSid: string, content: string): Promise<void> {
    await step(`message ${callSid}`, () => client().calls(callSid).userDefinedMessages.create({ content }));
  }

  return { callParties, members, find, update, add, remove, hangUp, isBrowserLeg, message };
}

/** The Twilio status of an error a step threw (TwilioRefusal), if any. */
function restErrorOf(err: unknown): number | undefined {
  const s = (err as { twilioStatus?: unknown } | null)?.twilioStatus;
  return typeof s === 'number' ? s : undefined;
}

export type ConferenceOps = ReturnType<typeof createConferenceOps>;
