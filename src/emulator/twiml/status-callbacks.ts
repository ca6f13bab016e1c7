/**
 * Status callbacks as Twilio sends them, signed with `X-Twilio-Signature`,
 * through the webhook guard (security/webhook-hosts.ts), one at a time per
 * conference (or per call) so they arrive in order; a failed one is logged
 * with Twilio's code and the next one still goes:
 * - conference events: AccountSid, ConferenceSid, FriendlyName,
 *   StatusCallbackEvent, SequenceNumber, Timestamp and, for participant
 *   events, CallSid, Label, Hold, Muted, Coaching, EndConferenceOnExit,
 *   StartConferenceOnEnter;
 * - call progress of REST-placed legs: CallSid, CallStatus, From, To,
 *   Direction, CallbackSource, SequenceNumber, Timestamp (CallDuration when
 *   completed).
 */
import type { WebhookGuard } from '../security/guarded-lookup.js';
import type { CallProgressEvent } from '../voice/call-progress.js';
import type { ConferenceEvent } from '../voice/conference.js';
import { postStatusCallback, WebhookError } from './webhook.js';

export interface StatusCallbackEnv {
  authToken(accountSid: string): string;
  webhookGuard: WebhookGuard;
  log(line: string): void;
}

/** The form fields of one event, in Twilio's names. */
export function conferenceEventParams(e: ConferenceEvent): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['AccountSid', e.accountSid],
    ['ConferenceSid', e.conferenceSid],
    ['FriendlyName', e.friendlyName],
    ['StatusCallbackEvent', e.event],
    ['SequenceNumber', String(e.sequence)],
    ['Timestamp', e.timestamp.toUTCString().replace(/GMT$/, '+0000')],
  ];
  const p = e.participant;
  if (p) {
    out.push(
      ['CallSid', p.callSid],
      ['Hold', String(p.hold)],
      ['Muted', String(p.muted)],
      ['Coaching', 'false'],
      ['EndConferenceOnExit', String(p.endConferenceOnExit)],
      ['StartConferenceOnEnter', String(p.startConferenceOnEnter)],
    );
    if (p.label !== null) out.push(['Label', p.label]);
    if (e.event === 'participant-leave') out.push(['ParticipantCallStatus', p.status === 'failed' ? 'failed' : 'completed']);
  }
  if (e.reasonConferenceEnded) out.push(['ReasonConferenceEnded', e.reasonConferenceEnded]);
  if (e.callSidEndingConference) out.push(['CallSidEndingConference', e.callSidEndingConference]);
  if (e.participantLabelEndingConference) out.push(['ParticipantLabelEndingConference', e.participantLabelEndingConference]);
  return out;
}

const rfc2822 = (d: Date) => d.toUTCString().replace(/GMT$/, '+0000');

/** The form fields of one call progress event. */
export function callProgressParams(e: CallProgressEvent): Array<[string, string]> {
  return [
    ['AccountSid', e.accountSid],
    ['ApiVersion', '2010-04-01'],
    ['CallSid', e.callSid],
    ['CallStatus', e.status],
    ['Called', e.to],
    ['Caller', e.from],
    ['Direction', 'outbound-api'],
    ['From', e.from],
    ['To', e.to],
    ['CallbackSource', 'call-progress-events'],
    ['SequenceNumber', String(e.sequence)],
    ['Timestamp', rfc2822(e.timestamp)],
    ...(e.duration !== undefined ? ([['CallDuration', String(e.duration)]] as Array<[string, string]>) : []),
  ];
}

/** Posts callbacks one at a time per key (a conference, a call). */
function orderedPoster(env: StatusCallbackEnv) {
  const chains = new Map<string, Promise<void>>();
  return (key: string, accountSid: string, callback: { url: string; method: 'GET' | 'POST' }, params: Array<[string, string]>, what: string) => {
    const next = (chains.get(key) ?? Promise.resolve()).then(async () => {
      try {
        await postStatusCallback({ url: callback.url, method: callback.method, params, authToken: env.authToken(accountSid), guard: env.webhookGuard });
      } catch (err) {
        const code = err instanceof WebhookError ? err.code : 11200;
        env.log(`${what}: status callback failed: ${code} ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    chains.set(key, next);
    // Forget the chain once it is idle.
    void next.then(() => {
      if (chains.get(key) === next) chains.delete(key);
    });
  };
}

/** The sinks for voice/'s events: conference events and call progress, each posted in order. */
export function statusCallbacks(env: StatusCallbackEnv): { conference: (e: ConferenceEvent) => void; callProgress: (e: CallProgressEvent) => void } {
  const post = orderedPoster(env);
  return {
    conference: (e) => post(e.conferenceSid, e.accountSid, e.callback, conferenceEventParams(e), `conference ${e.conferenceSid} ${e.event} #${e.sequence}`),
    callProgress: (e) => post(e.callSid, e.accountSid, e.callback, callProgressParams(e), `call ${e.callSid} ${e.event}`),
  };
}
