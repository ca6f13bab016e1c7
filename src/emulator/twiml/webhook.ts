/**
 * Twilio's webhook requests as the emulator makes them: form-encoded
 * parameters (POST body or GET query), `X-Twilio-Signature` (HMAC-SHA1 of the
 * URL followed by the sorted POST parameters, keyed with the account's auth
 * token, base64), and the failures Twilio reports for them (11100 bad URL,
 * 11200 non-2xx or unreadable answer, 11205 connection failure or a host the
 * emulator may not request, 11206 HTTP protocol violation, 11210 unresolvable
 * host, 11220 TLS failure, 12300 a body that is not TwiML).
 *
 * Every request goes through the webhook guard (security/webhook-hosts.ts):
 * the URL's host must be loopback or listed, and the addresses its name
 * resolves to are checked again just before connecting. A WebhookError's
 * message has the detail for the emulator's log; callers only ever see the
 * code and Twilio's title (security/public-errors.ts).
 */
import { createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { LookupFunction } from 'node:net';
import { request as httpsRequest } from 'node:https';
import { BodyTooLargeError, readBodyLimited } from '../security/body-limit.js';
import { guardedLookup, type WebhookGuard } from '../security/guarded-lookup.js';
import { checkWebhookUrl } from '../security/webhook-hosts.js';

export type WebhookMethod = 'GET' | 'POST';

export class WebhookError extends Error {
  constructor(
    readonly code: 11100 | 11200 | 11205 | 11206 | 11210 | 11220 | 12300,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

/** `X-Twilio-Signature` for a request Twilio makes to `url` with these POST parameters (none for GET). */
export function twilioSignature(authToken: string, url: string, params: ReadonlyArray<[string, string]> = []): string {
  const data = [...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).reduce((acc, [k, v]) => acc + k + v, url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

export interface WebhookResponse {
  status: number;
  statusText: string;
  contentType: string;
  body: string;
}

const MAX_BODY = 64 * 1024;
const TIMEOUT_MS = 15_000;
const TWIML_TYPES = ['text/xml', 'application/xml', 'text/html', 'text/plain'];

/** Where a webhook goes, how, with what, signed with which token, and which hosts it may reach. */
export interface WebhookRequest {
  url: string;
  method: WebhookMethod;
  params: Array<[string, string]>;
  authToken: string;
  /** Which hosts may be requested and how names resolve. */
  guard: WebhookGuard;
  /** Accept self-signed HTTPS (the emulator's own demo server); default true. */
  allowSelfSigned?: boolean;
}

/**
 * Requests a TwiML document the way Twilio does: parameters in the body (POST)
 * or query (GET), signed. Resolves with the body of a 2xx answer whose type is
 * XML; anything else rejects with a WebhookError.
 */
export async function fetchTwiml(opts: WebhookRequest): Promise<string> {
  const res = await signedRequest(opts);
  if (res.status < 200 || res.status > 299) {
    throw new WebhookError(11200, `HTTP retrieval failure: ${opts.method} ${opts.url} answered ${res.status} ${res.statusText}`.trimEnd());
  }
  const type = res.contentType.split(';')[0].trim().toLowerCase();
  if (!TWIML_TYPES.includes(type)) throw new WebhookError(12300, `Invalid Content-Type: ${res.contentType || '(none)'} from ${opts.url}`);
  return res.body;
}

/**
 * A status callback: the same signed request as a TwiML fetch, whose answer is only checked for a 2xx
 * status (its body is read up to the cap and dropped). Rejects with a WebhookError.
 */
export async function postStatusCallback(opts: Omit<WebhookRequest, 'allowSelfSigned'>): Promise<number> {
  const res = await signedRequest(opts);
  if (res.status < 200 || res.status > 299) throw new WebhookError(11200, `HTTP retrieval failure: ${opts.method} ${opts.url} answered ${res.status}`);
  return res.status;
}

/** The request itself, as Twilio makes it: an http(s) URL the guard allows, signed, sent; any answer. */
async function signedRequest(opts: WebhookRequest): Promise<WebhookResponse> {
  let target: URL;
  try {
    target = new URL(opts.url);
  } catch {
    throw new WebhookError(11100, `Invalid URL format: ${opts.url}`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new WebhookError(11100, `Invalid URL format: ${opts.url}`);
  const allowed = checkWebhookUrl(target, opts.guard.hosts);
  if (!allowed.ok) throw new WebhookError(11205, `HTTP connection failure: not requesting ${opts.url}: ${allowed.reason}`);
  if (opts.method === 'GET') for (const [k, v] of opts.params) target.searchParams.append(k, v);
  const signature = twilioSignature(opts.authToken, target.toString(), opts.method === 'POST' ? opts.params : []);
  const body = opts.method === 'POST' ? new URLSearchParams(opts.params).toString() : null;
  return send(target, opts.method, body, signature, opts.allowSelfSigned ?? true, guardedLookup(opts.guard.resolve, allowed.listed));
}

/** The code Twilio reports for a request that failed below HTTP. */
function connectionFailure(url: URL, err: Error & { code?: string }): WebhookError {
  const code = err.code ?? '';
  const detail = `${url.origin}: ${err.message}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return new WebhookError(11210, `HTTP bad host name: ${detail}`);
  if (code.startsWith('HPE_')) return new WebhookError(11206, `HTTP protocol violation: ${detail}`);
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code === 'EPROTO') return new WebhookError(11220, `SSL/TLS Handshake Error: ${detail}`);
  return new WebhookError(11205, `HTTP connection failure: ${detail}`);
}

function send(
  url: URL,
  method: WebhookMethod,
  body: string | null,
  signature: string,
  allowSelfSigned: boolean,
  lookup: LookupFunction,
): Promise<WebhookResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {
      'x-twilio-signature': signature,
      'user-agent': 'TwilioProxy/1.1 (twilio-widgets emulator)',
      accept: '*/*',
      'cache-control': 'max-age=259200',
    };
    if (body !== null) {
      headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const requester = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = requester(
      url,
      { method, headers, lookup, timeout: TIMEOUT_MS, ...(url.protocol === 'https:' ? { rejectUnauthorized: !allowSelfSigned } : {}) },
      (res: IncomingMessage) => {
        readBodyLimited(res, MAX_BODY).then(
          (answer) =>
            resolve({
              status: res.statusCode ?? 0,
              statusText: res.statusMessage ?? '',
              contentType: String(res.headers['content-type'] ?? ''),
              body: answer.toString('utf8'),
            }),
          (err: unknown) => {
            if (err instanceof BodyTooLargeError) {
              const tooLarge = new WebhookError(11200, `HTTP retrieval failure: the answer from ${url.origin}${url.pathname} is larger than 64 KiB`);
              req.destroy(tooLarge);
              reject(tooLarge);
            } else reject(err instanceof WebhookError ? err : new WebhookError(11200, `HTTP retrieval failure: ${(err as Error).message}`));
          },
        );
      },
    );
    req.on('timeout', () => req.destroy(new WebhookError(11205, `HTTP connection failure: no answer from ${url.origin} in ${TIMEOUT_MS / 1000} s`)));
    req.on('error', (err) => reject(err instanceof WebhookError ? err : connectionFailure(url, err)));
    req.end(body ?? undefined);
  });
}
