// The demo server's sample TwiML app (demo/sample-twiml-app.mjs): a token
// from /token?app=sample (signed in first: the demo's /token serves only a session) names it, and the emulator runs its TwiML for that
// token's calls (signed webhook to the same server). Protocol-level client;
// the page's switch only changes the phone's token URL to that route.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { assertBuilt, startDemoServer } from './harness.mjs';
import { Client } from '../support/emulator-harness.mjs';

let demo;
before(async () => {
  assertBuilt();
  demo = await startDemoServer({ DEMO_VERBOSE: '1' });
});
after(() => demo?.stop());

function https(method, path, headers = {}, body) {
  return new Promise((resolve, reject) => {
    request(`${demo.url}${path}`, { method, headers, rejectUnauthorized: false }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ headers: res.headers, json: JSON.parse(text) }));
    })
      .on('error', reject)
      .end(body);
  });
}

/** A token for `name` (signed in through the demo's POST /session) from /token?query. */
async function getToken(name, query) {
  const session = await https('POST', '/session', { 'content-type': 'application/json' }, JSON.stringify({ name }));
  const cookie = [session.headers['set-cookie']].flat()[0].split(';')[0];
  const { json } = await https('GET', `/token?${query}`, { cookie });
  assert.equal(json.identity, name);
  return json.token;
}

async function dial(to, name = 'sample-caller', query = 'app=sample') {
  const token = await getToken(name, query);
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
  const plain = await dial('hello', 'plain-caller', '');
  try {
    // `hello` is no fixed destination: the default application answers 31404.
    assert.equal((await plain.next('hangup', 15_000)).payload.error.code, 31404);
  } finally {
    plain.close();
  }
});
