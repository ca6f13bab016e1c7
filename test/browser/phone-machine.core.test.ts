// Table-driven tests of the pure phone state machine (`reducePhone`): every
// input in every state where it matters. No DOM, no SDK.
import { expect } from '@open-wc/testing';
import { INITIAL_SNAPSHOT, reducePhone, type PhoneInput, type PhoneSnapshot, type PhoneTransition } from '../../src/elements/core/phone-machine.js';
import { PHONE_STATES, PHONE_STATE_REASONS, type PhoneState } from '../../src/elements/core/phone-state.js';
import type { TokenSource } from '../../src/elements/core/token-source.js';
import { sdkErrorInput } from '../../src/elements/core/twilio-errors.js';

const start: PhoneInput = { type: 'start' };
const stop: PhoneInput = { type: 'stop' };
const token: PhoneInput = { type: 'token-received' };
const tokenAfterExpiry: PhoneInput = { type: 'token-received', afterExpiry: true };
const registered: PhoneInput = { type: 'registered' };
const unregistered: PhoneInput = { type: 'unregistered' };
const callActive: PhoneInput = { type: 'call-active' };
const callIdle: PhoneInput = { type: 'call-idle' };
/** An SDK error as the phone's Device code feeds it: classified by `sdkErrorInput` (its own table: token-and-errors.core.test.ts). */
const sdkError = (code?: number, originalCode?: number, message = `error ${code}`): PhoneInput =>
  sdkErrorInput({ code, message, ...(originalCode === undefined ? {} : { originalError: { code: originalCode, message: 'orig' } }) });
/** A token source's failure (core/token-source.ts classifies the answers; see token-source.core.test.ts). */
const tokenFailed = (kind: 'refused' | 'failed' | 'malformed' | 'expired', code?: number, source: TokenSource = 'token-url'): PhoneInput => ({
  type: 'token-failed',
  failure: { kind, source, error: { ...(code === undefined ? {} : { code }), message: `token ${kind}` } },
});
const noTokenSource: PhoneInput = { type: 'token-failed', failure: { kind: 'no-source', source: null, error: { message: 'no source' } } };

/** Runs inputs from the initial snapshot; returns every transition. */
function run(...inputs: PhoneInput[]): PhoneTransition[] {
  let s: PhoneSnapshot = { ...INITIAL_SNAPSHOT };
  const out: PhoneTransition[] = [];
  for (const input of inputs) {
    const t = reducePhone(s, input);
    out.push(t);
    s = t.snapshot;
  }
  return out;
}
const last = (ts: PhoneTransition[]) => ts[ts.length - 1];
const states = (ts: PhoneTransition[]) => ts.map((t) => t.snapshot.state);

/** Inputs that bring a fresh machine into each live state. */
const REACH: Record<Exclude<PhoneState, 'idle' | 'bad-credentials' | 'error'>, PhoneInput[]> = {
  'fetching-token': [start],
  registering: [start, token],
  ready: [start, token, registered],
  busy: [start, token, registered, callActive],
  offline: [start, token, registered, unregistered],
  standby: [start, token, { type: 'standby' }],
};
const REACH_TERMINAL: Record<'idle' | 'bad-credentials' | 'error', PhoneInput[]> = {
  idle: [],
  'bad-credentials': [start, token, sdkError(31202)],
  error: [start, tokenFailed('failed')],
};
const ALL_REACH = { ...REACH, ...REACH_TERMINAL } as Record<PhoneState, PhoneInput[]>;

function stateAfter(inputs: PhoneInput[]): PhoneSnapshot {
  return inputs.length ? last(run(...inputs)).snapshot : { ...INITIAL_SNAPSHOT };
}

describe('reducePhone', () => {
  it('every reason it gives is a documented PhoneStateReason, listed once', () => {
    expect(new Set(PHONE_STATE_REASONS).size).to.equal(PHONE_STATE_REASONS.length);
    const seen = new Set<string>();
    const recipes: PhoneInput[][] = [
      ...Object.values(ALL_REACH),
      [start, token, registered, unregistered, registered, callActive, callIdle, stop],
      [start, tokenFailed('refused', 401)],
      [start, tokenFailed('refused', 401, 'fetch-token')],
      [start, tokenFailed('failed', 500, 'fetch-token')],
      [start, tokenFailed('expired', 20104)],
      [start, tokenFailed('malformed')],
      [start, noTokenSource],
      [start, token, sdkError(20101)],
      [start, token, sdkError(20104)],
      [start, token, { type: 'watchdog', timeoutMs: 1 }],
      [start, token, registered, { type: 'suspect-unreachable', reason: 'page-resumed' }],
      [start, token, { type: 'standby' }, { type: 'leader' }],
      [start, { type: 'fail', reason: 'microphone-denied', error: { message: 'x' } }],
    ];
    for (const inputs of recipes) for (const t of run(...inputs)) if (t.reason) seen.add(t.reason);
    for (const reason of seen) expect(PHONE_STATE_REASONS as readonly string[], reason).to.include(reason);
    expect(seen.size).to.be.greaterThan(15);
  });

  it('reaches each state through its recipe (sanity of the tables below)', () => {
    for (const state of PHONE_STATES) expect(stateAfter(ALL_REACH[state]).state, state).to.equal(state);
  });

  describe('start and stop', () => {
    for (const state of PHONE_STATES) {
      it(`start from ${state} → fetching-token with a clean snapshot`, () => {
        const t = reducePhone(stateAfter(ALL_REACH[state]), start);
        expect(t.snapshot).to.deep.equal({ ...INITIAL_SNAPSHOT, state: 'fetching-token', tokenFresh: true });
        expect(t.reason).to.equal('started');
        expect(t.effects).to.deep.equal([]);
        expect(t.error).to.equal(undefined);
      });
      it(`stop from ${state} → idle and destroys the device`, () => {
        const t = reducePhone(stateAfter(ALL_REACH[state]), stop);
        expect(t.snapshot).to.deep.equal(INITIAL_SNAPSHOT);
        expect(t.effects).to.deep.equal(['destroy-device']);
        expect(t.error).to.equal(undefined);
      });
    }
  });

  describe('token answers', () => {
    it('token received while fetching → registering, token fresh', () => {
      const t = last(run(start, token));
      expect(t.snapshot.state).to.equal('registering');
      expect(t.snapshot.tokenFresh).to.equal(true);
      expect(t.reason).to.equal('token-received');
    });

    const liveStates = ['registering', 'ready', 'busy', 'offline'] as const;
    for (const [source, reason] of [
      ['token-url', 'token-url-refused'],
      ['fetch-token', 'fetch-token-refused'],
    ] as const) {
      for (const state of ['fetching-token', ...liveStates] as const) {
        it(`${source} refused (401/403) in ${state} → bad-credentials (source ${source}, reason ${reason}) + destroy`, () => {
          const t = reducePhone(stateAfter(REACH[state]), tokenFailed('refused', 401, source));
          expect(t.snapshot.state).to.equal('bad-credentials');
          expect(t.badCredentials?.source).to.equal(source);
          expect(t.badCredentials?.error.code).to.equal(401);
          expect(t.reason).to.equal(reason);
          expect(t.fatal).to.equal(true);
          expect(t.effects).to.deep.equal(['destroy-device']);
          expect(t.snapshot.registered).to.equal(false);
          expect(t.snapshot.inCall).to.equal(false);
        });
      }
    }

    for (const [source, reason] of [
      ['token-url', 'token-url-failed'],
      ['fetch-token', 'fetch-token-failed'],
    ] as const) {
      it(`${source} failure at start → error ${reason} (fatal, destroy)`, () => {
        const t = last(run(start, tokenFailed('failed', 503, source)));
        expect(t.snapshot.state).to.equal('error');
        expect(t.fatal).to.equal(true);
        expect(t.error?.code).to.equal(503);
        expect(t.reason).to.equal(reason);
        expect(t.effects).to.deep.equal(['destroy-device']);
        expect(t.badCredentials).to.equal(undefined);
      });
      for (const state of liveStates) {
        it(`${source} failure during a live session (${state}) → non-fatal error, state kept`, () => {
          const before = stateAfter(REACH[state]);
          const t = reducePhone(before, tokenFailed('failed', 503, source));
          expect(t.snapshot).to.deep.equal(before);
          expect(t.fatal).to.equal(false);
          expect(t.error?.code).to.equal(503);
          expect(t.effects).to.deep.equal([]);
          expect(t.reason).to.equal(undefined);
        });
      }
    }

    for (const source of ['token-url', 'fetch-token'] as const) {
      for (const state of ['fetching-token', ...liveStates] as const) {
        it(`expired token from ${source} in ${state} → bad-credentials 20104 (${source}, token-expired)`, () => {
          const t = reducePhone(stateAfter(REACH[state]), tokenFailed('expired', 20104, source));
          expect(t.snapshot.state).to.equal('bad-credentials');
          expect(t.badCredentials).to.deep.equal({ source, error: { code: 20104, message: 'token expired' } });
          expect(t.reason).to.equal('token-expired');
          expect(t.effects).to.deep.equal(['destroy-device']);
        });
      }
      it(`malformed token from ${source} at start → error token-malformed`, () => {
        const t = last(run(start, tokenFailed('malformed', undefined, source)));
        expect(t.snapshot.state).to.equal('error');
        expect(t.error).to.deep.equal({ message: 'token malformed' });
        expect(t.fatal).to.equal(true);
        expect(t.reason).to.equal('token-malformed');
        expect(t.effects).to.deep.equal(['destroy-device']);
      });
    }
    it('no token source at start → error no-token-source', () => {
      const t = last(run(start, noTokenSource));
      expect(t.snapshot.state).to.equal('error');
      expect(t.reason).to.equal('no-token-source');
      expect(t.error).to.deep.equal({ message: 'no source' });
      expect(t.badCredentials).to.equal(undefined);
    });
    for (const state of liveStates) {
      it(`malformed refreshed token in ${state} → non-fatal error, state kept`, () => {
        const before = stateAfter(REACH[state]);
        const t = reducePhone(before, tokenFailed('malformed'));
        expect(t.snapshot).to.deep.equal(before);
        expect(t.fatal).to.equal(false);
        expect(t.error?.message).to.equal('token malformed');
        expect(t.effects).to.deep.equal([]);
      });
    }
  });

  describe('registration', () => {
    it('registered → ready; unregistered after ready → offline; registered again → ready (reconnected)', () => {
      const ts = run(start, token, registered, unregistered, registered);
      expect(states(ts)).to.deep.equal(['fetching-token', 'registering', 'ready', 'offline', 'ready']);
      expect(ts[2].reason).to.equal('registered');
      expect(ts[3].reason).to.equal('signaling-lost');
      expect(ts[4].reason).to.equal('reconnected');
      expect(ts.every((t) => t.effects.length === 0 && !t.error)).to.equal(true);
    });
    it('a repeated registered while ready changes nothing and gives no reason', () => {
      const t = last(run(start, token, registered, registered));
      expect(t.snapshot.state).to.equal('ready');
      expect(t.reason).to.equal(undefined);
    });
    it('registered clears token freshness and expiry refetches', () => {
      const t = last(run(start, token, registered, sdkError(20104), tokenAfterExpiry, registered));
      expect(t.snapshot.tokenFresh).to.equal(false);
      expect(t.snapshot.expiryRefetches).to.equal(0);
      expect(t.snapshot.everReady).to.equal(true);
    });
    it('unregistered while fetching a token changes no state', () => {
      const t = last(run(start, unregistered));
      expect(t.snapshot.state).to.equal('fetching-token');
      expect(t.reason).to.equal(undefined);
    });
    it('unregistered during a call keeps busy', () => {
      const ts = run(start, token, registered, callActive, unregistered, callIdle);
      expect(states(ts).slice(3)).to.deep.equal(['busy', 'busy', 'offline']);
    });

    const AUTH_CODES = [20101, 20151, 31201, 31202, 31203, 31204, 31207, 31102];
    for (const code of AUTH_CODES) {
      it(`offline before ever ready, then auth error ${code} → bad-credentials, never left offline`, () => {
        const ts = run(start, token, unregistered, sdkError(code));
        const t = last(ts);
        expect(t.snapshot.state).to.equal('bad-credentials');
        expect(t.badCredentials?.source).to.equal('twilio');
        expect(t.badCredentials?.error.code).to.equal(code);
        expect(t.effects).to.deep.equal(['destroy-device']);
        // and the SDK's unregistered after the error does not bring it back to offline
        expect(reducePhone(t.snapshot, unregistered).snapshot.state).to.equal('bad-credentials');
      });
      it(`auth error ${code} then unregistered (SDK 2.18.5 order) → bad-credentials`, () => {
        expect(states(run(start, token, sdkError(code), unregistered))).to.deep.equal(['fetching-token', 'registering', 'bad-credentials', 'bad-credentials']);
      });
    }
  });

  describe('sdk errors', () => {
    const CREDENTIAL_CODES = [20101, 20151, 31201, 31202, 31203, 31204, 31207, 31102];
    for (const state of ['registering', 'ready', 'busy', 'offline'] as const) {
      for (const code of CREDENTIAL_CODES) {
        it(`${code} in ${state} → bad-credentials (twilio), destroy`, () => {
          const t = reducePhone(stateAfter(REACH[state]), sdkError(code));
          expect(t.snapshot.state).to.equal('bad-credentials');
          expect(t.badCredentials).to.deep.equal({ source: 'twilio', error: { code, message: `error ${code}` } });
          expect(t.fatal).to.equal(true);
          expect(t.effects).to.deep.equal(['destroy-device']);
          expect(t.reason).to.equal('twilio-rejected-token');
        });
      }
    }
    for (const original of [31201, 31202, 31203, 31204, 31207]) {
      it(`53000 wrapping ${original} → bad-credentials reporting ${original} and its message`, () => {
        const t = last(run(start, token, sdkError(53000, original)));
        expect(t.snapshot.state).to.equal('bad-credentials');
        expect(t.badCredentials?.error).to.deep.equal({ code: original, message: 'orig' });
      });
    }
    it('20101 wrapping 31204 keeps the SDK code 20101', () => {
      expect(last(run(start, token, sdkError(20101, 31204))).badCredentials?.error.code).to.equal(20101);
    });

    for (const code of [20104, 31205]) {
      it(`${code} on the token fetched for this start → bad-credentials at once`, () => {
        const t = last(run(start, token, sdkError(code)));
        expect(t.snapshot.state).to.equal('bad-credentials');
        expect(t.badCredentials?.source).to.equal('twilio');
        expect(t.badCredentials?.error.code).to.equal(code);
        expect(t.reason).to.equal('twilio-rejected-fresh-token');
        expect(t.effects).to.deep.equal(['destroy-device']);
      });
      it(`${code} on an old token → one refetch, then bad-credentials when the fresh token is rejected`, () => {
        const ts = run(start, token, registered, sdkError(code));
        const first = last(ts);
        expect(first.snapshot.state).to.equal('ready');
        expect(first.effects).to.deep.equal(['refetch-token']);
        expect(first.fatal).to.equal(false);
        expect(first.error?.code).to.equal(code);
        const afterToken = reducePhone(first.snapshot, tokenAfterExpiry);
        expect(afterToken.snapshot.tokenFresh).to.equal(true);
        const second = reducePhone(afterToken.snapshot, sdkError(code));
        expect(second.snapshot.state).to.equal('bad-credentials');
        expect(second.effects).to.deep.equal(['destroy-device']);
      });
      it(`${code} on an old token, refetch succeeds and registers → a later expiry refetches again`, () => {
        const ts = run(start, token, registered, sdkError(code), tokenAfterExpiry, registered, sdkError(code));
        expect(last(ts).effects).to.deep.equal(['refetch-token']);
        expect(last(ts).snapshot.state).to.equal('ready');
      });
      it(`53000 wrapping ${code} counts as ${code}`, () => {
        const t = last(run(start, token, sdkError(53000, code)));
        expect(t.snapshot.state).to.equal('bad-credentials');
        expect(t.badCredentials?.error.code).to.equal(code);
      });
    }
    it('a second expiry while the re-fetch is in flight is about the old token: no verdict, no second re-fetch', () => {
      const ts = run(start, token, registered, sdkError(20104), sdkError(20104));
      expect(last(ts).snapshot.state).to.equal('ready');
      expect(last(ts).effects).to.deep.equal([]);
      expect(last(ts).badCredentials).to.equal(undefined);
      // ...and the re-fetched token is still judged: rejected again → bad-credentials.
      const judged = last(run(start, token, registered, sdkError(20104), sdkError(20104), tokenAfterExpiry, sdkError(20104)));
      expect(judged.snapshot.state).to.equal('bad-credentials');
    });
    it('a re-fetch after expiry that fails does not count: the next expiry re-fetches again', () => {
      for (const failure of [tokenFailed('failed'), tokenFailed('malformed'), tokenFailed('failed', undefined, 'fetch-token')]) {
        const t = last(run(start, token, registered, sdkError(20104), failure, sdkError(20104)));
        expect(t.snapshot.state).to.equal('ready');
        expect(t.effects).to.deep.equal(['refetch-token']);
      }
    });
    it('a routine refresh before the first registration keeps the token fresh: an expiry then is a verdict', () => {
      const t = last(run(start, token, token, sdkError(20104)));
      expect(t.snapshot.state).to.equal('bad-credentials');
    });
    it('a regular refresh (tokenWillExpire) does not make the token fresh', () => {
      const t = last(run(start, token, registered, token, sdkError(20104)));
      expect(t.effects).to.deep.equal(['refetch-token']);
    });

    for (const state of ['registering', 'ready', 'busy', 'offline'] as const) {
      for (const [code, original] of [[31005], [31009], [53000], [53001], [53000, 31005], [31000], [undefined]] as Array<[number?, number?]>) {
        it(`transport/other ${code}${original ? `(${original})` : ''} in ${state} → no state change, non-fatal`, () => {
          const before = stateAfter(REACH[state]);
          const t = reducePhone(before, sdkError(code, original));
          expect(t.snapshot).to.deep.equal(before);
          expect(t.fatal).to.equal(false);
          expect(t.effects).to.deep.equal([]);
          expect(t.reason).to.equal(undefined);
          expect(t.badCredentials).to.equal(undefined);
        });
      }
    }
    it('a reconnect storm of 31005 before ready, then the auth error → bad-credentials', () => {
      const storm = Array.from({ length: 50 }, () => sdkError(31005));
      const ts = run(start, token, unregistered, ...storm, sdkError(31202));
      expect(
        states(ts)
          .slice(2, -1)
          .every((s) => s === 'offline'),
      ).to.equal(true);
      expect(last(ts).snapshot.state).to.equal('bad-credentials');
    });
  });

  describe('watchdog', () => {
    for (const state of ['registering', 'offline'] as const) {
      const recipe = state === 'offline' ? [start, token, unregistered] : REACH.registering;
      it(`fires while ${state} (never registered) → error register-timeout`, () => {
        const t = reducePhone(stateAfter(recipe), { type: 'watchdog', timeoutMs: 1500 });
        expect(t.snapshot.state).to.equal('error');
        expect(t.reason).to.equal('register-timeout');
        expect(t.error?.message).to.contain('1.5 s');
        expect(t.effects).to.deep.equal(['destroy-device']);
      });
    }
    it('is ignored once registered', () => {
      const before = stateAfter(REACH.ready);
      const t = reducePhone(before, { type: 'watchdog', timeoutMs: 1000 });
      expect(t.snapshot).to.deep.equal(before);
      expect(t.effects).to.deep.equal([]);
    });
  });

  describe('calls', () => {
    it('call-active from ready → busy, call-idle → ready', () => {
      const ts = run(start, token, registered, callActive, callIdle);
      expect(states(ts).slice(2)).to.deep.equal(['ready', 'busy', 'ready']);
      expect(ts[3].reason).to.equal('call-started');
      expect(ts[4].reason).to.equal('call-ended');
    });
    it('call-idle while offline after ready → offline; before ever ready → registering', () => {
      expect(last(run(start, token, registered, callActive, unregistered, callIdle)).snapshot.state).to.equal('offline');
      expect(last(run(start, token, callActive, callIdle)).snapshot.state).to.equal('registering');
    });
    it('registered during a call stays busy', () => {
      expect(last(run(start, token, registered, callActive, unregistered, registered)).snapshot.state).to.equal('busy');
    });
  });

  describe('fail', () => {
    for (const state of ['fetching-token', 'registering', 'ready', 'busy', 'offline'] as const) {
      it(`fail in ${state} → error with the given reason`, () => {
        const t = reducePhone(stateAfter(REACH[state]), { type: 'fail', reason: 'unsupported-browser', error: { code: 31000, message: 'no WebRTC' } });
        expect(t.snapshot.state).to.equal('error');
        expect(t.reason).to.equal('unsupported-browser');
        expect(t.error).to.deep.equal({ code: 31000, message: 'no WebRTC' });
        expect(t.effects).to.deep.equal(['destroy-device']);
      });
    }
  });

  describe('terminal states ignore SDK noise', () => {
    const noise: PhoneInput[] = [
      token,
      tokenAfterExpiry,
      tokenFailed('refused', 403),
      tokenFailed('refused', 403, 'fetch-token'),
      tokenFailed('failed'),
      tokenFailed('expired', 20104),
      noTokenSource,
      registered,
      unregistered,
      sdkError(31202),
      sdkError(20104),
      sdkError(31005),
      { type: 'watchdog', timeoutMs: 1 },
      callActive,
      callIdle,
      { type: 'fail', reason: 'sdk-load-failed', error: { message: 'x' } },
    ];
    for (const state of ['idle', 'bad-credentials', 'error'] as const) {
      for (const input of noise) {
        const what =
          'failure' in input ? ` ${input.failure.kind} (${input.failure.source})` : 'error' in input ? ` ${(input.error as { code?: number }).code}` : '';
        it(`${state} ignores ${input.type}${what}`, () => {
          const before = stateAfter(REACH_TERMINAL[state]);
          const t = reducePhone(before, input);
          expect(t.snapshot).to.deep.equal(before);
          expect(t.effects).to.deep.equal([]);
          expect(t.error).to.equal(undefined);
          expect(t.reason).to.equal(undefined);
          expect(t.badCredentials).to.equal(undefined);
        });
      }
    }
  });
});
