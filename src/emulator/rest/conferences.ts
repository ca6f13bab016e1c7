/**
 * `Conferences` and their `Participants` (2010 API): list (filters `Status`,
 * `FriendlyName`), fetch, update (`Status=completed`, `AnnounceUrl`);
 * participants list, create (on a CF SID or a FriendlyName, which creates the
 * conference), fetch/update/delete by call SID or label. The call layer is
 * reached through RestVoice (voice-port.ts).
 */
import { sendJson } from '../http/json.js';
import { methodNotAllowed, notFound, RestError } from './errors.js';
import { intParam } from './params.js';
import type { RestRequest, RestResource } from './resource.js';
import { conferenceJson, listPage, participantJson } from './voice-json.js';
import { badField, boolField, methodField, stringField, urlField } from './voice-params.js';
import type { RestVoice } from './voice-port.js';

const CONFERENCE_STATUSES = ['init', 'in-progress', 'completed'];

function stripJson(seg: string | undefined): string | null {
  return seg?.endsWith('.json') ? seg.slice(0, -'.json'.length) : null;
}

export function conferencesResource(voice: RestVoice): RestResource {
  return {
    owns: (path) => /^\/2010-04-01\/Accounts\/[^/]+\/Conferences(\.json$|\/)/.test(path),
    async handle(r: RestRequest) {
      // segs: ['2010-04-01', 'Accounts', AC, 'Conferences.json'] | [..., 'Conferences', '{Sid}.json'] | [..., '{Sid}', 'Participants.json'] | [..., 'Participants', '{CallSid|Label}.json']
      const { segs, account, method, res } = r;
      if (segs[2] !== account.accountSid) throw notFound();
      const acc = account.accountSid;
      const base = `/2010-04-01/Accounts/${acc}/Conferences`;
      if (segs.length === 4 && segs[3] === 'Conferences.json') {
        if (method !== 'GET') throw methodNotAllowed();
        const p = r.params();
        const status = p.get('Status');
        if (status !== undefined && !CONFERENCE_STATUSES.includes(status)) throw badField('Status', 'must be init, in-progress or completed');
        const friendlyName = p.get('FriendlyName');
        const items = voice.list(acc, { ...(status ? { status } : {}), ...(friendlyName !== undefined ? { friendlyName } : {}) });
        return sendJson(res, 200, listPage('conferences', `${base}.json`, items.map(conferenceJson)));
      }
      if (segs[3] !== 'Conferences') throw notFound();
      const single = segs.length === 5 ? stripJson(segs[4]) : null;
      if (single !== null) {
        if (method === 'GET') return sendJson(res, 200, conferenceJson(voice.get(acc, single)));
        if (method !== 'POST') throw methodNotAllowed();
        const p = r.params();
        const announce = urlField(p, 'AnnounceUrl') !== undefined;
        methodField(p, 'AnnounceMethod');
        const status = p.get('Status');
        return sendJson(res, 200, conferenceJson(voice.update(acc, single, { ...(status !== undefined ? { status } : {}), announce })));
      }
      const conference = segs[4] ?? '';
      if (segs.length === 6 && segs[5] === 'Participants.json') {
        if (method === 'GET') {
          const p = r.params();
          const hold = boolField(p, 'Hold');
          const muted = boolField(p, 'Muted');
          const items = voice.participants(acc, conference, { ...(hold !== undefined ? { hold } : {}), ...(muted !== undefined ? { muted } : {}) });
          return sendJson(
            res,
            200,
            listPage(
              'participants',
              `${base}/${conference}/Participants.json`,
              items.map((x) => participantJson(x)),
            ),
          );
        }
        if (method !== 'POST') throw methodNotAllowed();
        return sendJson(res, 201, participantJson(await voice.addParticipant(acc, conference, participantRequest(r)), true));
      }
      const key = segs.length === 7 && segs[5] === 'Participants' ? stripJson(segs[6]) : null;
      if (key === null || !key) throw notFound();
      if (method === 'GET') return sendJson(res, 200, participantJson(voice.getParticipant(acc, conference, key)));
      if (method === 'DELETE') {
        voice.removeParticipant(acc, conference, key);
        return sendJson(res, 204, null);
      }
      if (method !== 'POST') throw methodNotAllowed();
      const p = r.params();
      const hold = boolField(p, 'Hold');
      const muted = boolField(p, 'Muted');
      const endConferenceOnExit = boolField(p, 'EndConferenceOnExit');
      urlField(p, 'HoldUrl');
      methodField(p, 'HoldMethod');
      methodField(p, 'AnnounceMethod');
      if (boolField(p, 'Coaching')) throw new RestError(400, 16002, 'Coaching is not supported by the emulator');
      const announce = urlField(p, 'AnnounceUrl') !== undefined;
      const patch = {
        ...(hold !== undefined ? { hold } : {}),
        ...(muted !== undefined ? { muted } : {}),
        ...(endConferenceOnExit !== undefined ? { endConferenceOnExit } : {}),
        ...(announce ? { announce } : {}),
      };
      return sendJson(res, 200, participantJson(voice.updateParticipant(acc, conference, key, patch)));
    },
  };
}

/** Participant create's fields, checked. */
function participantRequest(r: RestRequest) {
  const p = r.params();
  const from = stringField(p, 'From', 256);
  const to = stringField(p, 'To', 7 + 256); // client: and a 256-character identity
  if (!from) throw new RestError(400, 21603, "A 'From' phone number is required.");
  if (!to) throw new RestError(400, 21604, "A 'To' phone number is required.");
  const label = stringField(p, 'Label', 128);
  if (boolField(p, 'Coaching')) throw new RestError(400, 16002, 'Coaching is not supported by the emulator');
  boolField(p, 'EarlyMedia');
  const callbackUrl = urlField(p, 'ConferenceStatusCallback');
  const waitUrl = p.get('WaitUrl');
  if (waitUrl) urlField(p, 'WaitUrl');
  const statusCallback = urlField(p, 'StatusCallback');
  return {
    from,
    to,
    label: label ?? null,
    startConferenceOnEnter: boolField(p, 'StartConferenceOnEnter') ?? true,
    endConferenceOnExit: boolField(p, 'EndConferenceOnExit') ?? false,
    muted: boolField(p, 'Muted') ?? false,
    waitMusic: waitUrl !== '',
    timeout: intParamOr(p, 'Timeout', 30),
    callback: callbackUrl
      ? { url: callbackUrl, method: methodField(p, 'ConferenceStatusCallbackMethod'), events: stringField(p, 'ConferenceStatusCallbackEvent', 256) ?? '' }
      : null,
    statusCallback: statusCallback
      ? { url: statusCallback, method: methodField(p, 'StatusCallbackMethod'), events: stringField(p, 'StatusCallbackEvent', 256) ?? '' }
      : null,
  };
}

function intParamOr(p: Map<string, string>, name: string, fallback: number): number {
  try {
    return intParam(p, name, 5, 600) ?? fallback;
  } catch {
    throw badField(name, 'must be a whole number of seconds between 5 and 600');
  }
}
