// A consumer's view of twilio-widgets/server's types with the real frameworks' own types:
// compiled with `tsc --noEmit` in `npm test` (test:types). The adapters type their
// framework structurally (nothing is imported from express, fastify or hono), so this is
// where a mismatch with the real types would show.
import http from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { createClient } from 'redis';
import {
  createTokenEndpoint,
  createVerifyEndpoint,
  createTokenFunction,
  getCookie,
  HttpError,
  RedisAttemptStore,
  toExpressHandler,
  toFastifyPlugin,
  toFetchHandler,
  toNodeHandler,
  toTwilioFunction,
  type EndpointResponse,
} from 'twilio-widgets/server';

const token = createTokenEndpoint({
  accountSid: 'AC',
  apiKeySid: 'SK',
  apiKeySecret: 'secret',
  twimlAppSid: 'AP',
  identity: (req) => {
    const sid = getCookie(req.headers.cookie, 'sid');
    if (!sid) throw new HttpError(401, 'Sign in first');
    return sid;
  },
});
const verify = createVerifyEndpoint<express.Request>({
  accountSid: 'AC',
  authToken: 'token',
  verifyServiceSid: 'VA',
  attemptStore: new RedisAttemptStore(createClient({ disableOfflineQueue: true })),
  clientKey: (req) => req.native?.ip,
});

http.createServer(toNodeHandler(token));
express().all('/token', toExpressHandler(token));
Fastify().register(toFastifyPlugin(verify), { prefix: '/verify' });
const fetchVerify = toFetchHandler(verify);
new Hono().all('/verify', (c) => fetchVerify(c.req.raw, { remoteAddress: '127.0.0.1' }));
export const functionHandler = createTokenFunction((context) => ({ ttl: Number(context.TOKEN_TTL ?? 600) }));
export const wrapped = toTwilioFunction(verify);

void (async () => {
  const res: EndpointResponse = await token({ method: 'GET', url: '/token', headers: { cookie: 'sid=1' } });
  void res;
})();

// @ts-expect-error the identity hook returns a string
createTokenEndpoint({ accountSid: 'AC', apiKeySid: 'SK', apiKeySecret: 's', twimlAppSid: 'AP', identity: () => 42 });
// @ts-expect-error twimlAppSid is required
createTokenEndpoint({ accountSid: 'AC', apiKeySid: 'SK', apiKeySecret: 's' });
