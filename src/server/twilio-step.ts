/**
 * One Twilio request inside a call-control action. Unlike the verify endpoint, which passes
 * Twilio's answer through, an action is several requests, so a refusal becomes our own
 * 502 `twilio-error` carrying Twilio's message and code (`twilioCode`); no answer in time →
 * 504; unreachable → 502.
 */
import { withDeadline } from './deadline.js';
import { type EndpointResponse, HttpError, jsonResponse } from './endpoint.js';

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

/** Twilio's REST error, as twilio-node throws it (RestException), or undefined for anything else. */
export function restError(err: unknown): { status: number; code?: number; message: string } | undefined {
  const e = err as { status?: unknown; code?: unknown; message?: unknown } | null;
  if (!e || typeof e.status !== 'number' || e.status < 400 || e.status >= 600) return undefined;
  return {
    status: e.status,
    ...(typeof e.code === 'number' ? { code: e.code } : {}),
    message: typeof e.message === 'string' && e.message ? e.message : `HTTP ${e.status}`,
  };
}

export function createTwilioStep(timeoutMs: number, log?: (line: string) => void) {
  return async function step<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await withDeadline(fn(), timeoutMs, () => {
        throw new HttpError(504, `Twilio did not answer within ${timeoutMs} ms`);
      });
    } catch (err) {
      if (err instanceof HttpError) {
        if (err.status === 504) log?.(`${what} -> Twilio timed out`);
        throw err;
      }
      const rest = restError(err);
      if (rest) {
        log?.(`${what} -> Twilio ${rest.status}${rest.code !== undefined ? ` ${rest.code}` : ''}`);
        throw new TwilioRefusal(rest.status, rest.message, rest.code);
      }
      log?.(`${what} -> Twilio unreachable (${err instanceof Error ? err.name : 'error'})`);
      throw new HttpError(502, 'Could not reach Twilio');
    }
  };
}

export type TwilioStep = ReturnType<typeof createTwilioStep>;
