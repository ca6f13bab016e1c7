/**
 * The TwiML application's voice webhook (docs/call-control.md §2), framework-free: Twilio
 * POSTs a form signed with `X-Twilio-Signature` over `publicUrl`; unsigned or wrongly signed
 * → 403 and no TwiML. Every call goes into a conference named for it, `tw-<CallSid>`:
 *
 * - outgoing (`From` = `client:<identity>`): the browser's leg joins as `owner:<identity>`;
 *   the dialled party is added with the REST Participants API as `remote:<To>`;
 * - incoming (anything else): `incomingIdentity(params)` names the user who takes it (null →
 *   `<Reject/>`); the caller's leg joins as `remote:<From>`, the user's browser is added as
 *   `owner:<identity>`. A second call while that user is on one rings the same way (call waiting).
 *
 * The participant create names the conference's status callback (`statusCallbackUrl`, the
 * call-control endpoint): whichever participant creates the conference sets it. It also asks
 * for the new leg's own end there, so a leg that never connects ends the call (see addLeg).
 */
import { DEFAULT_FORM_LIMIT, readFormBody } from './body.js';
import { CLIENT_IDENTITY_RE, HANGUP_ON_FAIL } from './call-control-input.js';
import { displayOf } from './call-control-view.js';
import { createConferenceOps } from './conference-ops.js';
import { type Endpoint, type EndpointRequest, type EndpointResponse, type ParsedRequest, HttpError } from './endpoint.js';
import { hookError, parsedRequest, runEndpoint } from './endpoint-kit.js';
import { integerOption } from './options.js';
import { addQuery, checkSignature } from './twilio-signature.js';
import { createTwilioStep } from './twilio-step.js';
import { type TwilioWebhookOptions, twilioWebhookSetup } from './twilio-webhook.js';
import { classifyVoiceCall } from './voice-input.js';
import { conferenceName, conferenceTwiml, failedTwiml, rejectTwiml } from './voice-twiml.js';

/** The shared options (TwilioWebhookOptions): `publicUrl` is your TwiML app's Voice URL; `destinations` limits outgoing calls. */
export interface VoiceEndpointOptions<N = unknown> extends TwilioWebhookOptions<N> {
  /** The call-control endpoint's public URL: the conferences' status callback. */
  statusCallbackUrl: string;
  /**
   * Which user takes an incoming call (Twilio's webhook fields: `To`, `From`, …): an identity,
   * or null to refuse the call (`<Reject/>`).
   */
  incomingIdentity: (params: Readonly<Record<string, string>>, req: ParsedRequest<N>) => string | null | Promise<string | null>;
}

function twimlResponse(xml: string): EndpointResponse {
  return { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }, body: xml };
}

export function createVoiceEndpoint<N = unknown>(opts: VoiceEndpointOptions<N>): Endpoint {
  const owner = 'the voice endpoint';
  const { publicUrl, twilioTimeoutMs, twilioClient } = twilioWebhookSetup('createVoiceEndpoint', owner, 'webhooks', opts);
  if (typeof opts.statusCallbackUrl !== 'string' || !/^https?:\/\//.test(opts.statusCallbackUrl)) {
    throw new TypeError(`twilio-widgets/server: ${owner} needs \`statusCallbackUrl\`: the call-control endpoint's public URL`);
  }
  if (typeof opts.incomingIdentity !== 'function') {
    throw new TypeError(`twilio-widgets/server: ${owner} needs \`incomingIdentity(params)\`: which user takes an incoming call (or null to reject it)`);
  }
  const formLimit = integerOption(owner, 'bodyLimit', opts.bodyLimit, DEFAULT_FORM_LIMIT);
  const log = opts.log;
  const ops = createConferenceOps(twilioClient, createTwilioStep(twilioTimeoutMs, log), 1);

  async function incomingIdentity(params: Record<string, string>, req: ParsedRequest<N>): Promise<string | null> {
    let identity: string | null;
    try {
      identity = await opts.incomingIdentity(Object.freeze({ ...params }), req);
    } catch (err) {
      throw hookError(err);
    }
    if (identity === null || identity === undefined) return null;
    if (typeof identity !== 'string' || !CLIENT_IDENTITY_RE.test(identity)) {
      log?.('voice: incomingIdentity returned no valid identity; call rejected');
      return null;
    }
    return identity;
  }

  /**
   * Adds the other leg; false (and a log line) when Twilio refused or did not answer. If that
   * leg never connects (busy, no answer, rejected), the call-control endpoint hangs up the
   * webhook's own leg, which would otherwise wait alone in the conference.
   */
  async function addLeg(callSid: string, to: string, from: string, label: string): Promise<boolean> {
    try {
      await ops.add(conferenceName(callSid), {
        to,
        from,
        label,
        endConferenceOnExit: true,
        earlyMedia: true,
        conferenceStatusCallback: opts.statusCallbackUrl,
        statusCallback: addQuery(opts.statusCallbackUrl, HANGUP_ON_FAIL, callSid),
      });
      return true;
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      log?.(`voice: ${callSid} could not add ${label.split(':')[0]} leg (${err.status})`);
      return false;
    }
  }

  return (req: EndpointRequest) =>
    runEndpoint(req, { name: 'voice', cors: opts.cors, methods: ['POST'], log }, async (prepared) => {
      const params = await readFormBody(req, prepared.headers, formLimit);
      const parsed = parsedRequest(req as EndpointRequest<N>, prepared, params);
      checkSignature(opts.authToken, publicUrl, parsed, params);
      const call = classifyVoiceCall(params, opts.destinations);
      if (call.direction === 'refused') {
        log?.(`voice: ${call.callSid} rejected (${call.reason})`);
        return twimlResponse(rejectTwiml());
      }
      if (call.direction === 'outgoing') {
        const added = await addLeg(call.callSid, call.to, opts.callerId, `remote:${displayOf(call.to)}`);
        log?.(`voice: outgoing ${call.callSid} identity=${call.identity} -> ${added ? 'conference' : 'failed'}`);
        return twimlResponse(added ? conferenceTwiml(call.callSid, `owner:${call.identity}`, opts.statusCallbackUrl) : failedTwiml());
      }
      const identity = await incomingIdentity(params, parsed);
      if (!identity) {
        log?.(`voice: incoming ${call.callSid} rejected (no identity takes it)`);
        return twimlResponse(rejectTwiml());
      }
      const added = await addLeg(call.callSid, `client:${identity}`, call.from || opts.callerId, `owner:${identity}`);
      log?.(`voice: incoming ${call.callSid} for identity=${identity} -> ${added ? 'conference' : 'failed'}`);
      return twimlResponse(added ? conferenceTwiml(call.callSid, `remote:${displayOf(call.from)}`, opts.statusCallbackUrl) : failedTwiml());
    });
}
