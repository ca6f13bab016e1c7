/**
 * Incoming calls: every registered device of an identity is rung with its
 * own offer (stale registrations get nothing, signaling/registrations.ts);
 * the first to accept wins and the others get `cancel`; a decline ends the
 * call on every device. Rung by the control API (`ring`) or by a <Dial>
 * (dial.ts), which then owns the outcome.
 */
import type { AudioCodec } from '../media/codecs.js';
import type { MediaMode } from '../media/types.js';
import { EmulatorError } from '../http/errors.js';
import { INVALID_CLIENT_NAME, identityProblem } from '../auth/identity.js';
import { iceUfrag, type Call, type Fork } from './call.js';
import type { DialOutcome } from './call-handle.js';
import type { CallStore } from './call-store.js';
import type { CallBridge } from './bridge.js';
import type { CallLegs } from './legs.js';
import type { CallLifecycle } from './lifecycle.js';
import { CALL_ERRORS, encodeParams, type CallPeer, type RingOptions } from './types.js';

const DEFAULT_API_RING_TIMEOUT_S = 60;

export interface RingRequest {
  /** Every device to ring (all of one identity's registered sockets). */
  targets: CallPeer[];
  identity: string;
  from: string;
  params: Array<[string, string]>;
  /** The caller leg when a <Dial> rings. */
  parent: Call | null;
  mode: MediaMode;
  codecs: readonly AudioCodec[];
  inviteParameters?: Record<string, string>;
  onDone?: (outcome: DialOutcome) => void;
}

export interface IncomingDeps {
  store: CallStore;
  legs: CallLegs;
  life: CallLifecycle;
  bridge: CallBridge;
  findClients: (identity: string) => CallPeer[];
  /** A registration whose heartbeats went unanswered: its invites are never delivered. */
  isStale?: ((peer: CallPeer) => boolean) | undefined;
  noAnswerMs: number;
  log: (line: string) => void;
}

export class IncomingCalls {
  constructor(private readonly d: IncomingDeps) {}

  /** Rings every device of `o.targets`; throws when none could be offered the call. */
  async start(o: RingRequest): Promise<Call> {
    const { store, life, log } = this.d;
    const first = o.targets[0];
    const call = store.add({
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
    log(`call ${call.sid}: ringing client:${o.identity} (${o.targets.length} device${o.targets.length === 1 ? '' : 's'}) from ${o.from}`);
    if (this.dropStale(call, o.identity)) return call;
    const parameters = this.inviteParameters(call, o);
    await Promise.all(call.forks.map((fork) => this.offer(call, fork, o, parameters)));
    if (!call.ended && call.forks.length === 0) {
      life.end(call, 'failed', null, CALL_ERRORS.media);
      throw new Error('no device could be offered the call');
    }
    return call;
  }

  /** The `parameters` of the callee's invite: Twilio's call parameters and the custom ones (`Params`). */
  private inviteParameters(call: Call, o: RingRequest): Record<string, string> {
    const parameters: Record<string, string> = {
      CallSid: call.sid,
      AccountSid: call.accountSid,
      From: o.from,
      To: call.to,
      ApiVersion: '2010-04-01',
      ...(o.inviteParameters ?? {}),
    };
    if (o.params.length) parameters.Params = encodeParams(o.params);
    return parameters;
  }

  /** Like Twilio: an invite to a registration that stopped answering its heartbeats goes nowhere. True when no device is left. */
  private dropStale(call: Call, identity: string): boolean {
    const stale = call.forks.filter((f) => this.d.isStale?.(f.peer));
    if (!stale.length) return false;
    this.d.log(`call ${call.sid}: ${stale.length} stale registration(s) of ${identity}, not delivered`);
    call.forks = call.forks.filter((f) => !stale.includes(f));
    if (call.forks.length) return false;
    // Every device is stale: the caller hears no answer.
    this.d.life.timer(call, this.d.noAnswerMs, () => {
      this.d.life.end(call, 'no-answer', null, CALL_ERRORS.unavailable);
      this.d.life.finishOther(call, 'gone');
    });
    return true;
  }

  /** One device's `invite`, with an offer from its own media leg. */
  private async offer(call: Call, fork: Fork, o: RingRequest, parameters: Record<string, string>): Promise<void> {
    const { legs, life } = this.d;
    let offer: string;
    try {
      const leg = await legs.create(call, o.mode, o.codecs);
      fork.leg = leg;
      if (call.ended || !call.forks.includes(fork)) return legs.closeLater(call, leg);
      offer = await leg.createOffer();
    } catch (err) {
      this.d.log(`call ${call.sid}: media offer for a device of ${o.identity} failed: ${String(err)}`);
      life.dropFork(call, fork.peer, 'media failed');
      return;
    }
    if (call.ended || !call.forks.includes(fork)) return;
    fork.peer.send('invite', { callsid: call.sid, sdp: offer, parameters, reconnect: call.reconnectToken });
  }

  /** The control API's ring: a call from `opts.from` that rings `opts.timeout` seconds at most. */
  async ring(opts: RingOptions): Promise<Call> {
    if (!opts || typeof opts.to !== 'string' || !opts.to) throw new EmulatorError(400, 400, '`to` is required');
    const identity = opts.to.startsWith('client:') ? opts.to.slice('client:'.length) : opts.to;
    const problem = identityProblem(identity);
    if (problem) throw new EmulatorError(400, INVALID_CLIENT_NAME.code, `${INVALID_CLIENT_NAME.message}: ${problem}`);
    const timeout = opts.timeout ?? DEFAULT_API_RING_TIMEOUT_S;
    if (!(typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0 && timeout <= 600)) {
      throw new EmulatorError(400, 400, '`timeout` must be a number of seconds between 1 and 600');
    }
    const targets = this.d.findClients(identity);
    if (!targets.length) throw new EmulatorError(404, 20404, `Client ${identity} is not registered`);
    const params = Object.entries(opts.params ?? {});
    const call = await this.start({
      targets,
      identity,
      from: opts.from ?? '+15005550006',
      params,
      parent: null,
      mode: opts.mode ?? 'tone',
      codecs: ['pcmu', 'opus'],
    });
    if (!call.ended) {
      this.d.life.timer(call, timeout * 1000, () => {
        if (call.answered || call.ended) return;
        this.d.log(`call ${call.sid}: nobody answered in ${timeout} s`);
        this.d.life.end(call, 'no-answer', 'cancel');
      });
    }
    return call;
  }

  /** `answer` from one of the devices: first accept wins, the other devices stop ringing. */
  async onAnswer(peer: CallPeer, payload: Record<string, unknown>): Promise<void> {
    const { store, legs, life, bridge, log } = this.d;
    const call = store.find(peer, payload.callsid);
    if (!call || call.direction !== 'incoming' || call.ended || call.answered) return;
    if (typeof payload.sdp !== 'string' || !payload.sdp) return;
    const fork = call.forks.find((f) => f.peer === peer);
    if (!fork) return;
    for (const f of call.forks) {
      if (f === fork) continue;
      if (f.peer.isOpen) f.peer.send('cancel', { callsid: call.sid });
      if (f.leg) legs.closeLater(call, f.leg);
    }
    call.forks = [];
    call.peer = peer;
    call.leg = fork.leg;
    call.remoteUfrag = iceUfrag(payload.sdp);
    life.markAnswered(call);
    log(`call ${call.sid}: answered by ${peer.identity}`);
    try {
      await call.leg?.acceptAnswer(payload.sdp);
    } catch (err) {
      log(`call ${call.sid}: acceptAnswer failed: ${String(err)}`);
    }
    call.onAnswered?.();
    await bridge.calleeAnswered(call);
  }

  /** A decline ends the call on every device (SIP 603 stops all forks). */
  onReject(peer: CallPeer, payload: Record<string, unknown>): void {
    const call = this.d.store.find(peer, payload.callsid);
    if (!call || call.ended || call.direction !== 'incoming' || call.answered) return;
    this.d.log(`call ${call.sid}: rejected by ${peer.identity}`);
    this.d.life.end(call, 'rejected', null);
    this.d.life.finishOther(call, 'reject');
  }
}
