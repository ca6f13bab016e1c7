// The emulator's recording of what a browser leg sends (media/recording.ts, POST/GET
// /emulator/calls/{sid}/recording): PCMU decoded, other codecs counted as skipped, the newest
// 60 s kept, and the route's answers for calls it cannot record. A live call's recording is
// used (and so checked) by test/e2e/noise-suppression.e2e.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Recording } from '../../dist/emulator/media/recording.js';
import { linearToUlaw } from '../../dist/emulator/media/g711.js';
import { request, withEmulator } from '../support/emulator-harness.mjs';

const pcmuFrame = (value, samples = 160) => Buffer.alloc(samples, linearToUlaw(value));
const decode = (json) => {
  const bytes = Buffer.from(json.pcm, 'base64');
  return Array.from({ length: bytes.length / 2 }, (_, i) => bytes.readInt16LE(i * 2));
};

test('PCMU payloads are decoded in order; other payload types are skipped and counted', () => {
  const r = new Recording();
  r.push(pcmuFrame(1000), 0);
  r.push(Buffer.from([1, 2, 3]), 111);
  r.push(pcmuFrame(-8000), 0);
  const json = r.toJSON();
  assert.equal(json.rate, 8000);
  assert.equal(json.skipped, 1);
  assert.equal(json.seconds, 320 / 8000);
  const pcm = decode(json);
  // μ-law keeps about 3 % of a sample's magnitude.
  assert.ok(
    pcm.slice(0, 160).every((v) => Math.abs(v - 1000) <= 40),
    String(pcm[0]),
  );
  assert.ok(
    pcm.slice(160).every((v) => Math.abs(v + 8000) <= 300),
    String(pcm[160]),
  );
});

test('only the newest 60 s are kept', () => {
  const r = new Recording();
  for (let i = 0; i < 3100; i++) r.push(pcmuFrame(i < 100 ? 0 : 500), 0); // 62 s of 20 ms frames
  const json = r.toJSON();
  assert.ok(json.seconds <= 60 && json.seconds > 59.9, String(json.seconds));
  assert.ok(
    decode(json).every((v) => v !== 0),
    'the oldest (silent) frames were dropped',
  );
});

test(
  'the route: an unknown call is 404 for POST and GET',
  withEmulator({}, async ({ emu }) => {
    const sid = `CA${'0'.repeat(32)}`;
    for (const method of ['POST', 'GET']) {
      const r = await request(emu.url, method, `/emulator/calls/${sid}/recording`, method === 'POST' ? {} : undefined);
      assert.equal(r.status, 404, `${method}: ${JSON.stringify(r.json)}`);
      assert.equal(r.json.code, 20404);
    }
  }),
);
