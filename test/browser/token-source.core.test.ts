// Tables for the phone's one token path (core/token-source.ts): what each source's answer
// means, how the phone's state machine and its pre-call test name that, and `obtainToken`
// itself against the real `/__token` route and against `fetchToken()` functions.
import { expect } from '@open-wc/testing';
import {
  NO_TOKEN_SOURCE,
  checkAccessToken,
  fromFetchToken,
  fromTokenUrl,
  obtainToken,
  tokenSourceOf,
  type FetchTokenSettled,
  type TokenFailure,
  type TokenHost,
  type TokenResult,
} from '../../src/elements/core/token-source.js';
import type { TokenAnswer } from '../../src/elements/core/token-response.js';
import { INITIAL_SNAPSHOT, reducePhone } from '../../src/elements/core/phone-machine.js';
import { preflightTokenFailure } from '../../src/elements/core/preflight-report.js';
import { hits, tokenUrl, uniqueKey } from './helpers.js';

const b64url = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const NOW = 1_700_000_000;
function jwt(patch: Record<string, unknown> = {}): string {
  const payload = {
    iss: 'SK' + 'b'.repeat(32),
    sub: 'AC' + 'a'.repeat(32),
    exp: NOW + 3600,
    grants: { identity: 'alice', voice: { incoming: { allow: true } } },
    ...patch,
  };
  return `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}.${b64url('sig')}`;
}
const GOOD = jwt();
const EXPIRED = jwt({ exp: NOW - 3600 });
const NO_VOICE = jwt({ grants: { identity: 'alice' } });

/** The failure's shape without the message text (compared separately where it matters). */
const shape = (r: TokenResult) => (r.ok ? { ok: true, source: r.source } : { kind: r.failure.kind, source: r.failure.source, code: r.failure.error.code });

describe('token source: which source a host uses', () => {
  const rows: Array<[string, { tokenUrl: string; fetchToken?: () => Promise<string> }, string | null]> = [
    ['a URL', { tokenUrl: '/token' }, 'token-url'],
    ['fetchToken() only', { tokenUrl: '', fetchToken: async () => GOOD }, 'fetch-token'],
    ['both: fetchToken() replaces the URL', { tokenUrl: '/token', fetchToken: async () => GOOD }, 'fetch-token'],
    ['neither', { tokenUrl: '' }, null],
  ];
  for (const [name, host, expected] of rows) it(`${name} → ${expected}`, () => expect(tokenSourceOf(host)).to.equal(expected));
});

describe('token source: a token URL answer (fromTokenUrl)', () => {
  const rows: Array<[string, TokenAnswer, ReturnType<typeof shape>]> = [
    ['a good token', { kind: 'token', token: GOOD }, { ok: true, source: 'token-url' }],
    ['401/403', { kind: 'bad-credentials', error: { code: 401, message: 'refused' } }, { kind: 'refused', source: 'token-url', code: 401 }],
    ['transient after the retries', { kind: 'transient', error: { code: 503, message: 'x' } }, { kind: 'failed', source: 'token-url', code: 503 }],
    ['fatal (HTML, bad JSON, 404)', { kind: 'fatal', error: { code: 404, message: 'x' } }, { kind: 'failed', source: 'token-url', code: 404 }],
    ['an expired token', { kind: 'token', token: EXPIRED }, { kind: 'expired', source: 'token-url', code: 20104 }],
    ['no voice grant', { kind: 'token', token: NO_VOICE }, { kind: 'malformed', source: 'token-url', code: undefined }],
    ['not a JWT', { kind: 'token', token: 'hello' }, { kind: 'malformed', source: 'token-url', code: undefined }],
  ];
  for (const [name, answer, expected] of rows)
    it(`${name} → ${JSON.stringify(expected)}`, () => expect(shape(fromTokenUrl(answer, NOW))).to.deep.equal(expected));
  it('keeps the claims of a good token', () => {
    const r = fromTokenUrl({ kind: 'token', token: GOOD }, NOW);
    expect(r.ok && r.claims.identity).to.equal('alice');
    expect(r.ok && r.claims.exp).to.equal(NOW + 3600);
  });
});

describe('token source: what fetchToken() gave (fromFetchToken)', () => {
  const httpError = (status: unknown, message = `HTTP ${status}`) => Object.assign(new Error(message), { status });
  const rows: Array<[string, FetchTokenSettled, ReturnType<typeof shape>, RegExp?]> = [
    ['a good token', { value: GOOD }, { ok: true, source: 'fetch-token' }],
    ['a good token with whitespace around it', { value: `  ${GOOD}\n` }, { ok: true, source: 'fetch-token' }],
    ['rejects with status 401', { error: httpError(401) }, { kind: 'refused', source: 'fetch-token', code: 401 }, /^fetchToken\(\) failed: HTTP 401$/],
    ['rejects with status 403', { error: httpError(403) }, { kind: 'refused', source: 'fetch-token', code: 403 }],
    ['rejects with status 500', { error: httpError(500) }, { kind: 'failed', source: 'fetch-token', code: 500 }],
    ['rejects with status "401" (not a number)', { error: httpError('401') }, { kind: 'failed', source: 'fetch-token', code: undefined }],
    [
      'rejects with a plain Error',
      { error: new Error('offline') },
      { kind: 'failed', source: 'fetch-token', code: undefined },
      /^fetchToken\(\) failed: offline$/,
    ],
    ['rejects with a string', { error: 'nope' }, { kind: 'failed', source: 'fetch-token', code: undefined }, /^fetchToken\(\) failed: nope$/],
    ['rejects with null', { error: null }, { kind: 'failed', source: 'fetch-token', code: undefined }],
    ['resolves with an expired token', { value: EXPIRED }, { kind: 'expired', source: 'fetch-token', code: 20104 }],
    ['resolves with a non-JWT string', { value: 'hello' }, { kind: 'malformed', source: 'fetch-token', code: undefined }, /not a JWT/],
    [
      'resolves with an object',
      { value: { token: GOOD } },
      { kind: 'malformed', source: 'fetch-token', code: undefined },
      /resolved with an object, not a token string/,
    ],
    ['resolves with undefined', { value: undefined }, { kind: 'malformed', source: 'fetch-token', code: undefined }, /resolved with undefined/],
    ['resolves with null', { value: null }, { kind: 'malformed', source: 'fetch-token', code: undefined }, /resolved with null/],
  ];
  for (const [name, settled, expected, message] of rows) {
    it(`${name} → ${JSON.stringify(expected)}`, () => {
      const r = fromFetchToken(settled, NOW);
      expect(shape(r)).to.deep.equal(expected);
      if (message && !r.ok) expect(r.failure.error.message).to.match(message);
    });
  }
  it('never puts the token in an error', () => {
    const r = checkAccessToken(jwt({ exp: NOW - 9999 }), 'fetch-token', NOW);
    expect(JSON.stringify(r)).not.to.contain('eyJ');
  });
});

describe('token source: what the phone and the pre-call test make of a failure', () => {
  const failure = (kind: TokenFailure['kind'], source: TokenFailure['source']) =>
    ({ kind, source, error: { code: kind === 'expired' ? 20104 : 401, message: 'm' } }) as TokenFailure;
  // [kind, source, phone state, phone reason, bad-credentials source, pre-call test reason]
  const rows: Array<[TokenFailure['kind'], TokenFailure['source'], string, string, string | undefined, string]> = [
    ['refused', 'token-url', 'bad-credentials', 'token-url-refused', 'token-url', 'bad-credentials'],
    ['refused', 'fetch-token', 'bad-credentials', 'fetch-token-refused', 'fetch-token', 'bad-credentials'],
    ['expired', 'token-url', 'bad-credentials', 'token-expired', 'token-url', 'bad-credentials'],
    ['expired', 'fetch-token', 'bad-credentials', 'token-expired', 'fetch-token', 'bad-credentials'],
    ['failed', 'token-url', 'error', 'token-url-failed', undefined, 'token-failed'],
    ['failed', 'fetch-token', 'error', 'fetch-token-failed', undefined, 'token-failed'],
    ['malformed', 'token-url', 'error', 'token-malformed', undefined, 'token-failed'],
    ['malformed', 'fetch-token', 'error', 'token-malformed', undefined, 'token-failed'],
    ['no-source', null, 'error', 'no-token-source', undefined, 'token-failed'],
  ];
  for (const [kind, source, state, reason, badSource, preflightReason] of rows) {
    it(`${kind} from ${source}: phone ${state} (${reason}), pre-call test ${preflightReason}`, () => {
      const f = failure(kind, source);
      const t = reducePhone(reducePhone(INITIAL_SNAPSHOT, { type: 'start' }).snapshot, { type: 'token-failed', failure: f });
      expect(t.snapshot.state).to.equal(state);
      expect(t.reason).to.equal(reason);
      expect(t.badCredentials?.source).to.equal(badSource);
      expect(t.error).to.deep.equal(f.error);
      expect(preflightTokenFailure(f)).to.deep.equal({ reason: preflightReason, error: f.error });
    });
  }
});

describe('token source: obtainToken', () => {
  const host = (patch: Partial<TokenHost>): TokenHost => ({
    tokenUrl: '',
    tokenMethod: 'GET',
    tokenRequest: { credentials: 'same-origin' },
    tokenTimeout: 5000,
    ...patch,
  });
  const signal = () => new AbortController().signal;

  it('without a source: NO_TOKEN_SOURCE, nothing fetched', async () => {
    const r = await obtainToken(host({}), signal());
    expect(r).to.equal(NO_TOKEN_SOURCE);
    expect(!r!.ok && r!.failure.kind).to.equal('no-source');
  });

  it('a token URL: fetched once, classified', async () => {
    const key = uniqueKey('ots');
    const r = await obtainToken(host({ tokenUrl: tokenUrl({ variant: 'good', key }) }), signal());
    expect(r?.ok).to.equal(true);
    expect(r?.ok && r.source).to.equal('token-url');
    expect(await hits(key)).to.equal(1);
  });

  it('a token URL answering 401: refused, not retried', async () => {
    const key = uniqueKey('ots401');
    const r = await obtainToken(host({ tokenUrl: tokenUrl({ fault: '401', key }) }), signal());
    expect(r && shape(r)).to.deep.equal({ kind: 'refused', source: 'token-url', code: 20003 }); // the server's own code
    expect(await hits(key)).to.equal(1);
  });

  it('fetchToken() wins over the URL; its 401 is refused with source fetch-token', async () => {
    const key = uniqueKey('otsft');
    let calls = 0;
    const fetchToken = async () => {
      calls++;
      throw Object.assign(new Error('HTTP 401'), { status: 401 });
    };
    const r = await obtainToken(host({ tokenUrl: tokenUrl({ variant: 'good', key }), fetchToken }), signal());
    expect(r && shape(r)).to.deep.equal({ kind: 'refused', source: 'fetch-token', code: 401 });
    expect(calls).to.equal(1);
    expect(await hits(key), 'the URL is not asked').to.equal(0);
  });

  it('aborted meanwhile: null, whatever the source said', async () => {
    const abort = new AbortController();
    const pending = obtainToken(host({ fetchToken: async () => (abort.abort(), GOOD) }), abort.signal);
    expect(await pending).to.equal(null);
    const abort2 = new AbortController();
    const pending2 = obtainToken(host({ tokenUrl: tokenUrl({ delay: 2000, key: uniqueKey('otsab') }) }), abort2.signal);
    setTimeout(() => abort2.abort(), 50);
    expect(await pending2).to.equal(null);
  });
});
