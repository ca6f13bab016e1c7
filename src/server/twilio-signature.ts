/**
 * Twilio's signed requests (voice webhooks, conference status callbacks): `X-Twilio-Signature`
 * over the URL Twilio requested and the form fields. The URL is the app's `publicUrl`, never
 * one built from the request's Host or X-Forwarded-* headers, which the sender chooses: a
 * signature made for another URL of the same account must not pass here.
 */
import twilio from 'twilio';
import { type ParsedRequest, HttpError } from './endpoint.js';

/**
 * The URL Twilio signed: fixed, or computed from the request (e.g. one app serving several
 * hosts you list yourself). A URL without a query gets the request's query appended: Twilio
 * signs the URL with its query, so a query nobody signed fails the check.
 */
export type PublicUrlOption<N> = string | ((req: ParsedRequest<N>) => string);

/** Checked when the endpoint is built: a URL Twilio can request. */
export function publicUrlOption<N>(owner: string, value: PublicUrlOption<N> | undefined): PublicUrlOption<N> {
  if (typeof value === 'function') return value;
  if (typeof value !== 'string') {
    throw new TypeError(
      `twilio-widgets/server: ${owner} needs \`publicUrl\`: the exact URL Twilio requests (as set in your TwiML app or callback), e.g. 'https://example.com/voice', or (req) => string`,
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`twilio-widgets/server: ${owner}'s \`publicUrl\` is not an absolute URL: ${value}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`twilio-widgets/server: ${owner}'s \`publicUrl\` must be http(s)`);
  return value;
}

export const badSignature = (): HttpError => new HttpError(403, 'Invalid or missing X-Twilio-Signature', 'invalid-signature');

/** Throws 403 unless the request carries Twilio's signature of `publicUrl` and `params` with `authToken`. */
export function checkSignature<N>(authToken: string, publicUrl: PublicUrlOption<N>, req: ParsedRequest<N>, params: Record<string, string>): void {
  const signature = req.headers['x-twilio-signature'];
  if (!signature) throw badSignature();
  const base = typeof publicUrl === 'function' ? publicUrl(req) : publicUrl;
  if (typeof base !== 'string' || !base) throw badSignature();
  const url = withRequestQuery(base, req.url);
  let ok: boolean;
  try {
    ok = twilio.validateRequest(authToken, signature, url, { ...params });
  } catch {
    ok = false; // a URL twilio-node cannot parse signs nothing
  }
  if (!ok) throw badSignature();
}

/** `publicUrl` with the query of the request's URL, unless it has a query of its own. */
export function withRequestQuery(publicUrl: string, requestUrl: string): string {
  if (publicUrl.includes('?')) return publicUrl;
  const at = (requestUrl ?? '').indexOf('?');
  return at >= 0 && at < requestUrl.length - 1 ? publicUrl + requestUrl.slice(at) : publicUrl;
}

/** `url` with `name=value` added to its query. */
export function addQuery(url: string, name: string, value: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
}
