// Finding 7 of the security review, the endpoints' part: after a 413 the endpoints kept
// reading (draining) a chunked body to its end. Now a body past the limit is answered 413
// with `Connection: close` and not read any further, in every adapter; a declared 100 MB
// body is refused before any of it is read; memory stays flat.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createVerifyEndpoint, createTokenEndpoint, HttpError } from '../../dist/server/index.js';
import express from 'express';
import { ADAPTERS as SHARED_ADAPTERS } from '../support/adapter-servers.mjs';
import { A } from '../support/attack-target.mjs';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const endpoints = {
  verify: createVerifyEndpoint({
    accountSid: A.accountSid,
    apiKeySid: A.apiKeys[0].sid,
    apiKeySecret: A.apiKeys[0].secret,
    verifyServiceSid: A.verifyServiceSid,
    identity: () => {
      throw new HttpError(401, 'Sign in first'); // never reached: the body is refused first
    },
  }),
  token: createTokenEndpoint({
    accountSid: A.accountSid,
    apiKeySid: A.apiKeys[0].sid,
    apiKeySecret: A.apiKeys[0].secret,
    twimlAppSid: A.twimlAppSid,
    checkCredentials: false,
  }),
};
const ROUTES = { '/verify': 'verify', '/token': 'token' };
// The shared Express app puts express.json() in front of every route, and its own 413 is
// body-parser's; here the endpoints are mounted the way docs/guides/deploy.md says (before any parser).
const ADAPTERS = {
  ...SHARED_ADAPTERS,
  async 'express 5'(eps, routes) {
    const { toExpressHandler } = await import('../../dist/server/index.js');
    const app = express();
    for (const [path, n] of Object.entries(routes)) app.all(path, toExpressHandler(eps[n]));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    return {
      url: `http://127.0.0.1:${server.address().port}`,
      close: () =>
        new Promise((r) => {
          server.close(() => r());
          server.closeAllConnections();
        }),
    };
  },
};
const running = [];
after(() => Promise.all(running.map((s) => s.close())));

/**
 * Streams a chunked POST of up to `totalBytes` at `url` over a raw socket, as fast as the
 * server takes it. Resolves when the server closes the connection (or everything was sent):
 * the status line it answered, how many bytes it accepted, and whether it closed on us.
 */
function streamChunked(url, path, totalBytes, chunkBytes = 64 * 1024) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(u.port), u.hostname);
    const chunk = Buffer.concat([Buffer.from(`${chunkBytes.toString(16)}\r\n`), Buffer.alloc(chunkBytes, 0x61), Buffer.from('\r\n')]);
    let sent = 0;
    let answer = '';
    let closed = false;
    const finish = () => resolve({ status: Number(answer.split(' ')[1]), sent, closedByServer: closed, answer });
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', () => undefined); // EPIPE / ECONNRESET once the server closed
    socket.on('close', () => {
      closed = sent < totalBytes;
      finish();
    });
    socket.write(`POST ${path} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const pump = () => {
      while (sent < totalBytes && !socket.destroyed) {
        sent += chunkBytes;
        if (!socket.write(chunk)) return socket.once('drain', pump);
      }
      if (!socket.destroyed) socket.end('0\r\n\r\n');
    };
    pump();
  });
}

for (const [name, start] of Object.entries(ADAPTERS)) {
  test(
    `${name}: a chunked 100 MB body is answered 413 with Connection: close and the server stops reading it (heap +<20 MB)`,
    { timeout: 60_000 },
    async () => {
      const server = await start(endpoints, ROUTES);
      running.push(server);
      gc();
      const heapBefore = process.memoryUsage().heapUsed;
      const r = await streamChunked(server.url, '/verify', 100 * 1024 * 1024);
      gc();
      const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
      assert.equal(r.status, 413, r.answer.slice(0, 200));
      assert.match(r.answer, /"message":"Request body too large"/);
      assert.ok(r.closedByServer, `the server read all ${r.sent} bytes instead of closing`);
      assert.ok(r.sent < 20 * 1024 * 1024, `${(r.sent / 1048576).toFixed(1)} MB accepted before the close`);
      assert.ok(grownMb < 20, `heap grew ${grownMb.toFixed(1)} MB`);
      console.log(`# ${name}: 413 after ${(r.sent / 1048576).toFixed(2)} MB sent, heap +${grownMb.toFixed(1)} MB`);
    },
  );

  test(`${name}: a declared 100 MB body is refused with 413 before it is read (token endpoint too)`, { timeout: 30_000 }, async () => {
    const server = await start(endpoints, ROUTES);
    running.push(server);
    for (const path of ['/verify', '/token']) {
      const u = new URL(server.url);
      const r = await new Promise((resolve) => {
        const socket = net.connect(Number(u.port), u.hostname);
        let answer = '';
        socket.on('data', (d) => (answer += d.toString('latin1')));
        socket.on('error', () => undefined);
        socket.on('close', () => resolve(answer));
        socket.write(`POST ${path} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n{"code":`);
      });
      assert.match(r, /^HTTP\/1\.1 413 /, `${path}: ${r.slice(0, 120)}`);
      assert.match(r.toLowerCase(), /connection: close/);
    }
  });
}

// The other side of the 413's close: a request without a body (the token's GET) keeps its
// keep-alive connection. The Node adapter closed every such connection (a bodiless request's
// stream never "ends" unless read), which cost a new connection per token and held the
// bench's token endpoint to a fifth of a bare handler's rate.
for (const [name, start] of Object.entries(ADAPTERS)) {
  test(`${name}: two GETs of the token on one keep-alive connection are both answered, without Connection: close`, async () => {
    const server = await start(endpoints, ROUTES);
    running.push(server);
    const u = new URL(server.url);
    const socket = net.connect(Number(u.port), u.hostname);
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('latin1')));
    const get = `GET /token HTTP/1.1\r\nHost: ${u.host}\r\n\r\n`;
    // Each answer starts with its status line (a body does not end with a newline).
    const answers = () => answer.split('HTTP/1.1 ').filter(Boolean);
    const until = async (n) => {
      for (let i = 0; i < 200 && answers().length < n; i++) await new Promise((r) => setTimeout(r, 10));
    };
    socket.write(get);
    await until(1);
    assert.ok(!socket.destroyed, 'the server closed the connection after the first GET');
    socket.write(get);
    await until(2);
    socket.destroy();
    const statuses = answers().map((a) => Number(a.slice(0, 3)));
    assert.deepEqual(statuses, [200, 200], answer.slice(0, 300));
    assert.doesNotMatch(answer.toLowerCase(), /connection: close/);
  });
}
