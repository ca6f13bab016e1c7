/**
 * One leg of a call as the call layer keeps it: a mutable record that the
 * collaborators (outgoing.ts, incoming.ts, dial.ts, bridge.ts, lifecycle.ts,
 * reconnect.ts) share through the call store.
 */
import { randomBytes } from 'node:crypto';
import type { AudioCodec } from '../media/codecs.js';
import type { MediaLeg, MediaStats } from '../media/types.js';
import type { DialOutcome } from './call-handle.js';
import { newCallSid, type CallError, type CallInfo, type CallPeer } from './types.js';

/** One device being rung for an incoming call. */
export interface Fork {
  peer: CallPeer;
  leg: MediaLeg | null;
}

/** The fields it shares with the public view (`CallInfo`) are typed there, once. */
export interface Call extends Pick<CallInfo, 'direction' | 'from' | 'to' | 'identity' | 'destination' | 'applicationSid' | 'params' | 'accountSid' | 'state'> {
  sid: string;
  tempSid?: string;
  /** The browser's socket on this leg; for an incoming call still ringing, its first device. */
  peer: CallPeer;
  /** Incoming, not yet answered: every device being rung. */
  forks: Fork[];
  ended: boolean;
  answered: boolean;
  dtmf: string;
  startTime: Date;
  answerTime?: Date;
  endTime?: Date;
  error?: CallError;
  leg: MediaLeg | null;
  finalStats?: MediaStats;
  /** The other leg of a bridge (caller ⇄ callee). */
  other: Call | null;
  /** Handed to the client (`reconnect` in our `answer` / `invite`) for signaling reconnection and takeover. */
  reconnectToken: string;
  /** Set while the client's socket is gone and we wait for `invite{reconnect}`. */
  reconnectTimer?: NodeJS.Timeout;
  /** Caller leg: our SDP answer to the caller's offer, prepared once. */
  pendingAnswer?: Promise<string>;
  /** Caller leg: `ringing` was sent; `earlyMedia`: one with our SDP. */
  ringingSent?: boolean;
  earlyMedia?: boolean;
  /** Caller leg: the codec its offer prefers (what the callee is offered: the emulator does not transcode). */
  offerCodec?: AudioCodec;
  /** ICE ufrag of the browser's SDP on this leg: a reconnect with the same one is the same peer connection. */
  remoteUfrag?: string;
  /** An emulator party's leg (billing, customer, tone:700…): no browser, no werift leg; it says its tone into conferences. */
  party?: { name: string; hz: number };
  /** A ringing leg made by the REST API: called once a device answered it. */
  onAnswered?: () => void;
  /** Callee leg of a <Dial>: settles the dial's outcome. */
  dialDone?: (outcome: DialOutcome) => void;
  timers: Set<NodeJS.Timeout>;
  endListeners: Array<() => void>;
  /** Which document runs the call: a call update with `Twiml`/`Url` starts a new one and detaches the old (handle.ts). */
  scriptGen: number;
  /** Run (and cleared) when the call is redirected: the old document's handle lets go, the conference it was in loses it. */
  redirectListeners: Array<() => void>;
  /** Run when another device took the call over with a new media leg (reconnect.ts): a conference re-attaches to it. */
  legListeners: Array<() => void>;
}

export type CallInit = Pick<Call, 'direction' | 'from' | 'to' | 'identity' | 'destination' | 'params' | 'accountSid' | 'peer'> & {
  tempSid?: string;
  applicationSid?: string;
};

export function newCall(init: CallInit): Call {
  return {
    sid: newCallSid(),
    ...init,
    forks: [],
    state: 'ringing',
    ended: false,
    answered: false,
    dtmf: '',
    startTime: new Date(),
    leg: null,
    other: null,
    reconnectToken: 'RT' + randomBytes(16).toString('hex'),
    timers: new Set(),
    endListeners: [],
    scriptGen: 0,
    redirectListeners: [],
    legListeners: [],
  };
}

/** The ICE ufrag of an SDP, if any. */
export function iceUfrag(sdp: unknown): string | undefined {
  return typeof sdp === 'string' ? /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1] : undefined;
}
