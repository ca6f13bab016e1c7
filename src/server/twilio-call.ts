/**
 * One request to Twilio's API from an endpoint: Twilio's answer, or its error envelope and
 * status, passes through unchanged; no answer in time → 504; unreachable → 502.
 */
import { withDeadline } from './deadline.js';
import { type EndpointResponse, HttpError, jsonResponse, moreInfo } from './endpoint.js';

export async function callTwilio(
  what: string,
  timeoutMs: number,
  fn: () => Promise<EndpointResponse>,
  log?: (line: string) => void,
): Promise<EndpointResponse> {
  try {
    return await withDeadline(fn(), timeoutMs, () => {
      throw new HttpError(504, `Twilio did not answer within ${timeoutMs} ms`);
    });
  } catch (err) {
    if (err instanceof HttpError) {
      if (err.status === 504) log?.(`${what} -> Twilio timed out`);
      throw err;
    }
    const e = err as { status?: unknown; code?: unknown; message?: unknown; moreInfo?: unknown };
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 600) {
      const body: Record<string, unknown> = {};
      if (typeof e.code === 'number') body.code = e.code;
      body.message = typeof e.message === 'string' ? e.message : `HTTP ${e.status}`;
      if (typeof e.moreInfo === 'string') body.more_info = e.moreInfo;
      else if (typeof e.code === 'number') body.more_info = moreInfo(e.code);
      body.status = e.status;
      log?.(`${what} -> Twilio ${e.status}${typeof e.code === 'number' ? ` ${e.code}` : ''}`);
      return jsonResponse(e.status, body);
    }
    log?.(`${what} -> Twilio unreachable (${err instanceof Error ? err.name : 'error'})`);
    throw new HttpError(502, 'Could not reach Twilio');
  }
}
