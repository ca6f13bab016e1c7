/**
 * The one way an endpoint calls Twilio's API: with a deadline (no answer in time → 504),
 * an unreachable Twilio → 502, and Twilio's own refusal (its error status) handed to the
 * caller to answer: the verify endpoint passes it through unchanged (`callTwilio`), a
 * call-control action turns it into our 502 `twilio-error` (twilio-step.ts).
 */
import { withDeadline } from './deadline.js';
import { type EndpointResponse, HttpError, jsonResponse, moreInfo } from './endpoint.js';

/** Twilio's REST error as twilio-node throws it (RestException): its fields as they came. */
export interface TwilioRestError {
  status: number;
  code?: number;
  message?: string;
  moreInfo?: string;
}

/** Twilio's REST error, or undefined for anything else (a network error, a bug). */
export function restError(err: unknown): TwilioRestError | undefined {
  const e = err as { status?: unknown; code?: unknown; message?: unknown; moreInfo?: unknown } | null;
  if (!e || typeof e.status !== 'number' || e.status < 400 || e.status >= 600) return undefined;
  return {
    status: e.status,
    ...(typeof e.code === 'number' ? { code: e.code } : {}),
    ...(typeof e.message === 'string' ? { message: e.message } : {}),
    ...(typeof e.moreInfo === 'string' ? { moreInfo: e.moreInfo } : {}),
  };
}

/**
 * Runs `fn` (one Twilio request) within `timeoutMs`. Its value; when Twilio refused, what
 * `refused` returns (or throws); a log line for every failure, never with a secret.
 */
export async function twilioRequest<T>(
  what: string,
  timeoutMs: number,
  fn: () => Promise<T>,
  refused: (e: TwilioRestError) => T,
  log?: (line: string) => void,
): Promise<T> {
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
      return refused(rest);
    }
    log?.(`${what} -> Twilio unreachable (${err instanceof Error ? err.name : 'error'})`);
    throw new HttpError(502, 'Could not reach Twilio');
  }
}

/** One request whose answer goes to the browser as Twilio gave it: its JSON, or its error envelope and status. */
export function callTwilio(what: string, timeoutMs: number, fn: () => Promise<EndpointResponse>, log?: (line: string) => void): Promise<EndpointResponse> {
  return twilioRequest(what, timeoutMs, fn, (e) => jsonResponse(e.status, twilioEnvelope(e)), log);
}

/** Twilio's error envelope: `{code?, message, more_info?, status}`. */
function twilioEnvelope(e: TwilioRestError): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (e.code !== undefined) body.code = e.code;
  body.message = e.message ?? `HTTP ${e.status}`;
  if (e.moreInfo !== undefined) body.more_info = e.moreInfo;
  else if (e.code !== undefined) body.more_info = moreInfo(e.code);
  body.status = e.status;
  return body;
}
