/**
 * Call signaling of the emulator: outgoing calls placed by browser clients
 * (`invite`), incoming calls rung at registered clients (`ring()`), and the
 * client-to-client bridge. SDP is produced and consumed by media legs
 * (media.ts, werift); this file only moves it around.
 */
import { randomBytes } from 'node:crypto';
import type { MediaLeg, MediaLegOptions, MediaMode, MediaStats } from './media-types.js';

export type CallDirection = 'outgoing' | 'incoming';
export type CallState = 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'canceled' | 'rejected' | 'failed';
export type CallDestination = 'echo' | 'tone' | 'number' | 'busy' | 'no-answer' | 'client' | 'unknown';

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
  /** The identity of the browser client on this leg. */
  identity: string;
  destination: CallDestination;
  /** Custom parameters (for outgoing calls: the invite's params, To included). */
  params: Record<string, string>;
  state: CallState;
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
  readonly isOpen: boolean;
  /** The socket's close code once it closed; 1006 = dropped without a close frame (network loss, gateway restart). */
  readonly closeCode?: number;
  send(type: string, payload: Record<string, unknown>): void;
}

export type MediaLegFactory = (opts: MediaLegOptions) => MediaLeg;

export interface CallManagerOptions {
  getMediaFactory: () => Promise<MediaLegFactory>;
  findClient: (identity: string) => CallPeer | undefined;
  defaultAccountSid: string;
  noAnswerMs: number;
  /** How long an answered call survives its client's signaling socket closing, waiting for `invite{reconnect}`. Default 20000. */
  reconnectGraceMs?: number;
  /** A registration whose heartbeats went unanswered (registrations.ts): its invites are never delivered. */
  isStale?: (peer: CallPeer) => boolean;
  log: (line: string) => void;
}

export interface RingOptions {
  to: string;
  from?: string;
  params?: Record<string, string>;
  /** What the callee hears when the ring comes from the API (default 'tone'). */
  mode?: MediaMode;
}

export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'EmulatorError';
  }
}

export const CALL_ERRORS = {
  busy: { code: 31486, message: 'Busy Here' },
  unavailable: { code: 31480, message: 'Temporarily Unavailable' },
  notFound: { code: 31404, message: 'Not Found' },
  media: { code: 31000, message: 'Media endpoint failed' },
  reconnect: { code: 31209, message: 'Reconnect attempt is not authorized' },
} as const;

const MAX_ENDED_CALLS = 200;

interface Call {
  sid: string;
  tempSid?: string;
  direction: CallDirection;
  from: string;
  to: string;
  destination: CallDestination;
  params: Record<string, string>;
  accountSid: string;
  peer: CallPeer;
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
  other: Call | null;
  /** Handed to the client (`reconnect` in our `answer` / `invite`) for signaling reconnection. */
  reconnectToken: string;
  /** Set while the client's socket is gone and we wait for `invite{reconnect}`. */
  reconnectTimer?: NodeJS.Timeout;
  /** Caller leg of a client call: our SDP answer to the caller's offer, prepared while the callee rings. */
  pendingAnswer?: Promise<string>;
  timers: Set<NodeJS.Timeout>;
}

export function newCallSid(): string {
  return 'CA' + randomBytes(16).toString('hex');
}

function parseParams(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof raw !== 'string' || !raw) return out;
  for (const [k, v] of new URLSearchParams(raw)) out[k] = v;
  return out;
}

function encodeParams(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

const E164 = /^\+[1-9]\d{1,14}$/;

export class CallManager {
  private readonly calls = new Map<string, Call>();
  private readonly closing = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly opts: CallManagerOptions) {}

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
      this.onReconnect(peer, payload.reconnect, tempSid);
      return;
    }
    if (typeof tempSid !== 'string' || !tempSid || typeof sdp !== 'string' || !sdp) {
      peer.send('error', { callsid: tempSid, error: { code: 31400, message: 'Malformed invite' } });
      return;
    }
    const twilio = (payload.twilio ?? {}) as Record<string, unknown>;
    const params = parseParams(twilio.params);
    const to = params.To ?? '';
    const destination = this.classify(to);
    const call = this.add({
      tempSid,
      direction: 'outgoing',
      from: `client:${peer.identity}`,
      to,
      destination,
      params,
      accountSid: peer.accountSid,
      peer,
    });
    this.opts.log(`call ${call.sid}: ${call.from} -> ${to || '(none)'} (${destination})`);
    peer.send('ringing', { callsid: call.sid });

    switch (destination) {
      case 'echo':
      case 'tone':
      case 'number':
        await this.answerWithMedia(call, sdp, destination === 'echo' ? 'echo' : 'tone');
        return;
      case 'busy':
        this.end(call, 'busy', 'hangup', CALL_ERRORS.busy);
        return;
      case 'no-answer':
        this.timer(call, this.opts.noAnswerMs, () => this.end(call, 'no-answer', 'hangup', CALL_ERRORS.unavailable));
        return;
      case 'client': {
        const identity = to.startsWith('client:') ? to.slice('client:'.length) : to;
        const target = this.opts.findClient(identity);
        if (!target) {
          this.end(call, 'failed', 'hangup', CALL_ERRORS.notFound);
          return;
        }
        await this.dialClient(call, sdp, target, identity);
        return;
      }
      default:
        this.end(call, 'failed', 'hangup', CALL_ERRORS.notFound);
    }
  }

  /**
   * Signaling reconnection (the SDK's `invite{reconnect}` after its socket came back): the call
   * moves to the new socket and gets an `answer`, which the SDK turns into `reconnected`. Media
   * legs never noticed. Unknown token, other identity, or an ended call: hangup 31209.
   */
  private onReconnect(peer: CallPeer, token: string, callsid: unknown): void {
    const call = [...this.calls.values()].find((c) => c.reconnectToken === token);
    if (!call || call.ended || !call.answered || call.peer.identity !== peer.identity || call.accountSid !== peer.accountSid) {
      peer.send('hangup', { callsid, error: { ...CALL_ERRORS.reconnect } });
      return;
    }
    clearTimeout(call.reconnectTimer);
    call.reconnectTimer = undefined;
    call.peer = peer;
    this.opts.log(`call ${call.sid}: signaling reconnected for ${peer.identity}`);
    peer.send('answer', { callsid: call.sid, reconnect: call.reconnectToken });
  }

  async onAnswer(peer: CallPeer, payload: Record<string, unknown>): Promise<void> {
    const call = this.find(peer, payload.callsid);
    if (!call || call.direction !== 'incoming' || call.ended || call.answered) return;
    if (typeof payload.sdp !== 'string' || !payload.sdp) return;
    call.answered = true;
    call.state = 'in-progress';
    call.answerTime = new Date();
    this.opts.log(`call ${call.sid}: answered by ${peer.identity}`);
    try {
      await call.leg?.acceptAnswer(payload.sdp);
    } catch (err) {
      this.opts.log(`call ${call.sid}: acceptAnswer failed: ${String(err)}`);
    }
    const parent = call.other;
    if (!parent || parent.ended || call.ended) return;
    let sdp: string;
    try {
      sdp = await parent.pendingAnswer!;
    } catch (err) {
      this.opts.log(`call ${parent.sid}: media answer failed: ${String(err)}`);
      this.end(parent, 'failed', 'hangup', CALL_ERRORS.media);
      this.end(call, 'failed', 'hangup');
      return;
    }
    if (parent.ended || call.ended) return;
    parent.answered = true;
    parent.state = 'in-progress';
    parent.answerTime = new Date();
    parent.peer.send('answer', { callsid: parent.sid, sdp, reconnect: parent.reconnectToken });
    if (parent.leg && call.leg) {
      parent.leg.bridgeTo(call.leg);
      call.leg.bridgeTo(parent.leg);
    }
  }

  onHangup(peer: CallPeer, payload: Record<string, unknown>): void {
    const call = this.find(peer, payload.callsid);
    if (!call || call.ended) return;
    this.opts.log(`call ${call.sid}: hung up by ${peer.identity}`);
    this.hangupFromClient(call);
  }

  onReject(peer: CallPeer, payload: Record<string, unknown>): void {
    const call = this.find(peer, payload.callsid);
    if (!call || call.ended || call.direction !== 'incoming' || call.answered) return;
    this.opts.log(`call ${call.sid}: rejected by ${peer.identity}`);
    this.end(call, 'rejected', null);
    this.finishOther(call, 'reject');
  }

  onDtmf(peer: CallPeer, payload: Record<string, unknown>): void {
    const call = this.find(peer, payload.callsid);
    if (!call || call.ended) return;
    if (typeof payload.dtmf === 'string' || typeof payload.dtmf === 'number') call.dtmf += String(payload.dtmf);
  }

  async onReinvite(peer: CallPeer, payload: Record<string, unknown>): Promise<void> {
    const call = this.find(peer, payload.callsid);
    if (!call || call.ended || !call.leg || typeof payload.sdp !== 'string') return;
    try {
      const sdp = await call.leg.answer(payload.sdp);
      if (!call.ended) peer.send('answer', { callsid: call.sid, sdp });
    } catch (err) {
      this.opts.log(`call ${call.sid}: reinvite not supported: ${String(err)}`);
    }
  }

  /**
   * The peer's socket is gone: every call on it ends as if hung up, except answered calls on
   * a socket that dropped without a close frame, which wait `reconnectGraceMs` for the SDK's
   * `invite{reconnect}` (signaling reconnection).
   */
  onPeerClosed(peer: CallPeer): void {
    const dropped = peer.closeCode === undefined || peer.closeCode === 1006;
    for (const call of this.calls.values()) {
      if (call.peer === peer && !call.ended) {
        this.opts.log(`call ${call.sid}: socket of ${peer.identity} closed`);
        if (call.direction === 'incoming' && !call.answered) {
          this.end(call, 'failed', null);
          this.finishOther(call, 'gone');
        } else if (call.answered && dropped) {
          // Like Twilio: an answered call waits a while for the client's signaling to come back.
          clearTimeout(call.reconnectTimer);
          call.reconnectTimer = setTimeout(() => {
            call.reconnectTimer = undefined;
            if (call.ended || call.peer.isOpen) return;
            this.opts.log(`call ${call.sid}: no signaling reconnection from ${peer.identity}`);
            this.hangupFromClient(call);
          }, this.opts.reconnectGraceMs ?? 20000);
        } else {
          this.hangupFromClient(call);
        }
      }
    }
  }

  // ---- API ---------------------------------------------------------------------------

  async ring(opts: RingOptions): Promise<CallInfo> {
    if (this.closed) throw new EmulatorError(503, 503, 'Emulator is closed');
    if (!opts || typeof opts.to !== 'string' || !opts.to) throw new EmulatorError(400, 400, '`to` is required');
    const identity = opts.to.startsWith('client:') ? opts.to.slice('client:'.length) : opts.to;
    const target = this.opts.findClient(identity);
    if (!target) throw new EmulatorError(404, 20404, `Client ${identity} is not registered`);
    const call = await this.startIncoming(target, identity, opts.from ?? '+15005550006', opts.params ?? {}, null, opts.mode ?? 'tone');
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
    this.end(call, answered ? 'completed' : 'canceled', 'hangup');
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

  // ---- internals ---------------------------------------------------------------------

  private classify(to: string): CallDestination {
    if (to === 'echo') return 'echo';
    if (to === 'tone') return 'tone';
    if (to === 'busy') return 'busy';
    if (to === 'no-answer') return 'no-answer';
    if (E164.test(to)) return 'number';
    if (to.startsWith('client:') && to.length > 'client:'.length) return 'client';
    if (to && this.opts.findClient(to)) return 'client';
    return 'unknown';
  }

  private add(init: Pick<Call, 'direction' | 'from' | 'to' | 'destination' | 'params' | 'accountSid' | 'peer'> & { tempSid?: string }): Call {
    const call: Call = {
      sid: newCallSid(),
      ...init,
      state: 'ringing',
      ended: false,
      answered: false,
      dtmf: '',
      startTime: new Date(),
      leg: null,
      other: null,
      reconnectToken: 'RT' + randomBytes(16).toString('hex'),
      timers: new Set(),
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
    return call && call.peer === peer ? call : undefined;
  }

  private timer(call: Call, ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      call.timers.delete(t);
      fn();
    }, ms);
    call.timers.add(t);
  }

  private async newLeg(call: Call, mode: MediaMode): Promise<MediaLeg> {
    const factory = await this.opts.getMediaFactory();
    const leg = factory({ mode });
    leg.onDtmf((digit) => {
      call.dtmf += digit;
    });
    call.leg = leg;
    if (call.ended) this.closeLeg(call);
    return leg;
  }

  private async answerWithMedia(call: Call, offer: string, mode: MediaMode): Promise<void> {
    let sdp: string;
    try {
      const leg = await this.newLeg(call, mode);
      if (call.ended) return;
      sdp = await leg.answer(offer);
    } catch (err) {
      this.opts.log(`call ${call.sid}: media answer failed: ${String(err)}`);
      this.end(call, 'failed', 'hangup', { code: CALL_ERRORS.media.code, message: `${CALL_ERRORS.media.message}: ${String(err)}` });
      return;
    }
    if (call.ended) return;
    call.answered = true;
    call.state = 'in-progress';
    call.answerTime = new Date();
    call.peer.send('answer', { callsid: call.sid, sdp, reconnect: call.reconnectToken });
  }

  private async dialClient(caller: Call, offer: string, target: CallPeer, identity: string): Promise<void> {
    try {
      const leg = await this.newLeg(caller, 'silence');
      if (caller.ended) return;
      caller.pendingAnswer = leg.answer(offer);
      caller.pendingAnswer.catch(() => undefined); // handled when the callee answers
    } catch (err) {
      this.opts.log(`call ${caller.sid}: media leg failed: ${String(err)}`);
      this.end(caller, 'failed', 'hangup', CALL_ERRORS.media);
      return;
    }
    const params = { ...caller.params };
    delete params.To;
    try {
      await this.startIncoming(target, identity, caller.from, params, caller, 'silence');
    } catch (err) {
      this.opts.log(`call ${caller.sid}: ringing ${identity} failed: ${String(err)}`);
      this.end(caller, 'failed', 'hangup', CALL_ERRORS.media);
    }
  }

  private async startIncoming(
    target: CallPeer,
    identity: string,
    from: string,
    params: Record<string, string>,
    parent: Call | null,
    mode: MediaMode,
  ): Promise<Call> {
    const call = this.add({
      direction: 'incoming',
      from,
      to: `client:${identity}`,
      destination: 'client',
      params,
      accountSid: target.accountSid,
      peer: target,
    });
    if (parent) {
      call.other = parent;
      parent.other = call;
    }
    this.opts.log(`call ${call.sid}: ringing client:${identity} from ${from}`);
    let offer: string;
    try {
      const leg = await this.newLeg(call, mode);
      if (call.ended) return call;
      offer = await leg.createOffer();
    } catch (err) {
      this.end(call, 'failed', null, CALL_ERRORS.media);
      throw err;
    }
    if (call.ended) return call;
    const parameters: Record<string, string> = {
      CallSid: call.sid,
      AccountSid: call.accountSid,
      From: from,
      To: call.to,
      ApiVersion: '2010-04-01',
    };
    if (Object.keys(params).length) parameters.Params = encodeParams(params);
    if (this.opts.isStale?.(target)) {
      // Like Twilio: the invite goes to a registration that no longer answers, and the caller hears no answer.
      this.opts.log(`call ${call.sid}: registration of ${identity} is stale, not delivered`);
      this.timer(call, this.opts.noAnswerMs, () => {
        this.end(call, 'no-answer', null, CALL_ERRORS.unavailable);
        this.finishOther(call, 'gone');
      });
      return call;
    }
    target.send('invite', { callsid: call.sid, sdp: offer, parameters, reconnect: call.reconnectToken });
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
    // `call` is the callee, `other` the caller.
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
    if (notify && call.peer.isOpen) {
      call.peer.send(notify, notify === 'hangup' && error ? { callsid: call.sid, error: { ...error } } : { callsid: call.sid });
    }
    this.opts.log(`call ${call.sid}: ${state}${error ? ` (${error.code} ${error.message})` : ''}`);
    this.closeLeg(call);
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
    const p: Promise<void> = Promise.resolve()
      .then(() => leg.close())
      .catch((err: unknown) => this.opts.log(`call ${call.sid}: closing media leg failed: ${String(err)}`))
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
      identity: call.peer.identity,
      destination: call.destination,
      params: { ...call.params },
      state: call.state,
      dtmf: call.dtmf,
      startTime: call.startTime.toISOString(),
      media: media ? { ...media } : null,
    };
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
