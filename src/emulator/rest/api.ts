/**
 * The emulator's Twilio REST API: a small router in front of its resources,
 * `GET /2010-04-01/Accounts/{Sid}.json` (accounts.ts), Verify v2 TOTP
 * (verify/), and the call resources: Conferences and Participants
 * (conferences.ts), Calls and UserDefinedMessages (calls.ts), speaking Twilio's wire format: HTTP Basic auth, form-encoded
 * PascalCase/dotted request fields, snake_case JSON responses and the
 * `{code, message, more_info, status}` error envelope.
 *
 * TOTP codes are real RFC 6238 codes (otpauth), checked with the factor's config
 * (`alg`, `code_length`, `time_step`, `skew`) against the injectable clock `now()`.
 * The account JSON never contains `auth_token`.
 *
 * Bodies are capped at 64 KiB before buffering (security/body-limit.ts): a larger declared
 * Content-Length is answered 413 20413 before the credentials are checked, a larger (chunked)
 * body as soon as it passes the cap; every answer that leaves a body unread closes the connection.
 */
import type * as http from 'node:http';
import type { EmulatorAccount } from '../auth/test-accounts.js';
import { readText } from '../http/body.js';
import { BodyTooLargeError, closeAfterAnswer, declaredTooLarge } from '../security/body-limit.js';
import { accountsResource } from './accounts.js';
import { authenticate } from './auth.js';
import { notFound, RestError, sendRestError, tooLarge } from './errors.js';
import { parseParams, type Params } from './params.js';
import type { RestResource } from './resource.js';
import { verifyResource } from './verify/resource.js';
import { EmulatorError } from '../http/errors.js';
import { callsResource } from './calls.js';
import { conferencesResource } from './conferences.js';
import type { RestVoice } from './voice-port.js';

export interface TwilioRestApiOptions {
  accounts: EmulatorAccount[];
  /** Pre-Oct-2021 behaviour: a wrong TOTP code is a 403 60311 / 60324 error. */
  legacyTotpErrors?: boolean;
  /** Clock in ms since the epoch (default `Date.now`). */
  now?: () => number;
  /** The call layer behind Conferences, Participants, Calls and UserDefinedMessages (absent: those paths are 404). */
  voice?: RestVoice;
}

export interface TwilioRestApi {
  /** Answers the request and returns true if the path is the REST API's; false otherwise. */
  handleRequest(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  setLegacyTotpErrors(on: boolean): void;
  close(): void;
}

export function createTwilioRestApi(opts: TwilioRestApiOptions): TwilioRestApi {
  const now = opts.now ?? Date.now;
  const created = now();
  const verify = verifyResource({ accounts: opts.accounts, now, created, legacy: !!opts.legacyTotpErrors });
  const voice = opts.voice ? [conferencesResource(opts.voice), callsResource(opts.voice)] : [];
  const resources: RestResource[] = [...voice, accountsResource(created), verify];
  let closed = false;

  async function serve(req: http.IncomingMessage, res: http.ServerResponse, resource: RestResource, url: URL, segs: string[]): Promise<void> {
    try {
      if (closed) throw new RestError(503, 20503, 'Service unavailable');
      // Bodies are capped before anything is buffered, and a declared size over the cap
      // is refused before the credentials are even looked at.
      if (declaredTooLarge(req)) throw tooLarge();
      const account = authenticate(req, opts.accounts);
      const body = await readText(req).catch((err: unknown) => {
        throw err instanceof BodyTooLargeError ? tooLarge() : err;
      });
      let params: Params | undefined;
      await resource.handle({
        method: (req.method ?? 'GET').toUpperCase(),
        segs,
        account,
        res,
        params: () => (params ??= parseParams(body, req.headers['content-type'], url.searchParams)),
      });
    } catch (err) {
      if (!res.headersSent) closeAfterAnswer(req, res);
      sendRestError(
        res,
        err instanceof RestError
          ? err
          : err instanceof EmulatorError
            ? new RestError(err.status, err.code, err.message)
            : new RestError(500, 20500, 'Internal Server Error'),
      );
    }
  }

  return {
    handleRequest(req, res) {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://emulator.invalid');
      } catch {
        return false;
      }
      const resource = resources.find((r) => r.owns(url.pathname));
      if (!resource) return false;
      let segs: string[];
      try {
        segs = url.pathname
          .split('/')
          .filter(Boolean)
          .map((x) => decodeURIComponent(x));
      } catch {
        closeAfterAnswer(req, res);
        sendRestError(res, notFound());
        return true;
      }
      void serve(req, res, resource, url, segs);
      return true;
    },
    setLegacyTotpErrors(on: boolean) {
      verify.setLegacy(on);
    },
    close() {
      closed = true;
      for (const r of resources) r.close?.();
    },
  };
}
