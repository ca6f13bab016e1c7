// The one set of endpoints every adapter is tested with (test/node/server.adapters.test.mjs),
// built from the framework-free core against the emulator:
//   /token        the caller's identity from the app's session cookie `sid`, else 401
//   /token-wrong  a wrong API key secret: Twilio refuses the credentials check
//   /verify       3 attempts per identity (and per `x-client-id`, when sent), 1 KB bodies
//   /verify-by-address  3 attempts per caller address (the default client key)
//   /verify-session  the identity from the session cookie `sid` only (the safe default)
// All three allow CORS from ORIGIN. Also loaded inside twilio-run (the Twilio Functions
// case), so everything here comes from the arguments or is fixed.
import { createTokenEndpoint, createVerifyEndpoint, createEmulatorHttpClient, getCookie, HttpError } from '../../dist/server/index.js';
import { DEFAULT_ACCOUNT as A } from '../../dist/emulator/auth/test-accounts.js';

export const ORIGIN = 'https://app.example';
export const SESSION = { cookie: 'sid=s3ss10n-alice', identity: 'alice' };
export const MAX_ATTEMPTS = 3;
export const BODY_LIMIT = 1024;

/** The app's session store: session id → user. */
const sessions = new Map([['s3ss10n-alice', { id: SESSION.identity }]]);

/** The signed-in user's identity, from the session cookie the app's login set. */
function sessionIdentity(req) {
  const user = sessions.get(getCookie(req.headers.cookie, 'sid'));
  if (!user) throw new HttpError(401, 'Sign in first');
  return user.id;
}

export function fixtureEndpoints(emulatorUrl, { log } = {}) {
  const httpClient = () => createEmulatorHttpClient(emulatorUrl);
  const key = A.apiKeys[0];
  // Deadlines are tested in server.faults.test.mjs; here a busy machine must not turn answers into 504.
  const common = { accountSid: A.accountSid, apiKeySid: key.sid, cors: { origins: [ORIGIN] }, log, twilioTimeoutMs: 30_000 };
  return {
    token: createTokenEndpoint({ ...common, apiKeySecret: key.secret, twimlAppSid: A.twimlAppSid, httpClient: httpClient(), identity: sessionIdentity }),
    tokenWrong: createTokenEndpoint({ ...common, apiKeySecret: 'not-the-secret', twimlAppSid: A.twimlAppSid, httpClient: httpClient() }),
    verify: createVerifyEndpoint({
      ...verifyCommon(),
      // Rows of the table share one address; each row is its own client here.
      clientKey: (req) => req.headers['x-client-id'],
    }),
    verifyByAddress: createVerifyEndpoint(verifyCommon()),
    verifySession: createVerifyEndpoint({ ...verifyBase(), identity: sessionIdentity }),
  };
  function verifyCommon() {
    // The rows post an identity of their own: the adapters' plumbing is under test here, not
    // where the identity comes from (that is /verify-session, below, and the attack suite).
    return { ...verifyBase(), unsafeClientIdentity: true, maxClientAttempts: MAX_ATTEMPTS };
  }
  function verifyBase() {
    return {
      ...common,
      apiKeySecret: key.secret,
      verifyServiceSid: A.verifyServiceSid,
      httpClient: httpClient(),
      maxAttempts: MAX_ATTEMPTS,
      bodyLimit: BODY_LIMIT,
    };
  }
}

/** Path → fixture endpoint name. */
export const ROUTES = {
  '/token': 'token',
  '/token-wrong': 'tokenWrong',
  '/verify': 'verify',
  '/verify-by-address': 'verifyByAddress',
  '/verify-session': 'verifySession',
};
