// TwiML applications of the emulator, at protocol level: the signed webhook
// (checked with the twilio library's validateRequest), each verb, the errors
// Twilio reports for bad webhooks and bad TwiML, and the control API.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import twilio from 'twilio';
import { DEFAULT_ACCOUNT } from '../../dist/emulator/index.js';
import { parseTwiml, TwimlError } from '../../dist/emulator/twiml/document.js';
import { parseXml, XmlSyntaxError } from '../../dist/emulator/twiml/xml.js';
import { loopbackServers } from '../support/loopback-servers.mjs';
import { mint, request, withEmulator } from '../support/emulator-harness.mjs';

const APP = 'AP' + '12'.repeat(16);
const servers = loopbackServers();
after(() => servers.closeAll());

/** A TwiML app server: `routes[path]` is the document (or a function of the request) for that path. */
async function twimlServer(routes) {
  const requests = [];
  const base = await servers.listen((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://x');
      const body = Buffer.concat(chunks).toString('utf8');
      const params = req.method === 'POST' ? Object.fromEntries(new URLSearchParams(body)) : {};
      const r = {
        method: req.method,
        path: url.pathname,
        url: `${base}${req.url}`,
        params,
        query: Object.fromEntries(url.searchParams),
        signature: req.headers['x-twilio-signature'],
        body,
      };
      requests.push(r);
      const route = routes[url.pathname];
      const answer = typeof route === 'function' ? route(r) : route;
      if (answer === undefined) {
        res.writeHead(404);
        return res.end();
      }
      const { status = 200, type = 'text/xml', body: text = answer } = typeof answer === 'object' ? answer : {};
      res.writeHead(status, { 'content-type': type });
      res.end(text);
    });
  });
  return { base, requests };
}

const xml = (inner) => `<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`;

/** Alice (calling through APP) and, optionally, registered Bobs. */
async function setup(ctx, voiceUrl, { voiceMethod = 'POST', bobs = 0 } = {}) {
  ctx.emu.setApplication(APP, { voiceUrl, voiceMethod });
  const alice = await ctx.connect();
  alice.send('listen', { token: mint({ identity: 'alice', app: APP }) });
  await alice.next('connected');
  const bobList = [];
  for (let i = 0; i < bobs; i++) bobList.push(await ctx.registered('bob'));
  return { alice, bobs: bobList };
}

/** Sends an outgoing invite; returns its temporary id (the SDK's outboundConnectionId). */
const invite = (c, params = { To: 'bob' }) => {
  const callsid = 'TJ' + Math.random().toString(16).slice(2);
  c.send('invite', { callsid, sdp: 'v=0\r\no=browser 1\r\n', twilio: { params: new URLSearchParams(params).toString() } });
  return callsid;
};

describe('webhook', () => {
  test(
    'POST: Twilio parameters, custom parameters, and an X-Twilio-Signature that validateRequest accepts',
    withEmulator({}, async (ctx) => {
      const app = await twimlServer({ '/voice': xml('<Hangup/>') });
      const { alice } = await setup(ctx, `${app.base}/voice`);
      invite(alice, { To: 'bob', Custom1: 'foo + bar', Custom3: '我不吃蛋' });
      await alice.next('hangup');
      const [r] = app.requests;
      assert.equal(r.method, 'POST');
      const call = ctx.emu.calls()[0];
      assert.deepEqual(
        { ...r.params },
        {
          AccountSid: DEFAULT_ACCOUNT.accountSid,
          ApplicationSid: APP,
          ApiVersion: '2010-04-01',
          CallSid: call.callSid,
          CallStatus: 'ringing',
          Direction: 'inbound',
          From: 'client:alice',
          Caller: 'client:alice',
          To: 'bob',
          Called: 'bob',
          Custom1: 'foo + bar',
          Custom3: '我不吃蛋',
        },
      );
      assert.ok(twilio.validateRequest(DEFAULT_ACCOUNT.authToken, r.signature, r.url, r.params), 'signature validates');
      assert.ok(!twilio.validateRequest('another-auth-token', r.signature, r.url, r.params), 'and only with the account auth token');
      assert.equal(call.applicationSid, APP);
      assert.equal(call.destination, 'application');
    }),
  );

  test(
    'GET: parameters in the query, signature over the full URL',
    withEmulator({}, async (ctx) => {
      const app = await twimlServer({ '/voice': xml('<Hangup/>') });
      const { alice } = await setup(ctx, `${app.base}/voice?existing=1`, { voiceMethod: 'GET' });
      invite(alice);
      await alice.next('hangup');
      const [r] = app.requests;
      assert.equal(r.method, 'GET');
      assert.equal(r.query.existing, '1');
      assert.equal(r.query.From, 'client:alice');
      assert.ok(twilio.validateRequest(DEFAULT_ACCOUNT.authToken, r.signature, r.url, {}));
    }),
  );

  for (const [name, route, code] of [
    ['an HTTP 500', { status: 500, body: 'oops' }, 11200],
    ['a JSON body', { type: 'application/json', body: '{}' }, 12300],
    ['not XML', 'this is not xml', 12100],
    ['another root', '<Foo/>', 12100],
    ['an unknown verb', xml('<Dance/>'), 12200],
    ['<Gather> (not emulated)', xml('<Gather/>'), 12200],
    ['a bad attribute value', xml('<Pause length="soon"/>'), 12200],
  ]) {
    const lines = [];
    test(
      `${name} ends the call with ${code} and one log line`,
      withEmulator({ log: (l) => lines.push(l) }, async (ctx) => {
        const app = await twimlServer({ '/voice': route });
        const { alice } = await setup(ctx, `${app.base}/voice`);
        invite(alice);
        const hangup = await alice.next('hangup');
        assert.equal(hangup.payload.error.code, code, JSON.stringify(hangup.payload));
        assert.equal(ctx.emu.calls()[0].state, 'failed');
        assert.equal(ctx.emu.calls()[0].error.code, code);
        const said = lines.filter((l) => l.includes(`application ${APP}: ${code} `));
        assert.equal(said.length, 1, lines.join('\n'));
        assert.match(said[0], /ending the call$/);
      }),
    );
  }

  test(
    'an unreachable Voice URL ends the call with 11205',
    withEmulator({}, async (ctx) => {
      const { alice } = await setup(ctx, 'http://127.0.0.1:1/voice');
      invite(alice);
      const hangup = await alice.next('hangup', 20000);
      assert.equal(hangup.payload.error.code, 11205);
    }),
  );

  test(
    'a token naming no registered application gets the default application (fixed destinations)',
    withEmulator({}, async (ctx) => {
      const alice = await ctx.connect();
      alice.send('listen', { token: mint({ identity: 'alice', app: 'AP' + '99'.repeat(16) }) });
      await alice.next('connected');
      invite(alice, { To: 'echo' });
      await alice.next('answer');
      assert.equal(ctx.emu.calls()[0].destination, 'echo');
    }),
  );
});

describe('verbs', () => {
  test(
    '<Dial><Client> with <Identity> and <Parameter>s: every parameter reaches the callee, the last of a repeated name wins, callerId sets From',
    withEmulator({}, async (ctx) => {
      const app = await twimlServer({
        '/voice': xml(`<Dial callerId="+15005550006"><Client><Identity>bob</Identity>
        <Parameter name="duplicate" value="12345"/><Parameter name="duplicate" value="123456"/>
        <Parameter name="custom + param" value="我不吃蛋"/><Parameter name="foobar" value="some + value"/></Client></Dial>`),
      });
      const { alice, bobs } = await setup(ctx, `${app.base}/voice`, { bobs: 1 });
      invite(alice);
      const inv = await bobs[0].next('invite');
      assert.equal(inv.payload.parameters.From, '+15005550006');
      assert.equal(inv.payload.parameters.To, 'client:bob');
      // Decoded the way the SDK decodes Params (names as they are, values URL-decoded).
      const seen = {};
      for (const pair of inv.payload.parameters.Params.split('&')) {
        const [k, v] = pair.split('=');
        seen[k] = decodeURIComponent(v.replace(/\+/g, '%20'));
      }
      assert.deepEqual(seen, { duplicate: '123456', 'custom + param': '我不吃蛋', foobar: 'some + value' });
      // answerOnBridge absent: the caller already has early media (ringing with SDP), the answer comes on the bridge.
      const ringing = await alice.next('ringing');
      assert.ok(ringing.payload.sdp, 'early media');
      assert.ok(!alice.types().includes('answer'));
      bobs[0].send('answer', { callsid: inv.payload.callsid, sdp: 'v=0\r\no=bob 1\r\n' });
      const answer = await alice.next('answer');
      assert.equal(answer.payload.callsid, ctx.emu.calls()[0].callSid);
      assert.equal(ctx.emu.call(inv.payload.callsid).state, 'in-progress');
    }),
  );

  test(
    '<Dial answerOnBridge="true">: plain ringing once the callee is rung, the answer when it answers',
    withEmulator({}, async (ctx) => {
      const app = await twimlServer({ '/voice': xml('<Dial answerOnBridge="true"><Client>bob</Client></Dial>') });
      const { alice, bobs } = await setup(ctx, `${app.base}/voice`, { bobs: 1 });
      invite(alice);
      const inv = await bobs[0].next('invite');
      const ringing = await alice.next('ringing');
      assert.equal(ringing.payload.sdp, undefined);
      bobs[0].send('answer', { callsid: inv.payload.callsid, sdp: 'v=0\r\n' });
      assert.ok((await alice.next('answer')).payload.sdp);
    }),
  );

  test(
    '<Dial timeout action>: the callee stops ringing, the action gets DialCallStatus and its TwiML goes on',
    withEmulator({}, async (ctx) => {
      const app = await twimlServer({
        '/voice': xml('<Dial timeout="1" action="/after"><Client>bob</Client></Dial><Say>never reached</Say>'),
        '/after': xml('<Reject reason="busy"/>'),
      });
      const { alice, bobs } = await setup(ctx, `${app.base}/voice`, { bobs: 1 });
      invite(alice);
      const inv = await bobs[0].next('invite');
      const cancel = await bobs[0].next('cancel', 5000);
      assert.equal(cancel.payload.callsid, inv.payload.callsid);
      const hangup = await alice.next('hangup', 5000);
      assert.equal(hangup.payload.error.code, 31486);
      const after = app.requests.find((r) => r.path === '/after');
      assert.equal(after.params.DialCallStatus, 'no-answer');
      assert.equal(after.params.DialCallSid, inv.payload.callsid);
      assert.ok(twilio.validateRequest(DEFAULT_ACCOUNT.authToken, after.signature, after.url, after.params));
    }),
  );

  test(
    'the callee declines: DialCallStatus busy; with no more verbs the unanswered caller gets 31486',
    withEmulator({}, async (ctx) => {
      const app = await twimlServer({ '/voice': xml('<Dial><Client>bob</Client></Dial>') });
      const { alice, bobs } = await setup(ctx, `${app.base}/voice`, { bobs: 1 });
      invite(alice);
      const inv = await bobs[0].next('invite');
      bobs[0].send('reject', { callsid: inv.payload.callsid });
      assert.equal((await alice.next('hangup')).payload.error.code, 31486);
    }),
  );

  test(
    'after a bridged call the document goes on: the callee hangs up, <Say> plays, then Twilio hangs up',
    withEmulator({}, async (ctx) => {
      const app = await twimlServer({ '/voice': xml('<Dial><Client>bob</Client></Dial><Say>goodbye</Say>') });
      const { alice, bobs } = await setup(ctx, `${app.base}/voice`, { bobs: 1 });
      invite(alice);
      const inv = await bobs[0].next('invite');
      bobs[0].send('answer', { callsid: inv.payload.callsid, sdp: 'v=0\r\n' });
      await alice.next('answer');
      bobs[0].send('hangup', { callsid: inv.payload.callsid });
      const hangup = await alice.next('hangup', 5000);
      assert.equal(hangup.payload.error, undefined);
      assert.equal(ctx.emu.calls()[0].state, 'completed');
      const aliceLeg = ctx.media.legs[0];
      assert.equal(aliceLeg.mode, 'silence', 'after <Say> the leg went quiet');
    }),
  );

  test(
    '<Say> answers and plays the tone; <Pause> first does not answer; <Hangup> ends without an error',
    withEmulator({}, async (ctx) => {
      const app = await twimlServer({ '/voice': xml('<Pause length="1"/><Say>hi</Say><Hangup/>') });
      const { alice } = await setup(ctx, `${app.base}/voice`);
      invite(alice);
      const answer = await alice.next('answer', 4000);
      const answeredAfter = Date.now();
      assert.ok(answer.payload.sdp);
      const hangup = await alice.next('hangup', 4000);
      assert.equal(hangup.payload.error, undefined);
      assert.ok(Date.now() - answeredAfter >= 900, '<Say> took its time');
      assert.deepEqual(
        alice.types().filter((t) => t !== 'connected'),
        ['answer', 'hangup'],
      );
    }),
  );

  test(
    '<Reject/> before the answer: 31603, on the id the browser knows (its temporary one: no ringing came); <Dial><Number>: answered with the tone',
    withEmulator({}, async (ctx) => {
      const app = await twimlServer({ '/voice': (r) => (r.params.To === 'reject' ? xml('<Reject/>') : xml('<Dial>+15005550006</Dial>')) });
      const { alice } = await setup(ctx, `${app.base}/voice`);
      const tempSid = invite(alice, { To: 'reject' });
      const { payload } = await alice.next('hangup');
      assert.deepEqual(payload, { callsid: tempSid, error: { code: 31603, message: 'Decline' } });
      invite(alice, { To: 'number' });
      await alice.next('answer');
      assert.equal(ctx.media.legs.at(-1).mode, 'tone');
    }),
  );

  test(
    '<Dial><Client> of an identity nobody registered: no-answer, the caller gets 31480',
    withEmulator({}, async (ctx) => {
      const app = await twimlServer({ '/voice': xml('<Dial><Client>nobody</Client></Dial>') });
      const { alice } = await setup(ctx, `${app.base}/voice`);
      invite(alice);
      assert.equal((await alice.next('hangup')).payload.error.code, 31480);
    }),
  );
});

describe('control API', () => {
  test(
    'POST /emulator/applications adds one; bad input is a 400 naming the field; GET lists; DELETE removes',
    withEmulator({ webhookHosts: ['example.test', 'x.test'] }, async (ctx) => {
      const base = ctx.emu.url;
      const created = await request(base, 'POST', '/emulator/applications', { sid: APP, voiceUrl: 'https://example.test/voice', voiceMethod: 'get' });
      assert.equal(created.status, 201);
      assert.deepEqual(created.json, { sid: APP, voiceUrl: 'https://example.test/voice', voiceMethod: 'GET' });
      for (const [body, what] of [
        [{ sid: 'AP123', voiceUrl: 'https://x.test/' }, 'sid'],
        [{ sid: APP, voiceUrl: 'not a url' }, 'voiceUrl'],
        [{ sid: APP, voiceUrl: 'ftp://x.test/' }, 'voiceUrl'],
        [{ sid: APP, voiceUrl: 'https://x.test/', voiceMethod: 'PUT' }, 'voiceMethod'],
      ]) {
        const r = await request(base, 'POST', '/emulator/applications', body);
        assert.equal(r.status, 400);
        assert.match(r.json.message, new RegExp(what));
      }
      assert.deepEqual(
        (await request(base, 'GET', '/emulator/applications')).json.applications.map((a) => a.sid),
        [APP],
      );
      assert.equal((await request(base, 'DELETE', `/emulator/applications/${APP}`)).status, 204);
      assert.equal((await request(base, 'GET', `/emulator/applications/${APP}`)).status, 404);
    }),
  );

  test(
    'startEmulator({applications}) registers them; a bad one throws',
    withEmulator({ applications: { [APP]: { voiceUrl: 'http://127.0.0.1:9/voice' } } }, async (ctx) => {
      assert.deepEqual(ctx.emu.applications(), [{ sid: APP, voiceUrl: 'http://127.0.0.1:9/voice', voiceMethod: 'POST' }]);
      const { createEmulator } = await import('../../dist/emulator/index.js');
      assert.throws(() => createEmulator({ applications: { nope: { voiceUrl: 'http://x.test/' } } }), /application SID/);
    }),
  );
});

describe('TwiML documents (pure)', () => {
  const table = [
    ['<Response/>', []],
    ['<?xml version="1.0"?><!-- c --><Response><Say loop="2">a &amp; b</Say></Response>', [{ verb: 'Say', text: 'a & b', loop: 2 }]],
    [
      '<Response><Dial>+15551234567</Dial></Response>',
      [{ verb: 'Dial', nouns: [{ kind: 'number', number: '+15551234567' }], timeout: 30, method: 'POST', answerOnBridge: false }],
    ],
    [
      '<Response><Dial timeout="5" action="/a" method="GET" answerOnBridge="true"><Client>x</Client></Dial></Response>',
      [{ verb: 'Dial', nouns: [{ kind: 'client', identity: 'x', parameters: [] }], timeout: 5, action: '/a', method: 'GET', answerOnBridge: true }],
    ],
    ['<Response><Reject reason="busy"/><Hangup/></Response>', [{ verb: 'Reject', reason: 'busy' }, { verb: 'Hangup' }]],
    [
      '<Response><Pause/><Play><![CDATA[https://x.test/a.mp3]]></Play></Response>',
      [
        { verb: 'Pause', length: 1 },
        { verb: 'Play', url: 'https://x.test/a.mp3', loop: 1 },
      ],
    ],
  ];
  for (const [doc, verbs] of table) test(`parses ${doc.slice(0, 60)}`, () => assert.deepEqual(parseTwiml(doc), verbs));

  const errors = [
    ['', 12100],
    ['<Response>', 12100],
    ['<Response></Responsee>', 12100],
    ['<Response a=1/>', 12100],
    ['<!DOCTYPE x [<!ENTITY a "b">]><Response/>', 12100],
    ['<Response>&bogus;</Response>', 12100],
    ['<Say/>', 12100],
    ['<Response>text</Response>', 12200],
    ['<Response><say/></Response>', 12200],
    ['<Response><Dial/></Response>', 12200],
    ['<Response><Dial><Queue>r</Queue></Dial></Response>', 12200],
    ['<Response><Dial><Conference/></Dial></Response>', 12200],
    ['<Response><Dial><Conference beep="loud">r</Conference></Dial></Response>', 12200],
    ['<Response><Dial><Conference endConferenceOnExit="yes">r</Conference></Dial></Response>', 12200],
    ['<Response><Dial><Conference>r</Conference><Client>a</Client></Dial></Response>', 12200],
    ['<Response><Dial><Client><Parameter name="a" value="b"/></Client></Dial></Response>', 12200],
    ['<Response><Dial timeout="0"><Client>x</Client></Dial></Response>', 12200],
    ['<Response><Reject reason="nope"/></Response>', 12200],
    ['<Response><Hangup foo="1"/></Response>', 12200],
  ];
  for (const [doc, code] of errors) {
    test(`rejects ${JSON.stringify(doc).slice(0, 60)} with ${code}`, () => {
      assert.throws(
        () => parseTwiml(doc),
        (err) => err instanceof TwimlError && err.code === code && err.message.length > 10,
      );
    });
  }

  test('XML errors say where', () => {
    assert.throws(
      () => parseXml('<a>\n  <b></a>'),
      (err) => err instanceof XmlSyntaxError && err.line === 2 && /<\/a> closes <b>/.test(err.message),
    );
    assert.equal(parseXml('<a x="&#x41;&#66;"/>').attributes.x, 'AB');
  });
});
