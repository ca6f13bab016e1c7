// One loopback server per framework, each mounting the same endpoints through its
// adapter, the way the snippets of docs/guides/deploy.md do. Each resolves
// with `{url, close}`.
import http from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { toNodeHandler, toExpressHandler, toFastifyPlugin, toFetchHandler } from '../../dist/server/index.js';

function listening(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => resolve());
  });
}

function closer(server) {
  return () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
}

/** @type {Record<string, (endpoints: Record<string, any>, routes: Record<string, string>) => Promise<{url: string, close(): Promise<void>}>>} */
export const ADAPTERS = {
  async 'node http'(endpoints, routes) {
    const handlers = Object.fromEntries(Object.entries(routes).map(([path, name]) => [path, toNodeHandler(endpoints[name])]));
    const server = http.createServer((req, res) => {
      const handler = handlers[new URL(req.url ?? '/', 'http://x').pathname];
      if (handler) return handler(req, res);
      res.writeHead(404).end();
    });
    server.listen(0, '127.0.0.1');
    await listening(server);
    return { url: `http://127.0.0.1:${server.address().port}`, close: closer(server) };
  },

  async 'express 5'(endpoints, routes) {
    const app = express();
    app.use(express.json()); // an app that parses JSON for its other routes: the adapter takes the parsed body
    for (const [path, name] of Object.entries(routes)) app.all(path, toExpressHandler(endpoints[name]));
    const server = app.listen(0, '127.0.0.1');
    await listening(server);
    return { url: `http://127.0.0.1:${server.address().port}`, close: closer(server) };
  },

  async 'fastify 5'(endpoints, routes) {
    const app = Fastify();
    for (const [path, name] of Object.entries(routes)) app.register(toFastifyPlugin(endpoints[name]), { prefix: path });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { url: `http://127.0.0.1:${app.server.address().port}`, close: () => app.close() };
  },

  async 'fetch (Hono on @hono/node-server)'(endpoints, routes) {
    const app = new Hono();
    for (const [path, name] of Object.entries(routes)) {
      const handler = toFetchHandler(endpoints[name]);
      app.all(path, (c) => handler(c.req.raw, { remoteAddress: getConnInfo(c).remote.address }));
    }
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await listening(server);
    return { url: `http://127.0.0.1:${server.address().port}`, close: closer(server) };
  },
};
