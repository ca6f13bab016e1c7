/**
 * Runs a TwiML application for one outgoing call, as Twilio does: request the
 * application's Voice URL (signed webhook, Twilio's parameters plus the call's
 * custom parameters), then execute the document verb by verb. <Say> and <Play>
 * answer the call and play the emulator's tone (it has no speech synthesis and
 * does not fetch audio), <Pause> waits (before the answer, if it comes first),
 * <Dial> rings clients (every registered device), connects a number or joins
 * a conference (<Conference>, voice/conference.ts),
 * <Hangup> and <Reject> end the call. At the end of the document the call is
 * hung up. A webhook or document error ends the call with Twilio's code
 * (11100, 11200, 11205, 11206, 11210, 11220, 12100, 12200, 12300) and
 * Twilio's title for it (security/public-errors.ts), and one log line with
 * the detail.
 */
import type { WebhookGuard } from '../security/guarded-lookup.js';
import { publicWebhookError } from '../security/public-errors.js';
import type { CallHandle, DialOutcome } from '../voice/call-handle.js';
import { CALL_ERRORS, E164, newCallSid, type CallError } from '../voice/types.js';
import type { EmulatorPhoneNumber, TwimlApplication } from './applications.js';
import { parseTwiml, TwimlError, type ConferenceNoun, type TwimlVerb } from './document.js';
import { applicationParams, endOfDocument, numberParams, type NumberLeg } from './requests.js';
import { fetchTwiml, WebhookError, type WebhookMethod } from './webhook.js';

/** What a session needs besides its call: the account's numbers, webhook signing and reach, the log. */
export interface TwimlEnvironment {
  /** The account's phone number `phoneNumber`, if it has one (a <Dial><Number> to it runs its Voice URL). */
  number(phoneNumber: string): EmulatorPhoneNumber | undefined;
  /** Auth token of an account, to sign webhook requests. */
  authToken(accountSid: string): string;
  /** What webhook requests may reach (security/webhook-hosts.ts) and how host names resolve. */
  webhookGuard: WebhookGuard;
  log(line: string): void;
}

/** The emulator does not fetch <Play> audio: it plays its tone this long per loop. */
export const PLAY_MS = 3000;
const MAX_LOOPS = 1000; // Twilio's `loop="0"`
const MAX_DOCUMENTS = 20; // action → document chains

type DialVerb = Extract<TwimlVerb, { verb: 'Dial' }>;

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
    private readonly call: CallHandle,
    private readonly app: Pick<TwimlApplication, 'voiceUrl' | 'voiceMethod'> & { sid?: string },
    private readonly env: TwimlEnvironment,
    private readonly numberLeg?: NumberLeg,
  ) {}

  /** Runs the document of a number the caller dialed; resolves with the outcome of that <Dial>. */
  async runForNumber(): Promise<DialOutcome> {
    const started = Date.now();
    try {
      await this.documents(() => !!this.numberOutcome);
    } catch (err) {
      const { error, detail } = describeFailure(err);
      this.env.log(`call ${this.call.sid}: number ${this.numberLeg?.number.phoneNumber ?? ''}: ${error.code} ${detail}`);
      return { status: 'failed', duration: 0, error };
    }
    if (this.call.ended) return { status: 'canceled', duration: Math.round((Date.now() - started) / 1000) };
    return this.numberOutcome ?? this.lastDial ?? { status: 'completed', duration: Math.round((Date.now() - started) / 1000) };
  }

  async run(): Promise<void> {
    try {
      await this.documents(() => false);
      if (!this.call.ended) this.finish();
    } catch (err) {
      this.fail(err);
    }
  }

  /** Runs a document given inline (call update `Twiml`), then the ones its <Dial action>s answer. */
  async runInline(twiml: string): Promise<void> {
    try {
      await this.documents(() => false, parseTwiml(twiml));
      if (!this.call.ended) this.finish();
    } catch (err) {
      this.fail(err);
    }
  }

  /** Requests the Voice URL (unless the first document is given) and runs its document, then each one a <Dial action> answers, until `done()` or the call ends. */
  private async documents(done: () => boolean, first?: TwimlVerb[]): Promise<void> {
    let verbs: TwimlVerb[] | null = first ?? (await this.request(this.app.voiceUrl, this.app.voiceMethod, []));
    for (let documents = 1; verbs && !this.call.ended && !done(); documents++) {
      if (documents > MAX_DOCUMENTS) throw new TwimlError(12200, `more than ${MAX_DOCUMENTS} documents chained through <Dial action>`);
      verbs = await this.execute(verbs);
    }
  }

  /** Runs verbs; returns the next document when a <Dial action> answered one, else null. */
  private async execute(verbs: TwimlVerb[]): Promise<TwimlVerb[] | null> {
    const { call } = this;
    for (const v of verbs) {
      if (call.ended) return null;
      switch (v.verb) {
        case 'Say':
        case 'Play': {
          if (!(await call.answer('tone'))) return null;
          const loops = v.loop === 0 ? MAX_LOOPS : v.loop;
          const ms = (v.verb === 'Say' ? sayDuration(v.text) : PLAY_MS) * loops;
          if (!(await call.wait(ms))) return null;
          call.setMode('silence');
          break;
        }
        case 'Pause':
          if (!(await call.wait(v.length * 1000))) return null;
          break;
        case 'Hangup':
          if (this.numberLeg) this.numberOutcome = { status: 'completed', duration: 0 };
          else call.hangup(call.answered ? 'completed' : 'canceled');
          return null;
        case 'Reject':
          if (this.numberLeg) this.numberOutcome = { status: v.reason === 'busy' ? 'busy' : 'failed', duration: 0 };
          else if (call.answered) call.hangup('completed');
          else if (v.reason === 'busy') call.hangup('busy', CALL_ERRORS.busy);
          else call.hangup('rejected', CALL_ERRORS.declined);
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

  private async dial(v: DialVerb): Promise<DialOutcome> {
    const { call } = this;
    if (v.callerId !== undefined && !E164.test(v.callerId) && !/^client:\S+$/.test(v.callerId)) {
      this.env.log(`call ${call.sid}: <Dial callerId="${v.callerId}">: 13214 Dial: Invalid callerId value`);
      return { status: 'failed', duration: 0, error: { code: 13214, message: 'Dial: Invalid callerId value' } };
    }
    const conference = v.nouns.find((n) => n.kind === 'conference');
    if (conference) return this.joinConference(conference);
    const number = v.nouns.find((n) => n.kind === 'number');
    if (number) return this.dialNumber(v, number.number);
    const clients = v.nouns.filter((n) => n.kind === 'client');
    // A repeated <Parameter> name keeps its last value, as the callee's SDK sees it.
    const parameters = clients.flatMap((c) => c.parameters);
    const callerId = v.callerId ?? this.numberLeg?.from;
    return call.dial({
      identities: clients.map((c) => c.identity),
      parameters,
      ...(callerId !== undefined ? { callerId } : {}),
      ...(this.numberLeg?.stirStatus ? { inviteParameters: { StirStatus: this.numberLeg.stirStatus } } : {}),
      timeout: v.timeout,
      answerOnBridge: v.answerOnBridge,
    });
  }

  /** <Dial><Conference>: the caller joins the room until it leaves it; then the document goes on. */
  private joinConference(c: ConferenceNoun): Promise<DialOutcome> {
    const callback = c.statusCallback ? new URL(c.statusCallback, this.app.voiceUrl).toString() : undefined;
    return this.call.joinConference({
      name: c.name,
      ...(c.participantLabel !== undefined ? { label: c.participantLabel } : {}),
      startConferenceOnEnter: c.startConferenceOnEnter,
      endConferenceOnExit: c.endConferenceOnExit,
      waitMusic: c.waitUrl !== '',
      muted: c.muted,
      ...(callback ? { statusCallback: { url: callback, method: c.statusCallbackMethod, events: c.statusCallbackEvent ?? '' } } : {}),
    });
  }

  /** <Dial><Number>: one of the account's numbers runs its own document; any other answers with the tone. */
  private async dialNumber(v: DialVerb, phoneNumber: string): Promise<DialOutcome> {
    const { call, env } = this;
    if (!E164.test(phoneNumber)) {
      env.log(`call ${call.sid}: <Number>${phoneNumber}: 13224 Dial: Invalid phone number`);
      return { status: 'failed', duration: 0, error: { code: 13224, message: 'Dial: Twilio does not support calling this number or the number is invalid' } };
    }
    const owned = env.number(phoneNumber);
    if (owned && !this.numberLeg) {
      const from = v.callerId ?? call.from;
      const attested = !!env.number(from);
      env.log(`call ${call.sid}: <Dial> ${phoneNumber}, a number of the account: running its Voice URL${attested ? ' (caller ID attested A)' : ''}`);
      const leg: NumberLeg = { number: owned, sid: newCallSid(), from, ...(attested ? { stirStatus: 'TN-Validation-Passed-A' } : {}) };
      return new TwimlSession(call, { voiceUrl: owned.voiceUrl, voiceMethod: owned.voiceMethod }, env, leg).runForNumber();
    }
    // The emulated far end answers at once and plays the tone until the caller hangs up.
    const started = Date.now();
    if (!(await call.answer('tone'))) return { status: 'canceled', duration: 0 };
    env.log(`call ${call.sid}: <Dial> ${phoneNumber} answered (tone)`);
    await call.whenEnded();
    return { status: 'completed', duration: Math.round((Date.now() - started) / 1000) };
  }

  /** End of the document: Twilio hangs up. An unanswered caller whose <Dial> failed hears why. */
  private finish(): void {
    const { state, error } = endOfDocument(this.call.answered, this.lastDial);
    this.call.hangup(state, error);
  }

  private async request(url: string, method: WebhookMethod, extra: Array<[string, string]>): Promise<TwimlVerb[]> {
    const { call, env } = this;
    const params = this.numberLeg ? numberParams(call, this.numberLeg, extra) : applicationParams(call, this.app.sid ?? '', extra);
    const resolved = new URL(url, this.app.voiceUrl).toString();
    const body = await fetchTwiml({ url: resolved, method, params, authToken: env.authToken(call.accountSid), guard: env.webhookGuard });
    return call.ended ? [] : parseTwiml(body);
  }

  private fail(err: unknown): void {
    const { call } = this;
    const { error, detail } = describeFailure(err);
    this.env.log(`call ${call.sid}: application ${this.app.sid}: ${error.code} ${detail}; ending the call`);
    if (!call.ended) call.hangup('failed', error);
  }
}
