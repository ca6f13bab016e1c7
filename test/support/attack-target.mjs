// What the server attack suites (test/node/*.attack.test.mjs) aim at: the emulator's Verify
// REST API on loopback (counting what reaches "Twilio"), a verify endpoint mounted the way
// an app would, with a session store, and requests from any 127.x source address so that
// "another client" is another address, as it would be on a network.
import http from 'node:http';
import { TOTP, URI } from 'otpauth';
import { createTwilioRestApi } from '../../dist/emulator/rest/api.js';
import { DEFAULT_ACCOUNT as A } from '../../dist/emulator/auth/test-accounts.js';
import { createVerifyHandler, createEmulatorHttpClient, getCookie, HttpError, MemoryAttemptStore } from '../../dist/server/index.js';
import { loopbackServers } from './loopback-servers.mjs';
import { jsonOrUndefined } from './answers.mjs';

export { A };

/** The emulator's REST API; `twilio.requests` lists `METHOD path` of everything that reached it. */
export async function startTwilio(servers) {
  const api = createTwilioRestApi({ accounts: [A] });
  const requests = [];
  const url = await servers.listen((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (!api.handleRequest(req, res)) res.writeHead(404).end();
  });
  return { url, requests };
}

/** An app's session store: `signIn(name)` gives the cookie its login would set. */
export function sessionStore() {
  const sessions = new Map();
  let n = 0;
  return {
    signIn(identity) {
      const sid = `s${++n}-${Math.random().toString(36).slice(2)}`;
      sessions.set(sid, identity);
      return `sid=${sid}`;
    },
    /** The identity hook: the session's user, else 401. */
    identity(req) {
      const user = sessions.get(getCookie(req.headers.cookie, 'sid'));
      if (!user) throw new HttpError(401, 'Sign in first');
      return user;
    },
  };
}

/** Verify endpoint options against `twilio` (the emulator), each with a fresh attempt store; `options` override. */
export function verifyOptions(twilio, options = {}) {
  return {
    accountSid: A.accountSid,
    apiKeySid: A.apiKeys[0].sid,
    apiKeySecret: A.apiKeys[0].secret,
    verifyServiceSid: A.verifyServiceSid,
    httpClient: createEmulatorHttpClient(twilio.url, { keepAlive: false }),
    attemptStore: new MemoryAttemptStore(),
    ...options,
  };
}

/** A verify handler against `twilio` on its own loopback server; options override the defaults. */
export async function verifyApp(servers, twilio, options = {}) {
  return servers.listen(createVerifyHandler(verifyOptions(twilio, options)));
}

/** POST JSON from `from` (a 127.x address): `{status, json}`. */
export function post(url, body, { cookie, from = '127.0.0.1', headers = {} } = {}) {
  const u = new URL(url);
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...(cookie ? { cookie } : {}), ...headers },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode, headers: res.headers, json: jsonOrUndefined(Buffer.concat(chunks).toString()) });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** The current code of an enrolment answer's `otpauth://` URI (and a wrong one). */
export function codeFor(uri) {
  return URI.parse(uri).generate();
}
export function wrongCodeFor(uri) {
  const right = codeFor(uri);
  return String((Number(right) + 1) % 1_000_000).padStart(right.length, '0');
}
export { TOTP, loopbackServers };

/** Enrols and verifies a factor for the session: its `factorSid` and `uri`. */
export async function enrolVerified(url, cookie) {
  const e = await post(url, { action: 'enroll' }, { cookie });
  if (e.status !== 201) throw new Error(`enrol answered ${e.status} ${JSON.stringify(e.json)}`);
  const v = await post(url, { action: 'verify-factor', factorSid: e.json.factorSid, code: codeFor(e.json.uri) }, { cookie });
  if (v.json?.status !== 'verified') throw new Error(`verify answered ${v.status} ${JSON.stringify(v.json)}`);
  return e.json;
}

/** The factors the emulator holds for `identity`. */
export async function factorsOf(twilio, identity) {
  const auth = Buffer.from(`${A.apiKeys[0].sid}:${A.apiKeys[0].secret}`).toString('base64');
  const r = await fetch(`${twilio.url}/v2/Services/${A.verifyServiceSid}/Entities/${identity}/Factors`, { headers: { authorization: `Basic ${auth}` } });
  if (r.status === 404) return [];
  return (await r.json()).factors;
}
