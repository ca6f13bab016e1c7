// The conference's pure parts as tables: the mixer (who hears whom, hold, mute, waiting,
// clipping, announcements), the start/end rules, status callback subscriptions, what a
// participant's `To` reaches, and the Goertzel level meter behind /emulator/calls/{sid}/audio.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mixFrame, sumFrames, FRAME_SAMPLES } from '../../dist/emulator/media/mixer.js';
import { HoldMusic, ToneSource } from '../../dist/emulator/media/sounds.js';
import { toneLevel, AudioWindow, SILENCE_DBFS } from '../../dist/emulator/media/goertzel.js';
import { endsOnLeave, parseCallbackEvents, participantTarget, startsOnJoin } from '../../dist/emulator/voice/conference-rules.js';

const frame = (v) => new Int16Array(FRAME_SAMPLES).fill(v);
const MUSIC = frame(7);
const member = (id, input, o = {}) => ({ id, input: input === null ? null : frame(input), hold: false, muted: false, waitMusic: false, ...o });
/** The first sample each member hears: frames here are constant, so one sample says it all. */
function heard(members, ctx = {}) {
  const out = mixFrame(members, { started: true, musicFrame: MUSIC, ...ctx });
  return Object.fromEntries([...out].map(([id, f]) => [id, f[0]]));
}

test('mixer: each member hears the sum of the others who may be heard', () => {
  const rows = [
    ['two talk', [member('a', 100), member('b', 200)], {}, { a: 200, b: 100 }],
    ['three talk', [member('a', 100), member('b', 200), member('c', 400)], {}, { a: 600, b: 500, c: 300 }],
    ['a held member hears music and is not heard', [member('a', 100, { hold: true }), member('b', 200), member('c', 400)], {}, { a: 7, b: 400, c: 200 }],
    ['a muted member is not heard but hears', [member('a', 100, { muted: true }), member('b', 200)], {}, { a: 200, b: 0 }],
    ['nothing arrived from a member: silence from it', [member('a', null), member('b', 200)], {}, { a: 200, b: 0 }],
    ['alone: silence', [member('a', 100)], {}, { a: 0 }],
    ['alone after the start, even with waitUrl: silence (wait music is for a conference not started)', [member('a', 100, { waitMusic: true })], {}, { a: 0 }],
    ['alone before the start with waitUrl: music', [member('a', 100, { waitMusic: true })], { started: false }, { a: 7 }],
    ['started: a member with waitUrl hears the others, not music', [member('a', 100, { waitMusic: true }), member('b', 200)], {}, { a: 200, b: 100 }],
    ['not started: nobody hears anybody', [member('a', 100), member('b', 200, { waitMusic: true })], { started: false }, { a: 0, b: 7 }],
    ['not started, held: music all the same', [member('a', 100, { hold: true }), member('b', 200)], { started: false }, { a: 7, b: 0 }],
    ['clipped high', [member('a', 30000), member('b', 30000), member('c', 0)], {}, { a: 30000, b: 30000, c: 32767 }],
    ['clipped low', [member('a', -30000), member('b', -30000), member('c', 0)], {}, { a: -30000, b: -30000, c: -32768 }],
    [
      'an announcement to one member is added to what it hears',
      [member('a', 100), member('b', 200)],
      { announce: { frame: frame(5), to: new Set(['a']) } },
      { a: 205, b: 100 },
    ],
    [
      'an announcement to all, but not to the held',
      [member('a', 100, { hold: true }), member('b', 200)],
      { announce: { frame: frame(5), to: 'all' } },
      { a: 7, b: 5 },
    ],
  ];
  for (const [what, members, ctx, expected] of rows) assert.deepEqual(heard(members, ctx), expected, what);
});

test('sumFrames of nothing is silence; frames are 20 ms at 8 kHz', () => {
  assert.equal(FRAME_SAMPLES, 160);
  assert.deepEqual([...sumFrames([])].slice(0, 3), [0, 0, 0]);
});

test('conference rules: start on join, end on leave', () => {
  const starts = [
    ['init', true, true],
    ['init', false, false],
    ['in-progress', true, false],
    ['completed', true, false],
  ];
  for (const [status, startOnEnter, expected] of starts) assert.equal(startsOnJoin(status, startOnEnter), expected, `${status} ${startOnEnter}`);
  const leaves = [
    // status, {endConferenceOnExit, connected, kicked}, remaining → reason
    ['in-progress', { endConferenceOnExit: true, connected: true, kicked: false }, 2, 'participant-with-end-conference-on-exit-left'],
    ['in-progress', { endConferenceOnExit: true, connected: true, kicked: true }, 2, 'participant-with-end-conference-on-exit-kicked'],
    ['in-progress', { endConferenceOnExit: false, connected: true, kicked: false }, 1, null],
    ['in-progress', { endConferenceOnExit: false, connected: true, kicked: false }, 0, 'last-participant-left'],
    ['in-progress', { endConferenceOnExit: false, connected: true, kicked: true }, 0, 'last-participant-kicked'],
    // A participant that never connected (declined, no answer) does not end it by its flag.
    ['in-progress', { endConferenceOnExit: true, connected: false, kicked: false }, 1, null],
    // Before the start, endConferenceOnExit does not apply; the last one out still closes it.
    ['init', { endConferenceOnExit: true, connected: true, kicked: false }, 1, null],
    ['init', { endConferenceOnExit: false, connected: false, kicked: false }, 0, 'last-participant-left'],
    ['completed', { endConferenceOnExit: true, connected: true, kicked: false }, 0, null],
  ];
  for (const [status, leaver, remaining, expected] of leaves)
    assert.equal(endsOnLeave(status, leaver, remaining), expected, JSON.stringify([status, leaver, remaining]));
});

test('status callback subscriptions', () => {
  const rows = [
    [undefined, ['conference-end', 'conference-start']],
    ['', ['conference-end', 'conference-start']],
    ['join leave', ['participant-join', 'participant-leave']],
    ['hold,mute', ['participant-hold', 'participant-mute', 'participant-unhold', 'participant-unmute']],
    [
      'start end join leave mute hold modify speaker announcement',
      [
        'conference-end',
        'conference-start',
        'participant-hold',
        'participant-join',
        'participant-leave',
        'participant-modify',
        'participant-mute',
        'participant-unhold',
        'participant-unmute',
      ],
    ],
    ['join bogus', null],
    ['constructor', null],
  ];
  for (const [raw, expected] of rows) {
    const got = parseCallbackEvents(raw);
    assert.deepEqual(got && [...got].sort(), expected, String(raw));
  }
});

test('what a participant To reaches', () => {
  const rows = [
    ['billing', { kind: 'party', name: 'billing', hz: 1000 }],
    ['supervisor', { kind: 'party', name: 'supervisor', hz: 1400 }],
    ['customer', { kind: 'party', name: 'customer', hz: 600 }],
    ['tone:700', { kind: 'party', name: 'tone:700', hz: 700 }],
    ['tone:100', { kind: 'party', name: 'tone:100', hz: 100 }],
    ['tone:3000', { kind: 'party', name: 'tone:3000', hz: 3000 }],
    ['tone:99', { kind: 'invalid' }],
    ['tone:3001', { kind: 'invalid' }],
    ['tone:abc', { kind: 'invalid' }],
    ['client:alice', { kind: 'client', identity: 'alice' }],
    ['client:', { kind: 'invalid' }],
    ['+15551230000', { kind: 'number', number: '+15551230000', hz: 440 }],
    ['15551230000', { kind: 'invalid' }],
    ['toString', { kind: 'invalid' }],
  ];
  for (const [to, expected] of rows) assert.deepEqual(participantTarget(to), expected, to);
});

test('Goertzel levels: a tone reads its level, other frequencies and silence read low', () => {
  const second = (src) => {
    const w = new AudioWindow();
    for (let i = 0; i < 50; i++) w.write(src.next());
    return w.samples();
  };
  const tone = second(new ToneSource(1000));
  assert.ok(Math.abs(toneLevel(tone, 1000) - -12) < 0.5, `1000 Hz at ${toneLevel(tone, 1000)} dBFS`);
  assert.ok(toneLevel(tone, 600) < -60, `600 Hz in a 1000 Hz tone: ${toneLevel(tone, 600)}`);
  assert.equal(toneLevel(new Int16Array(8000), 1000), SILENCE_DBFS);
  assert.equal(toneLevel(new Int16Array(0), 1000), SILENCE_DBFS);
  // Hold music: 400 and 800 Hz, each half of the time, −18 dBFS while on (−24 over the second).
  const music = second(new HoldMusic());
  for (const hz of [400, 800]) assert.ok(Math.abs(toneLevel(music, hz) - -24) < 1.5, `${hz} Hz of the music at ${toneLevel(music, hz)}`);
  assert.ok(toneLevel(music, 600) < -40);
});

test('AudioWindow keeps the last second, oldest first', () => {
  const w = new AudioWindow(4);
  w.write(Int16Array.from([1, 2, 3]));
  assert.deepEqual([...w.samples()], [1, 2, 3]);
  w.write(Int16Array.from([4, 5]));
  assert.deepEqual([...w.samples()], [2, 3, 4, 5]);
});
