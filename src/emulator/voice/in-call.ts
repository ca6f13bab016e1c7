/** Frames on a call in progress: `hangup`, `dtmf`, `reinvite` (ICE restart) and call `message`s. */
import type { CallStore } from './call-store.js';
import type { CallLifecycle } from './lifecycle.js';
import { CALL_ERRORS, type CallPeer } from './types.js';

export class InCallFrames {
  constructor(
    private readonly store: CallStore,
    private readonly life: CallLifecycle,
    private readonly log: (line: string) => void,
  ) {}

  onHangup(peer: CallPeer, payload: Record<string, unknown>): void {
    const call = this.store.find(peer, payload.callsid);
    if (!call || call.ended) return;
    if (call.forks.length > 1) {
      // One of several ringing devices hangs up: it declines for itself only.
      this.life.dropFork(call, peer, 'hung up');
      return;
    }
    this.log(`call ${call.sid}: hung up by ${peer.identity}`);
    this.life.hangupFromClient(call);
  }

  onDtmf(peer: CallPeer, payload: Record<string, unknown>): void {
    const call = this.store.find(peer, payload.callsid);
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
    const call = this.store.find(peer, payload.callsid);
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
    const call = this.store.find(peer, callsid);
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
}
