/**
 * `Calls/{Sid}` fetch and update (`Status=completed|canceled`, `Twiml`,
 * `Url`), and `Calls/{Sid}/UserDefinedMessages` create: a call `message`
 * frame to the Voice SDK on that leg (400 21220 when it is not an SDK leg in
 * progress). The call layer is reached through RestVoice (voice-port.ts).
 */
import { sendJson } from '../http/json.js';
import { rfc2822 } from './format.js';
import { methodNotAllowed, notFound, RestError } from './errors.js';
import type { RestRequest, RestResource } from './resource.js';
import { callJson } from './voice-json.js';
import { badField, methodField, stringField, urlField } from './voice-params.js';
import type { RestVoice } from './voice-port.js';

/** Twilio caps a user-defined message at 4 KB. */
const MAX_MESSAGE = 4096;

export function callsResource(voice: RestVoice): RestResource {
  return {
    owns: (path) => /^\/2010-04-01\/Accounts\/[^/]+\/Calls\//.test(path),
    handle(r: RestRequest) {
      const { segs, account, method, res } = r;
      if (segs[2] !== account.accountSid || segs[3] !== 'Calls') throw notFound();
      const acc = account.accountSid;
      if (segs.length === 5 && segs[4].endsWith('.json')) {
        const sid = segs[4].slice(0, -'.json'.length);
        if (method === 'GET') return sendJson(res, 200, callJson(voice.getCall(acc, sid)));
        if (method !== 'POST') throw methodNotAllowed();
        return sendJson(res, 200, callJson(update(voice, acc, sid, r)));
      }
      if (segs.length === 6 && segs[5] === 'UserDefinedMessages.json') {
        if (method !== 'POST') throw methodNotAllowed();
        const p = r.params();
        const content = stringField(p, 'Content', MAX_MESSAGE);
        if (!content) throw badField('Content', 'required');
        try {
          JSON.parse(content);
        } catch {
          throw badField('Content', 'not a JSON string');
        }
        const key = stringField(p, 'IdempotencyKey', 256);
        const m = voice.sendMessage(acc, segs[4], content, key || undefined);
        return sendJson(res, 201, { account_sid: m.accountSid, call_sid: m.callSid, sid: m.sid, date_created: rfc2822(m.dateCreated.getTime()) });
      }
      throw notFound();
    },
  };
}

function update(voice: RestVoice, acc: string, sid: string, r: RestRequest) {
  const p = r.params();
  const status = p.get('Status');
  const twiml = stringField(p, 'Twiml');
  const url = urlField(p, 'Url');
  const method = methodField(p, 'Method');
  if (status !== undefined && status !== '') return voice.endCall(acc, sid, status);
  if (twiml !== undefined || url !== undefined) {
    if (!voice.redirectCall) throw new RestError(400, 20001, 'Call update with Twiml or Url is not supported by this emulator');
    return voice.redirectCall(acc, sid, { ...(twiml !== undefined ? { twiml } : { url: url! }), method });
  }
  return voice.getCall(acc, sid);
}
