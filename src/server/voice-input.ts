/**
 * The voice webhook's input rules: Twilio's fields, after the signature check, sorted into an
 * outgoing call from a browser (`From` = `client:<identity>`) or an incoming call for the app
 * to route. Pure: tested as a table.
 */
import { CALL_SID_RE, CLIENT_IDENTITY_RE, type DestinationRule, MAX_DESTINATION_LENGTH, defaultDestinations } from './call-control-input.js';
import { HttpError } from './endpoint.js';

export type VoiceCall =
  | { direction: 'outgoing'; callSid: string; identity: string; to: string }
  | { direction: 'incoming'; callSid: string; from: string }
  /** An outgoing call to a destination the app does not allow (or none). */
  | { direction: 'refused'; callSid: string; reason: string };

// eslint-disable-next-line no-control-regex -- control characters are what a destination must not hold
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

export function classifyVoiceCall(params: Record<string, string>, destinations?: DestinationRule): VoiceCall {
  const callSid = params.CallSid ?? '';
  if (!CALL_SID_RE.test(callSid)) throw new HttpError(400, '`CallSid` must be a call SID', 'invalid-call-sid');
  const from = params.From ?? '';
  if (!from.startsWith('client:')) return { direction: 'incoming', callSid, from };
  const identity = from.slice('client:'.length);
  if (!CLIENT_IDENTITY_RE.test(identity)) return { direction: 'refused', callSid, reason: 'invalid caller identity' };
  const to = params.To ?? '';
  if (!to || to.length > MAX_DESTINATION_LENGTH || CONTROL_RE.test(to) || to.trim() !== to)
    return { direction: 'refused', callSid, reason: 'invalid destination' };
  let allowed: boolean;
  try {
    allowed = (destinations ?? defaultDestinations)(to, identity) === true;
  } catch {
    allowed = false;
  }
  if (!allowed) return { direction: 'refused', callSid, reason: 'destination not allowed' };
  return { direction: 'outgoing', callSid, identity, to };
}
