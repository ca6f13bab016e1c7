import { expect } from '@open-wc/testing';
import { decideTotpOutcome, type TotpDecision, type TotpResponse } from '../../src/elements/core/totp-outcome.js';
import { TOTP_OUTCOMES, clampCodeLength, normalizeCode } from '../../src/elements/core/totp-code.js';
import { TOTP_DEFAULT_STRINGS } from '../../src/elements/core/totp-strings.js';
// The same Twilio bodies the component tests get over HTTP.
import { VERIFY_REPLIES, challenge, factor, twilioError } from '../support/verify-routes.mjs';

type Row = [name: string, input: TotpResponse, expected: TotpDecision];

const reply = (name: keyof typeof VERIFY_REPLIES): TotpResponse => {
  const [httpStatus, body] = VERIFY_REPLIES[name] as [number, unknown];
  return { httpStatus, body };
};

const rows: Row[] = [
  // 2xx, current API
  ['factor verified (UpdateFactor 200)', reply('factor-verified'), { outcome: 'verified', status: 'verified' }],
  ['challenge approved (CreateChallenge 201)', reply('challenge-approved'), { outcome: 'verified', status: 'approved' }],
  ['challenge approved (UpdateChallenge 200)', { httpStatus: 200, body: challenge('approved') }, { outcome: 'verified', status: 'approved' }],
  ['factor unverified: wrong code since Oct 2021', reply('factor-unverified'), { outcome: 'incorrect', status: 'unverified' }],
  ['challenge pending: wrong code since Oct 2021', reply('challenge-pending'), { outcome: 'incorrect', status: 'pending' }],
  ['challenge pending on create (201)', { httpStatus: 201, body: challenge('pending') }, { outcome: 'incorrect', status: 'pending' }],
  ['challenge expired', reply('challenge-expired'), { outcome: 'expired', status: 'expired' }],
  ['challenge denied', reply('challenge-denied'), { outcome: 'denied', status: 'denied' }],
  ['challenge canceled (defensive)', { httpStatus: 200, body: challenge('canceled') }, { outcome: 'denied', status: 'canceled' }],
  // Kind by fields when a proxy drops the sid, and by the status alone when it forwards only that
  ['challenge without sid, by factor_sid', { httpStatus: 200, body: { factor_sid: 'YFx', status: 'approved' } }, { outcome: 'verified', status: 'approved' }],
  [
    'challenge without sid, by expiration_date',
    { httpStatus: 200, body: { expiration_date: '2015-07-30T20:05:00Z', status: 'pending' } },
    { outcome: 'incorrect', status: 'pending' },
  ],
  ['bare {status: approved}', { httpStatus: 200, body: { status: 'approved' } }, { outcome: 'verified', status: 'approved' }],
  ['bare {status: unverified}', { httpStatus: 200, body: { status: 'unverified' } }, { outcome: 'incorrect', status: 'unverified' }],
  // A status that does not belong to the resource is not trusted
  ['factor with a challenge status', { httpStatus: 200, body: { ...factor('verified'), status: 'approved' } }, { outcome: 'error', status: 'approved' }],
  ['challenge with a factor status', { httpStatus: 200, body: { ...challenge('approved'), status: 'verified' } }, { outcome: 'error', status: 'verified' }],
  ['2xx unknown status', { httpStatus: 200, body: { status: 'max_attempts_reached' } }, { outcome: 'error', status: 'max_attempts_reached' }],
  ['2xx without status', { httpStatus: 200, body: { ok: true } }, { outcome: 'error' }],
  // Legacy API (before Oct 2021)
  ['legacy 403 60311 factor verification failed', reply('legacy-60311'), { outcome: 'incorrect', code: 60311, message: 'Factor verification failed' }],
  ['legacy 403 60324 challenge verification failed', reply('legacy-60324'), { outcome: 'incorrect', code: 60324, message: 'Challenge verification failed' }],
  // Expired by code
  ['403 60323 challenge expired', reply('403-60323'), { outcome: 'expired', code: 60323, message: 'Challenge expired' }],
  // Attempts and rate limits
  ['429 60310 factor attempts', reply('429-60310'), { outcome: 'too-many-attempts', code: 60310, message: 'Factor verification attempts reached' }],
  ['429 60308 challenge attempts', reply('429-60308'), { outcome: 'too-many-attempts', code: 60308, message: 'Challenge verification attempts limit reached' }],
  ['429 60312', reply('429-60312'), { outcome: 'rate-limited', code: 60312, message: 'Challenge creation limit reached' }],
  ['429 60326', reply('429-60326'), { outcome: 'rate-limited', code: 60326, message: 'Too many factor creations for the entity' }],
  ['429 20429', reply('429-20429'), { outcome: 'rate-limited', code: 20429, message: 'Too Many Requests' }],
  ['429 with an unknown code', { httpStatus: 429, body: twilioError(429, 60999, 'Slow down') }, { outcome: 'rate-limited', code: 60999, message: 'Slow down' }],
  ['429 without a body', { httpStatus: 429, body: undefined }, { outcome: 'rate-limited' }],
  // Not found
  ['404 20404', reply('404-20404'), { outcome: 'not-found', code: 20404, message: (VERIFY_REPLIES['404-20404'][1] as { message: string }).message }],
  ['404 60390 factor not found', reply('404-60390'), { outcome: 'not-found', code: 60390, message: 'Factor not found' }],
  [
    '60391 challenge not found',
    { httpStatus: 404, body: twilioError(404, 60391, 'Challenge not found') },
    { outcome: 'not-found', code: 60391, message: 'Challenge not found' },
  ],
  [
    '60392 entity not found (400 from a proxy)',
    { httpStatus: 400, body: twilioError(400, 60392, 'Entity not found') },
    { outcome: 'not-found', code: 60392, message: 'Entity not found' },
  ],
  ['404 HTML page', { httpStatus: 404, body: undefined }, { outcome: 'not-found' }],
  // Everything else is an error, with the server message when there is one
  ['401 20003 bad backend credentials', reply('401-20003'), { outcome: 'error', code: 20003, message: 'Authenticate' }],
  ['403 60318 factor unverified', reply('403-60318'), { outcome: 'error', code: 60318, message: 'Factor is unverified' }],
  [
    '403 60322 already responded',
    { httpStatus: 403, body: twilioError(403, 60322, 'Challenge already responded') },
    { outcome: 'error', code: 60322, message: 'Challenge already responded' },
  ],
  ['500 envelope', reply('500'), { outcome: 'error', code: 20500, message: 'Internal Server Error' }],
  ['500 {message} only', { httpStatus: 500, body: { message: 'db down' } }, { outcome: 'error', message: 'db down' }],
  ['502 HTML page (not JSON)', { httpStatus: 502, body: undefined }, { outcome: 'error' }],
  ['200 invalid JSON', { httpStatus: 200, body: undefined }, { outcome: 'error' }],
  ['200 JSON array', { httpStatus: 200, body: [factor('verified')] }, { outcome: 'error' }],
  ['200 JSON string', { httpStatus: 200, body: 'verified' }, { outcome: 'error' }],
  ['network failure or timeout', { httpStatus: null, body: undefined }, { outcome: 'error' }],
  [
    'markup in message stays a plain string',
    reply('xss-message'),
    { outcome: 'error', code: 60200, message: 'Invalid parameter: <img src=x onerror=alert(1)>' },
  ],
  ['code as a numeric string', { httpStatus: 403, body: { code: '60311', message: 'x' } }, { outcome: 'incorrect', code: 60311, message: 'x' }],
  ['non-string message ignored', { httpStatus: 500, body: { code: 1, message: { html: '<b>' } } }, { outcome: 'error', code: 1 }],
  ['non-2xx never trusts a resource status', { httpStatus: 500, body: factor('verified') }, { outcome: 'error' }],
  [
    '2xx error envelope with 60323',
    { httpStatus: 200, body: twilioError(403, 60323, 'Challenge expired') },
    { outcome: 'expired', code: 60323, message: 'Challenge expired' },
  ],
];

describe('decideTotpOutcome', () => {
  for (const [name, input, expected] of rows) {
    it(name, () => {
      expect(decideTotpOutcome(input)).to.deep.equal(expected);
    });
  }

  it('covers every outcome', () => {
    const seen = new Set(rows.map(([, , e]) => e.outcome));
    expect([...seen].sort()).to.deep.equal([...TOTP_OUTCOMES].sort());
  });

  it('flattens and truncates a long server message', () => {
    const d = decideTotpOutcome({ httpStatus: 500, body: { message: `line1\n\tline2 ${'x'.repeat(500)}` } });
    expect(d.message!.startsWith('line1 line2 x')).to.equal(true);
    expect(d.message!.length).to.equal(200);
    expect(d.message!.endsWith('…')).to.equal(true);
  });

  it('drops a blank server message', () => {
    expect(decideTotpOutcome({ httpStatus: 500, body: { message: '  \n ' } })).to.deep.equal({ outcome: 'error' });
  });
});

describe('normalizeCode', () => {
  const cases: [raw: string, max: number, expected: string][] = [
    ['123456', 6, '123456'],
    ['123 456', 6, '123456'],
    ['123-456', 6, '123456'],
    [' 123\u00a0456\n', 6, '123456'],
    ['１２３４５６', 6, '123456'],
    ['1234567', 6, '123456'],
    ['12a34b', 6, '1234'],
    ['abc', 6, ''],
    ['', 6, ''],
    ['0012', 6, '0012'],
    ['12345678', 8, '12345678'],
    ['123 456', 3, '123'],
  ];
  for (const [raw, max, expected] of cases) {
    it(`${JSON.stringify(raw)} / ${max} -> ${JSON.stringify(expected)}`, () => {
      expect(normalizeCode(raw, max)).to.equal(expected);
    });
  }
});

describe('clampCodeLength', () => {
  const cases: [unknown, number][] = [
    [6, 6],
    [3, 3],
    [8, 8],
    [2, 3],
    [0, 3],
    [9, 8],
    [100, 8],
    ['7', 7],
    [NaN, 6],
    ['abc', 6],
    [undefined, 6],
  ];
  for (const [input, expected] of cases) {
    it(`${String(input)} -> ${expected}`, () => {
      expect(clampCodeLength(input)).to.equal(expected);
    });
  }
});

describe('TOTP_DEFAULT_STRINGS', () => {
  it('has a non-empty text for every outcome', () => {
    for (const o of TOTP_OUTCOMES) expect(TOTP_DEFAULT_STRINGS[o]).to.be.a('string').and.not.equal('');
  });
});
