// The voice webhook and the call-control endpoint as an app mounts them, against the emulator:
// one set for every adapter (test/node/call-control.actions.test.mjs), also loaded inside
// twilio-run (the Twilio Functions case), so everything comes from the arguments or is fixed.
//   /voice         incoming calls ring `alice`; outgoing calls may reach numbers, clients and
//                  the emulator's parties (billing, supervisor, customer, tone:<hz>)
//   /call-control  the session cookie `sid` names the user (alice or bob), else 401
// The URL Twilio signs is the app's: `base` (the adapter's own origin, known once the server
// listens; never the request's Host).
import { createVoiceEndpoint, createCallControlEndpoint, createEmulatorHttpClient, getCookie, HttpError } from '../../dist/server/index.js';
import { DEFAULT_ACCOUNT as A } from '../../dist/emulator/auth/test-accounts.js';

export const SESSIONS = { alice: 'sid=s3ss10n-alice', bob: 'sid=s3ss10n-bob' };
const USERS = new Map([
  ['s3ss10n-alice', 'alice'],
  ['s3ss10n-bob', 'bob'],
]);
export const INBOUND_NUMBER = '+15005550100';
export const CALLER_ID = '+15005550006';
export const BODY_LIMIT = 2048;

export function sessionIdentity(req) {
  const user = USERS.get(getCookie(req.headers.cookie, 'sid'));
  if (!user) throw new HttpError(401, 'Sign in first');
  return user;
}

/** Numbers, clients, and the emulator's parties. */
export function testDestinations(to) {
  return /^\+[1-9]\d{1,14}$/.test(to) || /^client:[\w.@+-]{1,121}$/.test(to) || ['billing', 'supervisor', 'customer'].includes(to) || /^tone:\d{1,5}$/.test(to);
}

/** @param {string} emulatorUrl @param {string} base */
export function callControlEndpoints(emulatorUrl, base, { log } = {}) {
  const common = {
    accountSid: A.accountSid,
    apiKeySid: A.apiKeys[0].sid,
    apiKeySecret: A.apiKeys[0].secret,
    authToken: A.authToken,
    callerId: CALLER_ID,
    destinations: testDestinations,
    httpClient: createEmulatorHttpClient(emulatorUrl, { keepAlive: false }),
    // Deadlines are tested elsewhere; a busy machine must not turn answers into 504 here.
    twilioTimeoutMs: 30_000,
    log,
  };
  return {
    voice: createVoiceEndpoint({
      ...common,
      publicUrl: `${base}/voice`,
      statusCallbackUrl: `${base}/call-control`,
      incomingIdentity: (params) => (params.To === INBOUND_NUMBER ? 'alice' : null),
      bodyLimit: BODY_LIMIT * 8,
    }),
    callControl: createCallControlEndpoint({
      ...common,
      publicUrl: `${base}/call-control`,
      identity: sessionIdentity,
      bodyLimit: BODY_LIMIT,
    }),
  };
}

export const ROUTES = { '/voice': 'voice', '/call-control': 'callControl' };
