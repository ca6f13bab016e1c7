import Fastify from 'fastify';
import { toFastifyPlugin } from 'twilio-widgets/server';
import { token, verify } from './endpoints.mjs';

export const app = Fastify();
app.register(toFastifyPlugin(token), { prefix: '/token' });
app.register(toFastifyPlugin(verify), { prefix: '/verify' });

await app.listen({ port: Number(process.env.PORT ?? 3000) });
