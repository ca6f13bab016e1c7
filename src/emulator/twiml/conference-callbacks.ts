/**
 * Conference status callbacks as Twilio sends them: form fields (AccountSid,
 * ConferenceSid, FriendlyName, StatusCallbackEvent, SequenceNumber, Timestamp
 * and, for participant events, CallSid, Label, Hold, Muted, Coaching,
 * EndConferenceOnExit, StartConferenceOnEnter), signed with
 * `X-Twilio-Signature`, through the webhook guard (security/webhook-hosts.ts),
 * one at a time per conference so they arrive in order. A failed callback is
 * logged (with Twilio's code) and the next one still goes.
 */
import type { WebhookGuard } from '../security/guarded-lookup.js';
import type { ConferenceEvent } from '../voice/conference.js';
import { postStatusCallback, WebhookError } from './webhook.js';

export interface ConferenceCallbackEnv {
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
  return out;
}

/** The sink for voice/conference.ts's events: posts each, in order per conference. */
export function conferenceCallbacks(env: ConferenceCallbackEnv): (e: ConferenceEvent) => void {
  const chains = new Map<string, Promise<void>>();
  return (e) => {
    const previous = chains.get(e.conferenceSid) ?? Promise.resolve();
    const next = previous.then(async () => {
      try {
        await postStatusCallback({
          url: e.callback.url,
          method: e.callback.method,
          params: conferenceEventParams(e),
          authToken: env.authToken(e.accountSid),
          guard: env.webhookGuard,
        });
      } catch (err) {
        const code = err instanceof WebhookError ? err.code : 11200;
        env.log(`conference ${e.conferenceSid}: status callback ${e.event} #${e.sequence} failed: ${code} ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    chains.set(e.conferenceSid, next);
    // Forget the chain once it is idle.
    void next.then(() => {
      if (chains.get(e.conferenceSid) === next) chains.delete(e.conferenceSid);
    });
  };
}
