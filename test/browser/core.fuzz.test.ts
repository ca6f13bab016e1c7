// Property tests (fast-check): the pure parsers never throw on arbitrary input
// and always land on a defined outcome.
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { interpretTokenResponse } from '../../src/elements/core/token-response.js';
import { decodeAccessToken } from '../../src/elements/core/jwt.js';
import { decideTotpOutcome } from '../../src/elements/core/totp-outcome.js';
import { normalizeCode, TOTP_OUTCOMES } from '../../src/elements/core/totp-code.js';
import { classifyTwilioError, sdkErrorInput } from '../../src/elements/core/twilio-errors.js';
import { INITIAL_SNAPSHOT, reducePhone, type PhoneInput } from '../../src/elements/core/phone-machine.js';
import { PHONE_STATES } from '../../src/elements/core/phone-state.js';
import { parseDialTarget } from '../../src/elements/core/dial-target.js';

const RUNS = { numRuns: 500 };
const b64url = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const anyBody = fc.oneof(
  fc.string(),
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify({ token: v })),
  fc.uint8Array({ maxLength: 64 }).map((b) => String.fromCharCode(...b)),
);

describe('fuzz: pure parsers', () => {
  it('interpretTokenResponse maps any status, type and body to one of its four answers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom('', 'application/json', 'text/plain', 'text/html'),
        anyBody,
        (status, contentType, body) => {
          const answer = interpretTokenResponse({ status, contentType, body });
          expect(['token', 'bad-credentials', 'transient', 'fatal']).to.include(answer.kind);
          if (answer.kind === 'token') expect(answer.token.length).to.be.greaterThan(0);
          else expect(answer.error.message).to.be.a('string').and.not.equal('');
        },
      ),
      RUNS,
    );
  });

  it('decodeAccessToken never throws, for random strings and for JWT-shaped random JSON', () => {
    const jwtShaped = fc
      .tuple(fc.jsonValue(), fc.jsonValue(), fc.string())
      .map(([h, p, sig]) => `${b64url(JSON.stringify(h))}.${b64url(unescape(encodeURIComponent(JSON.stringify(p))))}.${b64url(sig) || 'x'}`);
    fc.assert(
      fc.property(fc.oneof(fc.string(), jwtShaped, fc.anything()), fc.integer({ min: 0, max: 4e9 }), (token, now) => {
        const r = decodeAccessToken(token, now);
        if (r.ok) {
          expect(r.claims.iss.startsWith('SK')).to.equal(true);
          expect(r.claims.sub.startsWith('AC')).to.equal(true);
        } else {
          expect(['malformed', 'expired']).to.include(r.problem.kind);
        }
      }),
      RUNS,
    );
  });

  it('decideTotpOutcome maps any status and JSON body to a defined outcome with a plain-string message', () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 100, max: 599 }), { nil: null }), fc.oneof(fc.jsonValue(), fc.constant(undefined)), (httpStatus, body) => {
        const d = decideTotpOutcome({ httpStatus, body });
        expect(TOTP_OUTCOMES).to.include(d.outcome);
        if (d.message !== undefined) expect(d.message).to.be.a('string');
      }),
      RUNS,
    );
  });

  it('normalizeCode keeps only digits, at most maxLength of them', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 3, max: 8 }), (raw, max) => {
        const code = normalizeCode(raw, max);
        expect(code).to.match(/^\d*$/);
        expect(code.length).to.be.at.most(max);
      }),
      RUNS,
    );
  });

  it('classifyTwilioError and parseDialTarget accept anything', () => {
    fc.assert(
      fc.property(fc.anything(), fc.string(), (err, raw) => {
        const cls = classifyTwilioError((err && typeof err === 'object' ? err : {}) as object);
        expect(['credentials', 'token-expired', 'transport', 'media-permission', 'other']).to.include(cls);
        const t = parseDialTarget(raw);
        expect(typeof t.ok).to.equal('boolean');
      }),
      RUNS,
    );
  });

  it('the phone state machine stays in a defined state under any sequence of inputs', () => {
    const input: fc.Arbitrary<PhoneInput> = fc.oneof(
      fc.constant({ type: 'start' } as const),
      fc.constant({ type: 'stop' } as const),
      fc.constant({ type: 'registered' } as const),
      fc.constant({ type: 'unregistered' } as const),
      fc.constant({ type: 'call-active' } as const),
      fc.constant({ type: 'call-idle' } as const),
      fc.constant({ type: 'token-received' } as const),
      fc.constant({ type: 'watchdog', timeoutMs: 1000 } as const),
      fc.constantFrom('page-resumed', 'clock-gap', 'page-visible').map((reason) => ({ type: 'suspect-unreachable', reason }) as const),
      fc.constant({ type: 'recheck-failed' } as const),
      fc.constant({ type: 'standby' } as const),
      fc.constant({ type: 'leader' } as const),
      fc.record({ code: fc.oneof(fc.constantFrom(20101, 20104, 31005, 31202, 31205, 53000, 31401), fc.integer()) }).map((error) => sdkErrorInput(error)),
    );
    fc.assert(
      fc.property(fc.array(input, { maxLength: 40 }), (inputs) => {
        let s = INITIAL_SNAPSHOT;
        for (const i of inputs) {
          const t = reducePhone(s, i);
          s = t.snapshot;
          expect(PHONE_STATES).to.include(s.state);
          // Whenever the machine lands in bad-credentials it says where the failure came from.
          if (t.badCredentials) expect(s.state).to.equal('bad-credentials');
          // Never `ready` while the registration is in doubt (issue 19).
          if (s.state === 'ready') expect(s.registered && s.recheck === 'none').to.equal(true);
        }
      }),
      RUNS,
    );
  });
});
