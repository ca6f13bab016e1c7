/**
 * Call progress events of a leg the REST API placed (Participant create
 * `StatusCallback` + `StatusCallbackEvent`: initiated, ringing, answered,
 * completed; `completed` alone by default), numbered per call and handed to
 * the sink (twiml/status-callbacks.ts posts them).
 */
import type { Call } from './call.js';
import type { CallState } from './types.js';

export type CallProgressName = 'initiated' | 'ringing' | 'answered' | 'completed';

export interface CallProgressEvent {
  callback: { url: string; method: 'GET' | 'POST' };
  accountSid: string;
  callSid: string;
  from: string;
  to: string;
  event: CallProgressName;
  /** Twilio's CallStatus at that moment. */
  status: string;
  sequence: number;
  timestamp: Date;
  /** Seconds connected, with `completed`. */
  duration?: number;
}

const EVENTS: readonly CallProgressName[] = ['initiated', 'ringing', 'answered', 'completed'];

/** The events a `StatusCallbackEvent` value subscribes to; `completed` when empty; null: an unknown word. */
export function parseProgressEvents(raw: string | undefined): Set<CallProgressName> | null {
  const words = (raw ?? '').split(/[\s,]+/).filter(Boolean);
  const out = new Set<CallProgressName>();
  for (const w of words.length ? words : ['completed']) {
    if (!(EVENTS as readonly string[]).includes(w)) return null;
    out.add(w as CallProgressName);
  }
  return out;
}

/** A call's final state as the 2010 API's CallStatus. */
function finalStatus(state: CallState): string {
  return state === 'rejected' ? 'busy' : state;
}

/** Reports `call`'s progress to `sink`: initiated now, ringing and answered when told, completed when it ends. */
export function trackProgress(
  call: Call,
  spec: { url: string; method: 'GET' | 'POST'; events: Set<CallProgressName> },
  sink: (e: CallProgressEvent) => void,
): { ringing(): void; answered(): void } {
  let sequence = 0;
  const send = (event: CallProgressName, status: string, duration?: number) => {
    if (!spec.events.has(event)) return;
    sink({
      callback: { url: spec.url, method: spec.method },
      accountSid: call.accountSid,
      callSid: call.sid,
      from: call.from,
      to: call.to,
      event,
      status,
      sequence: sequence++,
      timestamp: new Date(),
      ...(duration !== undefined ? { duration } : {}),
    });
  };
  send('initiated', 'queued');
  call.endListeners.push(() => {
    const connected = call.answerTime && call.endTime ? Math.round((call.endTime.getTime() - call.answerTime.getTime()) / 1000) : 0;
    send('completed', finalStatus(call.state), connected);
  });
  return { ringing: () => send('ringing', 'ringing'), answered: () => send('answered', 'in-progress') };
}
