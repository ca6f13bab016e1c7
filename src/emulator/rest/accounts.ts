/** `GET /2010-04-01/Accounts/{Sid}.json`: the credential check the reference token handler does. */
import type { EmulatorAccount } from '../auth/test-accounts.js';
import { sendJson } from '../http/json.js';
import { methodNotAllowed, notFound } from './errors.js';
import { rfc2822 } from './format.js';
import type { RestRequest, RestResource } from './resource.js';

function accountJson(a: EmulatorAccount, created: number): Record<string, unknown> {
  const base = `/2010-04-01/Accounts/${a.accountSid}`;
  return {
    // Twilio returns the auth token here; the emulator never hands out credentials, and the schema allows null.
    auth_token: null,
    sid: a.accountSid,
    owner_account_sid: a.accountSid,
    friendly_name: a.friendlyName,
    status: 'active',
    type: 'Full',
    date_created: rfc2822(created),
    date_updated: rfc2822(created),
    uri: `${base}.json`,
    subresource_uris: {
      calls: `${base}/Calls.json`,
      applications: `${base}/Applications.json`,
      keys: `${base}/Keys.json`,
      incoming_phone_numbers: `${base}/IncomingPhoneNumbers.json`,
    },
  };
}

export function accountsResource(created: number): RestResource {
  return {
    owns: (path) => path.startsWith('/2010-04-01/'),
    handle({ method, segs, account, res }: RestRequest) {
      // segs: ['2010-04-01', 'Accounts', '{Sid}.json']
      const file = segs[2];
      if (segs.length !== 3 || segs[1] !== 'Accounts' || !file?.endsWith('.json')) throw notFound();
      const sid = file.slice(0, -'.json'.length);
      if (sid !== account.accountSid) throw notFound(`The requested resource /2010-04-01/Accounts/${sid}.json was not found`);
      if (method !== 'GET' && method !== 'POST') throw methodNotAllowed();
      sendJson(res, 200, accountJson(account, created));
    },
  };
}
