/**
 * The call layer's public types, errors and small helpers (SIDs, the
 * `Params` encoding of custom parameters), shared by the call layer and the
 * TwiML runner (twiml/session.ts).
 */
import { randomBytes } from 'node:crypto';
import type { AudioCodec } from '../media/codecs.js';
import type { MediaLeg, MediaLegOptions, MediaMode, MediaStats } from '../media/types.js';

export type CallDirection = 'outgoing' | 'incoming';
export type CallState = 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'canceled' | 'rejected' | 'failed';
/** What an outgoing call reached: a fixed destination of the default application, or `application` (a TwiML app ran it). */
export type CallDestination = 'echo' | 'tone' | 'number' | 'busy' | 'no-answer' | 'client' | 'preflight' | 'application' | 'party' | 'unknown';

export interface CallError {
  code: number;
  message: string;
}

export interface CallInfo {
  callSid: string;
  /** For the callee leg of a client-to-client call: the caller's call. */
  parentCallSid?: string;
  /** For the caller leg of a client-to-client call: the callee's call. */
  childCallSid?: string;
  accountSid: string;
  /** `outgoing`: placed by a browser client (SDK `connect()`); `incoming`: rung at a browser client. */
  direction: CallDirection;
  from: string;
  to: string;
  /** The identity of the browser client on this leg (for an incoming call still ringing: the identity rung). */
  identity: string;
  destination: CallDestination;
  /** For calls run by a TwiML application: its SID. */
  applicationSid?: string;
  /** Custom parameters (outgoing calls: the invite's params, To included; incoming: what the callee receives). */
  params: Record<string, string>;
  state: CallState;
  /** How many of the identity's devices an incoming call is ringing (0 once answered or ended). */
  ringingDevices: number;
  /** The negotiated audio codec, once known. */
  codec: AudioCodec | null;
  /** DTMF digits received on this call (signaling `dtmf` frames and in-band RTP events). */
  dtmf: string;
  startTime: string;
  answerTime?: string;
  endTime?: string;
  /** The error sent with the hangup, if any. */
  error?: CallError;
  media: MediaStats | null;
}

/** A browser client's signaling socket, as the call layer sees it. */
export interface CallPeer {
  readonly identity: string;
  readonly accountSid: string;
  /** The TwiML application SID of the token's outgoing grant, if any. */
  readonly applicationSid?: string | undefined;
  readonly isOpen: boolean;
  /** The socket's close code once it closed; 1006 = dropped without a close frame (network loss, gateway restart). */
  readonly closeCode?: number;
  send(type: string, payload: Record<string, unknown>): void;
}

/** The call frames of a client's socket, as the signaling gateway hands them over (voice.ts routes them). */
export interface CallFrames {
  invite(peer: CallPeer, payload: Record<string, unknown>): Promise<void>;
  answer(peer: CallPeer, payload: Record<string, unknown>): Promise<void>;
  hangup(peer: CallPeer, payload: Record<string, unknown>): void;
  reject(peer: CallPeer, payload: Record<string, unknown>): void;
  dtmf(peer: CallPeer, payload: Record<string, unknown>): void;
  reinvite(peer: CallPeer, payload: Record<string, unknown>): Promise<void>;
  message(peer: CallPeer, payload: Record<string, unknown>): void;
  /** The peer's socket closed (with `closeCode`). */
  peerClosed(peer: CallPeer): void;
}

export type MediaLegFactory = (opts: MediaLegOptions) => MediaLeg;

export interface RingOptions {
  to: string;
  from?: string;
  params?: Record<string, string>;
  /** What the callee hears when the ring comes from the API (default 'tone'). */
  mode?: MediaMode;
  /** Seconds the call rings before it ends as `no-answer` (Twilio's Calls API `Timeout`). Default 60. */
  timeout?: number;
}

export const CALL_ERRORS = {
  busy: { code: 31486, message: 'Busy Here' },
  unavailable: { code: 31480, message: 'Temporarily Unavailable' },
  notFound: { code: 31404, message: 'Not Found' },
  declined: { code: 31603, message: 'Decline' },
  media: { code: 31000, message: 'Media endpoint failed' },
  reconnect: { code: 31209, message: 'Reconnect attempt is not authorized' },
  messageType: { code: 31210, message: 'Call Message Event Type is invalid' },
  conferenceCodec: { code: 31000, message: 'Media endpoint failed: conference legs need PCMU (the emulator does not decode Opus)' },
} as const;

export function newCallSid(): string {
  return 'CA' + randomBytes(16).toString('hex');
}

export function parseParams(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof raw !== 'string' || !raw) return out;
  for (const [k, v] of new URLSearchParams(raw)) out[k] = v;
  return out;
}

/**
 * The `Params` of an invite as Twilio writes it: values URL-encoded, names as
 * they are (the SDK decodes only values: `custom + param` arrives as is). A
 * name cannot carry `&` or `=`, which would break the pairs.
 */
export function encodeParams(params: ReadonlyArray<[string, string]>): string {
  return params.map(([k, v]) => `${k.replace(/[&=%]/g, (c) => encodeURIComponent(c))}=${encodeURIComponent(v).replace(/%20/g, '+')}`).join('&');
}

export const E164 = /^\+[1-9]\d{1,14}$/;
