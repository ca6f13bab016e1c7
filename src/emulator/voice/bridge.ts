/**
 * The caller's media and the caller ⇄ callee bridge: our SDP answer to the
 * caller's offer (prepared once, sent with `ringing` for early media or with
 * `answer`), what the caller's leg plays, and the RTP bridge between the two
 * legs once the callee answers (or after a takeover renegotiated one side).
 */
import { preferredAudioCodec } from '../media/codecs.js';
import type { MediaMode } from '../media/types.js';
import type { Call } from './call.js';
import type { CallLegs } from './legs.js';
import type { CallLifecycle } from './lifecycle.js';
import { CALL_ERRORS } from './types.js';

export class CallBridge {
  constructor(
    private readonly legs: CallLegs,
    private readonly life: CallLifecycle,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts our media for an outgoing call: the SDP answer to the caller's offer (sent later, by ringing or answer). */
  prepareCaller(call: Call, offer: string, mode: MediaMode): void {
    call.offerCodec = preferredAudioCodec(offer);
    const p = (async () => {
      const leg = await this.legs.create(call, mode);
      call.leg = leg;
      if (call.ended) {
        this.legs.close(call);
        throw new Error('call ended');
      }
      return leg.answer(offer);
    })();
    p.catch(() => undefined); // reported where it is awaited
    call.pendingAnswer = p;
  }

  /** Our SDP answer for the caller, or null when the call ended (or failed here for want of media). */
  private async callerAnswer(call: Call): Promise<string | null> {
    if (call.ended) return null;
    try {
      const sdp = await call.pendingAnswer!;
      return call.ended ? null : sdp;
    } catch (err) {
      if (call.ended) return null;
      this.log(`call ${call.sid}: media answer failed: ${String(err)}`);
      this.life.end(call, 'failed', 'hangup', { code: CALL_ERRORS.media.code, message: `${CALL_ERRORS.media.message}: ${String(err)}` });
      return null;
    }
  }

  /** `ringing` with our SDP: the caller hears early media (Dial without answerOnBridge). */
  async sendEarlyMedia(call: Call, mode: MediaMode): Promise<boolean> {
    if (call.answered || call.earlyMedia) return !call.ended;
    const sdp = await this.callerAnswer(call);
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
      this.setMode(call, mode);
      return !call.ended;
    }
    const sdp = await this.callerAnswer(call);
    if (sdp === null) return false;
    this.setMode(call, mode);
    this.life.markAnswered(call);
    call.peer.send('answer', { callsid: call.sid, sdp, reconnect: call.reconnectToken });
    return true;
  }

  /** What the caller's leg plays; a bridged leg plays its callee. */
  setMode(call: Call, mode: MediaMode): void {
    if (!call.other) call.leg?.setMode(mode);
  }

  /** A callee just answered (or a device took the ringing call): answer and bridge its caller. */
  async calleeAnswered(call: Call): Promise<void> {
    const parent = call.other;
    if (!parent || parent.ended || call.ended) return;
    const sdp = await this.callerAnswer(parent);
    if (sdp === null) {
      if (!call.ended) this.life.end(call, 'failed', 'hangup');
      return;
    }
    if (call.ended) return;
    if (!parent.answered) {
      this.life.markAnswered(parent);
      parent.peer.send('answer', { callsid: parent.sid, sdp, reconnect: parent.reconnectToken });
    }
    this.rebridge(call);
  }

  /** Both legs forward their audio to each other (again, after one was renegotiated). */
  rebridge(call: Call): void {
    const other = call.other;
    if (!other || other.ended || !other.leg || !call.leg) return;
    call.leg.bridgeTo(other.leg);
    other.leg.bridgeTo(call.leg);
  }
}
