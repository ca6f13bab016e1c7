/**
 * What a call script (a TwiML document, twiml/session.ts) may do to the call
 * it runs on: a narrow handle, so the script never sees the call layer. The
 * call layer gets its scripts the same way: an ApplicationLookup, wired in
 * emulator.ts, so neither side imports the other's internals.
 */
import type { MediaMode } from '../media/types.js';
import type { CallError, CallState } from './types.js';

export type DialStatus = 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';

export interface DialRequest {
  identities: string[];
  /** What the callee receives as custom parameters (`Params`). */
  parameters: Array<[string, string]>;
  callerId?: string;
  /** Seconds. */
  timeout: number;
  answerOnBridge: boolean;
  /** Extra call parameters of the callee's invite (e.g. StirStatus). */
  inviteParameters?: Record<string, string>;
}

export interface DialOutcome {
  status: DialStatus;
  childSid?: string;
  /** Seconds the dialed party was connected. */
  duration: number;
  error?: CallError;
  /** No device of the dialed identities was registered. */
  unregistered?: boolean;
}

/** <Dial><Conference>: the room and how this leg takes part (attributes of the noun). */
export interface ConferenceJoin {
  name: string;
  label?: string;
  startConferenceOnEnter: boolean;
  endConferenceOnExit: boolean;
  /** waitUrl: absent or a URL = the emulator's music while waiting; empty = silence. */
  waitMusic: boolean;
  muted: boolean;
  /** The conference's status callback (absolute URL), with the raw `statusCallbackEvent` words. */
  statusCallback?: { url: string; method: 'GET' | 'POST'; events: string };
}

export interface CallHandle {
  readonly sid: string;
  readonly accountSid: string;
  /** `client:<identity>` of the caller. */
  readonly from: string;
  /** The invite's custom parameters, `To` included. */
  readonly params: Readonly<Record<string, string>>;
  readonly answered: boolean;
  readonly ended: boolean;
  /** Answers the caller (if not yet) and sets what its leg plays. False if the call ended. */
  answer(mode: MediaMode): Promise<boolean>;
  /** What the caller's leg plays (unless it is bridged to a callee). */
  setMode(mode: MediaMode): void;
  /** Waits, unless the call ends first. Resolves false if it ended. */
  wait(ms: number): Promise<boolean>;
  /** Resolves when the call has ended. */
  whenEnded(): Promise<void>;
  /**
   * <Dial> of clients: rings every registered device of each identity, bridges the first
   * to answer, and resolves when the dial is over (the callee hung up, declined, never
   * answered, or the caller went away). The caller stays up afterwards.
   */
  dial(req: DialRequest): Promise<DialOutcome>;
  /** <Dial><Conference>: answers the caller and joins the room; resolves when the leg leaves it (kicked, conference ended, hung up). */
  joinConference(req: ConferenceJoin): Promise<DialOutcome>;
  /** Ends the call from our side: `hangup` to the browser, with the error if any. */
  hangup(state: CallState, error?: CallError): void;
}

/** Call update `Twiml` / `Url`: the document a call runs next. */
export interface RedirectTarget {
  twiml?: string;
  url?: string;
  method: 'GET' | 'POST';
}

/** Runs a redirect's document on a call (twiml/runner.ts); `applicationSid`: the call's application, whose Voice URL relative URLs resolve against. */
export type RedirectRunner = (call: CallHandle, to: RedirectTarget, applicationSid?: string) => Promise<void>;

/** A TwiML application an outgoing call can be handed to. */
export interface CallApplication {
  readonly sid: string;
  /** Runs the application for the call, until its document is over. */
  run(call: CallHandle): Promise<void>;
}

/** The application a token's outgoing grant names, if the emulator has one by that SID. */
export type ApplicationLookup = (sid: string | undefined) => CallApplication | undefined;
