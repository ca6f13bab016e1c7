// Token URL fault matrix: every way a token URL can fail, one row each,
// against real HTTP endpoints (the test server's /__token route), the real
// SDK and the emulator. Each row asserts the final state, the state-change
// sequence, the message shown, how many requests were made (no retry for
// 401/403/malformed, capped backoff for transient failures), and that no
// unhandled rejection or console error happened.
//
// Where the browser has no WebRTC the phone stops before its token request
// (twilio-phone.no-webrtc.test.ts), so the element rows need WebRTC; the same
// rows then run up to the SDK (the token request, its checks and the state
// machine, as the phone's session composes them) in every browser.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { obtainToken } from '../../src/elements/core/token-source.js';
import { INITIAL_SNAPSHOT, reducePhone, type PhoneInput, type PhoneTransition } from '../../src/elements/core/phone-machine.js';
import { describeWithWebRTC, hits, record, testEnv, tokenUrl, uniqueKey, until, watchPageProblems } from './helpers.js';

interface Row {
  name: string;
  params?: Record<string, string | number>;
  /** a URL that is not the test server's (refused, cross-origin) */
  url?: (env: { emulatorUrl: string }) => string;
  state: 'ready' | 'bad-credentials' | 'error';
  source?: 'token-url' | 'fetch-token' | 'twilio';
  message?: RegExp;
  /** requests the token URL saw, when the test server can count them */
  requests?: number;
  /** ms per token request attempt; 5000 unless said (a loaded machine's test server can take over 300 ms for any answer) */
  timeoutMs?: number;
  /** the token passes every check before the SDK; Twilio gives the verdict */
  twilioDecides?: boolean;
}

const READY = ['fetching-token', 'registering', 'ready'];

const rows: Row[] = [
  { name: '200 with {token}', params: { variant: 'good' }, state: 'ready', requests: 1 },
  { name: '200 text JWT', params: { variant: 'good', format: 'text' }, state: 'ready', requests: 1 },
  {
    name: '401',
    params: { fault: '401' },
    state: 'bad-credentials',
    source: 'token-url',
    message: /refused the request \(HTTP 401: Authenticate\)/,
    requests: 1,
  },
  { name: '403', params: { fault: '403' }, state: 'bad-credentials', source: 'token-url', message: /HTTP 403/, requests: 1 },
  { name: '404', params: { fault: '404' }, state: 'error', message: /answered HTTP 404/, requests: 1 },
  { name: '429 with Retry-After, then 200', params: { fault: '429', retryAfter: 1, failTimes: 1 }, state: 'ready', requests: 2 },
  { name: '500 (retried, capped)', params: { fault: '500' }, state: 'error', message: /HTTP 500/, requests: 4 },
  { name: '502 twice, then 200', params: { fault: '502', failTimes: 2 }, state: 'ready', requests: 3 },
  { name: '503 (retried, capped)', params: { fault: '503' }, state: 'error', message: /HTTP 503/, requests: 4 },
  { name: 'HTML error page', params: { fault: 'html' }, state: 'error', message: /HTML page, not a token/, requests: 1 },
  { name: 'invalid JSON', params: { fault: 'invalid-json' }, state: 'error', message: /invalid JSON/, requests: 1 },
  { name: 'JSON without a token', params: { fault: 'no-token' }, state: 'error', message: /without a "token" field/, requests: 1 },
  { name: 'empty token', params: { fault: 'empty-token' }, state: 'error', message: /empty token/, requests: 1 },
  { name: 'a non-JWT string', params: { fault: 'not-jwt' }, state: 'error', message: /not a JWT/, requests: 1 },
  { name: 'an expired JWT', params: { variant: 'expired' }, state: 'bad-credentials', message: /expired/i, requests: 1, twilioDecides: true },
  { name: 'a JWT without a voice grant', params: { variant: 'no-voice' }, state: 'error', message: /no voice grant/, requests: 1 },
  { name: 'a 10 MB body', params: { fault: 'huge' }, state: 'error', message: /more than 65536 bytes/, requests: 1 },
  { name: 'slower than the timeout', params: { delay: 1500 }, state: 'error', message: /did not answer within 300 ms/, requests: 4, timeoutMs: 300 },
  { name: 'connection reset mid-body', params: { fault: 'reset' }, state: 'error', message: /could not be reached/, requests: 4 },
  { name: 'connection refused', url: () => 'http://127.0.0.1:9/token', state: 'error', message: /could not be reached/ },
  {
    name: 'CORS rejection',
    url: (env) => `${env.emulatorUrl}/2010-04-01/Accounts/ACnope.json`,
    state: 'error',
    message: /could not be reached \(network error or CORS\)/,
  },
];

/** The phone's steps before the SDK on a real token URL: its own token path (`obtainToken`) into its state machine; the state it registers in, or ends in. */
async function upToTheSdk(url: string, timeoutMs: number): Promise<PhoneTransition> {
  const host = { tokenUrl: url, tokenMethod: 'GET' as const, tokenRequest: { credentials: 'same-origin' as const }, tokenTimeout: timeoutMs };
  const result = await obtainToken(host, new AbortController().signal);
  const input: PhoneInput = result!.ok ? { type: 'token-received' } : { type: 'token-failed', failure: result!.failure };
  return reducePhone(reducePhone(INITIAL_SNAPSHOT, { type: 'start' }).snapshot, input);
}

describe('token URL fault matrix up to the SDK (every browser)', function () {
  this.timeout(30000);
  for (const row of rows) {
    const expected = row.state === 'ready' || row.twilioDecides ? 'registering' : row.state;
    it(`${row.name} → ${expected}`, async () => {
      const env = await testEnv();
      const key = uniqueKey('tfs');
      const t = await upToTheSdk(row.url ? row.url(env) : tokenUrl({ ...row.params, key }), row.timeoutMs ?? 5000);
      expect(t.snapshot.state).to.equal(expected);
      if (expected === 'registering') expect(t.error).to.equal(undefined);
      else expect(t.error?.message).to.match(row.message!);
      // Before the SDK only the token URL can refuse.
      expect(t.badCredentials?.source).to.equal(expected === 'bad-credentials' ? 'token-url' : undefined);
      if (row.requests !== undefined) expect(await hits(key)).to.equal(row.requests);
    });
  }
});

// Needs WebRTC: without it the phone stops at its capability check, before the token URL.
describeWithWebRTC('<twilio-phone> token URL fault matrix', function () {
  this.timeout(30000);
  const problems = watchPageProblems({ warn: true });

  for (const row of rows) {
    it(row.name, async () => {
      const env = await testEnv();
      const key = uniqueKey('tf');
      const url = row.url ? row.url(env) : tokenUrl({ ...row.params, key });
      const el = await fixture<TwilioPhone>(html`<twilio-phone token-url=${url} signaling-host=${env.signalingHost}></twilio-phone>`);
      el.tokenTimeout = row.timeoutMs ?? 5000;
      const log = record(el, ['twilio-phone-state-change', 'twilio-phone-bad-credentials', 'twilio-phone-error']);
      await el.start();
      await until(() => ['ready', 'bad-credentials', 'error'].includes(el.state), 'a settled state', 20000);
      expect(el.state).to.equal(row.state);
      const sequence = log.of('twilio-phone-state-change').map((e) => e.detail.state);
      if (row.state === 'ready') expect(sequence).to.deep.equal(READY);
      else (expect(sequence.slice(0, 1)).to.deep.equal(['fetching-token']), expect(sequence.at(-1)).to.equal(row.state));
      const bad = log.of('twilio-phone-bad-credentials');
      expect(bad.length).to.equal(row.state === 'bad-credentials' ? 1 : 0);
      if (row.source) expect(bad[0].detail.source).to.equal(row.source);
      if (row.message) {
        const shown = el.shadowRoot!.querySelector('[part="message"]')!.textContent ?? '';
        expect(shown).to.match(row.message);
        expect(log.of('twilio-phone-error').at(-1)?.detail.error.message).to.match(row.message);
      }
      if (row.requests !== undefined) expect(await hits(key)).to.equal(row.requests);
      expect(problems).to.deep.equal([]);
      el.stop();
    });
  }
});
