// Every REST answer of the emulator against Twilio's published contract: the
// response schema of the operation in twilio-oai (test/fixtures/
// twilio-oai-subset.json, cut by scripts/twilio-oai-subset.mjs with its
// commit), validated with ajv: `nullable` honoured, enums as listed, dates in
// Twilio's formats (ISO 8601 for Verify, RFC 2822 for the 2010 API), and,
// stricter than the schema itself, every published field present and no
// field Twilio does not publish.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { TOTP, URI } from 'otpauth';
import { createTwilioRestApi } from '../../dist/emulator/rest/api.js';
import { DEFAULT_ACCOUNT as A } from '../../dist/emulator/auth/test-accounts.js';
import https from 'node:https';
import { startEmulator, generateLocalhostCertificate } from '../../dist/emulator/index.js';
import { SignalClient, fakeMediaLeg } from '../support/signal-client.mjs';

const addFormats = addFormatsModule.default ?? addFormatsModule;
const subset = JSON.parse(readFileSync(new URL('../fixtures/twilio-oai-subset.json', import.meta.url), 'utf8'));

/** RFC 2822 as Twilio writes it: `Thu, 30 Jul 2015 20:00:00 +0000`. */
const RFC2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;

/** Every object schema with properties: all of them required, nothing else allowed (Twilio always sends every field). */
function strict(node) {
  if (Array.isArray(node)) return node.map(strict);
  if (!node || typeof node !== 'object') return node;
  const out = Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, k === 'properties' ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, strict(s)])) : strict(v)]),
  );
  // OpenAPI's `nullable` on an untyped schema (any value) means nothing more; ajv wants a type beside it.
  if (out.nullable && out.type === undefined) delete out.nullable;
  if (out.type === 'object' && out.properties) {
    out.required = Object.keys(out.properties);
    out.additionalProperties = false;
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('date-time-rfc-2822', RFC2822);
ajv.addFormat('uri-map', true); // a format on an object: nothing to check beyond the schema
// The 2010 API's list pages say `format: uri` for first_page_uri/uri, yet Twilio answers paths
// relative to https://api.twilio.com there (its docs' examples: "/2010-04-01/Accounts/AC…/Conferences.json?PageSize=50&Page=0"),
// and twilio-node resolves them against its domain: such a path passes, anything else must be an absolute URI.
const absoluteUri = ajv.formats.uri;
ajv.addFormat('uri', (v) => /^\/2010-04-01\/[^\s]*$/.test(v) || (typeof absoluteUri === 'function' ? absoluteUri(v) : absoluteUri.validate(v)));
// twilio-oai references its enums with $ref, which OpenAPI 3.0 cannot mark nullable, yet Twilio
// answers null where one is unset (conference reason_conference_ended: "When a conference is in
// progress, will be `null`"): an enum component also takes null.
const schemas = Object.fromEntries(
  Object.entries(strict(subset.components.schemas)).map(([name, schema]) => [
    name,
    /_enum_/.test(name) && Array.isArray(schema.enum) ? { ...schema, nullable: true, enum: [...schema.enum, null] } : schema,
  ]),
);
const validators = new Map();
function validatorFor(op) {
  if (!validators.has(op)) {
    const entry = subset.operations[op];
    assert.ok(entry, `no schema for ${op} in the subset`);
    validators.set(op, entry.schema ? ajv.compile({ ...strict(entry.schema), components: { schemas } }) : null);
  }
  return validators.get(op);
}

const seen = new Set();
function check(op, res) {
  seen.add(op);
  const entry = subset.operations[op];
  assert.equal(res.status, entry.status, `${op}: status ${res.status}, Twilio's is ${entry.status}: ${res.text}`);
  const validate = validatorFor(op);
  if (!validate) {
    assert.equal(res.text, '', `${op}: no body`);
    return;
  }
  const ok = validate(res.json);
  assert.ok(ok, `${op} does not match twilio-oai ${subset.source.commit.slice(0, 7)}:\n${JSON.stringify(validate.errors, null, 2)}\n${res.text}`);
}

let clock = Date.UTC(2026, 0, 15, 12, 0, 0);
const api = createTwilioRestApi({ accounts: [A], now: () => clock });
let server;
let base;

before(async () => {
  server = http.createServer((req, res) => {
    if (!api.handleRequest(req, res)) {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  api.close();
});

async function call(method, path, form) {
  const res = await fetch(base + path, {
    method,
    headers: {
      authorization: 'Basic ' + Buffer.from(`${A.accountSid}:${A.authToken}`).toString('base64'),
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
}

const V = `/v2/Services/${A.verifyServiceSid}`;

test('Accounts: fetch and update answer api.v2010.account', async () => {
  check('GET /2010-04-01/Accounts/{Sid}.json', await call('GET', `/2010-04-01/Accounts/${A.accountSid}.json`));
  check('POST /2010-04-01/Accounts/{Sid}.json', await call('POST', `/2010-04-01/Accounts/${A.accountSid}.json`, {}));
});

test('Verify Service: fetch answers verify.v2.service', async () => {
  check('GET /v2/Services/{Sid}', await call('GET', V));
});

test('Verify entities, factors and challenges through a whole TOTP enrolment', async () => {
  const identity = 'schema-user-1';
  check('POST /v2/Services/{ServiceSid}/Entities', await call('POST', `${V}/Entities`, { Identity: identity }));
  check('GET /v2/Services/{ServiceSid}/Entities', await call('GET', `${V}/Entities`));
  check('GET /v2/Services/{ServiceSid}/Entities/{Identity}', await call('GET', `${V}/Entities/${identity}`));

  const created = await call('POST', `${V}/Entities/${identity}/Factors`, { FriendlyName: 'phone', FactorType: 'totp' });
  check('POST /v2/Services/{ServiceSid}/Entities/{Identity}/Factors', created);
  const factorSid = created.json.sid;
  const totp = URI.parse(created.json.binding.uri);
  assert.ok(totp instanceof TOTP);
  check('GET /v2/Services/{ServiceSid}/Entities/{Identity}/Factors', await call('GET', `${V}/Entities/${identity}/Factors`));
  check('GET /v2/Services/{ServiceSid}/Entities/{Identity}/Factors/{Sid}', await call('GET', `${V}/Entities/${identity}/Factors/${factorSid}`));
  const verified = await call('POST', `${V}/Entities/${identity}/Factors/${factorSid}`, { AuthPayload: totp.generate({ timestamp: clock }) });
  check('POST /v2/Services/{ServiceSid}/Entities/{Identity}/Factors/{Sid}', verified);
  assert.equal(verified.json.status, 'verified');

  // A pending challenge (created without a code), then answered: both shapes.
  const pending = await call('POST', `${V}/Entities/${identity}/Challenges`, {
    FactorSid: factorSid,
    'Details.Message': 'Sign in',
    'Details.Fields': JSON.stringify({ label: 'Device', value: 'laptop' }),
  });
  check('POST /v2/Services/{ServiceSid}/Entities/{Identity}/Challenges', pending);
  assert.equal(pending.json.status, 'pending');
  assert.equal(pending.json.responded_reason, 'none', 'a pending challenge says responded_reason "none", like Twilio');
  clock += 30_000;
  const approved = await call('POST', `${V}/Entities/${identity}/Challenges`, { FactorSid: factorSid, AuthPayload: totp.generate({ timestamp: clock }) });
  check('POST /v2/Services/{ServiceSid}/Entities/{Identity}/Challenges', approved);
  assert.equal(approved.json.status, 'approved');
  const challengeSid = approved.json.sid;
  check('GET /v2/Services/{ServiceSid}/Entities/{Identity}/Challenges', await call('GET', `${V}/Entities/${identity}/Challenges`));
  check('GET /v2/Services/{ServiceSid}/Entities/{Identity}/Challenges/{Sid}', await call('GET', `${V}/Entities/${identity}/Challenges/${challengeSid}`));

  clock += 30_000;
  const another = await call('POST', `${V}/Entities/${identity}/Challenges`, { FactorSid: factorSid });
  const answered = await call('POST', `${V}/Entities/${identity}/Challenges/${another.json?.sid ?? challengeSid}`, {
    AuthPayload: totp.generate({ timestamp: clock }),
  });
  check('POST /v2/Services/{ServiceSid}/Entities/{Identity}/Challenges/{Sid}', answered);

  check('DELETE /v2/Services/{ServiceSid}/Entities/{Identity}/Factors/{Sid}', await call('DELETE', `${V}/Entities/${identity}/Factors/${factorSid}`));
  check('DELETE /v2/Services/{ServiceSid}/Entities/{Identity}', await call('DELETE', `${V}/Entities/${identity}`));
});

/** A REST request to a whole emulator (the call resources need its call layer), over its self-signed HTTPS. */
function emulatorCall(emu, method, path, form) {
  return new Promise((resolve, reject) => {
    const body = form ? new URLSearchParams(form).toString() : null;
    const req = https.request(
      new URL(path, emu.url),
      {
        method,
        rejectUnauthorized: false,
        agent: false,
        headers: {
          authorization: 'Basic ' + Buffer.from(`${A.accountSid}:${A.authToken}`).toString('base64'),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, text, json: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

test('Conferences, Participants, Calls and UserDefinedMessages answer their twilio-oai schemas', async () => {
  // Media is not under test here (emulator.conferences.test.mjs mixes for real): a fake leg answers the SDP.
  const emu = await startEmulator({ certificate: await generateLocalhostCertificate(), mediaFactory: fakeMediaLeg });
  const agent = new SignalClient(`wss://localhost:${emu.port}/signal`);
  try {
    await agent.register('schema-agent');
    const acc = `/2010-04-01/Accounts/${A.accountSid}`;
    const name = 'tw-schema';
    const created = await emulatorCall(emu, 'POST', `${acc}/Conferences/${name}/Participants.json`, {
      From: '+15005550006',
      To: 'client:schema-agent',
      Label: 'owner:schema-agent',
      EarlyMedia: 'true',
      EndConferenceOnExit: 'true',
    });
    check('POST /2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants.json', created);
    const { call_sid: callSid, conference_sid: conf } = created.json;
    const invite = await agent.next('invite', (p) => p.callsid === callSid);
    agent.send('answer', { callsid: callSid, sdp: 'v=0\r\no=fake-browser-answer\r\n' });
    await agent.until(() => emu.conferences().find((c) => c.sid === conf)?.status === 'in-progress', 'the conference to start');
    assert.equal(invite.payload.parameters.From, '+15005550006');
    const billing = await emulatorCall(emu, 'POST', `${acc}/Conferences/${conf}/Participants.json`, {
      From: '+15005550006',
      To: 'billing',
      Label: 'remote:billing',
    });
    check('POST /2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants.json', billing);

    check('GET /2010-04-01/Accounts/{AccountSid}/Conferences.json', await emulatorCall(emu, 'GET', `${acc}/Conferences.json?Status=in-progress`));
    check('GET /2010-04-01/Accounts/{AccountSid}/Conferences/{Sid}.json', await emulatorCall(emu, 'GET', `${acc}/Conferences/${conf}.json`));
    check(
      'GET /2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants.json',
      await emulatorCall(emu, 'GET', `${acc}/Conferences/${conf}/Participants.json`),
    );
    const byLabel = await emulatorCall(emu, 'GET', `${acc}/Conferences/${conf}/Participants/${encodeURIComponent('remote:billing')}.json`);
    check('GET /2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json', byLabel);
    const held = await emulatorCall(emu, 'POST', `${acc}/Conferences/${conf}/Participants/${byLabel.json.call_sid}.json`, {
      Hold: 'true',
      HoldUrl: 'https://example.com/music.mp3',
    });
    check('POST /2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json', held);
    assert.equal(held.json.hold, true);

    const udm = await emulatorCall(emu, 'POST', `${acc}/Calls/${callSid}/UserDefinedMessages.json`, {
      Content: JSON.stringify({ type: 'hello' }),
      IdempotencyKey: 'k1',
    });
    check('POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/UserDefinedMessages.json', udm);
    const frame = await agent.next('message', (p) => p.callsid === callSid);
    assert.deepEqual(frame.payload.content, { type: 'hello' });
    assert.equal(frame.payload.voiceeventsid, udm.json.sid);

    check('GET /2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json', await emulatorCall(emu, 'GET', `${acc}/Calls/${callSid}.json`));
    check(
      'DELETE /2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json',
      await emulatorCall(emu, 'DELETE', `${acc}/Conferences/${conf}/Participants/${byLabel.json.call_sid}.json`),
    );
    const ended = await emulatorCall(emu, 'POST', `${acc}/Calls/${callSid}.json`, { Status: 'completed' });
    check('POST /2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json', ended);
    assert.equal(ended.json.status, 'completed');
    const done = await emulatorCall(emu, 'POST', `${acc}/Conferences/${conf}.json`, { Status: 'completed' });
    check('POST /2010-04-01/Accounts/{AccountSid}/Conferences/{Sid}.json', done);
    assert.equal(done.json.status, 'completed');
  } finally {
    agent.close();
    await emu.stop();
  }
});

test('every operation of the subset was exercised', () => {
  assert.deepEqual([...seen].sort(), Object.keys(subset.operations).sort());
  assert.match(subset.source.commit, /^[0-9a-f]{40}$/);
});
