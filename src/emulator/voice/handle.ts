/** The CallHandle (call-handle.ts) of one caller leg: what its TwiML document may do to it. */
import type { Call } from './call.js';
import type { CallHandle } from './call-handle.js';
import type { CallBridge } from './bridge.js';
import type { Dialer } from './dial.js';
import type { CallLifecycle } from './lifecycle.js';

export function callHandle(call: Call, d: { bridge: CallBridge; life: CallLifecycle; dialer: Dialer }): CallHandle {
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
    answer: (mode) => d.bridge.answerCaller(call, mode),
    setMode: (mode) => d.bridge.setMode(call, mode),
    wait: (ms) => d.life.wait(call, ms),
    whenEnded: () => d.life.whenEnded(call),
    dial: (req) => d.dialer.dial(call, req),
    hangup: (state, error) => d.life.endCall(call, state, error),
  };
}
