// The call-control server of the browser suites: the reference createVoiceEndpoint and
// createCallControlEndpoint (twilio-widgets/server) on a small Node HTTP server of their own,
// which the emulator requests with signed webhooks (the TwiML app's Voice URL, the conferences'
// status callbacks), against the emulator's REST API. The page reaches /call-control through the
// test runner's own origin (`/__cc`, proxied here), so its POSTs are same-origin like in an app.
// The harness has no sign-in: `?as=<identity>` in the phone's call-control-url stands in for the
// app's session (the identity hook reads it); the server still checks that this identity is a
// leg of the call it acts on.
import http from 'node:http';
import { createCallControlEndpoint, createEmulatorHttpClient, createVoiceEndpoint, toFetchHandler, toNodeHandler } from '../../dist/server/index.js';
import { DEFAULT_ACCOUNT } from '../../dist/emulator/auth/test-accounts.js';

/** The TwiML app whose Voice URL is /voice: tokens minted with `app=call-control` name it. */
export const CALL_CONTROL_APP_SID = 'AP' + 'cc'.repeat(16);
/** The number the emulator's `customer` calls (POST /emulator/inbound): its Voice URL is /voice too. */
export const INBOUND_NUMBER = '+15005550100';
const CALLER_ID = '+15005550006';
const PARTIES = new Set(['billing', 'supervisor', 'customer', 'echo', 'tone']);

let server;
let base = '';
let voice;
let callControl;
/** The same call-control endpoint as a fetch-style handler (the bench's HTTP/2 page server serves it). */
let callControlFetch;
/** Who takes the next call to INBOUND_NUMBER (set by a test through /__cc-inbound-identity). */
let inboundIdentity = null;

/** Starts the HTTP server; returns its origin (the emulator's applications point here). */
export async function startCallControlApp() {
  server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/voice' && voice) return voice(req, res);
    if (path === '/call-control' && callControl) return callControl(req, res);
    res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
  return base;
}

/** Builds the endpoints once the emulator runs (their REST client needs its URL). */
export function buildCallControlEndpoints(emulatorUrl) {
  const key = DEFAULT_ACCOUNT.apiKeys[0];
  const common = {
    accountSid: DEFAULT_ACCOUNT.accountSid,
    apiKeySid: key.sid,
    apiKeySecret: key.secret,
    authToken: DEFAULT_ACCOUNT.authToken,
    callerId: CALLER_ID,
    destinations: (to) => /^\+[1-9]\d{1,14}$/.test(to) || /^client:[A-Za-z0-9_.@+-]{1,121}$/.test(to) || PARTIES.has(to),
    httpClient: createEmulatorHttpClient(emulatorUrl),
  };
  voice = toNodeHandler(
    createVoiceEndpoint({
      ...common,
      publicUrl: `${base}/voice`,
      statusCallbackUrl: `${base}/call-control`,
      incomingIdentity: () => inboundIdentity,
    }),
  );
  const endpoint = createCallControlEndpoint({
    ...common,
    publicUrl: `${base}/call-control`,
    identity: (req) => req.query.get('as') ?? '',
  });
  callControl = toNodeHandler(endpoint);
  callControlFetch = toFetchHandler(endpoint);
}

/** `(Request) => Promise<Response>` for a page server of its own (bench/server.mjs). */
export const callControlFetchHandler = (request) => callControlFetch(request);

export function emulatorApplications() {
  return {
    applications: { [CALL_CONTROL_APP_SID]: { voiceUrl: `${base}/voice`, voiceMethod: 'POST' } },
    numbers: { [INBOUND_NUMBER]: { voiceUrl: `${base}/voice`, voiceMethod: 'POST' } },
  };
}

export async function stopCallControlApp() {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r()));
}

/** `/__cc?as=<identity>` → the call-control endpoint; `/__cc-inbound-identity?identity=` → who takes INBOUND_NUMBER; `/__cc-figures` ← the measured figures. */
export async function callControlRoute(ctx, q, readJson) {
  if (ctx.path === '/__cc-figures') {
    // The e2e suite's media levels and action latencies, for the report (.ci/cache/ is not committed).
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir('.ci/cache', { recursive: true });
    await writeFile('.ci/cache/call-control-figures.json', JSON.stringify(await readJson(ctx.req), null, 2));
    ctx.body = { ok: true };
    return;
  }
  if (ctx.path === '/__cc-inbound-identity') {
    inboundIdentity = q.identity || null;
    ctx.body = { ok: true, number: INBOUND_NUMBER };
    return;
  }
  ctx.respond = false;
  ctx.status = 200; // Koa's default 404 would be listed by wtr as a missing file
  await callControl(ctx.req, ctx.res);
}
