/**
 * The conference and call operations the REST API (rest/conferences.ts,
 * rest/calls.ts) and the control API drive, by account: lookups that answer
 * Twilio's errors (EmulatorError with the status and code), participant
 * create/update/delete, call update, user-defined messages, and the levels of
 * `/emulator/calls/{sid}/audio`.
 */
import { randomBytes } from 'node:crypto';
import { EmulatorError } from '../http/errors.js';
import { toneLevel } from '../media/goertzel.js';
import type { Call } from './call.js';
import type { RedirectTarget } from './call-handle.js';
import { callInfo } from './call-info.js';
import type { CallStore } from './call-store.js';
import type { Conferences, ParticipantPatch } from './conference.js';
import type { ConferenceInfo, ConferenceRoom, ParticipantInfo } from './conference-room.js';
import type { CallLifecycle } from './lifecycle.js';
import type { ParticipantLegs, ParticipantRequest } from './participants.js';
import type { CallInfo, CallState } from './types.js';

const CONFERENCE_SID = /^CF[0-9a-fA-F]{32}$/;
const IDEMPOTENCY_MS = 60_000;

export interface UserDefinedMessageInfo {
  sid: string;
  accountSid: string;
  callSid: string;
  dateCreated: Date;
}

/** The control API's listing. */
export interface ConferenceSummary {
  name: string;
  sid: string;
  status: string;
  participants: Array<{ callSid: string; label: string | null; hold: boolean; muted: boolean }>;
}

export class ConferenceApi {
  private readonly sentMessages = new Map<string, { at: number; info: UserDefinedMessageInfo }>();

  constructor(
    private readonly d: {
      conferences: Conferences;
      participants: ParticipantLegs;
      store: CallStore;
      life: CallLifecycle;
      /** Runs a new document on the call (twiml/); absent: call update with Twiml/Url is refused. */
      redirect?: ((call: Call, to: RedirectTarget) => void) | undefined;
      log: (line: string) => void;
    },
  ) {}

  list(accountSid: string, filter: { status?: string; friendlyName?: string } = {}): ConferenceInfo[] {
    return this.d.conferences
      .list(accountSid)
      .filter((r) => (!filter.status || r.status === filter.status) && (filter.friendlyName === undefined || r.friendlyName === filter.friendlyName))
      .map((r) => r.info())
      .reverse();
  }

  summaries(): ConferenceSummary[] {
    return this.d.conferences.all().map((r) => ({
      name: r.friendlyName,
      sid: r.sid,
      status: r.status,
      participants: [...r.participants.values()].map((p) => ({ callSid: p.call.sid, label: p.label, hold: p.hold, muted: p.muted })),
    }));
  }

  private room(accountSid: string, sid: string): ConferenceRoom {
    const room = CONFERENCE_SID.test(sid) ? this.d.conferences.bySid(accountSid, sid) : undefined;
    if (!room) throw new EmulatorError(404, 20404, `The requested resource /2010-04-01/Accounts/${accountSid}/Conferences/${sid}.json was not found`);
    return room;
  }

  get(accountSid: string, sid: string): ConferenceInfo {
    return this.room(accountSid, sid).info();
  }

  /** Conference update: `Status=completed` ends it; `announce` plays the emulator's tone to everyone. */
  update(accountSid: string, sid: string, u: { status?: string; announce?: boolean }): ConferenceInfo {
    const room = this.room(accountSid, sid);
    if (u.status !== undefined && u.status !== 'completed') throw new EmulatorError(400, 20001, `Invalid Status: ${u.status}`);
    if (u.status === 'completed') this.d.conferences.end(room, 'conference-ended-via-api');
    if (u.announce && room.status !== 'completed') room.announce('all');
    return room.info();
  }

  participants(accountSid: string, sid: string, filter: { hold?: boolean; muted?: boolean } = {}): ParticipantInfo[] {
    return this.room(accountSid, sid)
      .info()
      .participants.filter((p) => (filter.hold === undefined || p.hold === filter.hold) && (filter.muted === undefined || p.muted === filter.muted));
  }

  /** Participant create: `conference` is a CF SID or a FriendlyName (a new name creates the conference, Twilio's rule). */
  async addParticipant(accountSid: string, conference: string, r: ParticipantRequest): Promise<ParticipantInfo> {
    const room = CONFERENCE_SID.test(conference) ? this.room(accountSid, conference) : this.d.conferences.open(accountSid, conference);
    if (room.status === 'completed') throw new EmulatorError(400, 16099, `Conference ${room.sid} is completed: participants cannot be added`);
    if (r.label !== null && room.find(r.label)) throw new EmulatorError(400, 16002, `A participant with label ${r.label} is already in the conference`);
    const p = await this.d.participants.add(room, accountSid, r);
    return room.participantInfo(p);
  }

  private participant(accountSid: string, sid: string, key: string) {
    const room = this.room(accountSid, sid);
    const p = room.find(key);
    if (!p) {
      throw new EmulatorError(
        404,
        20404,
        `The requested resource /2010-04-01/Accounts/${accountSid}/Conferences/${sid}/Participants/${key}.json was not found`,
      );
    }
    return { room, p };
  }

  getParticipant(accountSid: string, sid: string, key: string): ParticipantInfo {
    const { room, p } = this.participant(accountSid, sid, key);
    return room.participantInfo(p);
  }

  updateParticipant(accountSid: string, sid: string, key: string, patch: ParticipantPatch): ParticipantInfo {
    const { room, p } = this.participant(accountSid, sid, key);
    this.d.conferences.update(room, p, patch);
    return room.participantInfo(p);
  }

  removeParticipant(accountSid: string, sid: string, key: string): void {
    const { room, p } = this.participant(accountSid, sid, key);
    this.d.conferences.leave(room, p, p.status === 'connected' ? 'kicked' : 'failed');
  }

  private call(accountSid: string, callSid: string) {
    const call = this.d.store.get(callSid);
    if (!call || call.accountSid !== accountSid) {
      throw new EmulatorError(404, 20404, `The requested resource /2010-04-01/Accounts/${accountSid}/Calls/${callSid}.json was not found`);
    }
    return call;
  }

  getCall(accountSid: string, callSid: string): CallInfo {
    return callInfo(this.call(accountSid, callSid));
  }

  /** Call update `Status=completed` (or `canceled` while ringing). */
  endCall(accountSid: string, callSid: string, status: string): CallInfo {
    const call = this.call(accountSid, callSid);
    if (status !== 'completed' && status !== 'canceled') throw new EmulatorError(400, 20001, `Invalid Status: ${status}`);
    if (!call.ended) {
      const state: CallState = call.answered ? 'completed' : 'canceled';
      if (status === 'canceled' && call.answered) return callInfo(call); // Twilio: canceled only ends a call still queued or ringing
      this.d.life.end(call, state, call.answered || call.direction === 'outgoing' ? 'hangup' : 'cancel');
      this.d.life.finishOther(call, call.answered ? 'hangup' : 'cancel');
    }
    return callInfo(call);
  }

  /** Call update `Twiml` / `Url`: the current document lets go of the call (it leaves its conference, a dialed leg is hung up) and the new one runs. */
  redirectCall(accountSid: string, callSid: string, to: RedirectTarget): CallInfo {
    const call = this.call(accountSid, callSid);
    if (!this.d.redirect) throw new EmulatorError(400, 20001, 'Call update with Twiml or Url is not available');
    if (call.ended || !call.answered) throw new EmulatorError(400, 21220, 'Call is not in-progress. Cannot redirect.');
    call.scriptGen++;
    for (const l of call.redirectListeners.splice(0)) l();
    const other = call.other;
    if (call.direction === 'outgoing' && other && !other.ended)
      this.d.life.end(other, other.answered ? 'completed' : 'canceled', other.answered ? 'hangup' : 'cancel');
    this.d.log(`call ${call.sid}: redirected to ${to.url ?? 'inline TwiML'}`);
    this.d.redirect(call, to);
    return callInfo(call);
  }

  /** `Calls/{Sid}/UserDefinedMessages`: a call `message` frame to the SDK on that leg. */
  sendMessage(accountSid: string, callSid: string, content: string, idempotencyKey?: string): UserDefinedMessageInfo {
    const call = this.call(accountSid, callSid);
    const now = Date.now();
    for (const [k, v] of this.sentMessages) if (now - v.at > IDEMPOTENCY_MS) this.sentMessages.delete(k);
    const key = idempotencyKey ? `${callSid}:${idempotencyKey}` : null;
    const earlier = key ? this.sentMessages.get(key) : undefined;
    if (earlier) return earlier.info;
    if (call.ended || !call.answered) throw new EmulatorError(400, 21220, `Invalid call state: call ${callSid} is not in progress`);
    if (call.party || !call.peer.isOpen) throw new EmulatorError(400, 21220, `Invalid call state: call ${callSid} is not a Voice SDK call`);
    const info: UserDefinedMessageInfo = { sid: 'KX' + randomBytes(16).toString('hex'), accountSid, callSid, dateCreated: new Date(now) };
    // The frame carries the JSON value itself (as in the SDK's own tests), so `messageReceived` gives an object.
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch {
      throw new EmulatorError(400, 20001, 'Invalid Content: not a JSON string');
    }
    call.peer.send('message', {
      callsid: callSid,
      content: value,
      contenttype: 'application/json',
      messagetype: 'user-defined-message',
      voiceeventsid: info.sid,
    });
    if (key) this.sentMessages.set(key, { at: now, info });
    return info;
  }

  /** Levels (dBFS) at each frequency over the last second a leg heard and said in conferences. */
  audio(callSid: string, freqs: number[]): { heard: Record<string, number>; said: Record<string, number> } {
    const meter = this.d.conferences.meter(callSid);
    if (!meter) throw new EmulatorError(404, 20404, `Call ${callSid} has not been in a conference`);
    const heard = meter.heard.samples();
    const said = meter.said.samples();
    return {
      heard: Object.fromEntries(freqs.map((f) => [String(f), toneLevel(heard, f)])),
      said: Object.fromEntries(freqs.map((f) => [String(f), toneLevel(said, f)])),
    };
  }
}
