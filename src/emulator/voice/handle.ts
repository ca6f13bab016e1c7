/** The CallHandle (call-handle.ts) of one caller leg: what its TwiML document may do to it. */
import type { Call } from './call.js';
import type { CallHandle } from './call-handle.js';
import type { CallBridge } from './bridge.js';
import type { Dialer } from './dial.js';
import type { CallLifecycle } from './lifecycle.js';
import type { ParticipantLegs } from './participants.js';

export interface HandleDeps {
  bridge: CallBridge;
  life: CallLifecycle;
  dialer: Dialer;
  participants: ParticipantLegs;
}

export function callHandle(call: Call, d: HandleDeps): CallHandle {
  if (call.party) return partyHandle(call, d);
  const handle: CallHandle = {
    sid: call.sid,
    accountSid: call.accountSid,
    from: call.from,
    params: call.params,
    get answered() {
      return call.answered;
    },
    get ended() {
      return call.ended;
    },
    answer: (mode) => d.bridge.answerCaller(call, mode),
    setMode: (mode) => d.bridge.setMode(call, mode),
    wait: (ms) => d.life.wait(call, ms),
    whenEnded: () => d.life.whenEnded(call),
    dial: (req) => d.dialer.dial(call, req),
    joinConference: async (req) => ((await handle.answer('silence')) ? d.participants.join(call, req) : { status: 'canceled', duration: 0 }),
    hangup: (state, error) => d.life.endCall(call, state, error),
  };
  return handle;
}

/** An emulator party's call (POST /emulator/inbound): no media leg; it can join conferences and hang up. */
function partyHandle(call: Call, d: HandleDeps): CallHandle {
  return {
    sid: call.sid,
    accountSid: call.accountSid,
    from: call.from,
    params: call.params,
    get answered() {
      return call.answered;
    },
    get ended() {
      return call.ended;
    },
    answer: () => {
      if (!call.ended) d.life.markAnswered(call);
      return Promise.resolve(!call.ended);
    },
    setMode: () => undefined,
    wait: (ms) => d.life.wait(call, ms),
    whenEnded: () => d.life.whenEnded(call),
    // A party's leg has no WebRTC media to bridge to a browser: only conferences.
    dial: () =>
      Promise.resolve({ status: 'failed', duration: 0, error: { code: 13225, message: 'Dial: the emulator connects its parties to conferences only' } }),
    joinConference: (req) => {
      if (!call.ended) d.life.markAnswered(call);
      return call.ended ? Promise.resolve({ status: 'canceled', duration: 0 }) : d.participants.join(call, req);
    },
    hangup: (state, error) => d.life.endCall(call, state, error),
  };
}
