// Table-driven tests of call control's pure parts: the reducer (core/call-control-machine.ts)
// and the strict parsers of answers and call messages (core/call-control-messages.ts). No DOM, no SDK.
import { expect } from '@open-wc/testing';
import {
  INITIAL_CALL_CONTROL,
  activeCall,
  isHeld,
  outsideConference,
  reduceCallControl,
  shownParticipants,
  type CallControlEffect,
  type CallControlInput,
  type CallControlSnapshot,
} from '../../src/elements/core/call-control-machine.js';
import { CALL_CONTROL_CODES } from '../../src/elements/core/call-control-error.js';
import { parseActionAnswer, parseCallMessage, parseParticipants, type Participant } from '../../src/elements/core/call-control-messages.js';

const SID_A = 'CA' + 'a'.repeat(32);
const SID_B = 'CA' + 'b'.repeat(32);
const you = (id = SID_A): Participant => ({ id, label: 'alice', role: 'you', onHold: false, muted: false });
const remote = (onHold = false, id = 'CA' + '1'.repeat(32)): Participant => ({ id, label: '+15551230000', role: 'remote', onHold, muted: false });
const consulted = (id = 'CA' + '2'.repeat(32)): Participant => ({ id, label: 'billing', role: 'consulted', onHold: false, muted: false });

/** Runs inputs; returns the last snapshot and every effect in order. */
function run(inputs: CallControlInput[], from: CallControlSnapshot = INITIAL_CALL_CONTROL) {
  let s = from;
  const effects: CallControlEffect[] = [];
  for (const input of inputs) {
    const t = reduceCallControl(s, input);
    s = t.snapshot;
    effects.push(...t.effects);
  }
  return { s, effects };
}
const types = (effects: CallControlEffect[]) => effects.map((e) => e.type);
const posts = (effects: CallControlEffect[]) =>
  effects.filter((e): e is Extract<CallControlEffect, { type: 'post' }> => e.type === 'post').map((e) => `${e.id}:${e.request.action}`);

/** One connected call `c1`, its re-sync answered with [you, remote]. */
const connected: CallControlInput[] = [
  { type: 'call-added', id: 'c1', waiting: false },
  { type: 'call-connected', id: 'c1', callSid: SID_A },
  { type: 'answer', requestId: 1, stamp: 1, ok: true, participants: [you(), remote()] },
];

describe('call-control reducer', () => {
  it('a connected call re-syncs its participant list, and the page hears about the list once', () => {
    const { s, effects } = run(connected);
    expect(posts(effects)).to.deep.equal(['c1:participants']);
    const post = effects.find((e) => e.type === 'post') as Extract<CallControlEffect, { type: 'post' }>;
    expect(post.callSid).to.equal(SID_A);
    expect(types(effects)).to.deep.equal(['post', 'settle', 'participants-changed']);
    expect(shownParticipants(s)).to.deep.equal([you(), remote()]);
  });

  const refusals: [string, CallControlInput[], string][] = [
    ['no call', [], CALL_CONTROL_CODES.unavailable],
    ['a call still ringing', [{ type: 'call-added', id: 'c1', waiting: false }], CALL_CONTROL_CODES.unavailable],
  ];
  for (const [name, before, code] of refusals) {
    it(`refuses an action with ${code} when there is ${name}`, () => {
      const { effects } = run([...before, { type: 'request', request: { action: 'hold' } }]);
      const refuse = effects.find((e) => e.type === 'refuse') as Extract<CallControlEffect, { type: 'refuse' }>;
      expect(refuse?.error.code).to.equal(code);
      expect(posts(effects)).to.not.include('c1:hold');
    });
  }

  it('a second identical request while the first is in flight joins it (one POST); a different one is refused as busy', () => {
    const hold: CallControlInput = { type: 'request', request: { action: 'hold' } };
    const { s, effects } = run([...connected, hold, hold, { type: 'request', request: { action: 'unhold' } }]);
    expect(posts(effects).filter((p) => p === 'c1:hold')).to.have.length(1);
    expect(effects.filter((e) => e.type === 'join')).to.deep.equal([{ type: 'join', requestId: 2 }]);
    const refuse = effects.find((e) => e.type === 'refuse') as Extract<CallControlEffect, { type: 'refuse' }>;
    expect(refuse.error.code).to.equal(CALL_CONTROL_CODES.busy);
    // Once answered, the same action may be asked again (idempotent on the server).
    const after = run([{ type: 'answer', requestId: 2, stamp: 5, ok: true, participants: [you(), remote(true)] }, hold], s);
    expect(posts(after.effects)).to.deep.equal(['c1:hold']);
    expect(isHeld(activeCall(after.s))).to.equal(true);
  });

  describe('a call in no conference (the re-sync answers an empty list)', () => {
    const plain: CallControlInput[] = [
      { type: 'call-added', id: 'c1', waiting: false },
      { type: 'call-connected', id: 'c1', callSid: SID_A },
      { type: 'answer', requestId: 1, stamp: 1, ok: true, participants: [] },
    ];

    it('is outside a conference: the re-sync settles without error, the page hears of no list change', () => {
      const { s, effects } = run(plain);
      expect(types(effects)).to.deep.equal(['post', 'settle']);
      expect(effects.find((e) => e.type === 'settle')).to.not.have.property('error');
      expect(outsideConference(activeCall(s))).to.equal(true);
      expect(shownParticipants(s)).to.deep.equal([]);
      expect(activeCall(s)!.error).to.equal(null);
    });

    it('before its re-sync answers, and with a list, a call is not outside a conference', () => {
      expect(outsideConference(activeCall(run(plain.slice(0, 2)).s))).to.equal(false);
      expect(outsideConference(activeCall(run(connected).s))).to.equal(false);
    });

    it('an action on it is refused with call-control-unavailable, without a request', () => {
      const { effects } = run([...plain, { type: 'request', request: { action: 'hold' } }]);
      expect(posts(effects)).to.deep.equal(['c1:participants']);
      const refuse = effects.find((e) => e.type === 'refuse') as Extract<CallControlEffect, { type: 'refuse' }>;
      expect([refuse.action, refuse.error.code]).to.deep.equal(['hold', CALL_CONTROL_CODES.unavailable]);
    });

    it('call waiting on it mutes and unmutes locally, with no hold or unhold posted', () => {
      const { effects } = run([
        ...plain,
        { type: 'call-added', id: 'c2', waiting: true },
        { type: 'accept-waiting' },
        { type: 'call-connected', id: 'c2', callSid: SID_B },
        { type: 'call-ended', id: 'c2' },
      ]);
      expect(posts(effects)).to.deep.equal(['c1:participants', 'c2:participants']);
      expect(effects.filter((e) => e.type === 'local-mute')).to.deep.equal([
        { type: 'local-mute', id: 'c1', on: true },
        { type: 'local-mute', id: 'c1', on: false },
      ]);
    });

    it('a list that comes before the call connects is shown only once it connects, and a hold asked for meanwhile is refused', () => {
      const early: CallControlInput[] = [
        { type: 'call-added', id: 'c1', waiting: false },
        { type: 'message', id: 'c1', stamp: 1, participants: [you(), remote()] },
      ];
      // [after these inputs, the list shown, a participants-changed effect in the last step]
      const rows: [CallControlInput[], Participant[], boolean][] = [
        [early, [], false],
        [[...early, { type: 'request', request: { action: 'hold' } }], [], false],
        [[...early, { type: 'call-connected', id: 'c1', callSid: SID_A }], [you(), remote()], true],
      ];
      for (const [inputs, shown, changed] of rows) {
        const { s } = run(inputs);
        const last = reduceCallControl(run(inputs.slice(0, -1)).s, inputs.at(-1)!);
        expect(shownParticipants(s), JSON.stringify(inputs.at(-1))).to.deep.equal(shown);
        expect(
          last.effects.some((e) => e.type === 'participants-changed'),
          JSON.stringify(inputs.at(-1)),
        ).to.equal(changed);
      }
      const refused = run([...early, { type: 'request', request: { action: 'hold' } }]).effects.find((e) => e.type === 'refuse');
      expect(refused).to.deep.include({ type: 'refuse', action: 'hold' });
    });

    it('a call message with a list brings it into a conference; a late empty re-sync answer does not undo that', () => {
      const { s } = run([
        { type: 'call-added', id: 'c1', waiting: false },
        { type: 'call-connected', id: 'c1', callSid: SID_A },
        { type: 'message', id: 'c1', stamp: 1, participants: [you(), remote()] },
        { type: 'answer', requestId: 1, stamp: 2, ok: true, participants: [] },
      ]);
      expect(outsideConference(activeCall(s))).to.equal(false);
      expect(shownParticipants(s)).to.deep.equal([you(), remote()]);
    });
  });

  it('transfer requests with different targets are different requests', () => {
    const { effects } = run([
      ...connected,
      { type: 'request', request: { action: 'transfer', to: 'billing', mode: 'cold' } },
      { type: 'request', request: { action: 'transfer', to: 'billing', mode: 'warm' } },
    ]);
    expect(effects.filter((e) => e.type === 'refuse')).to.have.length(1);
  });

  it('a failed action leaves the list as it was and keeps the error until the next action', () => {
    const { s, effects } = run([
      ...connected,
      { type: 'request', request: { action: 'add', to: 'nobody' } },
      { type: 'answer', requestId: 2, stamp: 2, ok: false, error: { code: 'invalid-destination', message: 'No such destination.' } },
    ]);
    const settle = effects.filter((e) => e.type === 'settle').at(-1) as Extract<CallControlEffect, { type: 'settle' }>;
    expect(settle).to.deep.include({ action: 'add', internal: false });
    expect(settle.error?.code).to.equal('invalid-destination');
    expect(shownParticipants(s)).to.deep.equal([you(), remote()]);
    expect(activeCall(s)!.error?.message).to.equal('No such destination.');
    const next = run([{ type: 'request', request: { action: 'hold' } }], s);
    expect(activeCall(next.s)!.error).to.equal(null);
  });

  it('the newest list wins: a call message after an answer replaces it; an answer older than a message does not', () => {
    const held = [you(), remote(true)];
    const a = run([...connected, { type: 'message', id: 'c1', stamp: 3, participants: held }]);
    expect(shownParticipants(a.s)).to.deep.equal(held);
    expect(types(a.effects).filter((t) => t === 'participants-changed')).to.have.length(2);
    const b = run(
      [
        { type: 'request', request: { action: 'unhold' } },
        { type: 'answer', requestId: 2, stamp: 2, ok: true, participants: [you(), remote()] },
      ],
      a.s,
    );
    expect(shownParticipants(b.s), 'an older answer does not overwrite a newer message').to.deep.equal(held);
    expect(b.effects.map((e) => e.type)).to.deep.equal(['post', 'settle']);
  });

  describe('lists stamped with when the server read them: the newest read wins, not the last to arrive', () => {
    const two = [you(), remote()];
    const three = [you(), remote(), consulted()];
    const held = [you(), remote(true)];
    const start: CallControlInput[] = [
      { type: 'call-added', id: 'c1', waiting: false },
      { type: 'call-connected', id: 'c1', callSid: SID_A },
    ];
    // [name, inputs after the re-sync was posted, the list shown]
    const rows: [string, CallControlInput[], Participant[]][] = [
      [
        're-sync read at 100, a message read at 200 arrives first: the re-sync answer does not replace it',
        [
          { type: 'message', id: 'c1', stamp: 1, participants: three, read: { at: 200, seq: 7 } },
          { type: 'answer', requestId: 1, stamp: 2, ok: true, participants: two, read: { at: 100, seq: 5 } },
        ],
        three,
      ],
      [
        'the same ms, a lower seq is the older read',
        [
          { type: 'message', id: 'c1', stamp: 1, participants: three, read: { at: 100, seq: 6 } },
          { type: 'answer', requestId: 1, stamp: 2, ok: true, participants: two, read: { at: 100, seq: 5 } },
        ],
        three,
      ],
      [
        'a newer read that arrives last replaces the list',
        [
          { type: 'message', id: 'c1', stamp: 1, participants: two, read: { at: 100, seq: 5 } },
          { type: 'answer', requestId: 1, stamp: 2, ok: true, participants: held, read: { at: 300, seq: 9 } },
        ],
        held,
      ],
      [
        'a newer read that arrives first stays when an older one follows',
        [
          { type: 'answer', requestId: 1, stamp: 1, ok: true, participants: held, read: { at: 300, seq: 9 } },
          { type: 'message', id: 'c1', stamp: 2, participants: two, read: { at: 100, seq: 5 } },
        ],
        held,
      ],
      [
        'without stamps (a server from before them) arrival order decides',
        [
          { type: 'message', id: 'c1', stamp: 1, participants: three },
          { type: 'answer', requestId: 1, stamp: 2, ok: true, participants: two },
        ],
        two,
      ],
      [
        'a stamped list after an unstamped one: arrival order (nothing to compare with)',
        [
          { type: 'message', id: 'c1', stamp: 1, participants: three },
          { type: 'answer', requestId: 1, stamp: 2, ok: true, participants: two, read: { at: 100, seq: 5 } },
        ],
        two,
      ],
      [
        'an unstamped list older in arrival than the one shown is not applied',
        [
          { type: 'answer', requestId: 1, stamp: 2, ok: true, participants: two, read: { at: 100, seq: 5 } },
          { type: 'message', id: 'c1', stamp: 1, participants: three },
        ],
        two,
      ],
    ];
    for (const [name, inputs, shown] of rows) {
      it(name, () => {
        const { s, effects } = run([...start, ...inputs]);
        expect(shownParticipants(s)).to.deep.equal(shown);
        expect(effects.filter((e) => e.type === 'participants-changed').at(-1)).to.deep.equal({ type: 'participants-changed', participants: shown });
      });
    }

    it('a warm transfer answer and its relay carry the same read: whichever comes first, the transfer ends when the consulted party leaves', () => {
      const read = { at: 200, seq: 8 };
      for (const order of ['message first', 'answer first']) {
        const msg: CallControlInput = { type: 'message', id: 'c1', stamp: 10, participants: three, read };
        const answer: CallControlInput = { type: 'answer', requestId: 2, stamp: 11, ok: true, participants: three, read };
        const { s } = run([
          ...connected,
          { type: 'request', request: { action: 'transfer', to: 'billing', mode: 'warm' } },
          ...(order === 'message first' ? [msg, answer] : [answer, msg]),
        ]);
        expect(activeCall(s)!.warmTransfer, order).to.equal(true);
        const gone = run([{ type: 'message', id: 'c1', stamp: 12, participants: two, read: { at: 300, seq: 9 } }], s);
        expect(activeCall(gone.s)!.warmTransfer, `${order}: the consulted party left`).to.equal(false);
      }
    });
  });

  it('the same list again does not tell the page twice', () => {
    const { effects } = run([...connected, { type: 'message', id: 'c1', stamp: 9, participants: [you(), remote()] }]);
    expect(types(effects).filter((t) => t === 'participants-changed')).to.have.length(1);
  });

  it('warm transfer: pending after its answer, over after complete; a consulted party who leaves ends it too', () => {
    const warm: CallControlInput[] = [
      ...connected,
      { type: 'request', request: { action: 'transfer', to: 'billing', mode: 'warm' } },
      { type: 'answer', requestId: 2, stamp: 2, ok: true, participants: [you(), remote(true), consulted()] },
    ];
    const a = run(warm);
    expect(activeCall(a.s)!.warmTransfer).to.equal(true);
    const completed = run(
      [
        { type: 'request', request: { action: 'complete-transfer' } },
        { type: 'answer', requestId: 3, stamp: 3, ok: true, participants: [] },
      ],
      a.s,
    );
    expect(activeCall(completed.s)!.warmTransfer).to.equal(false);
    const left = run([{ type: 'message', id: 'c1', stamp: 4, participants: [you(), remote(true)] }], a.s);
    expect(activeCall(left.s)!.warmTransfer, 'the consulted party left').to.equal(false);
  });

  it('warm transfer stays pending while the target is not in a list yet (still ringing)', () => {
    const { s } = run([
      ...connected,
      { type: 'request', request: { action: 'transfer', to: 'billing', mode: 'warm' } },
      { type: 'answer', requestId: 2, stamp: 2, ok: true, participants: [you(), remote(true)] },
      { type: 'message', id: 'c1', stamp: 3, participants: [you(), remote(true)] },
    ]);
    expect(activeCall(s)!.warmTransfer).to.equal(true);
  });

  it('an answer that arrives after its call ended (cold transfer) still settles', () => {
    const { s, effects } = run([
      ...connected,
      { type: 'request', request: { action: 'transfer', to: 'billing', mode: 'cold' } },
      { type: 'call-ended', id: 'c1' },
      { type: 'answer', requestId: 2, stamp: 2, ok: true, participants: [] },
    ]);
    expect(effects.at(-1)).to.deep.equal({ type: 'settle', requestId: 2, action: 'transfer', internal: false });
    expect(s.calls).to.deep.equal([]);
    expect(s.orphans).to.deep.equal([]);
    expect(shownParticipants(s)).to.deep.equal([]);
  });

  it('an answer nobody waits for changes nothing', () => {
    const { s } = run(connected);
    expect(reduceCallControl(s, { type: 'answer', requestId: 42, stamp: 9, ok: true, participants: [] })).to.deep.equal({ snapshot: s, effects: [] });
  });

  describe('call waiting', () => {
    const waiting: CallControlInput[] = [...connected, { type: 'call-added', id: 'c2', waiting: true }];

    it('a second call during a call waits; accepting it mutes and holds the first, answers and brings the second forward', () => {
      const { s, effects } = run([...waiting, { type: 'accept-waiting' }]);
      const c1 = s.calls.find((c) => c.id === 'c1')!;
      const c2 = s.calls.find((c) => c.id === 'c2')!;
      expect([c1.role, c1.localMute, c2.role]).to.deep.equal(['held-for-waiting', true, 'active']);
      const tail = effects.slice(effects.findIndex((e) => e.type === 'local-mute'));
      expect(tail.map((e) => ('id' in e ? `${e.type}:${e.id}` : e.type))).to.deep.equal([
        'local-mute:c1',
        'post:c1',
        'accept-call:c2',
        'bring-forward:c2',
        'participants-changed',
      ]);
      expect(posts(tail)).to.deep.equal(['c1:hold']);
    });

    it('rejecting the waiting call touches nothing of the first', () => {
      const before = run(waiting).s;
      const { s, effects } = run([{ type: 'reject-waiting' }, { type: 'call-ended', id: 'c2' }], before);
      expect(effects).to.deep.equal([{ type: 'reject-call', id: 'c2' }]);
      expect(s.calls).to.deep.equal([before.calls[0]]);
    });

    it('when the second call ends the first is resumed: unmuted, unheld, in front', () => {
      const { s, effects } = run([
        ...waiting,
        { type: 'accept-waiting' },
        { type: 'call-connected', id: 'c2', callSid: SID_B },
        { type: 'call-ended', id: 'c2' },
      ]);
      const c1 = activeCall(s)!;
      expect([c1.id, c1.localMute]).to.deep.equal(['c1', false]);
      const tail = effects.slice(effects.findIndex((e) => e.type === 'local-mute' && !e.on));
      expect(tail.map((e) => ('id' in e ? `${e.type}:${e.id}` : e.type)).slice(0, 3)).to.deep.equal(['local-mute:c1', 'post:c1', 'bring-forward:c1']);
      expect(posts(tail)).to.deep.equal(['c1:unhold']);
    });

    it('switch swaps: the front call is held and muted, the held one unheld and unmuted', () => {
      const { s, effects } = run([...waiting, { type: 'accept-waiting' }, { type: 'call-connected', id: 'c2', callSid: SID_B }, { type: 'switch' }]);
      expect(activeCall(s)!.id).to.equal('c1');
      expect(s.calls.find((c) => c.id === 'c2')!.role).to.equal('held-for-waiting');
      const tail = effects.slice(effects.findIndex((e) => e.type === 'post' && e.id === 'c2' && e.request.action === 'hold'));
      expect(posts(tail)).to.deep.equal(['c2:hold', 'c1:unhold']);
      expect(tail.filter((e) => e.type === 'local-mute')).to.deep.equal([{ type: 'local-mute', id: 'c1', on: false }]);
    });

    it('call waiting holds do not block the page: a hold request meanwhile still posts', () => {
      const { effects } = run([
        ...waiting,
        { type: 'accept-waiting' },
        { type: 'call-connected', id: 'c2', callSid: SID_B },
        { type: 'request', request: { action: 'hold' } },
      ]);
      expect(posts(effects)).to.include('c2:hold');
    });

    it('a third call is not waiting (the session refuses it)', () => {
      const { s } = run([...waiting, { type: 'call-added', id: 'c3', waiting: true }]);
      expect(s.calls.map((c) => c.id)).to.deep.equal(['c1', 'c2']);
    });

    it('the front call ends while the other rings: that one is an ordinary ringing call now', () => {
      const { s, effects } = run([...waiting, { type: 'call-ended', id: 'c1' }]);
      expect(s.calls.map((c) => `${c.id}:${c.role}`)).to.deep.equal(['c2:active']);
      expect(types(effects)).to.include('bring-forward');
    });
  });
});

describe('call-control parsers', () => {
  const good = { id: SID_A, label: 'alice', role: 'you', onHold: false, muted: false };
  const lists: [string, unknown, boolean][] = [
    ['a valid list', [good], true],
    ['an empty list', [], true],
    ['not an array', { 0: good }, false],
    ['an unknown role', [{ ...good, role: 'owner' }], false],
    ['onHold as a string', [{ ...good, onHold: 'false' }], false],
    ['muted missing', [{ id: SID_A, label: 'a', role: 'you', onHold: false }], false],
    ['an empty id', [{ ...good, id: '' }], false],
    ['a label that is a number', [{ ...good, label: 7 }], false],
    ['a label over 256 characters', [{ ...good, label: 'x'.repeat(257) }], false],
    ['two entries with one id', [good, { ...good, role: 'remote' }], false],
    ['null in the list', [good, null], false],
    ['more than 50 parties', Array.from({ length: 51 }, (_, i) => ({ ...good, id: `CA${i}` })), false],
  ];
  for (const [name, value, ok] of lists) {
    it(`parseParticipants: ${name} → ${ok ? 'accepted' : 'refused'}`, () => {
      const parsed = parseParticipants(value);
      if (ok) expect(parsed).to.deep.equal(value);
      else expect(parsed).to.equal(null);
    });
  }

  it('parseParticipants keeps only the contract fields', () => {
    expect(parseParticipants([{ ...good, extra: '<img>' }])).to.deep.equal([good]);
  });

  const message = (content: unknown, messageType = 'user-defined-message') => ({ content, contentType: 'application/json', messageType, voiceEventSid: 'KX1' });
  const messages: [string, ReturnType<typeof message>, string][] = [
    ['a JSON string', message(JSON.stringify({ type: 'twilio-widgets.participants', v: 1, participants: [good] })), 'participants'],
    ['an object', message({ type: 'twilio-widgets.participants', v: 1, participants: [good] }), 'participants'],
    ['another type (the page’s own)', message({ type: 'app.note', text: 'hi' }), 'ignored'],
    ['plain text', message('hello'), 'ignored'],
    ['another message kind', message({ type: 'twilio-widgets.participants', v: 1, participants: [] }, 'other'), 'ignored'],
    ['version 2', message({ type: 'twilio-widgets.participants', v: 2, participants: [] }), 'malformed'],
    ['a bad participant', message({ type: 'twilio-widgets.participants', v: 1, participants: [{ ...good, role: 'x' }] }), 'malformed'],
    ['no participants', message({ type: 'twilio-widgets.participants', v: 1 }), 'malformed'],
    ['with a read stamp', message({ type: 'twilio-widgets.participants', v: 1, at: 1796605750713, seq: 3, participants: [good] }), 'participants'],
    ['a stamp without seq', message({ type: 'twilio-widgets.participants', v: 1, at: 1796605750713, participants: [good] }), 'malformed'],
    ['a seq without at', message({ type: 'twilio-widgets.participants', v: 1, seq: 3, participants: [good] }), 'malformed'],
    ['a string at', message({ type: 'twilio-widgets.participants', v: 1, at: '1796605750713', seq: 3, participants: [good] }), 'malformed'],
    ['a fractional seq', message({ type: 'twilio-widgets.participants', v: 1, at: 1, seq: 1.5, participants: [good] }), 'malformed'],
    ['a negative at', message({ type: 'twilio-widgets.participants', v: 1, at: -1, seq: 1, participants: [good] }), 'malformed'],
  ];
  for (const [name, m, kind] of messages) {
    it(`parseCallMessage: ${name} → ${kind}`, () => {
      expect(parseCallMessage(m).kind).to.equal(kind);
    });
  }

  it('parseCallMessage and parseActionAnswer hand over the read stamp, or null without one', () => {
    const stamped = parseCallMessage(message({ type: 'twilio-widgets.participants', v: 1, at: 5, seq: 2, participants: [good] }));
    expect(stamped).to.deep.equal({ kind: 'participants', participants: [good], read: { at: 5, seq: 2 } });
    const plain = parseCallMessage(message({ type: 'twilio-widgets.participants', v: 1, participants: [good] }));
    expect(plain).to.deep.equal({ kind: 'participants', participants: [good], read: null });
    expect(parseActionAnswer(200, { participants: [good], at: 5, seq: 2 })).to.deep.equal({ ok: true, participants: [good], read: { at: 5, seq: 2 } });
    expect(parseActionAnswer(200, { participants: [good] })).to.deep.equal({ ok: true, participants: [good], read: null });
  });

  const answers: [string, number, unknown, { ok: boolean; code?: string; message?: string }][] = [
    ['200 with a list', 200, { participants: [good] }, { ok: true }],
    ['200 without a list', 200, { ok: true }, { ok: false, code: CALL_CONTROL_CODES.badResponse }],
    ['200 that is not JSON', 200, null, { ok: false, code: CALL_CONTROL_CODES.badResponse }],
    ['200 with a list and a read stamp', 200, { participants: [good], at: 1796605750713, seq: 1 }, { ok: true }],
    ['200 with a malformed read stamp', 200, { participants: [good], at: 1796605750713, seq: '1' }, { ok: false, code: CALL_CONTROL_CODES.badResponse }],
    [
      '403 with the server’s code',
      403,
      { code: 'not-in-call', message: 'You are not in this call.', status: 403 },
      { ok: false, code: 'not-in-call', message: 'You are not in this call.' },
    ],
    ['409 transfer-pending', 409, { code: 'transfer-pending', message: 'A transfer is waiting.' }, { ok: false, code: 'transfer-pending' }],
    ['502 without a body', 502, null, { ok: false, code: 'http-502', message: 'The call-control request failed (HTTP 502).' }],
    ['401 with a numeric code', 401, { code: 20003, message: 'Authenticate' }, { ok: false, code: 'http-401', message: 'Authenticate' }],
    ['500 with an HTML-looking message (kept as text)', 500, { code: 'x', message: '<b>bad</b>' }, { ok: false, code: 'x', message: '<b>bad</b>' }],
  ];
  for (const [name, status, body, want] of answers) {
    it(`parseActionAnswer: ${name}`, () => {
      const a = parseActionAnswer(status, body);
      expect(a.ok).to.equal(want.ok);
      if (!a.ok) {
        expect(a.error.code).to.equal(want.code);
        if (want.message) expect(a.error.message).to.equal(want.message);
      } else expect(a.participants).to.deep.equal([good]);
    });
  }
});
