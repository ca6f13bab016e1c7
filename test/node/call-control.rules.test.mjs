// The pure rules of call control (docs/call-control.md), as tables: the call-control input
// rules with each 400 code, labels → roles as each leg sees them, unique labels, the call
// message, the voice webhook's call classification and TwiML, and form bodies in every form
// an adapter hands them over.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import twilio from 'twilio';
import { parseCallControlInput, defaultDestinations } from '../../dist/server/call-control-input.js';
import { participantsFor, parseLabel, uniqueLabel, consultedMember, participantsMessage, displayOf, readClock } from '../../dist/server/call-control-view.js';
import { classifyVoiceCall } from '../../dist/server/voice-input.js';
import { conferenceTwiml, rejectTwiml } from '../../dist/server/voice-twiml.js';
import { readFormBody } from '../../dist/server/body.js';
import { checkSignature } from '../../dist/server/twilio-signature.js';
import { HttpError } from '../../dist/server/index.js';

const SID = 'CA' + '0123456789abcdef'.repeat(2);
const OTHER = 'CA' + 'fedcba9876543210'.repeat(2);

function codeOf(fn) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof HttpError, `an HttpError, got ${err}`);
    return `${err.status} ${err.code}`;
  }
  return 'ok';
}

describe('call-control input rules', () => {
  const demo = (to) => defaultDestinations(to) || ['billing', 'supervisor'].includes(to);
  // [name, body, destinations rule, expected: parsed input | 'status code']
  const rows = [
    ['no action', { callSid: SID }, undefined, '400 invalid-action'],
    ['unknown action', { action: 'mute', callSid: SID }, undefined, '400 invalid-action'],
    ['action not a string', { action: ['hold'], callSid: SID }, undefined, '400 invalid-action'],
    ['action before callSid', { action: 'nope' }, undefined, '400 invalid-action'],
    ['no callSid', { action: 'hold' }, undefined, '400 invalid-call-sid'],
    ['callSid upper-case hex', { action: 'hold', callSid: SID.toUpperCase() }, undefined, '400 invalid-call-sid'],
    ['callSid too short', { action: 'hold', callSid: SID.slice(0, -1) }, undefined, '400 invalid-call-sid'],
    ['callSid of a conference', { action: 'hold', callSid: 'CF' + SID.slice(2) }, undefined, '400 invalid-call-sid'],
    ['participants', { action: 'participants', callSid: SID }, undefined, { action: 'participants', callSid: SID }],
    ['hold', { action: 'hold', callSid: SID }, undefined, { action: 'hold', callSid: SID }],
    ['unhold, extra fields ignored', { action: 'unhold', callSid: SID, to: 'x' }, undefined, { action: 'unhold', callSid: SID }],
    ['complete-transfer', { action: 'complete-transfer', callSid: SID }, undefined, { action: 'complete-transfer', callSid: SID }],
    ['cancel-transfer', { action: 'cancel-transfer', callSid: SID }, undefined, { action: 'cancel-transfer', callSid: SID }],
    [
      'transfer cold to E.164',
      { action: 'transfer', callSid: SID, to: '+15551230000', mode: 'cold' },
      undefined,
      { action: 'transfer', callSid: SID, to: '+15551230000', mode: 'cold' },
    ],
    [
      'transfer warm to a client',
      { action: 'transfer', callSid: SID, to: 'client:bob', mode: 'warm' },
      undefined,
      { action: 'transfer', callSid: SID, to: 'client:bob', mode: 'warm' },
    ],
    ['transfer without to', { action: 'transfer', callSid: SID, mode: 'cold' }, undefined, '400 invalid-destination'],
    ['transfer: destination checked before mode', { action: 'transfer', callSid: SID, to: 'nowhere', mode: 'sideways' }, undefined, '400 invalid-destination'],
    ['transfer without mode', { action: 'transfer', callSid: SID, to: '+15551230000' }, undefined, '400 invalid-mode'],
    ['transfer mode upper case', { action: 'transfer', callSid: SID, to: '+15551230000', mode: 'COLD' }, undefined, '400 invalid-mode'],
    ['add: a name the default rule refuses', { action: 'add', callSid: SID, to: 'supervisor' }, undefined, '400 invalid-destination'],
    ['add: a name the app allows', { action: 'add', callSid: SID, to: 'supervisor' }, demo, { action: 'add', callSid: SID, to: 'supervisor' }],
    ['add: the app rule replaces the default', { action: 'add', callSid: SID, to: '+15551230000' }, (to) => to === 'billing', '400 invalid-destination'],
    [
      'add: a rule that throws allows nothing',
      { action: 'add', callSid: SID, to: '+15551230000' },
      () => {
        throw new Error('x');
      },
      '400 invalid-destination',
    ],
    ['add: a rule must answer true, not truthy', { action: 'add', callSid: SID, to: '+15551230000' }, () => 'yes', '400 invalid-destination'],
    ['add: E.164 without +', { action: 'add', callSid: SID, to: '15551230000' }, undefined, '400 invalid-destination'],
    ['add: E.164 too long', { action: 'add', callSid: SID, to: '+1234567890123456' }, undefined, '400 invalid-destination'],
    ['add: client: with a space', { action: 'add', callSid: SID, to: 'client:bo b' }, undefined, '400 invalid-destination'],
    ['add: empty client name', { action: 'add', callSid: SID, to: 'client:' }, undefined, '400 invalid-destination'],
    ['add: control character, even if the app allows all', { action: 'add', callSid: SID, to: 'billing\n' }, () => true, '400 invalid-destination'],
    ['add: 129 characters, even if the app allows all', { action: 'add', callSid: SID, to: 'x'.repeat(129) }, () => true, '400 invalid-destination'],
    ['add: a number, not a string', { action: 'add', callSid: SID, to: 15551230000 }, () => true, '400 invalid-destination'],
    ['remove', { action: 'remove', callSid: SID, participant: OTHER }, undefined, { action: 'remove', callSid: SID, participant: OTHER }],
    ['remove without participant', { action: 'remove', callSid: SID }, undefined, '400 invalid-participant'],
    ['remove: participant not a CallSid', { action: 'remove', callSid: SID, participant: 'billing' }, undefined, '400 invalid-participant'],
  ];
  for (const [name, body, rule, expected] of rows) {
    test(name, () => {
      if (typeof expected === 'string')
        assert.equal(
          codeOf(() => parseCallControlInput(body, 'alice', rule)),
          expected,
        );
      else assert.deepEqual(parseCallControlInput(body, 'alice', rule), expected);
    });
  }
  test('the rule sees the destination and the acting identity', () => {
    const seen = [];
    parseCallControlInput({ action: 'add', callSid: SID, to: 'billing' }, 'alice', (to, identity) => seen.push([to, identity]) > 0);
    assert.deepEqual(seen, [['billing', 'alice']]);
  });
});

describe('participants as each leg sees them', () => {
  const A = 'CA' + 'a'.repeat(32);
  const R = 'CA' + 'b'.repeat(32);
  const C = 'CA' + 'c'.repeat(32);
  const S = 'CA' + 'd'.repeat(32);
  const members = [
    { callSid: A, label: 'owner:alice', hold: false, muted: false, endConferenceOnExit: true },
    { callSid: R, label: 'remote:+15551230000', hold: true, muted: false, endConferenceOnExit: true },
    { callSid: C, label: 'consulted:billing', hold: false, muted: true, endConferenceOnExit: false },
    { callSid: S, label: 'added:supervisor', hold: false, muted: false, endConferenceOnExit: false },
  ];
  // [viewer, expected [label, role, onHold, muted] per member]
  const rows = [
    [
      A,
      [
        ['alice', 'you', false, false],
        ['+15551230000', 'remote', true, false],
        ['billing', 'consulted', false, true],
        ['supervisor', 'added', false, false],
      ],
    ],
    [
      R,
      [
        ['alice', 'remote', false, false],
        ['+15551230000', 'you', true, false],
        ['billing', 'consulted', false, true],
        ['supervisor', 'added', false, false],
      ],
    ],
    [
      S,
      [
        ['alice', 'remote', false, false],
        ['+15551230000', 'remote', true, false],
        ['billing', 'consulted', false, true],
        ['supervisor', 'you', false, false],
      ],
    ],
    [
      'CA' + 'e'.repeat(32),
      [
        ['alice', 'remote', false, false],
        ['+15551230000', 'remote', true, false],
        ['billing', 'consulted', false, true],
        ['supervisor', 'added', false, false],
      ],
    ],
  ];
  for (const [viewer, expected] of rows) {
    test(`seen by ${viewer.slice(0, 3)}…`, () => {
      assert.deepEqual(
        participantsFor(members, viewer),
        members.map((m, i) => ({ id: m.callSid, label: expected[i][0], role: expected[i][1], onHold: expected[i][2], muted: expected[i][3] })),
      );
    });
  }
  // [label, endConferenceOnExit, expected label, expected role (seen by someone else)]
  const labels = [
    ['owner:bob', true, 'bob', 'remote'],
    ['remote:customer', true, 'customer', 'remote'],
    ['consulted:billing', false, 'billing', 'consulted'],
    ['consulted:billing', true, 'billing', 'remote'], // a completed warm transfer: the label stays, the role moved
    ['added:supervisor #2', false, 'supervisor #2', 'added'],
    ['added:sip:x@y.example', false, 'sip:x@y.example', 'added'],
    ['manager:carol', false, 'manager:carol', 'remote'], // not our label: shown as it is
    ['', false, S, 'remote'], // no label: named by its CallSid
    [null, false, S, 'remote'],
  ];
  for (const [label, eoe, shown, role] of labels) {
    test(`label ${JSON.stringify(label)}${eoe ? ' (endConferenceOnExit)' : ''} → ${role} "${shown}"`, () => {
      const [p] = participantsFor([{ callSid: S, label, endConferenceOnExit: eoe }], A);
      assert.equal(p.label, shown);
      assert.equal(p.role, role);
      assert.equal(p.onHold, false);
    });
  }
  test('parseLabel splits at the first colon only', () => {
    assert.deepEqual(parseLabel('remote:client:x'), { role: 'remote', display: 'client:x' });
    assert.deepEqual(parseLabel(':x'), { role: null, display: ':x' });
  });
  test('displayOf strips client: only', () => {
    assert.equal(displayOf('client:bob'), 'bob');
    assert.equal(displayOf('+15551230000'), '+15551230000');
    assert.equal(displayOf('billing'), 'billing');
  });
  test('unique labels: a clash gets #2, #3', () => {
    const m = [{ callSid: A, label: 'added:supervisor' }];
    assert.equal(uniqueLabel([], 'added', 'supervisor'), 'added:supervisor');
    assert.equal(uniqueLabel(m, 'added', 'supervisor'), 'added:supervisor #2');
    assert.equal(uniqueLabel([...m, { callSid: R, label: 'added:supervisor #2' }], 'added', 'supervisor'), 'added:supervisor #3');
    assert.equal(uniqueLabel(m, 'remote', 'supervisor'), 'remote:supervisor');
  });
  test('a pending warm transfer is a consulted participant not yet handed the call', () => {
    assert.equal(consultedMember(members)?.callSid, C);
    assert.equal(consultedMember(members.map((m) => (m.callSid === C ? { ...m, endConferenceOnExit: true } : m))), undefined);
    assert.equal(consultedMember([]), undefined);
  });
  test('the call message, with when its list was read', () => {
    const list = participantsFor(members.slice(0, 2), A);
    assert.deepEqual(JSON.parse(participantsMessage(list, { at: 1796605750713, seq: 4 })), {
      type: 'twilio-widgets.participants',
      v: 1,
      at: 1796605750713,
      seq: 4,
      participants: list,
    });
  });
  // [system clock readings, stamps given]: `at` never goes back (a stepped-back clock keeps the last), `seq` always grows.
  const clocks = [
    [
      [100, 100, 101],
      [
        { at: 100, seq: 1 },
        { at: 100, seq: 2 },
        { at: 101, seq: 3 },
      ],
    ],
    [
      [500, 200, 501],
      [
        { at: 500, seq: 1 },
        { at: 500, seq: 2 },
        { at: 501, seq: 3 },
      ],
    ],
  ];
  for (const [readings, stamps] of clocks) {
    test(`read stamps for clock readings ${readings.join(', ')}`, () => {
      const times = [...readings];
      const stamp = readClock(() => times.shift());
      assert.deepEqual(
        readings.map(() => stamp()),
        stamps,
      );
    });
  }
});

describe('the voice webhook: outgoing or incoming', () => {
  // [name, params, rule, expected]
  const rows = [
    [
      'browser → number',
      { CallSid: SID, From: 'client:alice', To: '+15551230000' },
      undefined,
      { direction: 'outgoing', callSid: SID, identity: 'alice', to: '+15551230000' },
    ],
    [
      'browser → client',
      { CallSid: SID, From: 'client:alice', To: 'client:bob' },
      undefined,
      { direction: 'outgoing', callSid: SID, identity: 'alice', to: 'client:bob' },
    ],
    [
      'browser → a name the default refuses',
      { CallSid: SID, From: 'client:alice', To: 'billing' },
      undefined,
      { direction: 'refused', callSid: SID, reason: 'destination not allowed' },
    ],
    [
      'browser → a name the app allows',
      { CallSid: SID, From: 'client:alice', To: 'billing' },
      (to) => to === 'billing',
      { direction: 'outgoing', callSid: SID, identity: 'alice', to: 'billing' },
    ],
    [
      'browser → nothing (a preflight)',
      { CallSid: SID, From: 'client:alice' },
      () => true,
      { direction: 'refused', callSid: SID, reason: 'invalid destination' },
    ],
    [
      'browser → over-long To',
      { CallSid: SID, From: 'client:alice', To: '+1'.padEnd(200, '5') },
      () => true,
      { direction: 'refused', callSid: SID, reason: 'invalid destination' },
    ],
    [
      'browser with an impossible identity',
      { CallSid: SID, From: 'client:a b', To: '+15551230000' },
      undefined,
      { direction: 'refused', callSid: SID, reason: 'invalid caller identity' },
    ],
    ['number → number', { CallSid: SID, From: '+15557654321', To: '+15551230000' }, undefined, { direction: 'incoming', callSid: SID, from: '+15557654321' }],
    ['anonymous caller', { CallSid: SID, To: '+15551230000' }, undefined, { direction: 'incoming', callSid: SID, from: '' }],
  ];
  for (const [name, params, rule, expected] of rows) test(name, () => assert.deepEqual(classifyVoiceCall(params, rule), expected));
  test('no CallSid → 400', () =>
    assert.equal(
      codeOf(() => classifyVoiceCall({ From: 'client:alice', To: '+15551230000' })),
      '400 invalid-call-sid',
    ));
  test('conference TwiML as the contract writes it', () => {
    assert.equal(
      conferenceTwiml(SID, 'owner:alice', 'https://app.example/call-control'),
      '<?xml version="1.0" encoding="UTF-8"?><Response><Dial><Conference startConferenceOnEnter="true" endConferenceOnExit="true" participantLabel="owner:alice" beep="false" waitUrl="" statusCallback="https://app.example/call-control" statusCallbackEvent="start end join leave mute hold modify">tw-' +
        SID +
        '</Conference></Dial></Response>',
    );
  });
  test('labels and URLs are escaped, never spliced', () => {
    const xml = conferenceTwiml(SID, 'remote:"><Hangup/>', 'https://app.example/cc?a=1&b=2');
    // `>` needs no escaping inside an attribute; `"` and `<` do.
    assert.ok(xml.includes('participantLabel="remote:&quot;>&lt;Hangup/>"'), xml);
    assert.ok(xml.includes('statusCallback="https://app.example/cc?a=1&amp;b=2"'), xml);
    assert.ok(!xml.includes('<Hangup/>'));
  });
  test('reject TwiML', () => assert.equal(rejectTwiml(), '<?xml version="1.0" encoding="UTF-8"?><Response><Reject/></Response>'));
});

describe('readFormBody', () => {
  const LIMIT = 64;
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const read = (req, headers) =>
    readFormBody(req, headers, LIMIT).then(
      (v) => ({ ...v }),
      (err) => `${err.status}`,
    );
  // [name, request fields, headers, expected fields | status]
  const rows = [
    ['raw text', { body: 'CallSid=CA1&From=client%3Aalice' }, form, { CallSid: 'CA1', From: 'client:alice' }],
    ['raw bytes', { body: Buffer.from('A=1+2') }, form, { A: '1 2' }],
    ['reader', { body: async () => 'A=%26' }, form, { A: '&' }],
    ['charset parameter', { body: 'A=1' }, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, { A: '1' }],
    ['a repeated field is refused', { body: 'A=1&A=2' }, form, '400'],
    ['no body', {}, form, {}],
    ['JSON type', { body: '{"A":1}' }, { 'content-type': 'application/json' }, '415'],
    ['no type', { body: 'A=1' }, {}, '415'],
    ['too large (text)', { body: 'A=' + 'x'.repeat(LIMIT) }, form, '413'],
    ['too large (declared)', { body: 'A=1' }, { ...form, 'content-length': String(LIMIT + 1) }, '413'],
    [
      'too large (reader refuses)',
      {
        body: async () => {
          throw new HttpError(413, 'Request body too large');
        },
      },
      form,
      '413',
    ],
    ['parsed flat object (express.urlencoded)', { parsedBody: { A: '1', B: '' } }, form, { A: '1', B: '' }],
    ['parsed object without a type (Twilio Functions)', { parsedBody: { A: '1' } }, {}, { A: '1' }],
    ['parsed nested object (extended parsing)', { parsedBody: { A: { b: '1' } } }, form, '400'],
    ['parsed array value', { parsedBody: { A: ['1', '2'] } }, form, '400'],
    ['parsed, too large', { parsedBody: { A: 'x'.repeat(LIMIT) } }, form, '413'],
    ['parsed as JSON by the framework', { parsedBody: { A: '1' } }, { 'content-type': 'application/json' }, '415'],
    ['a field named __proto__ stays a field', { body: '__proto__=x&A=1' }, form, { ['__proto__']: 'x', A: '1' }],
  ];
  for (const [name, req, headers, expected] of rows) {
    test(name, async () => {
      const got = await read(req, headers);
      if (typeof expected === 'string') assert.equal(got, expected);
      else assert.deepEqual(JSON.parse(JSON.stringify(got)), expected);
    });
  }
});

describe('checkSignature', () => {
  const TOKEN = 'f'.repeat(32);
  const URL_ = 'https://app.example/voice';
  const params = { CallSid: SID, From: 'client:alice', To: '+15551230000' };
  const signed = (url, p = params, token = TOKEN) => twilio.getExpectedTwilioSignature(token, url, p);
  const req = (signature, headers = {}) => ({
    method: 'POST',
    url: '/voice',
    headers: { ...(signature ? { 'x-twilio-signature': signature } : {}), ...headers },
    query: new URLSearchParams(),
    body: params,
  });
  // [name, signature, publicUrl option, params, expected 'ok' | status, request URL (default /voice)]
  const rows = [
    ['signed for the public URL', signed(URL_), URL_, params, 'ok'],
    ['the public URL from a function', signed(URL_), () => URL_, params, 'ok'],
    ['no signature', undefined, URL_, params, '403 invalid-signature'],
    ['signed for another URL of the account', signed('https://other.example/voice'), URL_, params, '403 invalid-signature'],
    ['signed with another auth token', signed(URL_, params, 'e'.repeat(32)), URL_, params, '403 invalid-signature'],
    ['a field changed after signing', signed(URL_), URL_, { ...params, To: '+15559999999' }, '403 invalid-signature'],
    ['a field added after signing', signed(URL_), URL_, { ...params, Extra: '1' }, '403 invalid-signature'],
    ['publicUrl function answers nothing', signed(URL_), () => '', params, '403 invalid-signature'],
    ['a query on the request is part of the URL checked', signed(URL_), URL_, params, '403 invalid-signature', '/voice?x=1'],
    ['a query signed with the URL passes', signed(`${URL_}?x=1`), URL_, params, 'ok', '/voice?x=1'],
    ['a query signed with the URL passes (function form too)', signed(`${URL_}?x=1`), () => URL_, params, 'ok', '/voice?x=1'],
    ['a publicUrl with its own query is taken as it is', signed(`${URL_}?a=1`), `${URL_}?a=1`, params, 'ok', '/voice?x=1'],
  ];
  for (const [name, signature, publicUrl, p, expected, url = '/voice'] of rows) {
    test(name, () =>
      assert.equal(
        codeOf(() => checkSignature(TOKEN, publicUrl, { ...req(signature), url }, p)),
        expected,
      ),
    );
  }
  test('Host and X-Forwarded-* headers do not change the URL checked', () => {
    const sig = signed('https://evil.example/voice');
    const r = req(sig, { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' });
    assert.equal(
      codeOf(() => checkSignature(TOKEN, URL_, r, params)),
      '403 invalid-signature',
    );
  });
});
