/**
 * The call layer, assembled: the collaborators share one call store and one
 * lifecycle; the signaling gateway hands frames to `frames`, the control API
 * and the `Emulator` object use the rest.
 */
import { EmulatorError } from '../http/errors.js';
import type { ApplicationLookup, CallApplication, RedirectRunner } from './call-handle.js';
import { ConferenceApi } from './conference-api.js';
import { Conferences, type ConferenceEvent } from './conference.js';
import { participantTarget } from './conference-rules.js';
import type { CallProgressEvent } from './call-progress.js';
import { callHandle } from './handle.js';
import { ParticipantLegs } from './participants.js';
import { partyLine } from './party-line.js';
import { callInfo } from './call-info.js';
import { CallStore } from './call-store.js';
import { Recording } from '../media/recording.js';
import { CallBridge } from './bridge.js';
import { Dialer } from './dial.js';
import { InCallFrames } from './in-call.js';
import { IncomingCalls } from './incoming.js';
import { CallLegs } from './legs.js';
import { CallLifecycle } from './lifecycle.js';
import { OutgoingCalls } from './outgoing.js';
import { Reconnects } from './reconnect.js';
import type { CallFrames, CallInfo, CallPeer, MediaLegFactory, RingOptions } from './types.js';

export interface VoiceOptions {
  getMediaFactory: () => Promise<MediaLegFactory>;
  /** Every open, registered socket of an identity (all of them ring). */
  findClients: (identity: string) => CallPeer[];
  /** The TwiML application a token's outgoing grant names (twiml/runner.ts). */
  applications: ApplicationLookup;
  noAnswerMs: number;
  /** How long an answered call survives its client's signaling socket closing, waiting for `invite{reconnect}`. Default 20000. */
  reconnectGraceMs?: number;
  /** How long the echo of a call without `To` (the SDK's preflight test) lasts before the emulator hangs up. Default 10000. */
  preflightMs?: number;
  /** A registration whose heartbeats went unanswered (signaling/registrations.ts): its invites are never delivered. */
  isStale?: (peer: CallPeer) => boolean;
  /** Conference status callback events, in order per conference (twiml/conference-callbacks.ts posts them). */
  conferenceEvents?: (e: ConferenceEvent) => void;
  /** Call progress events of legs the REST API placed (twiml/status-callbacks.ts posts them). */
  callProgress?: (e: CallProgressEvent) => void;
  /** The TwiML of one of the account's numbers (its Voice URL), for an inbound call to it. */
  numberApplication?: (phoneNumber: string) => CallApplication | undefined;
  /** Runs the document of a call update with `Twiml`/`Url` (twiml/runner.ts). */
  redirect?: RedirectRunner;
  log: (line: string) => void;
}

/** `POST /emulator/inbound`: an emulator party calls one of the account's numbers. */
export interface InboundOptions {
  accountSid: string;
  to: string;
  from?: string;
  /** Which party calls (default `customer`): a party name or `tone:<hz>`. */
  party?: string;
}

export interface Voice {
  /** What the signaling gateway hands over. */
  readonly frames: CallFrames;
  list(): CallInfo[];
  get(callSid: string): CallInfo | undefined;
  ring(opts: RingOptions): Promise<CallInfo>;
  cancel(callSid: string): CallInfo;
  hangup(callSid: string): CallInfo;
  /** Conferences, participants, call update and user-defined messages (REST and control API). */
  readonly conferences: ConferenceApi;
  /** An emulator party calls one of the account's numbers: its Voice URL runs with the party as the caller. */
  inbound(o: InboundOptions): CallInfo;
  /** Starts (or restarts) recording what the call's browser leg sends, decoded PCMU. */
  record(callSid: string): { recording: true };
  /** What was recorded since `record()`. */
  recording(callSid: string): ReturnType<Recording['toJSON']>;
  /** Ends every call (no frames sent) and waits for their media legs to close. */
  close(): Promise<void>;
}

export function createVoice(opts: VoiceOptions): Voice {
  const { log, findClients } = opts;
  const store = new CallStore();
  const recordings = new Map<string, Recording>();
  const legs = new CallLegs(opts.getMediaFactory, log);
  const life = new CallLifecycle(store, legs, log);
  const bridge = new CallBridge(legs, life, log);
  const incoming = new IncomingCalls({ store, legs, life, bridge, findClients, isStale: opts.isStale, noAnswerMs: opts.noAnswerMs, log });
  const dialer = new Dialer(incoming, bridge, life, findClients, log);
  const conferences = new Conferences(opts.conferenceEvents ?? (() => undefined), log);
  const participants = new ParticipantLegs({ conferences, store, life, incoming, findClients, progress: opts.callProgress ?? (() => undefined), log });
  const outgoing = new OutgoingCalls({
    store,
    bridge,
    life,
    dialer,
    participants,
    applications: opts.applications,
    findClients,
    noAnswerMs: opts.noAnswerMs,
    preflightMs: opts.preflightMs ?? 10000,
    partyLine: (call) => {
      const target = participantTarget(call.to);
      if (target.kind === 'party') partyLine(call, target.hz, conferences.meterFor(call.sid), log);
    },
    log,
  });
  const reconnects = new Reconnects({ store, legs, life, bridge, reconnectGraceMs: opts.reconnectGraceMs ?? 20000, log });
  const inCall = new InCallFrames(store, life, log);
  const runRedirect = opts.redirect;
  const conferenceApi = new ConferenceApi({
    conferences,
    participants,
    store,
    life,
    redirect: runRedirect
      ? (call, to) =>
          void runRedirect(callHandle(call, { bridge, life, dialer, participants }), to, call.applicationSid).catch((err: unknown) =>
            log(`call ${call.sid}: redirect failed: ${String(err)}`),
          )
      : undefined,
    log,
  });
  let closed = false;

  return {
    frames: {
      invite: (peer, p) => (typeof p.reconnect === 'string' ? reconnects.onReconnect(peer, p.reconnect, p.callsid, p.sdp) : outgoing.onInvite(peer, p)),
      answer: (peer, p) => incoming.onAnswer(peer, p),
      hangup: (peer, p) => inCall.onHangup(peer, p),
      reject: (peer, p) => incoming.onReject(peer, p),
      dtmf: (peer, p) => inCall.onDtmf(peer, p),
      reinvite: (peer, p) => inCall.onReinvite(peer, p),
      message: (peer, p) => inCall.onMessage(peer, p),
      peerClosed: (peer) => reconnects.onPeerClosed(peer),
    },
    list: () => [...store.all()].map(callInfo),
    get(callSid) {
      const call = store.get(callSid);
      return call ? callInfo(call) : undefined;
    },
    async ring(o) {
      if (closed) throw new EmulatorError(503, 503, 'Emulator is closed');
      return callInfo(await incoming.ring(o));
    },
    cancel(callSid) {
      const call = store.mustGet(callSid);
      if (call.direction !== 'incoming' || call.answered || call.ended) {
        throw new EmulatorError(409, 409, `Call ${callSid} is not a ringing incoming call (state ${call.state})`);
      }
      life.end(call, 'canceled', 'cancel');
      life.finishOther(call, 'cancel');
      return callInfo(call);
    },
    hangup(callSid) {
      const call = store.mustGet(callSid);
      if (call.ended) throw new EmulatorError(409, 409, `Call ${callSid} has already ended (state ${call.state})`);
      const answered = call.answered;
      life.end(call, answered ? 'completed' : 'canceled', answered ? 'hangup' : call.direction === 'incoming' ? 'cancel' : 'hangup');
      life.finishOther(call, answered ? 'hangup' : 'cancel');
      return callInfo(call);
    },
    conferences: conferenceApi,
    inbound(o) {
      if (closed) throw new EmulatorError(503, 503, 'Emulator is closed');
      const app = opts.numberApplication?.(o.to);
      if (!app) throw new EmulatorError(404, 20404, `${o.to} is not one of the account's numbers (POST /emulator/numbers adds one)`);
      const target = participantTarget(o.party ?? 'customer');
      if (target.kind !== 'party') throw new EmulatorError(400, 400, '`party` must be billing, supervisor, customer or tone:<100-3000>');
      const call = participants.partyCall(o.accountSid, { from: o.from ?? '+15005550006', to: o.to }, target.name, target.hz);
      call.params = { To: o.to };
      call.direction = 'outgoing'; // the party places the call, as a browser does
      void app.run(callHandle(call, { bridge, life, dialer, participants })).catch((err: unknown) => log(`call ${call.sid}: inbound failed: ${String(err)}`));
      return callInfo(call);
    },
    record(callSid) {
      const call = store.mustGet(callSid);
      if (call.ended || !call.leg?.onAudio) throw new EmulatorError(409, 409, `Call ${callSid} has no live media leg to record`);
      // One listener per call; a restart swaps the recording it writes to.
      if (!recordings.has(callSid)) call.leg.onAudio((payload, type) => recordings.get(callSid)?.push(payload, type));
      recordings.set(callSid, new Recording());
      return { recording: true };
    },
    recording(callSid) {
      const recording = recordings.get(callSid);
      if (!recording) throw new EmulatorError(404, 20404, `Call ${callSid} is not being recorded (POST …/recording first)`);
      return recording.toJSON();
    },
    async close() {
      closed = true;
      recordings.clear();
      conferences.closeAll();
      for (const call of store.all()) {
        if (!call.ended) life.end(call, call.answered ? 'completed' : 'canceled', null);
      }
      await legs.settle();
    },
  };
}
