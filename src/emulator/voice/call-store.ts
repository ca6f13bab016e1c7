/**
 * The calls the emulator knows: live ones, and the last MAX_ENDED_CALLS ended
 * ones (for the control API's listing); lookups by SID, by the SDK's
 * temporary call SID, and by reconnect token.
 */
import { EmulatorError } from '../http/errors.js';
import { newCall, type Call, type CallInit } from './call.js';
import type { CallPeer } from './types.js';

const MAX_ENDED_CALLS = 200;

export class CallStore {
  private readonly calls = new Map<string, Call>();

  add(init: CallInit): Call {
    const call = newCall(init);
    this.calls.set(call.sid, call);
    this.prune();
    return call;
  }

  /** Forgets the oldest ended calls beyond MAX_ENDED_CALLS. */
  prune(): void {
    const ended = [...this.calls.values()].filter((c) => c.ended);
    for (let i = 0; i < ended.length - MAX_ENDED_CALLS; i++) this.calls.delete(ended[i].sid);
  }

  all(): IterableIterator<Call> {
    return this.calls.values();
  }

  get(callSid: string): Call | undefined {
    return this.calls.get(callSid);
  }

  /** EmulatorError 404 for an unknown SID. */
  mustGet(callSid: string): Call {
    const call = this.calls.get(callSid);
    if (!call) throw new EmulatorError(404, 20404, `Call ${callSid} not found`);
    return call;
  }

  byReconnectToken(token: string): Call | undefined {
    return [...this.calls.values()].find((c) => c.reconnectToken === token);
  }

  /** The call a frame names (by SID, or the temporary SID of the peer's invite), if the peer is on it. */
  find(peer: CallPeer, callsid: unknown): Call | undefined {
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
}
