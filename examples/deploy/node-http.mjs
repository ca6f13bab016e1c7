import http from 'node:http';
import { toNodeHandler } from 'twilio-widgets/server';
import { token, verify } from './endpoints.mjs';

const routes = { '/token': toNodeHandler(token), '/verify': toNodeHandler(verify) };

export const server = http
  .createServer((req, res) => {
    const handle = routes[new URL(req.url, 'http://localhost').pathname];
    if (handle) return handle(req, res);
    res.writeHead(404).end();
  })
  .listen(Number(process.env.PORT ?? 3000));
