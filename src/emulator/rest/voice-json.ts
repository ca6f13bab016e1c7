/** The JSON of the 2010 API's call resources, field for field as twilio-oai publishes them. */
import { rfc2822 } from './format.js';
import type { RestCall, RestConference, RestParticipant } from './voice-port.js';

const API = '/2010-04-01';

export function conferenceJson(c: RestConference): Record<string, unknown> {
  const base = `${API}/Accounts/${c.accountSid}/Conferences/${c.sid}`;
  return {
    account_sid: c.accountSid,
    date_created: rfc2822(c.dateCreated.getTime()),
    date_updated: rfc2822(c.dateUpdated.getTime()),
    api_version: '2010-04-01',
    friendly_name: c.friendlyName,
    region: 'us1',
    sid: c.sid,
    status: c.status,
    uri: `${base}.json`,
    subresource_uris: { participants: `${base}/Participants.json`, recordings: `${base}/Recordings.json` },
    reason_conference_ended: c.reasonConferenceEnded,
    call_sid_ending_conference: c.callSidEndingConference,
  };
}

export function participantJson(p: RestParticipant, created = false): Record<string, unknown> {
  return {
    account_sid: p.accountSid,
    call_sid: p.callSid,
    label: p.label,
    call_sid_to_coach: null,
    coaching: false,
    conference_sid: p.conferenceSid,
    date_created: rfc2822(p.dateCreated.getTime()),
    date_updated: rfc2822(p.dateUpdated.getTime()),
    end_conference_on_exit: p.endConferenceOnExit,
    muted: p.muted,
    hold: p.hold,
    start_conference_on_enter: p.startConferenceOnEnter,
    status: p.status,
    // Twilio fills queue_time only in the answer to a create.
    queue_time: created ? '0' : null,
    uri: `${API}/Accounts/${p.accountSid}/Conferences/${p.conferenceSid}/Participants/${p.callSid}.json`,
  };
}

/** The 2010 API's call status: a declined call reads `busy` (the enum has no `rejected`). */
function callStatus(state: string): string {
  return state === 'rejected' ? 'busy' : state;
}

function callDirection(c: RestCall): string {
  // A Voice SDK call (or an emulator party calling a number) reaches Twilio as an inbound call.
  if (c.direction === 'outgoing') return 'inbound';
  return c.parentCallSid ? 'outbound-dial' : 'outbound-api';
}

export function callJson(c: RestCall): Record<string, unknown> {
  const base = `${API}/Accounts/${c.accountSid}/Calls/${c.callSid}`;
  const start = c.answerTime ? Date.parse(c.answerTime) : null;
  const end = c.endTime ? Date.parse(c.endTime) : null;
  const updated = end ?? start ?? Date.parse(c.startTime);
  return {
    sid: c.callSid,
    date_created: rfc2822(Date.parse(c.startTime)),
    date_updated: rfc2822(updated),
    parent_call_sid: c.parentCallSid ?? null,
    account_sid: c.accountSid,
    to: c.to,
    to_formatted: c.to,
    from: c.from,
    from_formatted: c.from,
    phone_number_sid: null,
    status: callStatus(c.state),
    start_time: start === null ? null : rfc2822(start),
    end_time: end === null ? null : rfc2822(end),
    duration: start !== null && end !== null ? String(Math.round((end - start) / 1000)) : null,
    price: null,
    price_unit: 'USD',
    direction: callDirection(c),
    answered_by: null,
    api_version: '2010-04-01',
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: '0',
    trunk_sid: null,
    uri: `${base}.json`,
    subresource_uris: {
      notifications: `${base}/Notifications.json`,
      recordings: `${base}/Recordings.json`,
      payments: `${base}/Payments.json`,
      events: `${base}/Events.json`,
      siprec: `${base}/Siprec.json`,
      streams: `${base}/Streams.json`,
      transcriptions: `${base}/Transcriptions.json`,
      user_defined_message_subscriptions: `${base}/UserDefinedMessageSubscriptions.json`,
      user_defined_messages: `${base}/UserDefinedMessages.json`,
    },
  };
}

/** One page of a 2010 API list: everything on page 0. */
export function listPage(key: string, uri: string, items: unknown[]): Record<string, unknown> {
  return {
    [key]: items,
    end: Math.max(0, items.length - 1),
    first_page_uri: `${uri}?PageSize=50&Page=0`,
    next_page_uri: null,
    page: 0,
    page_size: 50,
    previous_page_uri: null,
    start: 0,
    uri: `${uri}?PageSize=50&Page=0`,
  };
}
