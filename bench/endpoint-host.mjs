#!/usr/bin/env node
// A child process of bench/endpoints.mjs, so the load generator, the endpoints and the
// fake Twilio do not share one event loop:
//   node bench/endpoint-host.mjs emulator      the emulator (HTTPS) on a free loopback port
//   node bench/endpoint-host.mjs endpoints URL the bare baseline, the token and the verify
//                                              endpoint (twilio-widgets/server, Node adapter),
//                                              each on its own loopback port, Twilio = URL
// It reports `{ready: {...urls}}` over IPC and exits when its parent disconnects.
import http from 'node:http';

const [role, emulatorUrl] = process.argv.slice(2);

function listen(handler) {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

if (role === 'emulator') {
  const { startEmulator } = await import('../dist/emulator/index.js');
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1' });
  process.send({ ready: { emulator: emulator.url } });
} else if (role === 'endpoints') {
  const { createTokenEndpoint, createVerifyEndpoint, createEmulatorHttpClient, toNodeHandler } = await import('../dist/server/index.js');
  const { DEFAULT_ACCOUNT: A } = await import('../dist/emulator/auth/test-accounts.js');
  const key = A.apiKeys[0];
  const credentials = { accountSid: A.accountSid, apiKeySid: key.sid, apiKeySecret: key.secret, httpClient: createEmulatorHttpClient(emulatorUrl) };
  const body = JSON.stringify({ identity: 'bench', token: 'x'.repeat(400) }); // about a token answer's size
  const bare = await listen((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  const token = await listen(toNodeHandler(createTokenEndpoint({ ...credentials, twimlAppSid: A.twimlAppSid, identity: () => 'bench' })));
  const verify = await listen(
    toNodeHandler(
      createVerifyEndpoint({ ...credentials, verifyServiceSid: A.verifyServiceSid, maxAttempts: Number.MAX_SAFE_INTEGER, unsafeClientIdentity: true }),
    ),
  );
  process.send({ ready: { bare, token, verify } });
} else {
  throw new Error(`unknown role ${role}`);
}
process.on('disconnect', () => process.exit(0));
