/**
 * One conference room: its participants (call legs with label, hold, mute,
 * start/end flags), its status, and its audio: every 20 ms each connected
 * participant's port is read, mixed (media/mixer.ts) and written back, and
 * the meters of the control API's `/audio` are fed.
 */
import { randomBytes } from 'node:crypto';
import { MixClock, type AudioMeter, type MixPort } from '../media/conference-mix.js';
import { mixFrame, type MixMember } from '../media/mixer.js';
import { HoldMusic, SILENT_FRAME, ToneSource } from '../media/sounds.js';
import type { Call } from './call.js';
import type { ConferenceEndReason, ConferenceEventName, ConferenceStatus, ParticipantStatus } from './conference-rules.js';

export interface ConferenceCallback {
  url: string;
  method: 'GET' | 'POST';
  events: Set<ConferenceEventName>;
}

/** What a participant's leg does when it leaves: a TwiML <Dial> goes on with its document, a REST leg hangs up. */
export type LeaveHandler = (why: LeaveReason) => void;
/** kicked: REST delete; hangup: its call ended; failed: its call never connected; ended: the conference ended. */
export type LeaveReason = 'kicked' | 'hangup' | 'failed' | 'ended';

export interface Participant {
  call: Call;
  label: string | null;
  hold: boolean;
  muted: boolean;
  startConferenceOnEnter: boolean;
  endConferenceOnExit: boolean;
  /** Before the conference starts: the emulator's music rather than silence (waitUrl). */
  waitMusic: boolean;
  status: ParticipantStatus;
  created: Date;
  updated: Date;
  port: MixPort | null;
  meter: AudioMeter;
  onLeave: LeaveHandler;
}

/** The public view of a participant (REST, control API). */
export interface ParticipantInfo {
  callSid: string;
  conferenceSid: string;
  accountSid: string;
  label: string | null;
  hold: boolean;
  muted: boolean;
  startConferenceOnEnter: boolean;
  endConferenceOnExit: boolean;
  status: ParticipantStatus;
  dateCreated: Date;
  dateUpdated: Date;
}

/** The public view of a conference. */
export interface ConferenceInfo {
  sid: string;
  accountSid: string;
  friendlyName: string;
  status: ConferenceStatus;
  dateCreated: Date;
  dateUpdated: Date;
  reasonConferenceEnded: ConferenceEndReason | null;
  callSidEndingConference: string | null;
  participants: ParticipantInfo[];
}

/** How long an announcement (AnnounceUrl: the emulator does not fetch it) plays the emulator's tone. */
export const ANNOUNCE_MS = 1500;
const ANNOUNCE_HZ = 440;

export class ConferenceRoom {
  readonly sid = 'CF' + randomBytes(16).toString('hex');
  status: ConferenceStatus = 'init';
  readonly created = new Date();
  updated = new Date();
  readonly participants = new Map<string, Participant>();
  callback: ConferenceCallback | null = null;
  reasonEnded: ConferenceEndReason | null = null;
  callSidEnding: string | null = null;
  labelEnding: string | null = null;
  /** SequenceNumber of the last status callback event. */
  sequence = 0;
  private readonly music = new HoldMusic();
  private announcement: { until: number; to: Set<string> | 'all'; tone: ToneSource } | null = null;
  private readonly clock = new MixClock(() => this.tick());

  constructor(
    readonly accountSid: string,
    readonly friendlyName: string,
  ) {}

  get connected(): Participant[] {
    return [...this.participants.values()].filter((p) => p.status === 'connected');
  }

  /** Mixes while someone connected has audio. */
  updateClock(): void {
    this.clock.run(this.status !== 'completed' && this.connected.some((p) => p.port));
  }

  announce(to: Set<string> | 'all'): void {
    this.announcement = { until: Date.now() + ANNOUNCE_MS, to, tone: new ToneSource(ANNOUNCE_HZ) };
  }

  private tick(): void {
    const live = this.connected.filter((p) => p.port);
    const members: MixMember[] = live.map((p) => ({
      id: p.call.sid,
      input: p.port!.take(),
      hold: p.hold,
      muted: p.muted,
      waitMusic: p.waitMusic,
    }));
    const a = this.announcement && Date.now() < this.announcement.until ? this.announcement : null;
    if (!a) this.announcement = null;
    const out = mixFrame(members, {
      started: this.status === 'in-progress',
      musicFrame: this.music.next(),
      announce: a ? { frame: a.tone.next(), to: a.to } : null,
    });
    for (const [i, p] of live.entries()) {
      const heard = out.get(p.call.sid) ?? SILENT_FRAME;
      p.meter.said.write(members[i].input ?? SILENT_FRAME);
      p.meter.heard.write(heard);
      p.port!.give(heard);
    }
  }

  stop(): void {
    this.clock.run(false);
    for (const p of this.participants.values()) p.port?.close();
  }

  participantInfo(p: Participant): ParticipantInfo {
    return {
      callSid: p.call.sid,
      conferenceSid: this.sid,
      accountSid: this.accountSid,
      label: p.label,
      hold: p.hold,
      muted: p.muted,
      startConferenceOnEnter: p.startConferenceOnEnter,
      endConferenceOnExit: p.endConferenceOnExit,
      status: p.status,
      dateCreated: p.created,
      dateUpdated: p.updated,
    };
  }

  info(): ConferenceInfo {
    return {
      sid: this.sid,
      accountSid: this.accountSid,
      friendlyName: this.friendlyName,
      status: this.status,
      dateCreated: this.created,
      dateUpdated: this.updated,
      reasonConferenceEnded: this.reasonEnded,
      callSidEndingConference: this.callSidEnding,
      participants: [...this.participants.values()].map((p) => this.participantInfo(p)),
    };
  }

  /** The participant a REST path names: a call SID or a label. */
  find(callSidOrLabel: string): Participant | undefined {
    return this.participants.get(callSidOrLabel) ?? [...this.participants.values()].find((p) => p.label === callSidOrLabel);
  }
}
