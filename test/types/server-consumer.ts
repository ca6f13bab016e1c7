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
  createVoiceEndpoint,
  createCallControlEndpoint,
  createVoiceFunction,
  createCallControlFunction,
  type EndpointResponse,
  type Participant,
  type ParticipantRole,
  type CallControlAction,
  type VoiceEndpointOptions,
  type CallControlEndpointOptions,
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

// Call control: the voice webhook and the call-control endpoint, through every adapter.
const voiceOptions: VoiceEndpointOptions<express.Request> = {
  accountSid: 'AC',
  apiKeySid: 'SK',
  apiKeySecret: 'secret',
  authToken: 'token',
  publicUrl: (req) => `https://example.com${req.url}`,
  callerId: '+15005550006',
  statusCallbackUrl: 'https://example.com/call-control',
  incomingIdentity: async (params) => (params.To === '+15005550100' ? 'alice' : null),
  destinations: (to, identity) => to.startsWith('+') && identity !== 'guest',
};
const voice = createVoiceEndpoint(voiceOptions);
const callControl = createCallControlEndpoint({
  accountSid: 'AC',
  authToken: 'token',
  publicUrl: 'https://example.com/call-control',
  callerId: '+15005550006',
  identity: (req) => getCookie(req.headers.cookie, 'sid') ?? '',
});
express().post('/voice', toExpressHandler(voice)).post('/call-control', toExpressHandler(callControl));
Fastify().register(toFastifyPlugin(callControl), { prefix: '/call-control' });
http.createServer(toNodeHandler(voice));
new Hono().post('/call-control', (c) => toFetchHandler(callControl)(c.req.raw));
export const voiceFunction = createVoiceFunction({ incomingIdentity: () => 'alice' });
export const callControlFunction = createCallControlFunction((context) => ({ identity: () => String(context.USER) }));

const role: ParticipantRole = 'consulted';
const participant: Participant = { id: 'CA1', label: 'billing', role, onHold: false, muted: false };
const action: CallControlAction = 'complete-transfer';
void participant;
void action;
// @ts-expect-error 'owner' is a label role, never a role the phone sees
export const wrongRole: ParticipantRole = 'owner';
// @ts-expect-error the call-control endpoint needs publicUrl (the URL Twilio signs)
createCallControlEndpoint({ accountSid: 'AC', authToken: 't', callerId: '+1', identity: () => 'a' });
// @ts-expect-error incomingIdentity answers an identity or null
createVoiceEndpoint({ ...voiceOptions, incomingIdentity: () => 42 });
// @ts-expect-error options with a type of their own
export const badOptions: CallControlEndpointOptions = { accountSid: 'AC', authToken: 't', publicUrl: 'https://x', callerId: 5 };
