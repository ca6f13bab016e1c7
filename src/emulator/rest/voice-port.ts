/**
 * What the REST API's call resources (conferences.ts, calls.ts) need of the
 * call layer: plain data in and out, wired in emulator.ts to voice/
 * conference-api.ts (whose shapes match these). Failures are thrown as
 * EmulatorError (status and Twilio code) and answered in Twilio's envelope.
 */
export type ParticipantStatus = 'queued' | 'connecting' | 'ringing' | 'connected' | 'complete' | 'failed';

export interface RestParticipant {
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

export interface RestConference {
  sid: string;
  accountSid: string;
  friendlyName: string;
  status: 'init' | 'in-progress' | 'completed';
  dateCreated: Date;
  dateUpdated: Date;
  reasonConferenceEnded: string | null;
  callSidEndingConference: string | null;
}

export interface RestCall {
  callSid: string;
  accountSid: string;
  parentCallSid?: string;
  direction: 'outgoing' | 'incoming';
  destination: string;
  from: string;
  to: string;
  state: string;
  startTime: string;
  answerTime?: string;
  endTime?: string;
}

export interface RestParticipantRequest {
  from: string;
  to: string;
  label: string | null;
  startConferenceOnEnter: boolean;
  endConferenceOnExit: boolean;
  muted: boolean;
  waitMusic: boolean;
  timeout: number;
  callback: { url: string; method: 'GET' | 'POST'; events: string } | null;
  statusCallback: { url: string; method: 'GET' | 'POST'; events: string } | null;
}

export interface RestVoice {
  list(accountSid: string, filter: { status?: string; friendlyName?: string }): RestConference[];
  get(accountSid: string, sid: string): RestConference;
  update(accountSid: string, sid: string, u: { status?: string; announce?: boolean }): RestConference;
  participants(accountSid: string, sid: string, filter: { hold?: boolean; muted?: boolean }): RestParticipant[];
  addParticipant(accountSid: string, conference: string, r: RestParticipantRequest): Promise<RestParticipant>;
  getParticipant(accountSid: string, sid: string, key: string): RestParticipant;
  updateParticipant(
    accountSid: string,
    sid: string,
    key: string,
    patch: { hold?: boolean; muted?: boolean; endConferenceOnExit?: boolean; announce?: boolean },
  ): RestParticipant;
  removeParticipant(accountSid: string, sid: string, key: string): void;
  getCall(accountSid: string, callSid: string): RestCall;
  endCall(accountSid: string, callSid: string, status: string): RestCall;
  /** Call update `Twiml` / `Url`: the call runs that document instead of its current one. */
  redirectCall?(accountSid: string, callSid: string, to: { twiml?: string; url?: string; method: 'GET' | 'POST' }): RestCall;
  sendMessage(
    accountSid: string,
    callSid: string,
    content: string,
    idempotencyKey?: string,
  ): { sid: string; accountSid: string; callSid: string; dateCreated: Date };
}
