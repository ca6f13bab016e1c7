// The demo server's sample TwiML app (demo/sample-twiml-app.mjs): a token
// from /token?app=sample names it, and the emulator runs its TwiML for that
// token's calls (signed webhook to the same server). Protocol-level client;
// the page's switch only changes the phone's token URL to that route.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertBuilt, startDemoServer } from './harness.mjs';
import { Client } from '../support/emulator-harness.mjs';

let demo;
before(async () => {
  assertBuilt();
  demo = await startDemoServer({ DEMO_VERBOSE: '1' });
});
after(() => demo?.stop());

async function getToken(query) {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    request(`${demo.url}/token?${query}`, { rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(JSON.parse(body).token));
    })
      .on('error', reject)
      .end();
  });
}

async function dial(to, query = 'identity=sample-caller&app=sample') {
  const token = await getToken(query);
  const c = new Client(`${demo.url.replace('https', 'wss')}/signal`);
  await c.opened;
  c.send('listen', { token });
  await c.next('connected');
  c.send('invite', { callsid: 'TJsample' + to, sdp: 'v=0\r\n', twilio: { params: `To=${encodeURIComponent(to)}` } });
  return c;
}

test('hello: the sample app answers with <Say>, then hangs up', { timeout: 30_000 }, async () => {
  const c = await dial('hello');
  try {
    await c.next('answer', 15_000);
    const hangup = await c.next('hangup', 15_000);
    assert.equal(hangup.payload.error, undefined);
    assert.match(demo.output(), /application APde/);
  } finally {
    c.close();
  }
});

test('busy: <Reject reason="busy"> reaches the caller as 31486; without app=sample the fixed destinations answer', { timeout: 30_000 }, async () => {
  const busy = await dial('busy');
  try {
    assert.equal((await busy.next('hangup', 15_000)).payload.error.code, 31486);
  } finally {
    busy.close();
  }
  const plain = await dial('hello', 'identity=plain-caller');
  try {
    // `hello` is no fixed destination: the default application answers 31404.
    assert.equal((await plain.next('hangup', 15_000)).payload.error.code, 31404);
  } finally {
    plain.close();
  }
});
