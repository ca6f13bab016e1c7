/**
 * Call signaling of the emulator: outgoing calls placed by browser clients
 * (`invite`), run by a TwiML application (twiml-session.ts) or by the default
 * application (the fixed destinations); incoming calls rung at every device
 * registered under an identity (first accept wins, the others get `cancel`);
 * the client-to-client bridge; takeover of a call by another device
 * (`invite{reconnect}`, the SDK's connectToken and signaling reconnection).
 * SDP is produced and consumed by media legs (media.ts, werift); this file
 * only moves it around.
 */
import { randomBytes } from 'node:crypto';
import type { ApplicationRegistry } from '../twiml/applications.js';
import {
  CALL_ERRORS,
  E164,
  EmulatorError,
  encodeParams,
  newCallSid,
  parseParams,
  type CallDestination,
  type CallDirection,
  type CallError,
  type CallInfo,
  type CallPeer,
  type CallState,
  type MediaLegFactory,
  type RingOptions,
} from './types.js';
import { preferredAudioCodec, type AudioCodec } from '../media/codecs.js';
import { ANONYMOUS_IDENTITY, INVALID_CLIENT_NAME, identityProblem } from '../auth/identity.js';
import type { MediaLeg, MediaMode, MediaStats } from '../media/types.js';
import type { WebhookGuard } from '../security/guarded-lookup.js';
import { TwimlSession, type DialOutcome, type DialRequest } from '../twiml/session.js';

export * from './types.js';

export interface CallManagerOptions {
  getMediaFactory: () => Promise<MediaLegFactory>;
  /** Every open, registered socket of an identity (all of them ring). */
  findClients: (identity: string) => CallPeer[];
  applications: ApplicationRegistry;
  /** Auth token of an account, to sign webhook requests. */
  authToken: (accountSid: string) => string | undefined;
  defaultAccountSid: string;
  noAnswerMs: number;
  /** How long an answered call survives its client's signaling socket closing, waiting for `invite{reconnect}`. Default 20000. */
  reconnectGraceMs?: number;
  /** How long the echo of a call without `To` (the SDK's preflight test) lasts before the emulator hangs up. Default 10000. */
  preflightMs?: number;
  /** A registration whose heartbeats went unanswered (registrations.ts): its invites are never delivered. */
  isStale?: (peer: CallPeer) => boolean;
  /** What webhook requests may reach (security/webhook-hosts.ts) and how host names resolve. */
  webhookGuard: WebhookGuard;
  log: (line: string) => void;
}

const MAX_ENDED_CALLS = 200;
/** Ring timeout of a `client:` call of the default application (Twilio's <Dial> default). */
const DEFAULT_DIAL_TIMEOUT_S = 30;
const DEFAULT_API_RING_TIMEOUT_S = 60;

/** One device being rung for an incoming call. */
interface Fork {
  peer: CallPeer;
  leg: MediaLeg | null;
}

export interface Call {
  sid: string;
  tempSid?: string;
  direction: CallDirection;
  from: string;
  to: string;
  /** The identity rung (incoming) or calling (outgoing). */
  identity: string;
  destination: CallDestination;
  applicationSid?: string;
  params: Record<string, string>;
  accountSid: string;
  /** The browser's socket on this leg; for an incoming call still ringing, its first device. */
  peer: CallPeer;
  /** Incoming, not yet answered: every device being rung. */
  forks: Fork[];
  state: CallState;
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
  /** Callee leg of a <Dial>: settles the dial's outcome. */
  dialDone?: (outcome: DialOutcome) => void;
  timers: Set<NodeJS.Timeout>;
  endListeners: Array<() => void>;
}

function iceUfrag(sdp: unknown): string | undefined {
  return typeof sdp === 'string' ? /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1] : undefined;
}

export class CallManager {
  private readonly calls = new Map<string, Call>();
  private readonly closing = new Set<Promise<void>>();
  private closed = false;

  constructor(readonly opts: CallManagerOptions) {}

  log(line: string): void {
    this.opts.log(line);
  }

  list(): CallInfo[] {
    return [...this.calls.values()].map((c) => this.info(c));
  }

  get(callSid: string): CallInfo | undefined {
    const c = this.calls.get(callSid);
    return c ? this.info(c) : undefined;
  }

  // ---- frames from browser clients -------------------------------------------------

  async onInvite(peer: CallPeer, payload: Record<string, unknown>): Promise<void> {
    const tempSid = payload.callsid;
    const sdp = payload.sdp;
    if (typeof payload.reconnect === 'string') {
      await this.onReconnect(peer, payload.reconnect, tempSid, sdp);
      return;
    }
    if (typeof tempSid !== 'string' || !tempSid || typeof sdp !== 'string' || !sdp) {
      peer.send('error', { callsid: tempSid, error: { code: 31400, message: 'Malformed invite' } });
      return;
    }
    const twilio = (payload.twilio ?? {}) as Record<string, unknown>;
    const params = parseParams(twilio.params);
    const to = params.To ?? '';
    const app = this.opts.applications.get(peer.applicationSid);
    const destination = app ? 'application' : this.classify(to);
    const identity = peer.identity || ANONYMOUS_IDENTITY;
    const call = this.add({
      tempSid,
      direction: 'outgoing',
      from: `client:${identity}`,
      to,
      identity,
      destination,
      params,
      accountSid: peer.accountSid,
      peer,
      ...(app ? { applicationSid: app.sid } : {}),
    });
    call.remoteUfrag = iceUfrag(sdp);
    this.log(`call ${call.sid}: ${call.from} -> ${to || '(none)'} (${app ? `application ${app.sid}` : destination})`);

    if (app) {
      call.pendingAnswer = this.prepareCallerMedia(call, sdp, 'silence');
      await new TwimlSession(this, call, app).run();
      return;
    }
    peer.send('ringing', { callsid: call.sid });
    call.ringingSent = true;
    switch (destination) {
      case 'echo':
      case 'tone':
      case 'number':
        call.pendingAnswer = this.prepareCallerMedia(call, sdp, destination === 'echo' ? 'echo' : 'tone');
        await this.answerCaller(call, destination === 'echo' ? 'echo' : 'tone');
        return;
      case 'preflight':
        // Device.runPreflight() connects without `To`: echo the audio like Twilio's preflight app, then hang up.
        call.pendingAnswer = this.prepareCallerMedia(call, sdp, 'echo');
        await this.answerCaller(call, 'echo');
        if (!call.ended) this.timer(call, this.opts.preflightMs ?? 10000, () => this.end(call, 'completed', 'hangup'));
        return;
      case 'busy':
        this.end(call, 'busy', 'hangup', CALL_ERRORS.busy);
        return;
      case 'no-answer':
        this.timer(call, this.opts.noAnswerMs, () => this.end(call, 'no-answer', 'hangup', CALL_ERRORS.unavailable));
        return;
      case 'client': {
        const target = to.startsWith('client:') ? to.slice('client:'.length) : to;
        call.pendingAnswer = this.prepareCallerMedia(call, sdp, 'silence');
        const parameters = Object.entries(call.params).filter(([k]) => k !== 'To');
        const outcome = await this.dial(call, { identities: [target], parameters, callerId: call.from, timeout: DEFAULT_DIAL_TIMEOUT_S, answerOnBridge: true });
        this.finishDefaultDial(call, outcome);
        return;
      }
      default:
        this.end(call, 'failed', 'hangup', CALL_ERRORS.notFound);
    }
  }

  /**
   * `invite{reconnect}`. Three cases, told apart by the call and the SDP:
   * - a ringing incoming call taken by another device (the SDK's connectToken): the new
   *   device answers it with its own offer, the devices that were ringing get `cancel`;
   * - an answered call whose offer has a new ICE ufrag from another open socket: a takeover,
   *   the old device gets `cancel` and the media is renegotiated;
   * - otherwise signaling reconnection (the socket came back): the call moves to the new
   *   socket and gets an `answer`, which the SDK turns into `reconnected`.
   * Unknown token, another identity or account, or an ended call: hangup 31209.
   */
  private async onReconnect(peer: CallPeer, token: string, callsid: unknown, sdp: unknown): Promise<void> {
    const call = [...this.calls.values()].find((c) => c.reconnectToken === token);
    const refuse = () => peer.send('hangup', { callsid, error: { ...CALL_ERRORS.reconnect } });
    if (!call || call.ended || call.identity !== (peer.identity || ANONYMOUS_IDENTITY) || call.accountSid !== peer.accountSid) return refuse();
    if (call.direction === 'incoming' && !call.answered) {
      if (typeof sdp !== 'string' || !sdp) return refuse();
      await this.takeOver(call, peer, sdp, 'cancel');
      return;
    }
    if (!call.answered) return refuse();
    const ufrag = iceUfrag(sdp);
    if (peer !== call.peer && call.peer.isOpen && typeof sdp === 'string' && ufrag && ufrag !== call.remoteUfrag) {
      await this.takeOver(call, peer, sdp, 'cancel');
      return;
    }
    clearTimeout(call.reconnectTimer);
    call.reconnectTimer = undefined;
    call.peer = peer;
    this.log(`call ${call.sid}: signaling reconnected for ${peer.identity}`);
    peer.send('answer', { callsid: call.sid, reconnect: call.reconnectToken });
  }

  /** Another device of the same identity takes a call: it gets our answer to its offer, the previous device(s) `notify`. */
  private async takeOver(call: Call, peer: CallPeer, offer: string, notify: 'cancel'): Promise<void> {
    const previous = call.forks.length ? call.forks.map((f) => f.peer) : [call.peer];
    const oldLegs = [...call.forks.map((f) => f.leg), call.forks.length ? null : call.leg].filter((l): l is MediaLeg => !!l);
    call.forks = [];
    call.leg = null;
    clearTimeout(call.reconnectTimer);
    call.reconnectTimer = undefined;
    for (const p of previous) if (p !== peer && p.isOpen) p.send(notify, { callsid: call.sid });
    for (const l of oldLegs) this.closeLegLater(call, l);
    call.peer = peer;
    call.remoteUfrag = iceUfrag(offer);
    this.log(`call ${call.sid}: taken over by another device of ${peer.identity}`);
    let sdp: string;
    try {
      const leg = await this.createLeg(call, 'silence');
      call.leg = leg;
      if (call.ended) return this.closeLeg(call);
      sdp = await leg.answer(offer);
    } catch (err) {
      this.end(call, 'failed', 'hangup', { code: CALL_ERRORS.media.code, message: `${CALL_ERRORS.media.message}: ${String(err)}` });
      this.finishOther(call, 'gone');
      return;
    }
    if (call.ended) return;
    const wasAnswered = call.answered;
    this.markAnswered(call);
    peer.send('answer', { callsid: call.sid, sdp, reconnect: call.reconnectToken });
    if (wasAnswered) this.rebridge(call);
    else await this.bridgeAnsweredCallee(call);
  }

  async onAnswer(peer: CallPeer, payload: Record<string, unknown>): Promise<void> {
    const call = this.find(peer, payload.callsid);
    if (!call || call.direction !== 'incoming' || call.ended || call.answered) return;
    if (typeof payload.sdp !== 'string' || !payload.sdp) return;
    const fork = call.forks.find((f) => f.peer === peer);
    if (!fork) return;
    // First accept wins: the other devices stop ringing.
    for (const f of call.forks) {
      if (f === fork) continue;
      if (f.peer.isOpen) f.peer.send('cancel', { callsid: call.sid });
      if (f.leg) this.closeLegLater(call, f.leg);
    }
    call.forks = [];
    call.peer = peer;
    call.leg = fork.leg;
    call.remoteUfrag = iceUfrag(payload.sdp);
    this.markAnswered(call);
    this.log(`call ${call.sid}: answered by ${peer.identity}`);
    try {
      await call.leg?.acceptAnswer(payload.sdp);
    } catch (err) {
      this.log(`call ${call.sid}: acceptAnswer failed: ${String(err)}`);
    }
    await this.bridgeAnsweredCallee(call);
  }

  onHangup(peer: CallPeer, payload: Record<string, unknown>): void {
    const call = this.find(peer, payload.callsid);
    if (!call || call.ended) return;
    if (call.forks.length > 1) {
      // One of several ringing devices hangs up: it declines for itself only.
      this.dropFork(call, peer, 'hung up');
      return;
    }
    this.log(`call ${call.sid}: hung up by ${peer.identity}`);
    this.hangupFromClient(call);
  }

  onReject(peer: CallPeer, payload: Record<string, unknown>): void {
    const call = this.find(peer, payload.callsid);
    if (!call || call.ended || call.direction !== 'incoming' || call.answered) return;
    this.log(`call ${call.sid}: rejected by ${peer.identity}`);
    // A decline ends the call on every device (SIP 603 stops all forks).
    this.end(call, 'rejected', null);
    this.finishOther(call, 'reject');
  }

  onDtmf(peer: CallPeer, payload: Record<string, unknown>): void {
    const call = this.find(peer, payload.callsid);
    if (!call || call.ended) return;
    if (typeof payload.dtmf !== 'string' && typeof payload.dtmf !== 'number') return;
    const digits = String(payload.dtmf);
    call.dtmf += digits;
    // Across a client-to-client bridge the far end hears the digits in band.
    const far = call.other?.leg;
    if (far?.queueDtmf && call.other && !call.other.ended) {
      for (const d of digits) if (/^[0-9*#A-Da-d]$/.test(d)) void far.queueDtmf(d).catch(() => undefined);
    }
  }

  async onReinvite(peer: CallPeer, payload: Record<string, unknown>): Promise<void> {
    const call = this.find(peer, payload.callsid);
    if (!call || call.ended || !call.leg || typeof payload.sdp !== 'string') return;
    try {
      const sdp = await call.leg.answer(payload.sdp);
      if (!call.ended) peer.send('answer', { callsid: call.sid, sdp });
    } catch (err) {
      this.log(`call ${call.sid}: reinvite not supported: ${String(err)}`);
    }
  }

  /** A call `message` (Call.sendMessage): Twilio knows one type, `user-defined-message`. */
  onMessage(peer: CallPeer, payload: Record<string, unknown>): void {
    const { callsid, voiceeventsid, messagetype } = payload;
    const call = this.find(peer, callsid);
    if (!call || call.ended) {
      peer.send('error', { callsid, voiceeventsid, error: { code: 31404, message: 'Not Found: no such call' } });
      return;
    }
    if (messagetype !== 'user-defined-message') {
      this.log(`call ${call.sid}: message of unsupported type ${JSON.stringify(messagetype)} (31210)`);
      peer.send('error', { callsid, voiceeventsid, error: { ...CALL_ERRORS.messageType } });
      return;
    }
    peer.send('ack', { acktype: 'message', callsid, voiceeventsid });
  }

  /**
   * The peer's socket is gone: every call on it ends as if hung up, except answered calls on
   * a socket that dropped without a close frame, which wait `reconnectGraceMs` for the SDK's
   * `invite{reconnect}` (signaling reconnection). A ringing device that goes away only stops
   * ringing; the call fails when no device is left.
   */
  onPeerClosed(peer: CallPeer): void {
    const dropped = peer.closeCode === undefined || peer.closeCode === 1006;
    for (const call of this.calls.values()) {
      if (call.ended) continue;
      if (call.forks.some((f) => f.peer === peer)) {
        this.dropFork(call, peer, 'socket closed');
        continue;
      }
      if (call.peer !== peer) continue;
      this.log(`call ${call.sid}: socket of ${peer.identity} closed`);
      if (call.answered && dropped) {
        // Like Twilio: an answered call waits a while for the client's signaling to come back.
        clearTimeout(call.reconnectTimer);
        call.reconnectTimer = setTimeout(() => {
          call.reconnectTimer = undefined;
          if (call.ended || call.peer.isOpen) return;
          this.log(`call ${call.sid}: no signaling reconnection from ${peer.identity}`);
          this.hangupFromClient(call);
        }, this.opts.reconnectGraceMs ?? 20000);
      } else {
        this.hangupFromClient(call);
      }
    }
  }

  // ---- API ---------------------------------------------------------------------------

  async ring(opts: RingOptions): Promise<CallInfo> {
    if (this.closed) throw new EmulatorError(503, 503, 'Emulator is closed');
    if (!opts || typeof opts.to !== 'string' || !opts.to) throw new EmulatorError(400, 400, '`to` is required');
    const identity = opts.to.startsWith('client:') ? opts.to.slice('client:'.length) : opts.to;
    const problem = identityProblem(identity);
    if (problem) throw new EmulatorError(400, INVALID_CLIENT_NAME.code, `${INVALID_CLIENT_NAME.message}: ${problem}`);
    const timeout = opts.timeout ?? DEFAULT_API_RING_TIMEOUT_S;
    if (!(typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0 && timeout <= 600)) {
      throw new EmulatorError(400, 400, '`timeout` must be a number of seconds between 1 and 600');
    }
    const targets = this.opts.findClients(identity);
    if (!targets.length) throw new EmulatorError(404, 20404, `Client ${identity} is not registered`);
    const params = Object.entries(opts.params ?? {});
    const call = await this.startIncoming({ targets, identity, from: opts.from ?? '+15005550006', params, parent: null, mode: opts.mode ?? 'tone', codecs: ['pcmu', 'opus'] });
    if (!call.ended) {
      this.timer(call, timeout * 1000, () => {
        if (call.answered || call.ended) return;
        this.log(`call ${call.sid}: nobody answered in ${timeout} s`);
        this.end(call, 'no-answer', 'cancel');
      });
    }
    return this.info(call);
  }

  cancel(callSid: string): CallInfo {
    const call = this.mustGet(callSid);
    if (call.direction !== 'incoming' || call.answered || call.ended) {
      throw new EmulatorError(409, 409, `Call ${callSid} is not a ringing incoming call (state ${call.state})`);
    }
    this.end(call, 'canceled', 'cancel');
    this.finishOther(call, 'cancel');
    return this.info(call);
  }

  hangup(callSid: string): CallInfo {
    const call = this.mustGet(callSid);
    if (call.ended) throw new EmulatorError(409, 409, `Call ${callSid} has already ended (state ${call.state})`);
    const answered = call.answered;
    this.end(call, answered ? 'completed' : 'canceled', answered ? 'hangup' : call.direction === 'incoming' ? 'cancel' : 'hangup');
    this.finishOther(call, answered ? 'hangup' : 'cancel');
    return this.info(call);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const call of this.calls.values()) {
      if (!call.ended) this.end(call, call.answered ? 'completed' : 'canceled', null);
    }
    while (this.closing.size) await Promise.allSettled([...this.closing]);
  }

  // ---- what the TwiML runner drives (twiml-session.ts) -----------------------------------

  /** Webhook signing key of the call's account. */
  authTokenFor(call: Call): string {
    return this.opts.authToken(call.accountSid) ?? '';
  }

  /** Starts our media for an outgoing call: the SDP answer to the caller's offer (sent later, by ringing or answer). */
  prepareCallerMedia(call: Call, offer: string, mode: MediaMode): Promise<string> {
    call.offerCodec = preferredAudioCodec(offer);
    const p = (async () => {
      const leg = await this.createLeg(call, mode);
      call.leg = leg;
      if (call.ended) {
        this.closeLeg(call);
        throw new Error('call ended');
      }
      return leg.answer(offer);
    })();
    p.catch(() => undefined); // reported where it is awaited
    return p;
  }

  /** `ringing` with our SDP: the caller hears early media (Dial without answerOnBridge). */
  async sendEarlyMedia(call: Call, mode: MediaMode): Promise<boolean> {
    if (call.answered || call.earlyMedia) return !call.ended;
    const sdp = await this.awaitCallerAnswer(call);
    if (sdp === null) return false;
    call.earlyMedia = true;
    call.ringingSent = true;
    call.leg?.setMode(mode);
    call.peer.send('ringing', { callsid: call.sid, sdp });
    return true;
  }

  /** Answers the caller (if not yet) and sets what its leg plays. False if the call ended. */
  async answerCaller(call: Call, mode: MediaMode): Promise<boolean> {
    if (call.answered) {
      if (!call.other) call.leg?.setMode(mode);
      return !call.ended;
    }
    const sdp = await this.awaitCallerAnswer(call);
    if (sdp === null) return false;
    if (!call.other) call.leg?.setMode(mode);
    this.markAnswered(call);
    call.peer.send('answer', { callsid: call.sid, sdp, reconnect: call.reconnectToken });
    return true;
  }

  setMode(call: Call, mode: MediaMode): void {
    if (!call.other) call.leg?.setMode(mode);
  }

  /** Waits, unless the call ends first. Resolves false if it ended. */
  wait(call: Call, ms: number): Promise<boolean> {
    if (call.ended) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        const i = call.endListeners.indexOf(onEnd);
        if (i >= 0) call.endListeners.splice(i, 1);
        resolve(ok);
      };
      const onEnd = () => done(false);
      call.endListeners.push(onEnd);
      this.timer(call, ms, () => done(!call.ended));
    });
  }

  /** Resolves when the call has ended. */
  whenEnded(call: Call): Promise<void> {
    if (call.ended) return Promise.resolve();
    return new Promise((resolve) => call.endListeners.push(resolve));
  }

  /**
   * <Dial> of clients from a caller leg: rings every registered device of each identity,
   * bridges the first to answer, and resolves when the dial is over (the callee hung up,
   * declined, never answered, or the caller went away). The caller stays up afterwards.
   */
  async dial(call: Call, req: DialRequest): Promise<DialOutcome> {
    const started = Date.now();
    const targets: Array<{ identity: string; peers: CallPeer[] }> = [];
    for (const identity of req.identities) {
      const problem = identityProblem(identity);
      if (problem) {
        this.log(`call ${call.sid}: <Client>${identity}: ${INVALID_CLIENT_NAME.code} ${INVALID_CLIENT_NAME.message}: ${problem}`);
        return { status: 'failed', error: { code: INVALID_CLIENT_NAME.code, message: `${INVALID_CLIENT_NAME.message}: ${problem}` }, duration: 0 };
      }
      const peers = this.opts.findClients(identity);
      if (peers.length) targets.push({ identity, peers });
      else this.log(`call ${call.sid}: client:${identity} is not registered`);
    }
    if (!targets.length) return { status: 'no-answer', unregistered: true, duration: 0 };
    if (call.ended) return { status: 'canceled', duration: 0 };
    const codec = call.offerCodec ?? 'pcmu';
    // Early media and the callee's invites get ready side by side.
    if (!req.answerOnBridge) void this.sendEarlyMedia(call, 'silence');
    const outcome = new Promise<DialOutcome>((resolve) => {
      let settled = false;
      const settle = (o: DialOutcome) => {
        if (settled) return;
        settled = true;
        resolve(o);
      };
      void this.startIncoming({
        targets: targets.flatMap((t) => t.peers),
        identity: targets[0]!.identity,
        from: req.callerId ?? call.from,
        params: req.parameters,
        parent: call,
        mode: 'silence',
        codecs: [codec],
        ...(req.inviteParameters ? { inviteParameters: req.inviteParameters } : {}),
        onDone: settle,
      }).then(
        (child) => {
          if (child.ended) return;
          if (req.answerOnBridge && !call.ringingSent && !call.answered) {
            call.ringingSent = true;
            call.peer.send('ringing', { callsid: call.sid });
          }
          this.timer(child, req.timeout * 1000, () => {
            if (child.answered || child.ended) return;
            this.log(`call ${child.sid}: no answer in ${req.timeout} s`);
            this.end(child, 'no-answer', 'cancel');
            settle({ status: 'no-answer', childSid: child.sid, duration: 0 });
          });
        },
        (err: unknown) => {
          this.log(`call ${call.sid}: ringing ${targets.map((t) => t.identity).join(', ')} failed: ${String(err)}`);
          settle({ status: 'failed', error: CALL_ERRORS.media, duration: 0 });
        },
      );
      call.endListeners.push(() => settle({ status: call.answered ? 'completed' : 'canceled', duration: Math.round((Date.now() - started) / 1000) }));
    });
    return outcome;
  }

  /** Ends a call from our side: `hangup` to the browser (with the error, if any). */
  endCall(call: Call, state: CallState, error?: CallError): void {
    this.end(call, state, 'hangup', error);
    this.finishOther(call, 'hangup');
  }

  // ---- internals ---------------------------------------------------------------------

  private finishDefaultDial(call: Call, outcome: DialOutcome): void {
    if (call.ended) return;
    if (outcome.status === 'completed') return this.end(call, 'completed', 'hangup');
    if (outcome.status === 'busy') return this.end(call, 'busy', 'hangup', CALL_ERRORS.busy);
    if (outcome.unregistered) return this.end(call, 'failed', 'hangup', CALL_ERRORS.notFound);
    if (outcome.status === 'no-answer') return this.end(call, 'no-answer', 'hangup', CALL_ERRORS.unavailable);
    this.end(call, 'failed', 'hangup', outcome.error ?? CALL_ERRORS.unavailable);
  }

  private async awaitCallerAnswer(call: Call): Promise<string | null> {
    if (call.ended) return null;
    try {
      const sdp = await call.pendingAnswer!;
      return call.ended ? null : sdp;
    } catch (err) {
      if (call.ended) return null;
      this.log(`call ${call.sid}: media answer failed: ${String(err)}`);
      this.end(call, 'failed', 'hangup', { code: CALL_ERRORS.media.code, message: `${CALL_ERRORS.media.message}: ${String(err)}` });
      return null;
    }
  }

  /** A callee just answered (or a device took the ringing call): answer and bridge its caller. */
  private async bridgeAnsweredCallee(call: Call): Promise<void> {
    const parent = call.other;
    if (!parent || parent.ended || call.ended) return;
    const sdp = await this.awaitCallerAnswer(parent);
    if (sdp === null) {
      if (!call.ended) this.end(call, 'failed', 'hangup');
      return;
    }
    if (call.ended) return;
    if (!parent.answered) {
      this.markAnswered(parent);
      parent.peer.send('answer', { callsid: parent.sid, sdp, reconnect: parent.reconnectToken });
    }
    this.rebridge(call);
  }

  private rebridge(call: Call): void {
    const other = call.other;
    if (!other || other.ended || !other.leg || !call.leg) return;
    call.leg.bridgeTo(other.leg);
    other.leg.bridgeTo(call.leg);
  }

  private markAnswered(call: Call): void {
    if (call.answered) return;
    call.answered = true;
    call.state = 'in-progress';
    call.answerTime = new Date();
  }

  private dropFork(call: Call, peer: CallPeer, why: string): void {
    const fork = call.forks.find((f) => f.peer === peer);
    if (!fork) return;
    call.forks = call.forks.filter((f) => f !== fork);
    if (fork.leg) this.closeLegLater(call, fork.leg);
    this.log(`call ${call.sid}: a device of ${peer.identity} stopped ringing (${why}); ${call.forks.length} left`);
    if (call.forks.length) {
      if (call.peer === peer) call.peer = call.forks[0]!.peer;
      return;
    }
    this.end(call, 'failed', null);
    this.finishOther(call, 'gone');
  }

  private classify(to: string): CallDestination {
    if (to === '') return 'preflight';
    if (to === 'echo') return 'echo';
    if (to === 'tone') return 'tone';
    if (to === 'busy') return 'busy';
    if (to === 'no-answer') return 'no-answer';
    if (E164.test(to)) return 'number';
    if (to.startsWith('client:') && to.length > 'client:'.length) return 'client';
    if (to && this.opts.findClients(to).length) return 'client';
    return 'unknown';
  }

  private add(
    init: Pick<Call, 'direction' | 'from' | 'to' | 'identity' | 'destination' | 'params' | 'accountSid' | 'peer'> & { tempSid?: string; applicationSid?: string },
  ): Call {
    const call: Call = {
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
    };
    this.calls.set(call.sid, call);
    this.prune();
    return call;
  }

  private prune(): void {
    const ended = [...this.calls.values()].filter((c) => c.ended);
    for (let i = 0; i < ended.length - MAX_ENDED_CALLS; i++) this.calls.delete(ended[i]!.sid);
  }

  private mustGet(callSid: string): Call {
    const call = this.calls.get(callSid);
    if (!call) throw new EmulatorError(404, 20404, `Call ${callSid} not found`);
    return call;
  }

  private find(peer: CallPeer, callsid: unknown): Call | undefined {
    if (typeof callsid !== 'string' || !callsid) return undefined;
    let call = this.calls.get(callsid);
    if (!call) {
      for (const c of this.calls.values()) {
        if (c.tempSid === callsid && c.peer === peer) {
          call = c;
          break;
        }
      }
    }
    if (!call) return undefined;
    return call.peer === peer || call.forks.some((f) => f.peer === peer) ? call : undefined;
  }

  private timer(call: Call, ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      call.timers.delete(t);
      fn();
    }, ms);
    call.timers.add(t);
  }

  private async createLeg(call: Call, mode: MediaMode, codecs?: readonly AudioCodec[]): Promise<MediaLeg> {
    const factory = await this.opts.getMediaFactory();
    const leg = factory({ mode, callSid: call.sid, ...(codecs ? { codecs } : {}) });
    leg.onDtmf((digit) => {
      call.dtmf += digit;
    });
    return leg;
  }

  private async startIncoming(o: {
    targets: CallPeer[];
    identity: string;
    from: string;
    params: Array<[string, string]>;
    parent: Call | null;
    mode: MediaMode;
    codecs: readonly AudioCodec[];
    inviteParameters?: Record<string, string>;
    onDone?: (outcome: DialOutcome) => void;
  }): Promise<Call> {
    const first = o.targets[0]!;
    const call = this.add({
      direction: 'incoming',
      from: o.from,
      to: `client:${o.identity}`,
      identity: o.identity,
      destination: 'client',
      params: Object.fromEntries(o.params),
      accountSid: first.accountSid,
      peer: first,
    });
    call.forks = o.targets.map((peer) => ({ peer, leg: null }));
    if (o.onDone) call.dialDone = o.onDone;
    if (o.parent) {
      call.other = o.parent;
      o.parent.other = call;
    }
    this.log(`call ${call.sid}: ringing client:${o.identity} (${o.targets.length} device${o.targets.length === 1 ? '' : 's'}) from ${o.from}`);
    const parameters: Record<string, string> = {
      CallSid: call.sid,
      AccountSid: call.accountSid,
      From: o.from,
      To: call.to,
      ApiVersion: '2010-04-01',
      ...(o.inviteParameters ?? {}),
    };
    if (o.params.length) parameters.Params = encodeParams(o.params);
    const stale = call.forks.filter((f) => this.opts.isStale?.(f.peer));
    if (stale.length) {
      // Like Twilio: an invite to a registration that stopped answering its heartbeats goes nowhere.
      this.log(`call ${call.sid}: ${stale.length} stale registration(s) of ${o.identity}, not delivered`);
      call.forks = call.forks.filter((f) => !stale.includes(f));
      if (!call.forks.length) {
        // Every device is stale: the caller hears no answer.
        this.timer(call, this.opts.noAnswerMs, () => {
          this.end(call, 'no-answer', null, CALL_ERRORS.unavailable);
          this.finishOther(call, 'gone');
        });
        return call;
      }
    }
    await Promise.all(
      call.forks.map(async (fork) => {
        let offer: string;
        try {
          const leg = await this.createLeg(call, o.mode, o.codecs);
          fork.leg = leg;
          if (call.ended || !call.forks.includes(fork)) return this.closeLegLater(call, leg);
          offer = await leg.createOffer();
        } catch (err) {
          this.log(`call ${call.sid}: media offer for a device of ${o.identity} failed: ${String(err)}`);
          this.dropFork(call, fork.peer, 'media failed');
          return;
        }
        if (call.ended || !call.forks.includes(fork)) return;
        fork.peer.send('invite', { callsid: call.sid, sdp: offer, parameters, reconnect: call.reconnectToken });
      }),
    );
    if (!call.ended && call.forks.length === 0) {
      this.end(call, 'failed', null, CALL_ERRORS.media);
      throw new Error('no device could be offered the call');
    }
    return call;
  }

  private hangupFromClient(call: Call): void {
    const answered = call.answered;
    if (call.direction === 'incoming' && !answered) {
      // Hanging up a call that was never answered declines it.
      this.end(call, 'rejected', null);
      this.finishOther(call, 'reject');
      return;
    }
    this.end(call, answered ? 'completed' : 'canceled', null);
    this.finishOther(call, 'hangup');
  }

  /** Ends the other leg of a client-to-client call after `call` ended. */
  private finishOther(call: Call, reason: 'hangup' | 'reject' | 'cancel' | 'gone'): void {
    const other = call.other;
    if (!other || other.ended) return;
    if (call.direction === 'outgoing') {
      // `call` is the caller, `other` the callee.
      if (other.answered) this.end(other, 'completed', 'hangup');
      else this.end(other, 'canceled', 'cancel');
      return;
    }
    // `call` is the callee, `other` the caller. A caller run by a TwiML app goes on with its document.
    if (call.dialDone) return;
    if (other.answered) this.end(other, 'completed', 'hangup');
    else if (reason === 'reject' || reason === 'hangup') this.end(other, 'busy', 'hangup', CALL_ERRORS.busy);
    else this.end(other, 'no-answer', 'hangup', CALL_ERRORS.unavailable);
  }

  private end(call: Call, state: CallState, notify: 'hangup' | 'cancel' | null, error?: CallError): void {
    if (call.ended) return;
    call.ended = true;
    call.state = state;
    call.endTime = new Date();
    if (error) call.error = { ...error };
    for (const t of call.timers) clearTimeout(t);
    call.timers.clear();
    clearTimeout(call.reconnectTimer);
    call.reconnectTimer = undefined;
    const peers = call.forks.length ? call.forks.map((f) => f.peer) : [call.peer];
    for (const f of call.forks) if (f.leg) this.closeLegLater(call, f.leg);
    call.forks = [];
    if (notify) {
      for (const peer of peers) {
        if (!peer.isOpen) continue;
        peer.send(notify, notify === 'hangup' && error ? { callsid: call.sid, error: { ...error } } : { callsid: call.sid });
      }
    }
    this.log(`call ${call.sid}: ${state}${error ? ` (${error.code} ${error.message})` : ''}`);
    this.closeLeg(call);
    if (call.dialDone) {
      const status = state === 'completed' ? 'completed' : state === 'rejected' || state === 'busy' ? 'busy' : state === 'no-answer' ? 'no-answer' : state === 'canceled' ? 'canceled' : 'failed';
      const duration = call.answerTime ? Math.round((call.endTime.getTime() - call.answerTime.getTime()) / 1000) : 0;
      call.dialDone({ status, childSid: call.sid, duration });
      // The caller goes on without the callee: unbridge it.
      const parent = call.other;
      if (parent && !parent.ended) parent.leg?.bridgeTo(null);
    }
    for (const l of call.endListeners.splice(0)) l();
    this.prune();
  }

  private closeLeg(call: Call): void {
    const leg = call.leg;
    if (!leg) return;
    call.leg = null;
    try {
      call.finalStats = leg.stats();
    } catch {
      /* stats are best effort */
    }
    try {
      leg.bridgeTo(null);
      call.other?.leg?.bridgeTo(null);
    } catch {
      /* ignore */
    }
    this.closeLegLater(call, leg);
  }

  private closeLegLater(call: Call, leg: MediaLeg): void {
    const p: Promise<void> = Promise.resolve()
      .then(() => leg.close())
      .catch((err: unknown) => this.log(`call ${call.sid}: closing media leg failed: ${String(err)}`))
      .finally(() => this.closing.delete(p));
    this.closing.add(p);
  }

  private info(call: Call): CallInfo {
    let media: MediaStats | null = call.finalStats ?? null;
    if (call.leg) {
      try {
        media = call.leg.stats();
      } catch {
        /* keep the last known */
      }
    }
    const info: CallInfo = {
      callSid: call.sid,
      accountSid: call.accountSid,
      direction: call.direction,
      from: call.from,
      to: call.to,
      identity: call.identity,
      destination: call.destination,
      params: { ...call.params },
      state: call.state,
      ringingDevices: call.forks.length,
      codec: call.leg?.codec ?? null,
      dtmf: call.dtmf,
      startTime: call.startTime.toISOString(),
      media: media ? { ...media } : null,
    };
    if (call.applicationSid) info.applicationSid = call.applicationSid;
    if (call.other) {
      if (call.direction === 'incoming') info.parentCallSid = call.other.sid;
      else info.childCallSid = call.other.sid;
    }
    if (call.answerTime) info.answerTime = call.answerTime.toISOString();
    if (call.endTime) info.endTime = call.endTime.toISOString();
    if (call.error) info.error = { ...call.error };
    return info;
  }
}
