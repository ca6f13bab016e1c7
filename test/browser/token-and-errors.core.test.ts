// Tables for the DOM-free core: Twilio error classification, access token
// decoding, token URL answers, backoff, the token fetch against the real
// `/__token` route, and the synthesised WAV tones.
import { expect } from '@open-wc/testing';
import { classifyTwilioError, sdkErrorInput, toPhoneError, type ErrorClass, type SdkErrorLike } from '../../src/elements/core/twilio-errors.js';
import { decodeAccessToken } from '../../src/elements/core/jwt.js';
import { interpretTokenResponse, type TokenHttpResponse } from '../../src/elements/core/token-response.js';
import { backoffDelay, parseRetryAfter } from '../../src/elements/core/backoff.js';
import { abortableSleep, fetchAccessToken, readLimitedText, type TokenFetchOptions } from '../../src/elements/core/token-fetch.js';
import { hits, tokenUrl, uniqueKey } from './helpers.js';

// --- helpers -----------------------------------------------------------------

const utf8b64url = (s: string) => {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const NOW = 1_700_000_000;
const ACCOUNT = 'AC' + 'a'.repeat(32);
const KEY = 'SK' + 'b'.repeat(32);
/** A token shaped like the ones twilio-node mints (header, payload, a fake signature). */
function jwt(
  payload: Record<string, unknown> | string,
  header: Record<string, unknown> | string = { alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' },
): string {
  const enc = (v: Record<string, unknown> | string) => utf8b64url(typeof v === 'string' ? v : JSON.stringify(v));
  return `${enc(header)}.${enc(payload)}.${utf8b64url('signature-bytes')}`;
}
const goodPayload = (patch: Record<string, unknown> = {}) => ({
  jti: `${KEY}-${NOW}`,
  iss: KEY,
  sub: ACCOUNT,
  iat: NOW - 10,
  nbf: NOW - 10,
  exp: NOW + 3600,
  grants: { identity: 'zoë', voice: { incoming: { allow: true }, outgoing: { application_sid: 'AP' + 'c'.repeat(32) } } },
  ...patch,
});

// --- classifyTwilioError -----------------------------------------------------

describe('classifyTwilioError', () => {
  const rows: Array<[string, SdkErrorLike, ErrorClass]> = [
    ['20101 AccessTokenInvalid', { code: 20101 }, 'credentials'],
    ['20151 AuthenticationFailed', { code: 20151 }, 'credentials'],
    ['31201 authorization', { code: 31201 }, 'credentials'],
    ['31202 signature', { code: 31202 }, 'credentials'],
    ['31203 no valid account', { code: 31203 }, 'credentials'],
    ['31204 invalid JWT', { code: 31204 }, 'credentials'],
    ['31207 token not supported', { code: 31207 }, 'credentials'],
    ['31102 bad capability', { code: 31102 }, 'credentials'],
    ['20101 wrapping 31204', { code: 20101, originalError: { code: 31204 } }, 'credentials'],
    ['53000 wrapping 31202', { code: 53000, originalError: { code: 31202 } }, 'credentials'],
    ['53000 wrapping 31203', { code: 53000, originalError: { code: 31203 } }, 'credentials'],
    ['53000 wrapping 20101', { code: 53000, originalError: { code: 20101 } }, 'credentials'],
    ['20104 expired', { code: 20104 }, 'token-expired'],
    ['31205 expired', { code: 31205 }, 'token-expired'],
    ['53000 wrapping 31205', { code: 53000, originalError: { code: 31205 } }, 'token-expired'],
    ['20104 wrapping 31205', { code: 20104, originalError: { code: 31205 } }, 'token-expired'],
    ['31005 connection error', { code: 31005 }, 'transport'],
    ['31009 transport error', { code: 31009 }, 'transport'],
    ['53000 without cause', { code: 53000 }, 'transport'],
    ['53000 with a non-auth cause', { code: 53000, originalError: { code: 31005 } }, 'transport'],
    ['53000 with an undefined cause', { code: 53000, originalError: undefined }, 'transport'],
    ['53001 disconnected', { code: 53001 }, 'transport'],
    ['31401 mic denied', { code: 31401 }, 'media-permission'],
    ['31402 mic unavailable', { code: 31402 }, 'media-permission'],
    ['31208 user denied media', { code: 31208 }, 'media-permission'],
    ['31000 generic', { code: 31000 }, 'other'],
    ['no code', { message: 'x' }, 'other'],
    ['string code "31202"', { code: '31202' }, 'other'],
    ['NaN code', { code: NaN }, 'other'],
    ['originalError not an object', { code: 53000, originalError: 31202 }, 'transport'],
    ['originalError with string code', { code: 53000, originalError: { code: '31202' } }, 'transport'],
  ];
  for (const [name, error, expected] of rows) {
    it(`${name} → ${expected}`, () => expect(classifyTwilioError(error)).to.equal(expected));
  }

  const plain: Array<[string, SdkErrorLike, { code?: number; message: string }]> = [
    ['code and message', { code: 31005, message: 'Connection error' }, { code: 31005, message: 'Connection error' }],
    ['no message', { code: 31005 }, { code: 31005, message: 'Unknown error' }],
    ['empty message', { code: 31005, message: '' }, { code: 31005, message: 'Unknown error' }],
    ['no code', { message: 'x' }, { message: 'x' }],
    [
      '53000 wrapping 31202 reports 31202',
      { code: 53000, message: 'ConnectionError', originalError: { code: 31202, message: 'Signature validation failed' } },
      { code: 31202, message: 'Signature validation failed' },
    ],
    [
      '20101 wrapping 31204 keeps 20101',
      { code: 20101, message: 'AccessTokenInvalid', originalError: { code: 31204, message: 'JWT is invalid' } },
      { code: 20101, message: 'AccessTokenInvalid' },
    ],
    [
      '53000 wrapping 31005 keeps 53000',
      { code: 53000, message: 'ConnectionError', originalError: { code: 31005, message: 'x' } },
      { code: 53000, message: 'ConnectionError' },
    ],
  ];
  for (const [name, error, expected] of plain) {
    it(`toPhoneError: ${name}`, () => expect(toPhoneError(error)).to.deep.equal(expected));
  }
});

// --- sdkErrorInput: the phone machine's input, classified where the SDK error arose -------

describe('sdkErrorInput', () => {
  const rows: Array<[string, SdkErrorLike, ErrorClass, { code?: number; message: string }]> = [
    ['31202', { code: 31202, message: 'bad signature' }, 'credentials', { code: 31202, message: 'bad signature' }],
    ['20104', { code: 20104, message: 'expired' }, 'token-expired', { code: 20104, message: 'expired' }],
    [
      '53000 wrapping 31202',
      { code: 53000, message: 'ConnectionError', originalError: { code: 31202, message: 'Signature validation failed' } },
      'credentials',
      { code: 31202, message: 'Signature validation failed' },
    ],
    ['31005', { code: 31005, message: 'gateway' }, 'transport', { code: 31005, message: 'gateway' }],
    ['nothing', {}, 'other', { message: 'Unknown error' }],
  ];
  for (const [name, error, kind, plain] of rows) {
    it(`${name} → ${kind}`, () => expect(sdkErrorInput(error)).to.deep.equal({ type: 'sdk-error', kind, error: plain }));
  }
});

// --- decodeAccessToken -------------------------------------------------------

describe('decodeAccessToken', () => {
  const malformedRows: Array<[string, unknown, RegExp]> = [
    ['undefined', undefined, /empty/],
    ['a number', 42, /empty/],
    ['empty string', '', /empty/],
    ['one part', 'abc', /three base64url parts/],
    ['two parts', 'abc.def', /three base64url parts/],
    ['four parts', 'a.b.c.d', /three base64url parts/],
    ['an empty part', `${jwt(goodPayload())}`.replace(/\.[^.]+$/, '.'), /three base64url parts/],
    ['standard base64 characters', 'ab+c.de/f.ghi', /three base64url parts/],
    ['whitespace inside', jwt(goodPayload()).replace('.', ' .'), /three base64url parts/],
    ['header not JSON', `${utf8b64url('nope')}.${utf8b64url(JSON.stringify(goodPayload()))}.sig`, /not JSON/],
    ['payload not JSON', jwt('{"iss": SK'), /not JSON/],
    ['payload invalid base64', `${utf8b64url('{}')}.a.sig`, /not JSON/],
    ['payload a JSON array', jwt('[1,2]'), /not JSON objects/],
    ['payload JSON null', jwt('null'), /not JSON objects/],
    ['iss missing', jwt(goodPayload({ iss: undefined })), /iss must start with SK/],
    ['iss an account SID', jwt(goodPayload({ iss: ACCOUNT })), /iss must start with SK/],
    ['iss lower-case sk', jwt(goodPayload({ iss: 'sk' + 'b'.repeat(32) })), /iss must start with SK/],
    ['sub missing', jwt(goodPayload({ sub: undefined })), /sub must start with AC/],
    ['sub an API key', jwt(goodPayload({ sub: KEY })), /sub must start with AC/],
    ['no exp', jwt(goodPayload({ exp: undefined })), /no expiry/],
    ['exp a string', jwt(goodPayload({ exp: String(NOW + 3600) })), /no expiry/],
    ['no grants', jwt(goodPayload({ grants: undefined })), /no voice grant/],
    ['no voice grant', jwt(goodPayload({ grants: { identity: 'a', chat: {} } })), /no voice grant/],
    ['voice grant not an object', jwt(goodPayload({ grants: { identity: 'a', voice: true } })), /no voice grant/],
  ];
  for (const [name, token, message] of malformedRows) {
    it(`malformed: ${name}`, () => {
      const r = decodeAccessToken(token, NOW);
      expect(r.ok).to.equal(false);
      if (r.ok) return;
      expect(r.problem.kind).to.equal('malformed');
      expect(r.problem.message).to.match(message);
    });
  }

  it('expired beyond the clock skew → expired', () => {
    const r = decodeAccessToken(jwt(goodPayload({ exp: NOW - 301 })), NOW, 300);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.problem).to.deep.equal({ kind: 'expired', message: 'The token has already expired.' });
  });
  it('expired within the clock skew → ok', () => {
    expect(decodeAccessToken(jwt(goodPayload({ exp: NOW - 299 })), NOW, 300).ok).to.equal(true);
  });
  it('skew 0: a second past exp → expired', () => {
    expect(decodeAccessToken(jwt(goodPayload({ exp: NOW - 1 })), NOW, 0).ok).to.equal(false);
  });
  it('a good token → its claims (UTF-8 identity)', () => {
    const r = decodeAccessToken(jwt(goodPayload()), NOW);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.claims).to.deep.equal({ iss: KEY, sub: ACCOUNT, exp: NOW + 3600, identity: 'zoë' });
  });
  it('a good token without identity, nbf, iat', () => {
    const r = decodeAccessToken(jwt(goodPayload({ nbf: undefined, iat: undefined, grants: { voice: {} } })), NOW);
    expect(r.ok).to.equal(true);
    if (r.ok) expect(r.claims).to.deep.equal({ iss: KEY, sub: ACCOUNT, exp: NOW + 3600, identity: undefined });
  });
  it('a real token minted by twilio-node through /__token', async () => {
    const body = await (await fetch(tokenUrl({ variant: 'good', identity: 'jwt-real' }))).json();
    const r = decodeAccessToken(body.token, Date.now() / 1000);
    expect(r.ok).to.equal(true);
    if (r.ok) {
      expect(r.claims.identity).to.equal('jwt-real');
      expect(r.claims.iss.startsWith('SK')).to.equal(true);
      expect(r.claims.sub.startsWith('AC')).to.equal(true);
    }
  });
  it('a real token without voice grant, and an expired one, through /__token', async () => {
    const noVoice = (await (await fetch(tokenUrl({ variant: 'no-voice' }))).json()).token;
    const r1 = decodeAccessToken(noVoice, Date.now() / 1000);
    expect(r1.ok ? 'ok' : r1.problem.message).to.match(/no voice grant/);
    const expired = (await (await fetch(tokenUrl({ variant: 'expired' }))).json()).token;
    const r2 = decodeAccessToken(expired, Date.now() / 1000, 0);
    expect(r2.ok ? 'ok' : r2.problem.kind).to.equal('expired');
  });
});

// --- interpretTokenResponse --------------------------------------------------

describe('interpretTokenResponse', () => {
  const T = jwt(goodPayload());
  const res = (status: number, contentType: string, body: string, retryAfterMs?: number): TokenHttpResponse => ({ status, contentType, body, retryAfterMs });
  const rows: Array<[string, TokenHttpResponse, Record<string, unknown>]> = [
    ['200 JSON {token}', res(200, 'application/json', JSON.stringify({ token: T })), { kind: 'token', token: T }],
    [
      '200 quickstart {identity, token}',
      res(200, 'application/json; charset=utf-8', JSON.stringify({ identity: 'alice', token: T })),
      { kind: 'token', token: T },
    ],
    ['200 JSON token with whitespace', res(200, 'application/json', JSON.stringify({ token: ` ${T}\n` })), { kind: 'token', token: T }],
    ['200 JSON string body', res(200, 'application/json', JSON.stringify(T)), { kind: 'token', token: T }],
    ['200 JSON body without content type', res(200, '', JSON.stringify({ token: T })), { kind: 'token', token: T }],
    ['200 text/plain JWT', res(200, 'text/plain', T), { kind: 'token', token: T }],
    ['200 text/plain JWT with a newline', res(200, 'text/plain', `${T}\n`), { kind: 'token', token: T }],
    ['200 JWT sent as text/html (PHP default)', res(200, 'text/html; charset=UTF-8', `${T}\n`), { kind: 'token', token: T }],
    ['200 JWT with no content type', res(200, '', T), { kind: 'token', token: T }],
    ['200 bare JWT labelled application/json', res(200, 'application/json', T), { kind: 'token', token: T }],
    ['200 HTML page', res(200, 'text/html', '<!doctype html><h1>Sign in</h1>'), { kind: 'fatal', message: /HTML page/ }],
    ['200 HTML page as text/plain', res(200, 'text/plain', '  <html><body>login</body></html>'), { kind: 'fatal', message: /HTML page/ }],
    ['200 invalid JSON', res(200, 'application/json', '{"token": eyJ'), { kind: 'fatal', message: /invalid JSON/ }],
    ['200 JSON without token', res(200, 'application/json', '{"identity":"alice"}'), { kind: 'fatal', message: /without a "token" field/ }],
    ['200 JSON array', res(200, 'application/json', '[]'), { kind: 'fatal', message: /without a "token" field/ }],
    ['200 JSON null', res(200, 'application/json', 'null'), { kind: 'fatal', message: /without a "token" field/ }],
    ['200 JSON empty token', res(200, 'application/json', '{"token":""}'), { kind: 'fatal', message: /empty token/ }],
    ['200 JSON blank token', res(200, 'application/json', '{"token":"   "}'), { kind: 'fatal', message: /empty token/ }],
    ['200 JSON numeric token', res(200, 'application/json', '{"token":123}'), { kind: 'fatal', message: /not a string/ }],
    ['200 JSON null token', res(200, 'application/json', '{"token":null}'), { kind: 'fatal', message: /not a string/ }],
    ['200 JSON object token', res(200, 'application/json', '{"token":{"jwt":"x"}}'), { kind: 'fatal', message: /not a string/ }],
    ['200 empty body', res(200, 'application/json', ''), { kind: 'fatal', message: /empty body/ }],
    ['200 whitespace body', res(200, 'text/plain', ' \n '), { kind: 'fatal', message: /empty body/ }],
    ['204 no content', res(204, '', ''), { kind: 'fatal', message: /empty body/ }],
    [
      '401 JSON message',
      res(401, 'application/json', '{"code":20003,"message":"Authenticate"}'),
      { kind: 'bad-credentials', code: 20003, message: 'The token URL refused the request (HTTP 401: Authenticate).' },
    ],
    ['401 no body', res(401, '', ''), { kind: 'bad-credentials', code: 401, message: 'The token URL refused the request (HTTP 401).' }],
    [
      '403 JSON message without code',
      res(403, 'application/json', '{"message":"Forbidden"}'),
      { kind: 'bad-credentials', code: 403, message: 'The token URL refused the request (HTTP 403: Forbidden).' },
    ],
    ['403 HTML', res(403, 'text/html', '<h1>Forbidden</h1>'), { kind: 'bad-credentials', code: 403, message: 'The token URL refused the request (HTTP 403).' }],
    ['404', res(404, 'text/plain', 'Not Found'), { kind: 'fatal', code: 404, message: 'The token URL answered HTTP 404.' }],
    [
      '404 JSON message',
      res(404, 'application/json', '{"message":"no route"}'),
      { kind: 'fatal', code: 404, message: 'The token URL answered HTTP 404: no route.' },
    ],
    ['400', res(400, '', ''), { kind: 'fatal', code: 400 }],
    ['405', res(405, '', ''), { kind: 'fatal', code: 405 }],
    ['408', res(408, '', ''), { kind: 'transient', code: 408 }],
    [
      '429 with Retry-After',
      res(429, 'application/json', '{"code":20429,"message":"Too Many Requests"}', 2000),
      { kind: 'transient', code: 20429, retryAfterMs: 2000 },
    ],
    ['429 without Retry-After', res(429, '', ''), { kind: 'transient', code: 429, retryAfterMs: undefined }],
    ['500', res(500, 'application/json', '{"message":"boom"}'), { kind: 'transient', code: 500, message: 'The token URL answered HTTP 500: boom.' }],
    ['502 HTML from a proxy', res(502, 'text/html', '<html>Bad Gateway</html>'), { kind: 'transient', code: 502, message: 'The token URL answered HTTP 502.' }],
    ['503', res(503, '', ''), { kind: 'transient', code: 503 }],
    ['504', res(504, '', ''), { kind: 'transient', code: 504 }],
    ['599', res(599, '', ''), { kind: 'transient', code: 599 }],
  ];
  for (const [name, response, expected] of rows) {
    it(name, () => {
      const a = interpretTokenResponse(response);
      expect(a.kind).to.equal(expected.kind);
      if (a.kind === 'token') {
        expect(a.token).to.equal(expected.token);
        return;
      }
      if ('code' in expected) expect(a.error.code).to.equal(expected.code);
      else expect(a.error.code).to.equal(undefined);
      if (expected.message instanceof RegExp) expect(a.error.message).to.match(expected.message);
      else if (typeof expected.message === 'string') expect(a.error.message).to.equal(expected.message);
      if ('retryAfterMs' in expected) expect(a.kind === 'transient' ? a.retryAfterMs : 'n/a').to.equal(expected.retryAfterMs);
    });
  }
  it('quotes at most 200 characters of a server message', () => {
    const a = interpretTokenResponse(res(403, 'application/json', JSON.stringify({ message: 'x'.repeat(5000) })));
    expect(a.kind === 'token' ? '' : a.error.message).to.have.length.below(300);
  });
  it('never echoes the token in an error message', () => {
    const a = interpretTokenResponse(res(200, 'application/json', JSON.stringify({ token: 42, secret: T })));
    expect(a.kind === 'token' ? '' : a.error.message).not.to.contain(T);
  });
});

// --- backoff -----------------------------------------------------------------

describe('backoffDelay and parseRetryAfter', () => {
  const rows: Array<[number, number, number]> = [
    // attempt, random, expected (base 500, cap 8000)
    [0, 0, 250],
    [0, 1, 500],
    [1, 0, 500],
    [1, 1, 1000],
    [2, 0.5, 1500],
    [4, 1, 8000],
    [5, 0, 4000],
    [5, 1, 8000],
    [30, 1, 8000],
    [-1, 1, 500],
  ];
  for (const [attempt, random, expected] of rows) {
    it(`attempt ${attempt}, random ${random} → ${expected} ms`, () => {
      expect(backoffDelay(attempt, 500, 8000, () => random)).to.equal(expected);
    });
  }
  it('never exceeds the cap nor goes to zero for any attempt', () => {
    for (let a = 0; a < 40; a++) {
      const d = backoffDelay(a);
      expect(d).to.be.within(250, 8000);
    }
  });

  const now = Date.parse('2024-01-01T00:00:00Z');
  const retryRows: Array<[string | null | undefined, number | undefined]> = [
    [null, undefined],
    [undefined, undefined],
    ['', undefined],
    ['0', 0],
    ['1', 1000],
    [' 2 ', 2000],
    ['120', 30000],
    ['-1', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['Mon, 01 Jan 2024 00:00:05 GMT', 5000],
    ['Sun, 31 Dec 2023 23:59:00 GMT', 0],
    ['Mon, 01 Jan 2024 01:00:00 GMT', 30000],
  ];
  for (const [value, expected] of retryRows) {
    it(`Retry-After ${JSON.stringify(value)} → ${expected}`, () => expect(parseRetryAfter(value, now)).to.equal(expected));
  }
});

// --- fetchAccessToken against /__token --------------------------------------

describe('fetchAccessToken against /__token', function () {
  this.timeout(20000);

  /** Fetches with retries recorded and sleeps skipped (the delays are asserted, not waited for). */
  async function fetchCounted(params: Record<string, string | number>, opts: Partial<TokenFetchOptions> = {}) {
    const key = uniqueKey('tf');
    const retries: Array<{ attempt: number; delay: number; kind: string }> = [];
    const answer = await fetchAccessToken({
      url: tokenUrl({ ...params, key }),
      onRetry: (attempt, delay, a) => retries.push({ attempt, delay, kind: a.kind }),
      sleep: async () => undefined,
      ...opts,
    });
    return { answer, retries, hits: await hits(key) };
  }

  it('200 JSON → token, one request', async () => {
    const { answer, hits: n } = await fetchCounted({ variant: 'good' });
    expect(answer.kind).to.equal('token');
    expect(n).to.equal(1);
    if (answer.kind === 'token') expect(decodeAccessToken(answer.token, Date.now() / 1000).ok).to.equal(true);
  });
  it('200 text body → token', async () => {
    const { answer } = await fetchCounted({ format: 'text' });
    expect(answer.kind).to.equal('token');
  });
  it('POST works too', async () => {
    const { answer } = await fetchCounted({}, { method: 'POST', init: { body: '{}', headers: { 'content-type': 'application/json' } } });
    expect(answer.kind).to.equal('token');
  });

  const noRetry: Array<[string, string, RegExp | null]> = [
    ['401', 'bad-credentials', /HTTP 401: Authenticate/],
    ['403', 'bad-credentials', /HTTP 403: Authenticate/],
    ['html', 'fatal', /HTML page/],
    ['invalid-json', 'fatal', /invalid JSON/],
    ['no-token', 'fatal', /without a "token" field/],
    ['empty-token', 'fatal', /empty token/],
  ];
  for (const [fault, kind, message] of noRetry) {
    it(`fault ${fault} → ${kind}, no retry`, async () => {
      const { answer, retries, hits: n } = await fetchCounted({ fault });
      expect(answer.kind).to.equal(kind);
      if (answer.kind !== 'token' && message) expect(answer.error.message).to.match(message);
      expect(retries).to.have.length(0);
      expect(n).to.equal(1);
    });
  }
  it('fault not-jwt → a "token" that decodeAccessToken then rejects', async () => {
    const { answer, hits: n } = await fetchCounted({ fault: 'not-jwt' });
    expect(answer.kind).to.equal('token');
    expect(n).to.equal(1);
    if (answer.kind === 'token') expect(decodeAccessToken(answer.token, 0).ok).to.equal(false);
  });

  for (const fault of ['500', '502', '503']) {
    it(`fault ${fault} → retried up to maxAttempts, then transient`, async () => {
      const { answer, retries, hits: n } = await fetchCounted({ fault }, { maxAttempts: 3 });
      expect(answer.kind).to.equal('transient');
      expect(n).to.equal(3);
      expect(retries.map((r) => r.attempt)).to.deep.equal([1, 2]);
      for (const r of retries) expect(r.delay).to.be.within(250, 8000);
    });
  }
  it('default maxAttempts is 4', async () => {
    const { hits: n, retries } = await fetchCounted({ fault: '503' });
    expect(n).to.equal(4);
    expect(retries).to.have.length(3);
  });
  it('429 with Retry-After: waits what the server says, capped attempts', async () => {
    const { answer, retries, hits: n } = await fetchCounted({ fault: '429', retryAfter: '2' }, { maxAttempts: 3 });
    expect(answer.kind).to.equal('transient');
    expect(n).to.equal(3);
    expect(retries.map((r) => r.delay)).to.deep.equal([2000, 2000]);
    if (answer.kind === 'transient') expect(answer.error.code).to.equal(20429);
  });
  it('failTimes: succeeds after two transient failures (real sleeps)', async () => {
    const { answer, retries, hits: n } = await fetchCounted({ fault: '503', failTimes: 2 }, { sleep: abortableSleep });
    expect(answer.kind).to.equal('token');
    expect(n).to.equal(3);
    expect(retries).to.have.length(2);
  });
  it('huge body → size error, no retry', async () => {
    const { answer, hits: n } = await fetchCounted({ fault: 'huge' });
    expect(answer.kind).to.equal('fatal');
    if (answer.kind === 'fatal') expect(answer.error.message).to.match(/more than 65536 bytes/);
    expect(n).to.equal(1);
  });
  it('connection reset mid-body → network error, retried', async () => {
    const { answer, hits: n } = await fetchCounted({ fault: 'reset' }, { maxAttempts: 2 });
    expect(answer.kind).to.equal('transient');
    if (answer.kind === 'transient') expect(answer.error.message).to.match(/could not be reached/);
    expect(n).to.equal(2);
  });
  it('unreachable host → network error', async () => {
    const answer = await fetchAccessToken({ url: 'http://127.0.0.1:9/token', maxAttempts: 1 });
    expect(answer.kind).to.equal('transient');
  });
  it('timeout: a slow token URL → transient timeout error per attempt', async () => {
    const { answer, hits: n } = await fetchCounted({ delay: 3000 }, { timeoutMs: 200, maxAttempts: 2 });
    expect(answer.kind).to.equal('transient');
    if (answer.kind === 'transient') expect(answer.error.message).to.equal('The token URL did not answer within 200 ms.');
    expect(n).to.equal(2);
  });
  it('aborting the signal rejects (during a request and during a backoff sleep)', async () => {
    const c1 = new AbortController();
    const p1 = fetchAccessToken({ url: tokenUrl({ delay: 3000 }), signal: c1.signal });
    c1.abort(new DOMException('stopped', 'AbortError'));
    const e1 = await p1.then(
      () => null,
      (e: unknown) => e,
    );
    expect((e1 as DOMException | null)?.name).to.equal('AbortError');

    const c2 = new AbortController();
    const p2 = fetchAccessToken({ url: tokenUrl({ fault: '503' }), signal: c2.signal, onRetry: () => c2.abort(new DOMException('stopped', 'AbortError')) });
    const e2 = await p2.then(
      () => null,
      (e: unknown) => e,
    );
    expect((e2 as DOMException | null)?.name).to.equal('AbortError');
  });
  it('readLimitedText caps a streamed body without content-length', async () => {
    const stream = () =>
      new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < 10; i++) c.enqueue(new Uint8Array(100).fill(97));
          c.close();
        },
      });
    expect(await readLimitedText(new Response(stream()), 1000)).to.have.length(1000);
    const err = await readLimitedText(new Response(stream()), 999).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err?.constructor.name).to.equal('BodyTooLargeError');
  });
});
