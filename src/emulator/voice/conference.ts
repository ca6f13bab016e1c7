/**
 * Conferences of the call layer: rooms by FriendlyName (one live room per name
 * and account, each with its CF SID), participants entering (ringing or
 * connected), connecting, leaving and being updated, the conference starting
 * and ending by Twilio's rules (conference-rules.ts), and the status callback
 * events it produces, numbered per conference, handed to `notify` (the TwiML
 * side posts them, twiml/conference-callbacks.ts).
 */
import { AudioMeter, LegPort, PartyPort, type MixPort } from '../media/conference-mix.js';
import type { Call } from './call.js';
import { ConferenceRoom, type ConferenceCallback, type LeaveHandler, type Participant, type ParticipantInfo } from './conference-room.js';
import { endsOnLeave, startsOnJoin, type ConferenceEndReason, type ConferenceEventName } from './conference-rules.js';

export interface ConferenceEvent {
  callback: { url: string; method: 'GET' | 'POST' };
  accountSid: string;
  conferenceSid: string;
  friendlyName: string;
  event: ConferenceEventName;
  sequence: number;
  timestamp: Date;
  participant?: ParticipantInfo;
  reasonConferenceEnded?: ConferenceEndReason;
  callSidEndingConference?: string;
  participantLabelEndingConference?: string;
}

export interface EnterOptions {
  label: string | null;
  startConferenceOnEnter: boolean;
  endConferenceOnExit: boolean;
  waitMusic: boolean;
  muted: boolean;
  /** The conference's status callback, if this participant brings one (the first one sets it). */
  callback: ConferenceCallback | null;
}

export interface ParticipantPatch {
  hold?: boolean;
  muted?: boolean;
  endConferenceOnExit?: boolean;
  announce?: boolean;
}

const MAX_ENDED_ROOMS = 100;
const MAX_METERS = 200;

export class Conferences {
  private rooms: ConferenceRoom[] = [];
  private readonly meters = new Map<string, AudioMeter>();

  constructor(
    private readonly notify: (e: ConferenceEvent) => void,
    private readonly log: (line: string) => void,
  ) {}

  list(accountSid: string): ConferenceRoom[] {
    return this.rooms.filter((r) => r.accountSid === accountSid);
  }

  all(): ConferenceRoom[] {
    return [...this.rooms];
  }

  bySid(accountSid: string, sid: string): ConferenceRoom | undefined {
    return this.rooms.find((r) => r.sid === sid && r.accountSid === accountSid);
  }

  /** The live room of that name, if any. */
  live(accountSid: string, name: string): ConferenceRoom | undefined {
    return this.rooms.find((r) => r.accountSid === accountSid && r.friendlyName === name && r.status !== 'completed');
  }

  /** The live room of that name, or a new one (Twilio creates a conference on first use of its name). */
  open(accountSid: string, name: string): ConferenceRoom {
    const found = this.live(accountSid, name);
    if (found) return found;
    const room = new ConferenceRoom(accountSid, name);
    this.rooms.push(room);
    const ended = this.rooms.filter((r) => r.status === 'completed');
    if (ended.length > MAX_ENDED_ROOMS) this.rooms = this.rooms.filter((r) => !ended.slice(0, ended.length - MAX_ENDED_ROOMS).includes(r));
    this.log(`conference ${room.sid} (${name}): created`);
    return room;
  }

  /** What a leg heard and said over the last second, if it has been in a conference. */
  meter(callSid: string): AudioMeter | undefined {
    return this.meters.get(callSid);
  }

  /** The meter of a leg (made on first use; the oldest go beyond MAX_METERS). */
  meterFor(callSid: string): AudioMeter {
    let m = this.meters.get(callSid);
    if (!m) {
      m = new AudioMeter();
      this.meters.set(callSid, m);
      if (this.meters.size > MAX_METERS) this.meters.delete(this.meters.keys().next().value!);
    }
    return m;
  }

  /** A leg enters the room, still ringing (REST) or about to connect (TwiML): it leaves when its call ends. */
  enter(room: ConferenceRoom, call: Call, o: EnterOptions, onLeave: LeaveHandler): Participant {
    const now = new Date();
    const p: Participant = {
      call,
      label: o.label,
      hold: false,
      muted: o.muted,
      startConferenceOnEnter: o.startConferenceOnEnter,
      endConferenceOnExit: o.endConferenceOnExit,
      waitMusic: o.waitMusic,
      status: call.answered ? 'connecting' : 'ringing',
      created: now,
      updated: now,
      port: null,
      meter: this.meterFor(call.sid),
      onLeave,
    };
    room.participants.set(call.sid, p);
    if (o.callback && !room.callback) room.callback = o.callback;
    const gone = () => {
      if (room.participants.get(call.sid) === p) this.leave(room, p, p.status === 'connected' ? 'hangup' : 'failed');
    };
    call.endListeners.push(gone);
    // A call redirected to another document leaves the conference (its new TwiML decides what comes next).
    call.redirectListeners.push(gone);
    // Another device took the call over: the mix follows its new media leg.
    call.legListeners.push(() => {
      if (room.participants.get(call.sid) !== p || p.status !== 'connected') return;
      p.port?.close();
      try {
        p.port = portFor(call);
      } catch (err) {
        p.port = null;
        this.log(`conference ${room.sid}: ${call.sid}'s new media leg cannot be mixed: ${String(err)}`);
      }
      room.updateClock();
    });
    return p;
  }

  /** The participant's leg is up: its audio joins the mix; the conference may start. Throws when its media cannot be mixed (Opus). */
  connect(room: ConferenceRoom, p: Participant): void {
    if (room.status === 'completed' || room.participants.get(p.call.sid) !== p) return;
    p.port = portFor(p.call);
    p.status = 'connected';
    p.updated = new Date();
    room.updated = p.updated;
    this.log(`conference ${room.sid}: ${p.call.sid}${p.label ? ` (${p.label})` : ''} joined`);
    this.emit(room, 'participant-join', p);
    if (startsOnJoin(room.status, p.startConferenceOnEnter)) {
      room.status = 'in-progress';
      this.emit(room, 'conference-start');
    }
    room.updateClock();
  }

  /** The participant goes: kicked (REST delete), hung up, or its ringing call failed. May end the conference. */
  leave(room: ConferenceRoom, p: Participant, why: 'kicked' | 'hangup' | 'failed'): void {
    if (room.participants.get(p.call.sid) !== p) return;
    const connected = p.status === 'connected';
    room.participants.delete(p.call.sid);
    p.port?.close();
    p.port = null;
    p.status = why === 'failed' ? 'failed' : 'complete';
    p.updated = new Date();
    room.updated = p.updated;
    this.log(`conference ${room.sid}: ${p.call.sid} left (${why})`);
    this.emit(room, 'participant-leave', p);
    room.updateClock();
    const reason = endsOnLeave(room.status, { endConferenceOnExit: p.endConferenceOnExit, connected, kicked: why === 'kicked' }, room.participants.size);
    p.onLeave(why);
    if (reason) this.end(room, reason, p.call.sid, p.label);
  }

  /** Ends the conference: every participant left, their legs go on (TwiML) or hang up (REST). */
  end(room: ConferenceRoom, reason: ConferenceEndReason, callSid?: string, label?: string | null): void {
    if (room.status === 'completed') return;
    room.status = 'completed';
    room.reasonEnded = reason;
    room.callSidEnding = callSid ?? null;
    room.labelEnding = label ?? null;
    room.updated = new Date();
    room.stop();
    for (const p of [...room.participants.values()]) {
      room.participants.delete(p.call.sid);
      p.port = null;
      p.status = 'complete';
      this.emit(room, 'participant-leave', p);
      p.onLeave('ended');
    }
    this.log(`conference ${room.sid}: ended (${reason})`);
    this.emit(room, 'conference-end');
  }

  update(room: ConferenceRoom, p: Participant, patch: ParticipantPatch): void {
    p.updated = new Date();
    room.updated = p.updated;
    if (patch.hold !== undefined && patch.hold !== p.hold) {
      p.hold = patch.hold;
      this.emit(room, p.hold ? 'participant-hold' : 'participant-unhold', p);
    }
    if (patch.muted !== undefined && patch.muted !== p.muted) {
      p.muted = patch.muted;
      this.emit(room, p.muted ? 'participant-mute' : 'participant-unmute', p);
    }
    if (patch.endConferenceOnExit !== undefined && patch.endConferenceOnExit !== p.endConferenceOnExit) {
      p.endConferenceOnExit = patch.endConferenceOnExit;
      this.emit(room, 'participant-modify', p);
    }
    if (patch.announce) room.announce(new Set([p.call.sid]));
  }

  closeAll(): void {
    for (const room of this.rooms) room.stop();
  }

  private emit(room: ConferenceRoom, event: ConferenceEventName, p?: Participant): void {
    const cb = room.callback;
    if (!cb || !cb.events.has(event)) return;
    room.sequence++;
    this.notify({
      callback: { url: cb.url, method: cb.method },
      accountSid: room.accountSid,
      conferenceSid: room.sid,
      friendlyName: room.friendlyName,
      event,
      sequence: room.sequence,
      timestamp: new Date(),
      ...(p ? { participant: room.participantInfo(p) } : {}),
      ...(event === 'conference-end' && room.reasonEnded ? { reasonConferenceEnded: room.reasonEnded } : {}),
      ...(event === 'conference-end' && room.callSidEnding ? { callSidEndingConference: room.callSidEnding } : {}),
      ...(event === 'conference-end' && room.labelEnding ? { participantLabelEndingConference: room.labelEnding } : {}),
    });
  }
}

/** The participant's audio in the mix: a party's tone, a werift leg (PCMU), or nothing (a media factory without mixing). */
function portFor(call: Call): MixPort | null {
  if (call.party) return new PartyPort(call.party.hz);
  const leg = call.leg;
  if (leg?.mix && leg.sendFrame) return new LegPort({ mix: leg.mix.bind(leg), sendFrame: leg.sendFrame.bind(leg) });
  return null;
}
