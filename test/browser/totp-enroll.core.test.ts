// Pure pieces behind the form-associated <totp-verify> and <totp-enroll>, as tables:
// code validity, Key URI parsing, secret grouping, enrolment answers, the
// enrolment reducer, and the QR path.
import { expect } from '@open-wc/testing';
import encodeQR from 'qr';
import { codeValidity, type CodeValidityFlags } from '../../src/elements/core/code-validity.js';
import { cleanBase32, groupSecret, parseOtpauthUri, type OtpauthKey } from '../../src/elements/core/otpauth-uri.js';
import { readEnrollment, type Enrollment } from '../../src/elements/core/enroll-response.js';
import { INITIAL_ENROLL, reduceEnroll, showsKey, type EnrollInput, type EnrollSnapshot } from '../../src/elements/core/enroll-machine.js';
import { qrPath } from '../../src/elements/core/qr-path.js';

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const SID = 'YF0123456789abcdef0123456789abcdef';
// Verify's documented example binding URI.
const TWILIO_URI = `otpauth://totp/test-issuer:John%E2%80%99s%20Account%20Name?secret=${SECRET}&issuer=test-issuer&algorithm=SHA1&digits=6&period=30`;

describe('codeValidity', () => {
  const rows: [value: string, length: number, required: boolean, expected: CodeValidityFlags][] = [
    ['', 6, false, {}],
    ['', 6, true, { valueMissing: true }],
    ['123', 6, false, { patternMismatch: true }],
    ['123', 6, true, { patternMismatch: true }],
    ['123456', 6, true, {}],
    ['123456', 6, false, {}],
    ['1234', 4, true, {}],
    ['12345678', 8, true, {}],
    ['1234567', 6, true, { patternMismatch: true }],
    ['12a456', 6, true, { patternMismatch: true }],
  ];
  for (const [value, length, required, expected] of rows) {
    it(`${JSON.stringify(value)} of ${length}${required ? ', required' : ''} → ${JSON.stringify(expected)}`, () => {
      expect(codeValidity(value, length, required)).to.deep.equal(expected);
    });
  }
});

describe('parseOtpauthUri', () => {
  const key = (over: Partial<OtpauthKey> = {}): OtpauthKey => ({
    secret: SECRET,
    issuer: 'test-issuer',
    account: 'John’s Account Name',
    digits: 6,
    period: 30,
    algorithm: 'SHA1',
    ...over,
  });
  const rows: [name: string, uri: unknown, expected: OtpauthKey | null][] = [
    ["Twilio's example binding.uri", TWILIO_URI, key()],
    ['issuer only in the label', `otpauth://totp/Acme:alice?secret=${SECRET}`, key({ issuer: 'Acme', account: 'alice' })],
    ['issuer parameter wins over the label', `otpauth://totp/Old:alice?secret=${SECRET}&issuer=New`, key({ issuer: 'New', account: 'alice' })],
    ['no issuer at all', `otpauth://totp/alice?secret=${SECRET}`, key({ issuer: '', account: 'alice' })],
    ['lower-case secret with padding', `otpauth://totp/a?secret=${SECRET.toLowerCase()}====`, key({ issuer: '', account: 'a' })],
    ['upper-case scheme and type', `OTPAUTH://TOTP/a?secret=${SECRET}`, key({ issuer: '', account: 'a' })],
    [
      '8 digits, 60 s, SHA256',
      `otpauth://totp/a?secret=${SECRET}&digits=8&period=60&algorithm=sha256`,
      key({ issuer: '', account: 'a', digits: 8, period: 60, algorithm: 'SHA256' }),
    ],
    ['hotp is not TOTP', `otpauth://hotp/a?secret=${SECRET}&counter=1`, null],
    ['another scheme', `https://example.com/totp/a?secret=${SECRET}`, null],
    ['no secret', 'otpauth://totp/a?issuer=x', null],
    ['secret not base32', 'otpauth://totp/a?secret=0189!!!!0189abcd', null],
    ['secret too short', 'otpauth://totp/a?secret=ABCDEF', null],
    ['digits out of Verify range', `otpauth://totp/a?secret=${SECRET}&digits=9`, null],
    ['digits not a number', `otpauth://totp/a?secret=${SECRET}&digits=six`, null],
    ['unknown algorithm', `otpauth://totp/a?secret=${SECRET}&algorithm=MD5`, null],
    ['bad percent-encoding in the label', `otpauth://totp/%E0%A4%A?secret=${SECRET}`, null],
    ['not a string', 42, null],
  ];
  for (const [name, uri, expected] of rows) {
    it(name, () => {
      expect(parseOtpauthUri(uri)).to.deep.equal(expected);
    });
  }

  it('cleanBase32 and groupSecret', () => {
    expect(cleanBase32(' gezd gnbv gy3t qojq ')).to.equal('GEZDGNBVGY3TQOJQ');
    expect(cleanBase32('GEZDGNBVGY3TQOJ1')).to.equal(null);
    expect(cleanBase32(undefined)).to.equal(null);
    expect(groupSecret(SECRET)).to.deep.equal(['GEZD', 'GNBV', 'GY3T', 'QOJQ', 'GEZD', 'GNBV', 'GY3T', 'QOJQ']);
    expect(groupSecret('ABCDEFGHIJ')).to.deep.equal(['ABCD', 'EFGH', 'IJ']);
    expect(groupSecret('')).to.deep.equal([]);
  });
});

describe('readEnrollment', () => {
  const parsed = parseOtpauthUri(TWILIO_URI)!;
  const rows: [name: string, body: unknown, expected: Enrollment | null][] = [
    [
      'reference handler {factorSid, uri, secret}',
      { identity: 'alice', factorSid: SID, uri: TWILIO_URI, secret: SECRET, status: 'unverified' },
      { factorSid: SID, uri: TWILIO_URI, key: parsed },
    ],
    [
      "Twilio's NewFactor {sid, binding}",
      { sid: SID, status: 'unverified', binding: { uri: TWILIO_URI, secret: SECRET } },
      { factorSid: SID, uri: TWILIO_URI, key: parsed },
    ],
    ['a URI without a separate secret', { factorSid: SID, uri: TWILIO_URI }, { factorSid: SID, uri: TWILIO_URI, key: parsed }],
    [
      'a secret without a URI gets one with the defaults',
      { factorSid: SID, secret: SECRET },
      {
        factorSid: SID,
        uri: `otpauth://totp/alice%401?secret=${SECRET}&algorithm=SHA1&digits=6&period=30`,
        key: { secret: SECRET, issuer: '', account: 'alice@1', digits: 6, period: 30, algorithm: 'SHA1' },
      },
    ],
    ['a secret that disagrees with the URI', { factorSid: SID, uri: TWILIO_URI, secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }, null],
    ['a secret that is not base32', { factorSid: SID, secret: 'not-a-secret-at-all' }, null],
    ['no factor SID', { uri: TWILIO_URI, secret: SECRET }, null],
    ['a factor SID of the wrong kind', { factorSid: 'YC0123456789abcdef0123456789abcdef', uri: TWILIO_URI }, null],
    ['no key at all (a verified Factor resource)', { sid: SID, status: 'verified' }, null],
    ['a URI that is not TOTP', { factorSid: SID, uri: 'otpauth://hotp/a?secret=' + SECRET }, null],
    ['not an object', 'YF…', null],
    ['null', null, null],
  ];
  for (const [name, body, expected] of rows) {
    it(name, () => {
      expect(readEnrollment(body, 'alice@1')).to.deep.equal(expected);
    });
  }
});

describe('reduceEnroll', () => {
  const at = (state: EnrollSnapshot['state'], over: Partial<EnrollSnapshot> = {}): EnrollSnapshot => ({ ...INITIAL_ENROLL, state, ...over });
  const created = at('created', { factorSid: SID });
  const verifying = at('verifying', { factorSid: SID });
  const answered = (outcome: EnrollSnapshot['lastOutcome'] & string, extra = {}): EnrollInput => ({ type: 'code-answered', answer: { outcome, ...extra } });
  const rows: [name: string, from: EnrollSnapshot, input: EnrollInput, expected: EnrollSnapshot | 'same'][] = [
    ['idle + start → creating', at('idle'), { type: 'start' }, at('creating')],
    ['failed + start → creating, failure cleared', at('failed', { failure: { stage: 'create', outcome: 'error' } }), { type: 'start' }, at('creating')],
    ['verified + start → creating (another factor)', at('verified', { factorSid: SID }), { type: 'start' }, at('creating')],
    ['creating + start: one enrolment at a time', at('creating'), { type: 'start' }, 'same'],
    ['created + start: ignored while a key is shown', created, { type: 'start' }, 'same'],
    ['creating + created → created with the SID', at('creating'), { type: 'created', factorSid: SID }, created],
    ['idle + created (a stale answer) → ignored', at('idle'), { type: 'created', factorSid: SID }, 'same'],
    [
      'creating + create-failed → failed at the create stage',
      at('creating'),
      { type: 'create-failed', answer: { outcome: 'rate-limited', code: 60326 } },
      at('failed', { failure: { stage: 'create', outcome: 'rate-limited', code: 60326 } }),
    ],
    ['created + create-failed → ignored', created, { type: 'create-failed', answer: { outcome: 'error' } }, 'same'],
    ['created + code-sent → verifying', created, { type: 'code-sent' }, verifying],
    ['idle + code-sent → ignored', at('idle'), { type: 'code-sent' }, 'same'],
    ['verifying + verified → verified', verifying, answered('verified'), at('verified', { factorSid: SID })],
    [
      'verifying + incorrect → created, retry allowed',
      verifying,
      answered('incorrect', { status: 'unverified' }),
      at('created', { factorSid: SID, lastOutcome: 'incorrect' }),
    ],
    ['verifying + rate-limited → created, retry allowed', verifying, answered('rate-limited'), at('created', { factorSid: SID, lastOutcome: 'rate-limited' })],
    [
      'verifying + error (network) → created, retry allowed',
      verifying,
      answered('error', { failure: 'network' }),
      at('created', { factorSid: SID, lastOutcome: 'error' }),
    ],
    [
      'verifying + too-many-attempts → failed at the verify stage',
      verifying,
      answered('too-many-attempts', { code: 60310 }),
      at('failed', { factorSid: SID, failure: { stage: 'verify', outcome: 'too-many-attempts', code: 60310 } }),
    ],
    ['verifying + not-found → failed', verifying, answered('not-found'), at('failed', { factorSid: SID, failure: { stage: 'verify', outcome: 'not-found' } })],
    ['verifying + expired → failed', verifying, answered('expired'), at('failed', { factorSid: SID, failure: { stage: 'verify', outcome: 'expired' } })],
    [
      'a retry clears the last outcome on success',
      at('verifying', { factorSid: SID, lastOutcome: 'incorrect' }),
      answered('verified'),
      at('verified', { factorSid: SID }),
    ],
    ['created + answer (no send event seen) still counts', created, answered('verified'), at('verified', { factorSid: SID })],
    ['creating + answer → ignored', at('creating'), answered('verified'), 'same'],
    ['any + reset → idle', verifying, { type: 'reset' }, at('idle')],
    ['idle + reset → the same object', at('idle'), { type: 'reset' }, 'same'],
  ];
  for (const [name, from, input, expected] of rows) {
    it(name, () => {
      const next = reduceEnroll(from, input);
      if (expected === 'same') expect(next).to.equal(from);
      else expect(next).to.deep.equal(expected);
    });
  }

  it('shows the key only while created or verifying', () => {
    expect(['idle', 'creating', 'created', 'verifying', 'verified', 'failed'].filter((s) => showsKey(s as EnrollSnapshot['state']))).to.deep.equal([
      'created',
      'verifying',
    ]);
  });
});

describe('qrPath', () => {
  const rows: [name: string, matrix: boolean[][], quiet: number, expected: string][] = [
    ['empty', [], 0, ''],
    ['all light', [[false, false]], 0, ''],
    ['one module', [[true]], 0, 'M0 0h1v1h-1z'],
    ['a run becomes one rectangle', [[true, true, true]], 0, 'M0 0h3v1h-3z'],
    [
      'runs split by light modules, per row, shifted by the quiet zone',
      [
        [true, false, true],
        [false, true, true],
      ],
      4,
      'M4 4h1v1h-1zM6 4h1v1h-1zM5 5h2v1h-2z',
    ],
  ];
  for (const [name, matrix, quiet, expected] of rows) {
    it(name, () => expect(qrPath(matrix, quiet)).to.equal(expected));
  }

  it('covers exactly the dark modules of a real code', () => {
    const matrix = encodeQR(TWILIO_URI, 'raw', { ecc: 'medium', border: 4 });
    const d = qrPath(matrix);
    let dark = 0;
    matrix.forEach((row) => row.forEach((m) => (dark += m ? 1 : 0)));
    const area = [...d.matchAll(/h(\d+)v1/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(area).to.equal(dark);
    expect(matrix.length).to.be.within(21 + 8, 177 + 8);
  });
});
