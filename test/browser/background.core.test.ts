// Table tests of the pure background-tab logic (issue 19) and single-tab leadership (issue 15):
// `observePage` (when to doubt the registration), the phone machine's new inputs, and
// `reduceLeadership`. No DOM, no SDK.
import { expect } from '@open-wc/testing';
import {
  DEFAULT_LIVENESS_POLICY,
  initialLiveness,
  observePage,
  type LivenessSnapshot,
  type PageSignal,
  type Suspicion,
} from '../../src/elements/core/page-liveness.js';
import { INITIAL_SNAPSHOT, reducePhone, type PhoneInput, type PhoneSnapshot } from '../../src/elements/core/phone-machine.js';
import { sdkErrorInput } from '../../src/elements/core/twilio-errors.js';
import { reduceLeadership, type LeadershipEffect, type LeadershipInput, type LeadershipRole } from '../../src/elements/core/tab-leadership.js';

const P = { tickMs: 500, gapMs: 2000, hiddenMs: 10_000, recheckMs: 5000 };
const T0 = 1_000_000;
const visible = initialLiveness(T0, false);
const hidden = initialLiveness(T0, true);
const at = (type: PageSignal['type'], dt: number): PageSignal => ({ type, now: T0 + dt });

describe('observePage: when the phone must doubt its registration', () => {
  const rows: Array<[string, LivenessSnapshot, PageSignal, Suspicion | null]> = [
    ['a tick on time', visible, at('tick', 500), null],
    ['a tick a second late (a hidden tab: timers at most once a second)', visible, at('tick', 1500), null],
    ['a tick just under tick + gap', visible, at('tick', 2499), null],
    ['a tick at tick + gap: the page did not run', visible, at('tick', 2500), { reason: 'clock-gap', pausedMs: 2500 }],
    ['a tick a minute late', visible, at('tick', 60_000), { reason: 'clock-gap', pausedMs: 60_000 }],
    ['the clock set back', visible, at('tick', -30_000), null],
    [
      'resume after a seen freeze: paused since the freeze',
      { ...visible, frozenAt: T0 + 100 },
      at('resume', 30_100),
      { reason: 'page-resumed', pausedMs: 30_000 },
    ],
    ['resume without a freeze event, after a gap', visible, at('resume', 9000), { reason: 'page-resumed', pausedMs: 9000 }],
    ['resume without a freeze event, no gap', visible, at('resume', 300), { reason: 'page-resumed', pausedMs: null }],
    [
      'resume after a brief freeze: checked, but too short to have missed calls',
      { ...visible, frozenAt: T0 + 100 },
      at('resume', 1100),
      { reason: 'page-resumed', pausedMs: null },
    ],
    ['freeze: nothing to check yet', visible, at('freeze', 300), null],
    ['hidden', visible, at('hidden', 300), null],
    ['hidden after a gap', visible, at('hidden', 5000), { reason: 'clock-gap', pausedMs: 5000 }],
    ['visible after a short hide', { ...hidden, lastSeenAt: T0 + 4000 }, at('visible', 4500), null],
    [
      'visible after a long hide, ticks kept running',
      { ...hidden, lastSeenAt: T0 + 11_900 },
      at('visible', 12_000),
      { reason: 'page-visible', pausedMs: null },
    ],
    ['visible at exactly hiddenMs', { ...hidden, lastSeenAt: T0 + 9_900 }, at('visible', 10_000), { reason: 'page-visible', pausedMs: null }],
    ['visible after a gap: the gap is the reason', hidden, at('visible', 20_000), { reason: 'clock-gap', pausedMs: 20_000 }],
    ['visible when it was never hidden', visible, at('visible', 300), null],
  ];
  for (const [name, before, signal, expected] of rows) {
    it(name, () => {
      const { snapshot, suspect } = observePage(before, signal, P);
      expect(suspect).to.deep.equal(expected);
      expect(snapshot.lastSeenAt, 'every signal proves the page runs now').to.equal(signal.now);
    });
  }

  it('tracks hidden and frozen time across signals', () => {
    let s = visible;
    s = observePage(s, at('hidden', 100), P).snapshot;
    expect(s.hiddenSince).to.equal(T0 + 100);
    s = observePage(s, at('freeze', 200), P).snapshot;
    expect(s.frozenAt).to.equal(T0 + 200);
    const resumed = observePage(s, at('resume', 60_200), P);
    expect(resumed.suspect).to.deep.equal({ reason: 'page-resumed', pausedMs: 60_000 });
    expect(resumed.snapshot.frozenAt).to.equal(null);
    const shown = observePage(resumed.snapshot, at('visible', 60_300), P);
    expect(shown.suspect, 'shown right after the resume: already being checked').to.deep.equal({ reason: 'page-visible', pausedMs: null });
    expect(shown.snapshot.hiddenSince).to.equal(null);
  });

  it('the default policy tolerates Chrome`s hidden-tab timer alignment and checks after 10 s hidden', () => {
    expect(DEFAULT_LIVENESS_POLICY.tickMs + 1000).to.be.below(DEFAULT_LIVENESS_POLICY.tickMs + DEFAULT_LIVENESS_POLICY.gapMs);
    expect(DEFAULT_LIVENESS_POLICY.hiddenMs).to.equal(10_000);
  });
});

describe('reducePhone: registrations in doubt (issue 19)', () => {
  const start: PhoneInput = { type: 'start' };
  const token: PhoneInput = { type: 'token-received' };
  const registered: PhoneInput = { type: 'registered' };
  const suspect = (reason: 'page-resumed' | 'clock-gap' | 'page-visible' = 'clock-gap'): PhoneInput => ({ type: 'suspect-unreachable', reason });
  const failed: PhoneInput = { type: 'recheck-failed' };
  const callActive: PhoneInput = { type: 'call-active' };
  const callIdle: PhoneInput = { type: 'call-idle' };
  const after = (...inputs: PhoneInput[]): PhoneSnapshot => inputs.reduce((s, i) => reducePhone(s, i).snapshot, { ...INITIAL_SNAPSHOT });

  const rows: Array<[string, PhoneInput[], PhoneInput, { state: string; reason?: string; effects: string[]; recheck: string; registered: boolean }]> = [
    [
      'ready + page resumed → offline (page-resumed), recheck',
      [start, token, registered],
      suspect('page-resumed'),
      { state: 'offline', reason: 'page-resumed', effects: ['recheck-registration'], recheck: 'running', registered: false },
    ],
    [
      'ready + clock gap → offline (clock-gap), recheck',
      [start, token, registered],
      suspect('clock-gap'),
      { state: 'offline', reason: 'clock-gap', effects: ['recheck-registration'], recheck: 'running', registered: false },
    ],
    [
      'ready + long hidden → offline (page-visible), recheck',
      [start, token, registered],
      suspect('page-visible'),
      { state: 'offline', reason: 'page-visible', effects: ['recheck-registration'], recheck: 'running', registered: false },
    ],
    [
      'busy + gap → stays busy, recheck in the background',
      [start, token, registered, callActive],
      suspect(),
      { state: 'busy', effects: ['recheck-registration'], recheck: 'running', registered: false },
    ],
    [
      'a second suspicion while checking → nothing new',
      [start, token, registered, suspect()],
      suspect(),
      { state: 'offline', effects: [], recheck: 'running', registered: false },
    ],
    [
      'offline (SDK reconnecting) + gap → left to the SDK',
      [start, token, registered, { type: 'unregistered' }],
      suspect(),
      { state: 'offline', effects: [], recheck: 'none', registered: false },
    ],
    ['registering + gap → left to the watchdog', [start, token], suspect(), { state: 'registering', effects: [], recheck: 'none', registered: false }],
    ['idle + gap → nothing', [], suspect(), { state: 'idle', effects: [], recheck: 'none', registered: false }],
    [
      'standby + gap → nothing (not registered here)',
      [start, token, { type: 'standby' }],
      suspect(),
      { state: 'standby', effects: [], recheck: 'none', registered: false },
    ],
    [
      'checking + registered → ready (reconnected)',
      [start, token, registered, suspect()],
      registered,
      { state: 'ready', reason: 'reconnected', effects: [], recheck: 'none', registered: true },
    ],
    [
      'checking + timed out → rebuild the Device, still offline',
      [start, token, registered, suspect()],
      failed,
      { state: 'offline', effects: ['rebuild-device'], recheck: 'running', registered: false },
    ],
    [
      'checking in a call + timed out → rebuild later',
      [start, token, registered, callActive, suspect()],
      failed,
      { state: 'busy', effects: [], recheck: 'failed', registered: false },
    ],
    [
      'that call ends → offline and rebuild now',
      [start, token, registered, callActive, suspect(), failed],
      callIdle,
      { state: 'offline', reason: 'call-ended', effects: ['rebuild-device'], recheck: 'failed', registered: false },
    ],
    [
      'a call ends while checking (not failed) → offline, no rebuild',
      [start, token, registered, callActive, suspect()],
      callIdle,
      { state: 'offline', reason: 'call-ended', effects: [], recheck: 'running', registered: false },
    ],
    ['recheck-failed when not checking → nothing', [start, token, registered], failed, { state: 'ready', effects: [], recheck: 'none', registered: true }],
    [
      'stop while checking → idle, clean',
      [start, token, registered, suspect()],
      { type: 'stop' },
      { state: 'idle', reason: 'stopped', effects: ['destroy-device'], recheck: 'none', registered: false },
    ],
  ];
  for (const [name, recipe, input, want] of rows) {
    it(name, () => {
      const t = reducePhone(after(...recipe), input);
      expect(t.snapshot.state).to.equal(want.state);
      expect(t.reason).to.equal(want.reason);
      expect(t.effects).to.deep.equal(want.effects);
      expect(t.snapshot.recheck).to.equal(want.recheck);
      expect(t.snapshot.registered).to.equal(want.registered);
    });
  }

  it('a rebuilt Device whose token Twilio now rejects still ends in bad-credentials', () => {
    const t = reducePhone(after(start, token, registered, suspect(), failed), sdkErrorInput({ code: 31202, message: 'bad signature' }));
    expect(t.snapshot.state).to.equal('bad-credentials');
  });
});

describe('reducePhone: single-tab standby (issue 15)', () => {
  const start: PhoneInput = { type: 'start' };
  const token: PhoneInput = { type: 'token-received' };
  const after = (...inputs: PhoneInput[]): PhoneSnapshot => inputs.reduce((s, i) => reducePhone(s, i).snapshot, { ...INITIAL_SNAPSHOT });
  const rows: Array<[string, PhoneInput[], PhoneInput, { state: string; reason?: string; effects: string[] }]> = [
    [
      'registering + another tab leads → standby',
      [start, token],
      { type: 'standby' },
      { state: 'standby', reason: 'another-tab', effects: ['destroy-device'] },
    ],
    [
      'ready + the lead is taken → standby',
      [start, token, { type: 'registered' }],
      { type: 'standby' },
      { state: 'standby', reason: 'another-tab', effects: ['destroy-device'] },
    ],
    ['standby + leader → registering', [start, token, { type: 'standby' }], { type: 'leader' }, { state: 'registering', reason: 'leader', effects: [] }],
    ['ready + leader → nothing', [start, token, { type: 'registered' }], { type: 'leader' }, { state: 'ready', effects: [] }],
    ['idle + standby → nothing (stopped)', [], { type: 'standby' }, { state: 'idle', effects: [] }],
    ['standby + stop → idle', [start, token, { type: 'standby' }], { type: 'stop' }, { state: 'idle', reason: 'stopped', effects: ['destroy-device'] }],
    [
      'standby + the call that outlived the lead ends → stays standby',
      [start, token, { type: 'registered' }, { type: 'call-active' }, { type: 'standby' }],
      { type: 'call-idle' },
      { state: 'standby', effects: [] },
    ],
  ];
  for (const [name, recipe, input, want] of rows) {
    it(name, () => {
      const t = reducePhone(after(...recipe), input);
      expect(t.snapshot.state).to.equal(want.state);
      expect(t.reason).to.equal(want.reason);
      expect(t.effects).to.deep.equal(want.effects);
    });
  }
  it('after standing by, the first registration counts as a first one (bad credentials are still told apart)', () => {
    const s = after(start, token, { type: 'registered' }, { type: 'standby' }, { type: 'leader' });
    expect(s.everReady).to.equal(false);
    expect(reducePhone(s, { type: 'registered' }).reason).to.equal('registered');
  });
});

describe('reduceLeadership: one registered tab per identity', () => {
  const rows: Array<[LeadershipRole, LeadershipInput, LeadershipRole, LeadershipEffect[]]> = [
    ['off', { type: 'join' }, 'electing', ['request-now']],
    ['follower', { type: 'join' }, 'electing', ['release-lock', 'request-now']],
    ['leader', { type: 'join' }, 'electing', ['release-lock', 'request-now']],
    ['electing', { type: 'granted' }, 'leader', ['register']],
    ['electing', { type: 'unavailable' }, 'follower', ['stand-by', 'wait-for-lock']],
    ['follower', { type: 'granted' }, 'leader', ['register']],
    ['follower', { type: 'take-over' }, 'taking-over', ['steal-lock']],
    ['taking-over', { type: 'granted' }, 'leader', ['register']],
    ['leader', { type: 'lost', inCall: false }, 'follower', ['stand-by', 'wait-for-lock']],
    ['leader', { type: 'lost', inCall: true }, 'yielding', ['unregister']],
    ['yielding', { type: 'call-ended' }, 'follower', ['stand-by', 'wait-for-lock']],
    ['leader', { type: 'call-ended' }, 'leader', []],
    ['leader', { type: 'take-over' }, 'leader', []],
    ['leader', { type: 'granted' }, 'leader', []],
    ['electing', { type: 'take-over' }, 'electing', []],
    ['follower', { type: 'unavailable' }, 'follower', []],
    ['follower', { type: 'lost', inCall: false }, 'follower', []],
    ['off', { type: 'granted' }, 'off', ['release-lock']],
    ['off', { type: 'leave' }, 'off', []],
    ['leader', { type: 'leave' }, 'off', ['release-lock']],
    ['follower', { type: 'leave' }, 'off', ['release-lock']],
    ['yielding', { type: 'leave' }, 'off', ['release-lock']],
  ];
  for (const [from, input, to, effects] of rows) {
    it(`${from} + ${input.type}${'inCall' in input ? ` (in call: ${input.inCall})` : ''} → ${to} ${effects.join(', ') || '(nothing)'}`, () => {
      expect(reduceLeadership(from, input)).to.deep.equal({ role: to, effects });
    });
  }
});
