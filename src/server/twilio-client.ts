import * as http from 'node:http';
import * as https from 'node:https';
import twilio from 'twilio';

import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type * as ResponseModule from 'twilio/lib/http/response.js';

type RequestClientInstance = InstanceType<typeof twilio.RequestClient>;
/** What twilio-node accepts as `httpClient`. */
export type RequestClientLike = RequestClientInstance;

export interface EmulatorHttpClientOptions {
  /** Verify the emulator's TLS certificate (default false: the demo's is self-signed). */
  rejectUnauthorized?: boolean;
  /** Keep connections to the emulator alive (default true). */
  keepAlive?: boolean;
  /** Request timeout in ms (twilio-node's default is 30000). */
  timeout?: number;
}

/**
 * A twilio-node `httpClient` that sends every request for `https://*.twilio.com` to
 * `baseUrl` instead (same path and query), e.g. `http://127.0.0.1:8080` or the demo's
 * `https://localhost:8443`. Use as `twilio(sid, secret, {accountSid, httpClient})`.
 */
export function createEmulatorHttpClient(baseUrl: string, opts: EmulatorHttpClientOptions = {}): RequestClientInstance {
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const keepAlive = opts.keepAlive !== false;

  class EmulatorRequestClient extends twilio.RequestClient {
    constructor() {
      super({ keepAlive, ...(opts.timeout ? { timeout: opts.timeout } : {}) });
      this.axios.defaults.httpsAgent = new https.Agent({ keepAlive, rejectUnauthorized: opts.rejectUnauthorized === true });
      this.axios.defaults.httpAgent = new http.Agent({ keepAlive });
      this.axios.defaults.proxy = false;
    }

    override request<TData>(req: RequestClient.RequestOptions<TData>): Promise<ResponseModule.default<TData>> {
      const u = new URL(req.uri);
      if (/(^|\.)twilio\.com$/i.test(u.hostname)) {
        const target = new URL(base.href);
        target.pathname = basePath + u.pathname;
        target.search = u.search;
        req = { ...req, uri: target.href };
      }
      return super.request(req);
    }
  }
  return new EmulatorRequestClient();
}

export interface ClientCredentials {
  accountSid: string;
  apiKeySid?: string;
  apiKeySecret?: string;
  authToken?: string;
  httpClient?: RequestClientLike;
  /** Request timeout in ms for the client built here (ignored with `httpClient`, which has its own). */
  timeout?: number;
}

/** Builds a twilio-node client: API key + secret (with `accountSid`) if given, else the auth token. */
export function buildTwilioClient(c: ClientCredentials): twilio.Twilio {
  const clientOpts: twilio.ClientOpts = { accountSid: c.accountSid };
  if (c.httpClient) clientOpts.httpClient = c.httpClient;
  else if (c.timeout) clientOpts.timeout = c.timeout;
  if (c.apiKeySid && c.apiKeySecret) return twilio(c.apiKeySid, c.apiKeySecret, clientOpts);
  if (c.authToken) return twilio(c.accountSid, c.authToken, clientOpts);
  throw new Error('twilio-widgets/server: give apiKeySid + apiKeySecret, authToken, or twilioClient');
}

/**
 * An endpoint's twilio-node client: the one given (`twilioClient`), else one built on first
 * use, so that a configuration error surfaces on a request (as a 500), not at start-up.
 */
export function lazyTwilioClient(c: ClientCredentials & { twilioClient?: twilio.Twilio }): () => twilio.Twilio {
  let client = c.twilioClient;
  return () =>
    (client ??= buildTwilioClient({
      accountSid: c.accountSid,
      apiKeySid: c.apiKeySid,
      apiKeySecret: c.apiKeySecret,
      authToken: c.authToken,
      httpClient: c.httpClient,
      timeout: c.timeout,
    }));
}
