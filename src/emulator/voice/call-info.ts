/** The public view of a call (CallInfo): what the control API and `emulator.calls()` show. */
import type { MediaStats } from '../media/types.js';
import type { Call } from './call.js';
import type { CallInfo } from './types.js';

export function callInfo(call: Call): CallInfo {
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
