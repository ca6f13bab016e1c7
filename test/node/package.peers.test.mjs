// The Node entries (server, emulator) keep their packages as optional peers:
// the guard's table must match package.json, the guarded entries must export
// what their modules export, and a missing peer gets one message with the
// exact install line. (The real "not installed" case runs in package.install.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { NODE_PEERS, MissingPeerError, assertPeersInstalled, missingPeersMessage } from '../../dist/server/peers.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

test('every peer in the guard table is an optional peerDependency with the same range, and no runtime dependency', () => {
  const all = Object.assign({}, ...Object.values(NODE_PEERS));
  assert.deepEqual(Object.keys(all).sort(), Object.keys(pkg.peerDependencies).sort());
  for (const [name, range] of Object.entries(all)) {
    assert.equal(pkg.peerDependencies[name], range, `${name}: guard says ${range}, package.json says ${pkg.peerDependencies[name]}`);
    assert.equal(pkg.peerDependenciesMeta?.[name]?.optional, true, `${name} is not optional`);
    assert.equal(pkg.dependencies[name], undefined, `${name} is still a runtime dependency`);
  }
  // qr: the QR encoder <totp-enroll> loads lazily in the browser (a small, dependency-free ES module).
  assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['@twilio/voice-sdk', 'lit', 'qr']);
});

for (const [entry, api] of [
  ['server', 'api'],
  ['emulator', 'emulator'],
]) {
  test(`twilio-widgets/${entry}: the guarded entry exports exactly what ${api}.ts exports`, async () => {
    const guarded = await import(`../../dist/${entry}/index.js`);
    const mod = await import(`../../dist/${entry}/${api}.js`);
    assert.deepEqual(Object.keys(guarded).sort(), Object.keys(mod).sort());
    for (const k of Object.keys(mod)) assert.equal(guarded[k], mod[k], k);
  });
}

const messages = [
  ['twilio-widgets/server', ['twilio'], 'twilio-widgets/server needs the package twilio, which is not installed. Install with: npm install twilio@^6.2.0'],
  [
    'twilio-widgets/emulator',
    ['werift', 'ws'],
    'twilio-widgets/emulator needs the packages werift, ws, which are not installed. Install with: npm install werift@^0.25.2 ws@^8.23.0',
  ],
];
for (const [entry, missing, expected] of messages) {
  test(`message for ${entry} missing ${missing.join(', ')}`, () => {
    assert.equal(missingPeersMessage(entry, missing), expected);
  });
}

test('assertPeersInstalled throws MissingPeerError naming only the peers that do not resolve', () => {
  const resolve = (name) => {
    if (name === 'werift' || name === 'otpauth') throw Object.assign(new Error('not found'), { code: 'ERR_MODULE_NOT_FOUND' });
    return `file:///x/${name}`;
  };
  assert.throws(
    () => assertPeersInstalled('twilio-widgets/emulator', resolve),
    (e) =>
      e instanceof MissingPeerError &&
      e.code === 'TWILIO_WIDGETS_MISSING_PEER' &&
      e.missing.join() === 'otpauth,werift' &&
      /npm install otpauth@\^9\.5\.2 werift@\^0\.25\.2$/.test(e.message),
  );
  assert.doesNotThrow(() => assertPeersInstalled('twilio-widgets/server', resolve));
  assert.doesNotThrow(() => assertPeersInstalled('twilio-widgets/emulator')); // the repo has them all
});
