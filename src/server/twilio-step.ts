/**
 * One Twilio request inside a call-control action. Unlike the verify endpoint, which passes
 * Twilio's answer through, an action is several requests, so a refusal becomes our own
 * 502 `twilio-error` carrying Twilio's message and code (`twilioCode`); no answer in time →
 * 504; unreachable → 502 (twilio-call.ts).
 */
import { type EndpointResponse, HttpError, jsonResponse } from './endpoint.js';
import { twilioRequest } from './twilio-call.js';

/** Twilio answered with an error status. */
export class TwilioRefusal extends HttpError {
  constructor(
    readonly twilioStatus: number,
    message: string,
    readonly twilioCode: number | undefined,
  ) {
    super(502, message, 'twilio-error');
    this.name = 'TwilioRefusal';
  }
}

/** `{code: 'twilio-error', message, status: 502, twilioCode}`. */
export function refusalResponse(e: TwilioRefusal): EndpointResponse {
  return jsonResponse(502, {
    code: 'twilio-error',
    message: e.message,
    status: 502,
    ...(e.twilioCode !== undefined ? { twilioCode: e.twilioCode } : {}),
  });
}

export function createTwilioStep(timeoutMs: number, log?: (line: string) => void) {
  return function step<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return twilioRequest(
      what,
      timeoutMs,
      fn,
      (e) => {
        throw new TwilioRefusal(e.status, e.message || `HTTP ${e.status}`, e.code);
      },
      log,
    );
  };
}

export type TwilioStep = ReturnType<typeof createTwilioStep>;
