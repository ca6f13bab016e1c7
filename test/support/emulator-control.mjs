// What the emulator's conference suites share: requests to a running emulator over HTTPS
// (its certificate is self-signed), its control API (/emulator/*) and audio meter, a
// twilio-node client pointed at it, form bodies of webhooks it sends, and polling.
import assert from 'node:assert/strict';
import https from 'node:https';
import twilio from 'twilio';
import { DEFAULT_ACCOUNT as A } from '../../dist/emulator/auth/test-accounts.js';
import { createEmulatorHttpClient } from '../../dist/server/twilio-client.js';

/** A JSON request to the emulator at `emu.url`; resolves with {status, json} whatever the status. */
export function emulatorRequest(emu, method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? null : JSON.stringify(body);
    const req = https.request(
      new URL(path, emu.url),
      { method, rejectUnauthorized: false, agent: false, headers: data ? { 'content-type': 'application/json' } : {} },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode, json: text ? JSON.parse(text) : null });
          } catch {
            reject(new Error(`${method} ${path}: ${res.statusCode}, not JSON: ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(data ?? undefined);
  });
}

/** The control API: `control(emu, '/conferences')`, `control(emu, '/inbound', 'POST', {…})`. */
export const control = (emu, path, method = 'GET', body) => emulatorRequest(emu, method, '/emulator' + path, body);

/** GET /emulator/calls/{sid}/audio: the levels (dBFS) at `freqs` that the leg heard and said over the last second. */
export const callAudio = (emu, callSid, freqs) => control(emu, `/calls/${callSid}/audio?freqs=${[freqs].flat().join(',')}`);

/** The real twilio-node client, talking to the emulator as the built-in account. */
export const restClient = (emu) =>
  twilio(A.accountSid, A.authToken, { accountSid: A.accountSid, httpClient: createEmulatorHttpClient(emu.url, { keepAlive: false }) });

/** The form parameters of a webhook request the emulator sent. */
export function formBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => resolve(Object.fromEntries(new URLSearchParams(body))));
    req.on('error', reject);
  });
}

/** Polls `check` (which throws while not yet true) every `everyMs` until it passes, or fails with its last error after `ms`. */
export async function eventually(check, ms = 10_000, everyMs = 100) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
}

/** The error `p` rejects with; fails the test when it resolves. */
export async function rejection(p) {
  try {
    await p;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}
