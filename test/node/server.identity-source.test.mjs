// Every adapter refuses to build a verify or call-control endpoint without an identity source (the app's
// session hook, or the explicit unsafeClientIdentity opt-out), and a token endpoint whose
// identity option is not a function: at construction, with a TypeError that names the
// option; in Twilio Functions, whose options may be computed from the context on the
// first request, as a 500 that says the same thing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createTokenEndpoint,
  createTokenFunction,
  createTokenHandler,
  createVerifyEndpoint,
  createVerifyFunction,
  createVerifyHandler,
  createCallControlEndpoint,
  createCallControlFunction,
  toExpressHandler,
  toFastifyPlugin,
  toFetchHandler,
  toNodeHandler,
  toTwilioFunction,
} from '../../dist/server/index.js';
import { DEFAULT_ACCOUNT as A } from '../../dist/emulator/auth/test-accounts.js';

const KEY = A.apiKeys[0];
const verifyOpts = { accountSid: A.accountSid, apiKeySid: KEY.sid, apiKeySecret: KEY.secret, verifyServiceSid: A.verifyServiceSid };
const tokenOpts = { accountSid: A.accountSid, apiKeySid: KEY.sid, apiKeySecret: KEY.secret, twimlAppSid: A.twimlAppSid };
const callControlOpts = { accountSid: A.accountSid, authToken: A.authToken, publicUrl: 'https://app.example/call-control', callerId: '+15005550006' };
const NEEDS_HOOK = /needs an `identity` option[\s\S]*identity: \(req\) =>[\s\S]*unsafeClientIdentity: true/;

/** How each adapter's user builds an endpoint from options. */
const BUILDERS = {
  'node http': { verify: (o) => toNodeHandler(createVerifyEndpoint(o)), token: (o) => toNodeHandler(createTokenEndpoint(o)) },
  'node http (first-release handlers)': { verify: (o) => createVerifyHandler(o), token: (o) => createTokenHandler(o) },
  'express 5': { verify: (o) => toExpressHandler(createVerifyEndpoint(o)), token: (o) => toExpressHandler(createTokenEndpoint(o)) },
  'fastify 5': { verify: (o) => toFastifyPlugin(createVerifyEndpoint(o)), token: (o) => toFastifyPlugin(createTokenEndpoint(o)) },
  'fetch (Hono, Bun, Deno, workers)': { verify: (o) => toFetchHandler(createVerifyEndpoint(o)), token: (o) => toFetchHandler(createTokenEndpoint(o)) },
  'twilio functions': { verify: (o) => createVerifyFunction(o), token: (o) => createTokenFunction(o) },
  'twilio functions (own endpoint)': { verify: (o) => toTwilioFunction(createVerifyEndpoint(o)), token: (o) => toTwilioFunction(createTokenEndpoint(o)) },
};

for (const [adapter, build] of Object.entries(BUILDERS)) {
  test(`${adapter}: verify without an identity source throws a TypeError naming the option`, () => {
    assert.throws(
      () => build.verify(verifyOpts),
      (e) => e instanceof TypeError && NEEDS_HOOK.test(e.message),
    );
    assert.throws(
      () => build.verify({ ...verifyOpts, identity: 'alice' }),
      (e) => e instanceof TypeError && /must be a function/.test(e.message),
    );
  });
  test(`${adapter}: verify with a hook, or with unsafeClientIdentity: true, builds`, () => {
    assert.equal(typeof build.verify({ ...verifyOpts, identity: () => 'alice' }), 'function');
    assert.equal(typeof build.verify({ ...verifyOpts, unsafeClientIdentity: true }), 'function');
  });
  test(`${adapter}: token with an identity that is not a function throws; without one it builds (random identities)`, () => {
    assert.throws(
      () => build.token({ ...tokenOpts, identity: 'alice' }),
      (e) => e instanceof TypeError && /`identity` option must be a function/.test(e.message),
    );
    assert.equal(typeof build.token(tokenOpts), 'function');
  });
}

test('twilio functions: options computed from the context are checked on the first request; the 500 names the missing option', async () => {
  globalThis.Twilio = {
    Response: class {
      setStatusCode(s) {
        this.status = s;
      }
      setHeaders(h) {
        this.headers = h;
      }
      setBody(b) {
        this.body = b;
      }
    },
  };
  try {
    const handler = createVerifyFunction(() => ({})); // no identity hook
    const context = { ACCOUNT_SID: A.accountSid, API_KEY: KEY.sid, API_SECRET: KEY.secret, VERIFY_SERVICE_SID: A.verifyServiceSid };
    const response = await new Promise((resolve, reject) =>
      handler(context, { action: 'enroll', identity: 'victim' }, (err, r) => (err ? reject(err) : resolve(r))),
    );
    assert.equal(response.status, 500);
    assert.match(JSON.parse(response.body).message, NEEDS_HOOK);
  } finally {
    delete globalThis.Twilio;
  }
});

// The call-control endpoint acts for the user in the call: the same rule as verify.
const CALL_CONTROL_BUILDERS = {
  'node http': (o) => toNodeHandler(createCallControlEndpoint(o)),
  'express 5': (o) => toExpressHandler(createCallControlEndpoint(o)),
  'fastify 5': (o) => toFastifyPlugin(createCallControlEndpoint(o)),
  'fetch (Hono, Bun, Deno, workers)': (o) => toFetchHandler(createCallControlEndpoint(o)),
  'twilio functions': (o) => createCallControlFunction(o),
  'twilio functions (own endpoint)': (o) => toTwilioFunction(createCallControlEndpoint(o)),
};
for (const [adapter, build] of Object.entries(CALL_CONTROL_BUILDERS)) {
  test(`${adapter}: call-control without an identity source throws a TypeError naming the option; with one it builds`, () => {
    assert.throws(
      () => build(callControlOpts),
      (e) => e instanceof TypeError && NEEDS_HOOK.test(e.message) && /call-control endpoint/.test(e.message),
    );
    assert.throws(
      () => build({ ...callControlOpts, identity: 'alice' }),
      (e) => e instanceof TypeError && /must be a function/.test(e.message),
    );
    assert.equal(typeof build({ ...callControlOpts, identity: () => 'alice' }), 'function');
  });
}
