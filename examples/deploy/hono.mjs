import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { toFetchHandler } from 'twilio-widgets/server';
import { token, verify } from './endpoints.mjs';

const tokenHandler = toFetchHandler(token);
const verifyHandler = toFetchHandler(verify);

const app = new Hono();
app.all('/token', (c) => tokenHandler(c.req.raw));
// The caller's address keys the per-client attempt limit; a Request alone does not carry it.
app.all('/verify', (c) => verifyHandler(c.req.raw, { remoteAddress: getConnInfo(c).remote.address }));

export const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) });
