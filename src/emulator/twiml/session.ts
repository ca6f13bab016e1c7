/**
 * Runs a TwiML application for one outgoing call, as Twilio does: request the
 * application's Voice URL (signed webhook, Twilio's parameters plus the call's
 * custom parameters), then execute the document verb by verb. <Say> and <Play>
 * answer the call and play the emulator's tone (it has no speech synthesis and
 * does not fetch audio), <Pause> waits (before the answer, if it comes first),
 * <Dial> rings clients (every registered device) or connects a number,
 * <Hangup> and <Reject> end the call. At the end of the document the call is
 * hung up. A webhook or document error ends the call with Twilio's code
 * (11100, 11200, 11205, 11206, 11210, 11220, 12100, 12200, 12300) and
 * Twilio's title for it (security/public-errors.ts), and one log line with
 * the detail.
 */
import type { EmulatorPhoneNumber, TwimlApplication } from './applications.js';
import { CALL_ERRORS, E164, newCallSid, type CallError, type CallState } from '../voice/types.js';
import type { Call, CallManager } from '../voice/calls.js';
import { parseTwiml, TwimlError, type TwimlVerb } from './document.js';
import { publicWebhookError } from '../security/public-errors.js';
import { fetchTwiml, WebhookError, type WebhookMethod } from './webhook.js';

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

/** A call that reached one of the account's numbers (a <Dial><Number> to it): its document runs for the same caller. */
interface NumberLeg {
  number: EmulatorPhoneNumber;
  sid: string;
  from: string;
  /** STIR/SHAKEN: a caller ID that is one of the account's numbers gets full attestation. */
  stirStatus?: string;
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

/** The emulator does not fetch <Play> audio: it plays its tone this long per loop. */
export const PLAY_MS = 3000;
const MAX_LOOPS = 1000; // Twilio's `loop="0"`
const MAX_DOCUMENTS = 20; // action → document chains

/** What the caller sees of a webhook/document failure (code and Twilio's title), and the detail for the log. */
function describeFailure(err: unknown): { error: CallError; detail: string } {
  const known = err instanceof TwimlError || err instanceof WebhookError;
  return { error: publicWebhookError(known ? err.code : 12400), detail: known ? err.message : `Internal failure: ${String(err)}` };
}

/** Roughly how long Twilio's <Say> speaks `text` (about 15 characters a second). */
export function sayDuration(text: string): number {
  return Math.min(60_000, Math.max(1000, text.length * 65));
}

export class TwimlSession {
  private lastDial: DialOutcome | null = null;
  /** For a number leg: how its document ended (the outer <Dial>'s outcome). */
  private numberOutcome: DialOutcome | null = null;

  constructor(
    private readonly calls: CallManager,
    private readonly call: Call,
    private readonly app: Pick<TwimlApplication, 'voiceUrl' | 'voiceMethod'> & { sid?: string },
    private readonly numberLeg?: NumberLeg,
  ) {}

  /** Runs the document of a number the caller dialed; resolves with the outcome of that <Dial>. */
  async runForNumber(): Promise<DialOutcome> {
    const started = Date.now();
    try {
      let verbs: TwimlVerb[] | null = await this.request(this.app.voiceUrl, this.app.voiceMethod, []);
      for (let documents = 1; verbs && !this.call.ended && !this.numberOutcome; documents++) {
        if (documents > MAX_DOCUMENTS) throw new TwimlError(12200, `more than ${MAX_DOCUMENTS} documents chained through <Dial action>`);
        verbs = await this.execute(verbs);
      }
    } catch (err) {
      const { error, detail } = describeFailure(err);
      this.calls.log(`call ${this.call.sid}: number ${this.numberLeg!.number.phoneNumber}: ${error.code} ${detail}`);
      return { status: 'failed', duration: 0, error };
    }
    if (this.call.ended) return { status: 'canceled', duration: Math.round((Date.now() - started) / 1000) };
    return this.numberOutcome ?? this.lastDial ?? { status: 'completed', duration: Math.round((Date.now() - started) / 1000) };
  }

  async run(): Promise<void> {
    try {
      let verbs: TwimlVerb[] | null = await this.request(this.app.voiceUrl, this.app.voiceMethod, []);
      for (let documents = 1; verbs && !this.call.ended; documents++) {
        if (documents > MAX_DOCUMENTS) throw new TwimlError(12200, `more than ${MAX_DOCUMENTS} documents chained through <Dial action>`);
        verbs = await this.execute(verbs);
      }
      if (!this.call.ended) this.finish();
    } catch (err) {
      this.fail(err);
    }
  }

  /** Runs verbs; returns the next document when a <Dial action> answered one, else null. */
  private async execute(verbs: TwimlVerb[]): Promise<TwimlVerb[] | null> {
    const { calls, call } = this;
    for (const v of verbs) {
      if (call.ended) return null;
      switch (v.verb) {
        case 'Say':
        case 'Play': {
          if (!(await calls.answerCaller(call, 'tone'))) return null;
          const loops = v.loop === 0 ? MAX_LOOPS : v.loop;
          const ms = (v.verb === 'Say' ? sayDuration(v.text) : PLAY_MS) * loops;
          if (!(await calls.wait(call, ms))) return null;
          calls.setMode(call, 'silence');
          break;
        }
        case 'Pause':
          if (!(await calls.wait(call, v.length * 1000))) return null;
          break;
        case 'Hangup':
          if (this.numberLeg) {
            this.numberOutcome = { status: 'completed', duration: 0 };
            return null;
          }
          calls.endCall(call, call.answered ? 'completed' : 'canceled');
          return null;
        case 'Reject':
          if (this.numberLeg) {
            this.numberOutcome = { status: v.reason === 'busy' ? 'busy' : 'failed', duration: 0 };
            return null;
          }
          if (call.answered) calls.endCall(call, 'completed');
          else if (v.reason === 'busy') calls.endCall(call, 'busy', CALL_ERRORS.busy);
          else calls.endCall(call, 'rejected', CALL_ERRORS.declined);
          return null;
        case 'Dial': {
          const outcome = await this.dial(v);
          this.lastDial = outcome;
          if (call.ended) return null;
          if (v.action) {
            return this.request(v.action, v.method, [
              ['DialCallStatus', outcome.status],
              ...(outcome.childSid ? ([['DialCallSid', outcome.childSid]] as Array<[string, string]>) : []),
              ['DialCallDuration', String(outcome.duration)],
            ]);
          }
          break;
        }
      }
    }
    return null;
  }

  private async dial(v: Extract<TwimlVerb, { verb: 'Dial' }>): Promise<DialOutcome> {
    const { calls, call } = this;
    if (v.callerId !== undefined && !E164.test(v.callerId) && !/^client:\S+$/.test(v.callerId)) {
      this.calls.log(`call ${call.sid}: <Dial callerId="${v.callerId}">: 13214 Dial: Invalid callerId value`);
      return { status: 'failed', duration: 0, error: { code: 13214, message: 'Dial: Invalid callerId value' } };
    }
    const number = v.nouns.find((n) => n.kind === 'number');
    if (number) {
      if (!E164.test(number.number)) {
        this.calls.log(`call ${call.sid}: <Number>${number.number}: 13224 Dial: Invalid phone number`);
        return { status: 'failed', duration: 0, error: { code: 13224, message: 'Dial: Twilio does not support calling this number or the number is invalid' } };
      }
      const owned = calls.opts.applications.number(number.number);
      if (owned && !this.numberLeg) {
        const from = v.callerId ?? call.from;
        const attested = !!calls.opts.applications.number(from);
        this.calls.log(`call ${call.sid}: <Dial> ${number.number}, a number of the account: running its Voice URL${attested ? ' (caller ID attested A)' : ''}`);
        const leg: NumberLeg = { number: owned, sid: newCallSid(), from, ...(attested ? { stirStatus: 'TN-Validation-Passed-A' } : {}) };
        return new TwimlSession(calls, call, { voiceUrl: owned.voiceUrl, voiceMethod: owned.voiceMethod }, leg).runForNumber();
      }
      // The emulated far end answers at once and plays the tone until the caller hangs up.
      const started = Date.now();
      if (!(await calls.answerCaller(call, 'tone'))) return { status: 'canceled', duration: 0 };
      this.calls.log(`call ${call.sid}: <Dial> ${number.number} answered (tone)`);
      await calls.whenEnded(call);
      return { status: 'completed', duration: Math.round((Date.now() - started) / 1000) };
    }
    const clients = v.nouns.filter((n) => n.kind === 'client');
    // A repeated <Parameter> name keeps its last value, as the callee's SDK sees it.
    const parameters = clients.flatMap((c) => c.parameters);
    const callerId = v.callerId ?? this.numberLeg?.from;
    return calls.dial(call, {
      identities: clients.map((c) => c.identity),
      parameters,
      ...(callerId !== undefined ? { callerId } : {}),
      ...(this.numberLeg?.stirStatus ? { inviteParameters: { StirStatus: this.numberLeg.stirStatus } } : {}),
      timeout: v.timeout,
      answerOnBridge: v.answerOnBridge,
    });
  }

  /** End of the document: Twilio hangs up. An unanswered caller whose <Dial> failed hears why. */
  private finish(): void {
    const { calls, call } = this;
    if (call.answered) return calls.endCall(call, 'completed');
    const d = this.lastDial;
    if (!d) return calls.endCall(call, 'canceled');
    const byStatus: Record<DialStatus, [CallState, CallError | undefined]> = {
      completed: ['completed', undefined],
      busy: ['busy', CALL_ERRORS.busy],
      'no-answer': ['no-answer', CALL_ERRORS.unavailable],
      failed: ['failed', d.error ?? CALL_ERRORS.notFound],
      canceled: ['canceled', undefined],
    };
    const [state, error] = byStatus[d.status];
    calls.endCall(call, state, error);
  }

  private async request(url: string, method: WebhookMethod, extra: Array<[string, string]>): Promise<TwimlVerb[]> {
    const { call } = this;
    const resolved = new URL(url, this.app.voiceUrl).toString();
    const leg = this.numberLeg;
    if (leg) {
      // An inbound call to the number, from the caller ID.
      const params: Array<[string, string]> = [
        ['AccountSid', call.accountSid],
        ['ApiVersion', '2010-04-01'],
        ['CallSid', leg.sid],
        ['CallStatus', 'ringing'],
        ['Direction', 'inbound'],
        ['From', leg.from],
        ['Caller', leg.from],
        ['To', leg.number.phoneNumber],
        ['Called', leg.number.phoneNumber],
        ...(leg.stirStatus ? ([['StirVerstat', leg.stirStatus]] as Array<[string, string]>) : []),
        ...extra,
      ];
      const body = await fetchTwiml({ url: resolved, method, params, authToken: this.calls.authTokenFor(call), guard: this.calls.opts.webhookGuard });
      return call.ended ? [] : parseTwiml(body);
    }
    const custom = Object.entries(call.params).filter(([k]) => k !== 'To');
    const params: Array<[string, string]> = [
      ['AccountSid', call.accountSid],
      ['ApplicationSid', this.app.sid ?? ''],
      ['ApiVersion', '2010-04-01'],
      ['CallSid', call.sid],
      ['CallStatus', call.answered ? 'in-progress' : 'ringing'],
      ['Direction', 'inbound'],
      ['From', call.from],
      ['Caller', call.from],
      ['To', call.params.To ?? ''],
      ['Called', call.params.To ?? ''],
      ...custom,
      ...extra,
    ];
    const body = await fetchTwiml({ url: resolved, method, params, authToken: this.calls.authTokenFor(call), guard: this.calls.opts.webhookGuard });
    if (call.ended) return [];
    return parseTwiml(body);
  }

  private fail(err: unknown): void {
    const { calls, call } = this;
    const { error, detail } = describeFailure(err);
    calls.log(`call ${call.sid}: application ${this.app.sid}: ${error.code} ${detail}; ending the call`);
    if (!call.ended) calls.endCall(call, 'failed', error);
  }
}
