/**
 * Participant legs: a TwiML <Dial><Conference> joining its caller, and the
 * REST API's Participant create placing a new leg to an emulator party
 * (answers at once with its tone), a number outside the account (the same,
 * 440 Hz) or `client:<name>` (rings every registered device like an incoming
 * call, PCMU only; a decline, no answer or no device fails the participant).
 */
import { INVALID_CLIENT_NAME, identityProblem } from '../auth/identity.js';
import { EmulatorError } from '../http/errors.js';
import type { Call } from './call.js';
import type { CallStore } from './call-store.js';
import type { ConferenceJoin, DialOutcome } from './call-handle.js';
import { type Conferences } from './conference.js';
import type { ConferenceRoom, LeaveReason, Participant } from './conference-room.js';
import { parseCallbackEvents, participantTarget } from './conference-rules.js';
import { parseProgressEvents, trackProgress, type CallProgressEvent } from './call-progress.js';
import type { IncomingCalls } from './incoming.js';
import type { CallLifecycle } from './lifecycle.js';
import { CALL_ERRORS, type CallPeer } from './types.js';

/** How long an emulator party rings before it answers. */
const PARTY_ANSWER_MS = 200;

export interface ParticipantRequest {
  from: string;
  to: string;
  label: string | null;
  startConferenceOnEnter: boolean;
  endConferenceOnExit: boolean;
  muted: boolean;
  waitMusic: boolean;
  /** Seconds a client may ring. */
  timeout: number;
  callback: { url: string; method: 'GET' | 'POST'; events: string } | null;
  /** The leg's own call progress callback (StatusCallback, StatusCallbackEvent). */
  statusCallback?: { url: string; method: 'GET' | 'POST'; events: string } | null;
}

/** A party has no socket: nothing is ever sent to it. */
export function partyPeer(accountSid: string): CallPeer {
  return { identity: '', accountSid, isOpen: false, send: () => undefined };
}

export class ParticipantLegs {
  constructor(
    private readonly d: {
      conferences: Conferences;
      store: CallStore;
      life: CallLifecycle;
      incoming: IncomingCalls;
      findClients: (identity: string) => CallPeer[];
      progress: (e: CallProgressEvent) => void;
      log: (line: string) => void;
    },
  ) {}

  /** <Dial><Conference>: the (answered) caller joins; resolves when it leaves the conference. */
  join(call: Call, req: ConferenceJoin): Promise<DialOutcome> {
    const { conferences } = this.d;
    const started = Date.now();
    const events = req.statusCallback ? parseCallbackEvents(req.statusCallback.events) : null;
    const room = conferences.open(call.accountSid, req.name);
    return new Promise((resolve) => {
      const p = conferences.enter(
        room,
        call,
        {
          label: req.label ?? null,
          startConferenceOnEnter: req.startConferenceOnEnter,
          endConferenceOnExit: req.endConferenceOnExit,
          waitMusic: req.waitMusic,
          muted: req.muted,
          callback: req.statusCallback && events ? { url: req.statusCallback.url, method: req.statusCallback.method, events } : null,
        },
        () => resolve({ status: 'completed', duration: Math.round((Date.now() - started) / 1000) }),
      );
      try {
        conferences.connect(room, p);
      } catch (err) {
        this.d.log(`call ${call.sid}: cannot join conference ${room.sid}: ${String(err)}`);
        conferences.leave(room, p, 'failed');
        this.d.life.endCall(call, 'failed', CALL_ERRORS.conferenceCodec);
      }
    });
  }

  /** Participant create: the room (existing or new) gets a new leg, ringing. */
  async add(room: ConferenceRoom, accountSid: string, r: ParticipantRequest): Promise<Participant> {
    const target = participantTarget(r.to);
    if (target.kind === 'invalid') throw new EmulatorError(400, 21211, `Invalid 'To' Phone Number: ${r.to}`);
    const events = r.callback ? parseCallbackEvents(r.callback.events) : null;
    if (r.callback && !events) throw new EmulatorError(400, 16002, `Invalid ConferenceStatusCallbackEvent: ${r.callback.events}`);
    const progressEvents = r.statusCallback ? parseProgressEvents(r.statusCallback.events) : null;
    if (r.statusCallback && !progressEvents) throw new EmulatorError(400, 20001, `Invalid StatusCallbackEvent: ${r.statusCallback.events}`);
    const call =
      target.kind === 'client'
        ? await this.ringClient(accountSid, target.identity, r)
        : this.partyCall(accountSid, r, target.kind === 'party' ? target.name : r.to, target.hz);
    const progress = r.statusCallback && progressEvents ? trackProgress(call, { ...r.statusCallback, events: progressEvents }, this.d.progress) : null;
    if (!call.ended) progress?.ringing();
    const gen = call.scriptGen;
    const p = this.d.conferences.enter(
      room,
      call,
      {
        label: r.label,
        startConferenceOnEnter: r.startConferenceOnEnter,
        endConferenceOnExit: r.endConferenceOnExit,
        waitMusic: r.waitMusic,
        muted: r.muted,
        callback: r.callback && events ? { url: r.callback.url, method: r.callback.method, events } : null,
      },
      (why) => this.afterLeave(call, gen, why),
    );
    const connect = () => {
      progress?.answered();
      try {
        this.d.conferences.connect(room, p);
      } catch (err) {
        this.d.log(`call ${call.sid}: cannot join conference ${room.sid}: ${String(err)}`);
        this.d.life.endCall(call, 'failed', CALL_ERRORS.conferenceCodec);
      }
    };
    if (call.ended) this.d.conferences.leave(room, p, 'failed');
    else if (call.party) this.d.life.timer(call, PARTY_ANSWER_MS, () => (this.d.life.markAnswered(call), connect()));
    else {
      call.onAnswered = connect;
      this.d.life.timer(call, r.timeout * 1000, () => {
        if (!call.answered && !call.ended) this.d.life.end(call, 'no-answer', 'cancel');
      });
    }
    return p;
  }

  /** A REST leg has no document to go on with: it hangs up when it leaves (or stops ringing), unless it was redirected to one. */
  private afterLeave(call: Call, gen: number, why: LeaveReason): void {
    if (call.ended || call.scriptGen !== gen) return;
    if (call.answered) this.d.life.endCall(call, 'completed');
    else this.d.life.end(call, 'canceled', 'cancel');
    void why;
  }

  /** A leg of an emulator party (or a number outside the account): answers after PARTY_ANSWER_MS. */
  partyCall(accountSid: string, r: Pick<ParticipantRequest, 'from' | 'to'>, name: string, hz: number): Call {
    const call = this.d.store.add({
      direction: 'incoming',
      from: r.from,
      to: r.to,
      identity: '',
      destination: 'party',
      params: {},
      accountSid,
      peer: partyPeer(accountSid),
    });
    call.party = { name, hz };
    this.d.log(`call ${call.sid}: ${r.from} -> ${r.to} (emulator party, ${hz} Hz)`);
    return call;
  }

  private async ringClient(accountSid: string, identity: string, r: ParticipantRequest): Promise<Call> {
    const problem = identityProblem(identity);
    if (problem) throw new EmulatorError(400, INVALID_CLIENT_NAME.code, `${INVALID_CLIENT_NAME.message}: ${problem}`);
    const targets = this.d.findClients(identity).filter((peer) => peer.accountSid === accountSid);
    if (!targets.length) {
      // Twilio accepts the participant; its call then fails: nobody to ring.
      const call = this.d.store.add({
        direction: 'incoming',
        from: r.from,
        to: r.to,
        identity,
        destination: 'client',
        params: {},
        accountSid,
        peer: partyPeer(accountSid),
      });
      this.d.log(`call ${call.sid}: client:${identity} is not registered`);
      setImmediate(() => this.d.life.end(call, 'failed', null, CALL_ERRORS.notFound));
      return call;
    }
    try {
      return await this.d.incoming.start({ targets, identity, from: r.from, params: [], parent: null, mode: 'silence', codecs: ['pcmu'] });
    } catch (err) {
      throw new EmulatorError(500, 31000, `Could not ring client:${identity}: ${String(err)}`);
    }
  }
}
