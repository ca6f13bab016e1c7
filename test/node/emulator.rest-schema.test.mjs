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
const schemas = strict(subset.components.schemas);
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

test('every operation of the subset was exercised', () => {
  assert.deepEqual([...seen].sort(), Object.keys(subset.operations).sort());
  assert.match(subset.source.commit, /^[0-9a-f]{40}$/);
});
