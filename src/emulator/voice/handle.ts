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

/**
 * The handle of the document now running the call. A call update with `Twiml`/`Url` detaches it:
 * to its document the call then looks ended (waits resolve false, nothing more is done to the call),
 * while the new document gets a fresh handle.
 */
export function callHandle(call: Call, d: HandleDeps): CallHandle {
  const gen = call.scriptGen;
  const detached = () => call.scriptGen !== gen;
  const whenDetached = new Promise<void>((resolve) => call.redirectListeners.push(resolve));
  const inner = call.party ? partyHandle(call, d) : browserHandle(call, d);
  return {
    sid: call.sid,
    accountSid: call.accountSid,
    from: call.from,
    params: call.params,
    get answered() {
      return call.answered;
    },
    get ended() {
      return call.ended || detached();
    },
    answer: (mode) => (detached() ? Promise.resolve(false) : inner.answer(mode)),
    setMode: (mode) => (detached() ? undefined : inner.setMode(mode)),
    wait: (ms) => (detached() ? Promise.resolve(false) : Promise.race([d.life.wait(call, ms), whenDetached.then(() => false)])),
    whenEnded: () => Promise.race([d.life.whenEnded(call), whenDetached]),
    dial: (req) => (detached() ? Promise.resolve({ status: 'canceled', duration: 0 }) : inner.dial(req)),
    joinConference: (req) => (detached() ? Promise.resolve({ status: 'canceled', duration: 0 }) : inner.joinConference(req)),
    hangup: (state, error) => (detached() ? undefined : d.life.endCall(call, state, error)),
  };
}

type Inner = Pick<CallHandle, 'answer' | 'setMode' | 'dial' | 'joinConference'>;

function browserHandle(call: Call, d: HandleDeps): Inner {
  const answer = (mode: Parameters<CallHandle['answer']>[0]) => d.bridge.answerCaller(call, mode);
  return {
    answer,
    setMode: (mode) => d.bridge.setMode(call, mode),
    dial: (req) => d.dialer.dial(call, req),
    joinConference: async (req) => ((await answer('silence')) ? d.participants.join(call, req) : { status: 'canceled', duration: 0 }),
  };
}

/** An emulator party's call (POST /emulator/inbound): no media leg; it can join conferences and hang up. */
function partyHandle(call: Call, d: HandleDeps): Inner {
  return {
    answer: () => {
      if (!call.ended) d.life.markAnswered(call);
      return Promise.resolve(!call.ended);
    },
    setMode: () => undefined,
    // A party's leg has no WebRTC media to bridge to a browser: only conferences.
    dial: () =>
      Promise.resolve({ status: 'failed', duration: 0, error: { code: 13225, message: 'Dial: the emulator connects its parties to conferences only' } }),
    joinConference: (req) => {
      if (!call.ended) d.life.markAnswered(call);
      return call.ended ? Promise.resolve({ status: 'canceled', duration: 0 }) : d.participants.join(call, req);
    },
  };
}
