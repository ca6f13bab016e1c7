/**
 * The call-control endpoint (docs/call-control.md §3, §4), framework-free. One URL, two kinds
 * of request, told apart by Content-Type:
 *
 * - JSON from the browser: `{action, callSid, …}` for the signed-in user (`identity(req)`,
 *   required). The user may act only on a call they are in: `callSid` must be a call to or
 *   from `client:<identity>` (as Twilio has it, not as the browser says) and a participant of
 *   a conference; anything else, a call that does not exist included, is 403 `not-in-call`
 *   (but `participants` on the user's own call that is up in no conference answers an empty list).
 * - Twilio's conference status callbacks (form-encoded, `X-Twilio-Signature` checked with
 *   `authToken` over `publicUrl`): each one relays the participant list to every browser leg
 *   of that conference as a user-defined message. The status callback of a leg the voice
 *   webhook dialled (`?hangupOnFail=<CallSid>`) that never connected hangs up that call,
 *   which would otherwise wait alone in its conference.
 */
import { DEFAULT_BODY_LIMIT, DEFAULT_FORM_LIMIT, isFormType, readFormBody, readJsonBody } from './body.js';
import { runAction } from './call-control-actions.js';
import { CALL_SID_RE, CLIENT_IDENTITY_RE, HANGUP_ON_FAIL, NEVER_CONNECTED, parseCallControlInput } from './call-control-input.js';
import { relayParticipants } from './call-control-relay.js';
import { type ConferenceMember, type ReadStamp, participantsFor, readClock } from './call-control-view.js';
import { createConferenceOps } from './conference-ops.js';
import { type Endpoint, type EndpointRequest, type EndpointResponse, type ParsedRequest, HttpError, jsonResponse } from './endpoint.js';
import { parsedRequest, runEndpoint } from './endpoint-kit.js';
import { type IdentitySourceOptions, identitySource, resolveIdentity } from './identity-source.js';
import { createKeyedQueue } from './keyed-queue.js';
import { integerOption } from './options.js';
import { addQuery, checkSignature } from './twilio-signature.js';
import { TwilioRefusal, createTwilioStep, refusalResponse } from './twilio-step.js';
import { type TwilioWebhookOptions, twilioWebhookSetup } from './twilio-webhook.js';

/** Twilio's call statuses before the end (`completed`, `busy`, `failed`, `no-answer`, `canceled`). */
const CALL_NOT_ENDED = new Set(['queued', 'initiated', 'ringing', 'in-progress']);

/** The shared options (TwilioWebhookOptions): `publicUrl` is the conferences' `statusCallback`; `destinations` limits transfer and add. */
export interface CallControlEndpointOptions<N = unknown> extends TwilioWebhookOptions<N>, IdentitySourceOptions<N> {
  /** Max form body (status callback) size in bytes (default 64 KB); `bodyLimit` is the JSON one. */
  formBodyLimit?: number;
  /** How many calls' conferences and browser-leg checks each instance remembers (default 1000). */
  cacheSize?: number;
}

const noContent = (): EndpointResponse => ({ status: 204, headers: { 'cache-control': 'no-store' }, body: '' });

/** The call a dialled leg's (signed) status callback asks to end, when that leg never connected. */
function hangupOnFail(url: string, params: Record<string, string>): string | undefined {
  if (params.ConferenceSid || !NEVER_CONNECTED.includes(params.CallStatus ?? '')) return undefined;
  let sid: string | null;
  try {
    sid = new URL(url || '/', 'http://endpoint.invalid').searchParams.get(HANGUP_ON_FAIL);
  } catch {
    return undefined;
  }
  return sid && CALL_SID_RE.test(sid) ? sid : undefined;
}

/**
 * Twilio Functions merges the query into the body fields and hands over no query: our own
 * query field goes back into the URL, where Twilio signed it. (Anyone who moves it into the
 * body fails the signature check: Twilio signed the URL with it.)
 */
function ownQueryBack(fields: Record<string, string>, url: string): { params: Record<string, string>; url: string } {
  if (!(HANGUP_ON_FAIL in fields) || (url ?? '').includes('?')) return { params: fields, url };
  const { [HANGUP_ON_FAIL]: value, ...params } = fields;
  return { params, url: addQuery(url || '/', HANGUP_ON_FAIL, value) };
}

/** One clock for the process: every list an instance answers or relays carries when it was read. */
const stampRead = readClock();

/** The answer to an action: the list as `you` sees it and when it was read. */
const listAnswer = (members: readonly ConferenceMember[], you: string, read: ReadStamp) =>
  jsonResponse(200, { participants: participantsFor(members, you), at: read.at, seq: read.seq });

const notInCall = () => new HttpError(403, 'You are not in this call', 'not-in-call');
const CONFERENCE_SID_RE = /^CF[0-9a-f]{32}$/;

export function createCallControlEndpoint<N = unknown>(opts: CallControlEndpointOptions<N>): Endpoint {
  const owner = 'the call-control endpoint';
  const source = identitySource(owner, opts, true)!;
  const { publicUrl, twilioTimeoutMs, twilioClient } = twilioWebhookSetup('createCallControlEndpoint', owner, 'status callbacks', opts);
  const bodyLimit = integerOption(owner, 'bodyLimit', opts.bodyLimit, DEFAULT_BODY_LIMIT);
  const formLimit = integerOption(owner, 'formBodyLimit', opts.formBodyLimit, DEFAULT_FORM_LIMIT);
  const log = opts.log;
  const ops = createConferenceOps(twilioClient, createTwilioStep(twilioTimeoutMs, log), integerOption(owner, 'cacheSize', opts.cacheSize, 1000));
  const perConference = createKeyedQueue();

  const invalidIdentity = () => new HttpError(400, 'Invalid parameter: identity', 'invalid-identity');

  async function action(parsed: ParsedRequest<N>): Promise<EndpointResponse> {
    const identity = await resolveIdentity(source, parsed, CLIENT_IDENTITY_RE, invalidIdentity);
    const input = parseCallControlInput(parsed.body, identity, opts.destinations);
    const you = input.callSid;
    // Whose call it is comes from Twilio: the call must be to or from this user's client.
    const parties = await ops.callParties(you);
    const mine = `client:${identity}`;
    if (!parties || (parties.from !== mine && parties.to !== mine)) throw notInCall();
    const foundRead = stampRead();
    const found = await ops.find(you);
    // The user's own call, up but in no conference (placed around the voice endpoint, rung from
    // elsewhere): its list is empty, said without an error so the phone's re-sync is quiet. The
    // re-sync can reach Twilio before the answer does (the call still reads ringing), so any call
    // not yet ended counts.
    if (!found && input.action === 'participants' && CALL_NOT_ENDED.has(parties.status)) return listAnswer([], you, foundRead);
    if (!found) throw notInCall();
    const { members, read } = await perConference(found.conferenceSid, async (waited) => {
      const nowRead = waited ? stampRead() : foundRead;
      const now = waited ? await ops.members(found.conferenceSid) : found.members;
      if (!now.some((m) => m.callSid === you)) throw notInCall();
      const changed = await runAction(input, { ops, conferenceSid: found.conferenceSid, members: now, you, callerId: opts.callerId });
      log?.(`call-control: ${input.action} identity=${identity} call=${you} -> ${changed ? 'done' : 'no change'}`);
      if (!changed) return { members: now, read: nowRead };
      const afterRead = stampRead();
      const after = await ops.members(found.conferenceSid).catch((err: unknown) => {
        if (err instanceof TwilioRefusal && err.twilioStatus === 404) return []; // the conference ended with it
        throw err;
      });
      void relayParticipants(ops, after, afterRead, log);
      return { members: after, read: afterRead };
    });
    return listAnswer(members, you, read);
  }

  async function statusCallback(req: EndpointRequest, prepared: { method: string; headers: Record<string, string | undefined> }): Promise<EndpointResponse> {
    const { params, url } = ownQueryBack(await readFormBody(req, prepared.headers, formLimit), req.url);
    checkSignature(opts.authToken, publicUrl, { ...parsedRequest(req as EndpointRequest<N>, prepared, params), url }, params);
    const conferenceSid = params.ConferenceSid;
    const event = params.StatusCallbackEvent ?? '';
    const failedLeg = hangupOnFail(url, params);
    if (failedLeg) {
      await ops.hangUp(failedLeg);
      log?.(`call-control: ${params.CallSid ?? 'a leg'} ended ${params.CallStatus} before it connected -> hung up ${failedLeg}`);
      return noContent();
    }
    if (conferenceSid && CONFERENCE_SID_RE.test(conferenceSid) && event !== 'conference-end') {
      // Stamped before the read: it begins after the change this callback reports.
      const read = stampRead();
      const members = await ops.members(conferenceSid).catch((err: unknown) => {
        if (err instanceof TwilioRefusal && err.twilioStatus === 404) return [];
        throw err;
      });
      const sent = await relayParticipants(ops, members, read, log);
      log?.(`call-control: ${event || 'status callback'} ${conferenceSid} -> relayed to ${sent} leg${sent === 1 ? '' : 's'}`);
    }
    return noContent();
  }

  return (req: EndpointRequest) =>
    runEndpoint(req, { name: 'call-control', cors: opts.cors, methods: ['POST'], log }, async (prepared) => {
      try {
        if (isFormType(prepared.headers['content-type'])) return await statusCallback(req, prepared);
        const body = await readJsonBody(req, prepared.headers, bodyLimit, true);
        return await action(parsedRequest(req as EndpointRequest<N>, prepared, body));
      } catch (err) {
        if (err instanceof TwilioRefusal) return refusalResponse(err);
        throw err;
      }
    });
}
