// The state design's decisions as tables (docs/guides/states.md): which problem a failed state
// shows (headline, next step, how Try again reads), the rate-limit countdown's words, how a call
// ended, where focus goes; and a token URL's long Retry-After (no more attempts, the wait kept).
import { expect } from '@open-wc/testing';
import { describeProblem, problemKind, retryWaitStep, type ProblemKind } from '../../src/elements/core/phone-problems.js';
import { CALL_OUTCOME_STRING, callOutcome } from '../../src/elements/core/call-outcome.js';
import { phoneFocusTarget, type PhoneFocusView } from '../../src/elements/core/focus-target.js';
import type { PhoneError, PhoneState, PhoneStateReason } from '../../src/elements/core/phone-state.js';
import { fetchAccessToken } from '../../src/elements/core/token-fetch.js';
import { interpretTokenResponse } from '../../src/elements/core/token-response.js';
import { TWILIO_PHONE_STRINGS } from '../../src/elements/components/twilio-phone/twilio-phone.strings.js';
import { hits, tokenUrl, uniqueKey } from './helpers.js';

describe('problemKind: a failed state in plain words', () => {
  const e = (code?: number, status?: number): PhoneError => ({
    message: 'raw',
    ...(code !== undefined ? { code } : {}),
    ...(status !== undefined ? { status } : {}),
  });
  const rows: [string, PhoneState, PhoneStateReason | undefined, PhoneError | null, ProblemKind | null][] = [
    ['ready: no problem', 'ready', 'registered', null, null],
    ['busy: no problem', 'busy', 'call-started', null, null],
    ['token URL 401 (body code 20003): sign in, not credentials', 'bad-credentials', 'token-url-refused', e(20003, 401), 'sign-in'],
    ['token URL 401 without a body code', 'bad-credentials', 'token-url-refused', e(401, 401), 'sign-in'],
    ['fetchToken() rejected with status 401', 'bad-credentials', 'fetch-token-refused', e(401, 401), 'sign-in'],
    ['token URL 403: not allowed', 'bad-credentials', 'token-url-refused', e(20003, 403), 'not-allowed'],
    ['Twilio refused the token (31202)', 'bad-credentials', 'twilio-rejected-token', e(31202), 'credentials'],
    ['Twilio refused a fresh token (20101)', 'bad-credentials', 'twilio-rejected-fresh-token', e(20101), 'credentials'],
    ['an expired token at once', 'bad-credentials', 'token-expired', e(20104), 'credentials'],
    ['bad-credentials without a reason (a page set it)', 'bad-credentials', undefined, e(31202), 'credentials'],
    ['token URL 429 (body code 20429)', 'error', 'token-url-failed', e(20429, 429), 'rate-limited'],
    ['token URL 503', 'error', 'token-url-failed', e(503, 503), 'unreachable'],
    ['token URL unreachable (no status)', 'error', 'token-url-failed', e(), 'unreachable'],
    ['fetchToken() failed', 'error', 'fetch-token-failed', e(), 'unreachable'],
    ['no token source', 'error', 'no-token-source', e(), 'setup'],
    ['not a token', 'error', 'token-malformed', e(), 'setup'],
    ['register timeout', 'error', 'register-timeout', e(), 'timeout'],
    ['microphone denied', 'error', 'microphone-denied', e(31401), 'microphone'],
    ['no microphone', 'error', 'microphone-unavailable', e(31402), 'microphone'],
    ['unsupported browser', 'error', 'unsupported-browser', e(), 'browser'],
    ['SDK failed to load', 'error', 'sdk-load-failed', e(), 'load'],
    ['another fatal error', 'error', undefined, e(31000), 'other'],
  ];
  for (const [name, state, reason, error, kind] of rows) {
    it(name, () => expect(problemKind(state, reason, error)).to.equal(kind));
  }

  it('every problem has a headline and a step (or the message itself) in the strings; Try again is primary only where it can help', () => {
    const retry: Record<string, string> = {};
    for (const [, state, reason, error, kind] of rows) {
      const p = describeProblem(state, reason, error);
      if (!kind) {
        expect(p).to.equal(null);
        continue;
      }
      expect(TWILIO_PHONE_STRINGS[p!.headline], p!.headline)
        .to.be.a('string')
        .and.not.match(/\d{3,}/);
      if (p!.step) expect(TWILIO_PHONE_STRINGS[p!.step]).to.be.a('string');
      retry[kind] = p!.retry;
    }
    expect(retry).to.deep.equal({
      'sign-in': 'primary',
      'not-allowed': 'secondary',
      credentials: 'secondary',
      'rate-limited': 'wait',
      unreachable: 'primary',
      setup: 'secondary',
      timeout: 'primary',
      microphone: 'primary',
      browser: 'secondary',
      load: 'primary',
      other: 'primary',
    });
  });
});

describe('retryWaitStep: the countdown in words', () => {
  const rows: [number, string, number, number][] = [
    [300_000, 'stepRateLimitedMinutes', 5, 300],
    [299_001, 'stepRateLimitedMinutes', 5, 300],
    [61_000, 'stepRateLimitedMinutes', 2, 61],
    [60_000, 'stepRateLimitedSeconds', 1, 60],
    [1_500, 'stepRateLimitedSeconds', 1, 2],
    [1, 'stepRateLimitedSeconds', 1, 1],
    [0, 'stepRateLimitedNow', 0, 0],
    [-5, 'stepRateLimitedNow', 0, 0],
  ];
  for (const [ms, key, minutes, seconds] of rows) {
    it(`${ms} ms → ${key} (${minutes} min, ${seconds} s)`, () => expect(retryWaitStep(ms)).to.deep.equal({ key, minutes, seconds }));
  }
});

describe('callOutcome: how a call ended', () => {
  const rows: [number | undefined | null, string][] = [
    [undefined, 'ended'],
    [null, 'ended'],
    [31486, 'busy'],
    [31480, 'no-answer'],
    [31408, 'no-answer'],
    [31603, 'declined'],
    [31600, 'declined'],
    [31005, 'failed'],
    [0, 'failed'],
  ];
  for (const [code, outcome] of rows) {
    it(`${code} → ${outcome}`, () => {
      expect(callOutcome(code)).to.equal(outcome);
      expect(TWILIO_PHONE_STRINGS[CALL_OUTCOME_STRING[callOutcome(code)]]).to.be.a('string');
    });
  }
});

describe('phoneFocusTarget: the control a keyboard user needs next', () => {
  const v = (over: Partial<PhoneFocusView>): PhoneFocusView => ({ state: 'ready', call: 'none', hideDialer: false, startShown: false, ...over });
  const rows: [string, PhoneFocusView, string | null][] = [
    ['ready: the number field (after Start, Hang up, Reject)', v({}), 'dial-input'],
    ['offline: the number field', v({ state: 'offline' }), 'dial-input'],
    ['ready, hide-dialer: no control of its own', v({ hideDialer: true }), null],
    ['starting after Start: Start stays ("Starting…")', v({ state: 'fetching-token', startShown: true }), 'start-button'],
    ['registering with autostart: no Start shown', v({ state: 'registering' }), null],
    ['bad-credentials: Try again', v({ state: 'bad-credentials', startShown: true }), 'start-button'],
    ['error: Try again', v({ state: 'error', startShown: true }), 'start-button'],
    ['standby: Use here', v({ state: 'standby' }), 'take-over-button'],
    ['ringing: Accept', v({ state: 'busy', call: 'ringing-in' }), 'accept-button'],
    ['dialing (after Call): Hang up', v({ state: 'busy', call: 'outgoing' }), 'hangup-button'],
    ['connected (after Accept): Hang up', v({ state: 'busy', call: 'connected' }), 'hangup-button'],
  ];
  for (const [name, view, part] of rows) it(name, () => expect(phoneFocusTarget(view)).to.equal(part));
});

describe('a 429 with Retry-After', function () {
  this.timeout(20000);
  it('interpretTokenResponse keeps the wait (seconds) and the HTTP status in the error', () => {
    const a = interpretTokenResponse({
      status: 429,
      contentType: 'application/json',
      body: '{"code":20429,"message":"Too Many Requests"}',
      retryAfterMs: 300_000,
    });
    expect(a.kind).to.equal('transient');
    if (a.kind === 'transient') expect(a.error).to.include({ code: 20429, status: 429, retryAfter: 300 });
  });
  it('a wait longer than 30 s ends the attempts at once (one request); a short one is waited through', async () => {
    const longKey = uniqueKey('ra');
    const long = await fetchAccessToken({ url: tokenUrl({ fault: '429', retryAfter: 300, key: longKey }), sleep: async () => undefined });
    expect([long.kind, await hits(longKey)]).to.deep.equal(['transient', 1]);
    const shortKey = uniqueKey('ra');
    const delays: number[] = [];
    const short = await fetchAccessToken({
      url: tokenUrl({ fault: '429', retryAfter: 2, key: shortKey }),
      sleep: async () => undefined,
      onRetry: (_, d) => delays.push(d),
    });
    expect([short.kind, await hits(shortKey), delays]).to.deep.equal(['transient', 4, [2000, 2000, 2000]]);
  });
});
