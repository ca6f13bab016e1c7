/**
 * A call outliving its socket: signaling reconnection (`invite{reconnect}`
 * after the socket dropped), takeover by another device of the same identity
 * (the SDK's connectToken), and what happens to a socket's calls when it
 * closes.
 */
import { ANONYMOUS_IDENTITY } from '../auth/identity.js';
import type { MediaLeg } from '../media/types.js';
import { iceUfrag, type Call } from './call.js';
import type { CallStore } from './call-store.js';
import type { CallBridge } from './bridge.js';
import type { CallLegs } from './legs.js';
import type { CallLifecycle } from './lifecycle.js';
import { CALL_ERRORS, type CallPeer } from './types.js';

export interface ReconnectDeps {
  store: CallStore;
  legs: CallLegs;
  life: CallLifecycle;
  bridge: CallBridge;
  /** How long an answered call survives its client's signaling socket dropping. */
  reconnectGraceMs: number;
  log: (line: string) => void;
}

export class Reconnects {
  constructor(private readonly d: ReconnectDeps) {}

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
  async onReconnect(peer: CallPeer, token: string, callsid: unknown, sdp: unknown): Promise<void> {
    const call = this.d.store.byReconnectToken(token);
    const refuse = () => peer.send('hangup', { callsid, error: { ...CALL_ERRORS.reconnect } });
    if (!call || call.ended || call.identity !== (peer.identity || ANONYMOUS_IDENTITY) || call.accountSid !== peer.accountSid) return refuse();
    if (call.direction === 'incoming' && !call.answered) {
      if (typeof sdp !== 'string' || !sdp) return refuse();
      await this.takeOver(call, peer, sdp);
      return;
    }
    if (!call.answered) return refuse();
    const ufrag = iceUfrag(sdp);
    if (peer !== call.peer && call.peer.isOpen && typeof sdp === 'string' && ufrag && ufrag !== call.remoteUfrag) {
      await this.takeOver(call, peer, sdp);
      return;
    }
    clearTimeout(call.reconnectTimer);
    call.reconnectTimer = undefined;
    call.peer = peer;
    this.d.log(`call ${call.sid}: signaling reconnected for ${peer.identity}`);
    peer.send('answer', { callsid: call.sid, reconnect: call.reconnectToken });
  }

  /** Another device of the same identity takes a call: it gets our answer to its offer, the previous device(s) `cancel`. */
  private async takeOver(call: Call, peer: CallPeer, offer: string): Promise<void> {
    const { legs, life, bridge } = this.d;
    const previous = call.forks.length ? call.forks.map((f) => f.peer) : [call.peer];
    const oldLegs = [...call.forks.map((f) => f.leg), call.forks.length ? null : call.leg].filter((l): l is MediaLeg => !!l);
    call.forks = [];
    call.leg = null;
    clearTimeout(call.reconnectTimer);
    call.reconnectTimer = undefined;
    for (const p of previous) if (p !== peer && p.isOpen) p.send('cancel', { callsid: call.sid });
    for (const l of oldLegs) legs.closeLater(call, l);
    call.peer = peer;
    call.remoteUfrag = iceUfrag(offer);
    this.d.log(`call ${call.sid}: taken over by another device of ${peer.identity}`);
    let sdp: string;
    try {
      const leg = await legs.create(call, 'silence');
      call.leg = leg;
      if (call.ended) return legs.close(call);
      sdp = await leg.answer(offer);
    } catch (err) {
      life.end(call, 'failed', 'hangup', { code: CALL_ERRORS.media.code, message: `${CALL_ERRORS.media.message}: ${String(err)}` });
      life.finishOther(call, 'gone');
      return;
    }
    if (call.ended) return;
    const wasAnswered = call.answered;
    life.markAnswered(call);
    peer.send('answer', { callsid: call.sid, sdp, reconnect: call.reconnectToken });
    for (const l of call.legListeners) l();
    if (wasAnswered) bridge.rebridge(call);
    else await bridge.calleeAnswered(call);
  }

  /**
   * The peer's socket is gone: every call on it ends as if hung up, except answered calls on
   * a socket that dropped without a close frame, which wait `reconnectGraceMs` for the SDK's
   * `invite{reconnect}` (signaling reconnection). A ringing device that goes away only stops
   * ringing; the call fails when no device is left.
   */
  onPeerClosed(peer: CallPeer): void {
    const { life, log } = this.d;
    const dropped = peer.closeCode === undefined || peer.closeCode === 1006;
    for (const call of this.d.store.all()) {
      if (call.ended) continue;
      if (call.forks.some((f) => f.peer === peer)) {
        life.dropFork(call, peer, 'socket closed');
        continue;
      }
      if (call.peer !== peer) continue;
      log(`call ${call.sid}: socket of ${peer.identity} closed`);
      if (call.answered && dropped) {
        // Like Twilio: an answered call waits a while for the client's signaling to come back.
        clearTimeout(call.reconnectTimer);
        call.reconnectTimer = setTimeout(() => {
          call.reconnectTimer = undefined;
          if (call.ended || call.peer.isOpen) return;
          log(`call ${call.sid}: no signaling reconnection from ${peer.identity}`);
          life.hangupFromClient(call);
        }, this.d.reconnectGraceMs);
      } else {
        life.hangupFromClient(call);
      }
    }
  }
}
