// The rules of registering ahead of the SDK (core/early-register.ts), as tables: what the SDK's own
// frames become (sent or swallowed), what the gateway's answers become once the SDK owns the socket
// (delivered, held or dropped), and when nothing is left to do. The frames themselves are checked
// against the real SDK in twilio-phone.early-register.test.ts.
import { expect } from '@open-wc/testing';
import { Device } from '@twilio/voice-sdk';
import {
  EARLY_REGISTER_START as START,
  REGISTER_FRAME,
  frameType,
  listenFrame,
  registerNow,
  sdkSends,
  serverFrame,
  settled,
  type EarlyRegister,
} from '../../src/elements/core/early-register.js';
import { VOICE_SDK_RELEASE } from '../../src/elements/core/voice-sdk-release.js';

const LISTEN = listenFrame('tok', { platform: 'Linux x86_64', userAgent: 'UA' });
const at = (patch: Partial<EarlyRegister>): EarlyRegister => ({ ...START, ...patch });
const AHEAD_BOTH = at({ listenSent: true, registerSent: true });
const SDK_BOTH = at({ sdk: true, listenSent: true, registerSent: true });

describe('registering ahead of the SDK: the rules', () => {
  it('names the SDK release that is installed (a new SDK release must update it)', () => {
    expect(VOICE_SDK_RELEASE).to.equal(Device.version);
  });

  it('builds the SDK’s listen frame: key order, browserinfo, reconnectTimeout 0', () => {
    expect(JSON.parse(LISTEN)).to.deep.equal({
      payload: {
        browserinfo: { browser: { platform: 'Linux x86_64', userAgent: 'UA' }, p: 'browser', plugin: 'rtc', v: VOICE_SDK_RELEASE },
        reconnectTimeout: 0,
        token: 'tok',
      },
      type: 'listen',
      version: '1.6',
    });
    expect(Object.keys(JSON.parse(LISTEN))).to.deep.equal(['payload', 'type', 'version']);
    expect(JSON.parse(listenFrame('t', {})).payload.browserinfo.browser).to.deep.equal({ platform: 'unknown', userAgent: 'unknown' });
    expect(REGISTER_FRAME).to.equal('{"payload":{"media":{"audio":true}},"type":"register","version":"1.6"}');
  });

  const TYPES: [unknown, string][] = [
    ['{"type":"connected","payload":{}}', 'connected'],
    ['{"type":"ready"}', 'ready'],
    ['\n', ''],
    ['not json', ''],
    ['{"type":7}', ''],
    ['null', ''],
    [new ArrayBuffer(2), ''],
  ];
  for (const [data, type] of TYPES) {
    it(`frameType(${JSON.stringify(data)}) is '${type}'`, () => expect(frameType(data)).to.equal(type));
  }

  const REGISTER_NOW: [string, EarlyRegister, string, boolean][] = [
    ['connected after our listen', at({ listenSent: true }), 'connected', true],
    ['connected twice', AHEAD_BOTH, 'connected', false],
    ['an error instead', at({ listenSent: true }), 'error', false],
    ['the SDK owns the socket: it registers itself', at({ sdk: true, listenSent: true }), 'connected', false],
  ];
  for (const [name, s, type, want] of REGISTER_NOW) {
    it(`registerNow: ${name} → ${want}`, () => expect(registerNow(s, type)).to.equal(want));
  }

  const SENDS: [string, EarlyRegister, unknown, 'send' | 'swallow', Partial<EarlyRegister>][] = [
    ['the SDK’s listen, ours went out', SDK_BOTH, LISTEN, 'swallow', { listenClaimed: true }],
    ['a heartbeat before its listen', SDK_BOTH, '\n', 'send', {}],
    ['a listen that differs (another release)', SDK_BOTH, listenFrame('tok', { platform: 'x', userAgent: 'UA' }), 'send', { passThrough: true }],
    ['another token', SDK_BOTH, listenFrame('other', { platform: 'Linux x86_64', userAgent: 'UA' }), 'send', { passThrough: true }],
    ['its register, ours went out', { ...SDK_BOTH, listenClaimed: true }, REGISTER_FRAME, 'swallow', { registerClaimed: true }],
    ['its register, ours did not (no connected before the hand-over)', at({ sdk: true, listenSent: true, listenClaimed: true }), REGISTER_FRAME, 'send', {}],
    ['a second register (the 30 s refresh)', { ...SDK_BOTH, listenClaimed: true, registerClaimed: true }, REGISTER_FRAME, 'send', {}],
    ['an invite', { ...SDK_BOTH, listenClaimed: true, registerClaimed: true }, '{"type":"invite"}', 'send', {}],
    ['anything once passing through', { ...SDK_BOTH, passThrough: true }, REGISTER_FRAME, 'send', {}],
  ];
  for (const [name, s, data, action, change] of SENDS) {
    it(`the SDK sends ${name} → ${action}`, () => {
      const out = sdkSends(s, data, LISTEN);
      expect(out.action).to.equal(action);
      expect(out.s).to.deep.equal({ ...s, ...change });
    });
  }

  const FRAMES: [string, EarlyRegister, string, 'deliver' | 'hold' | 'drop', Partial<EarlyRegister>][] = [
    ['connected before the SDK’s listen', SDK_BOTH, 'connected', 'hold', {}],
    ['connected after it', { ...SDK_BOTH, listenClaimed: true }, 'connected', 'deliver', {}],
    ['ready before the SDK’s register', { ...SDK_BOTH, listenClaimed: true }, 'ready', 'hold', {}],
    ['an invite before the SDK’s register', { ...SDK_BOTH, listenClaimed: true }, 'invite', 'deliver', {}],
    ['ready after it', { ...SDK_BOTH, listenClaimed: true, registerClaimed: true }, 'ready', 'deliver', {}],
    ['ready with no early register', at({ sdk: true, listenSent: true, listenClaimed: true }), 'ready', 'deliver', {}],
    ['passing through: the ready to our register', { ...SDK_BOTH, passThrough: true }, 'ready', 'drop', { readyDropped: true }],
    ['passing through: the next ready', { ...SDK_BOTH, passThrough: true, readyDropped: true }, 'ready', 'deliver', {}],
    ['passing through: connected', { ...SDK_BOTH, passThrough: true }, 'connected', 'deliver', {}],
  ];
  for (const [name, s, type, action, change] of FRAMES) {
    it(`the gateway sends ${name} → ${action}`, () => {
      const out = serverFrame(s, type);
      expect(out.action).to.equal(action);
      expect(out.s).to.deep.equal({ ...s, ...change });
    });
  }

  const SETTLED: [string, EarlyRegister, boolean][] = [
    ['before the hand-over', AHEAD_BOTH, false],
    ['listen claimed, register pending', { ...SDK_BOTH, listenClaimed: true }, false],
    ['both claimed', { ...SDK_BOTH, listenClaimed: true, registerClaimed: true }, true],
    ['listen claimed, no early register', at({ sdk: true, listenSent: true, listenClaimed: true }), true],
    ['passing through, our ready still to drop', { ...SDK_BOTH, passThrough: true }, false],
    ['passing through, dropped', { ...SDK_BOTH, passThrough: true, readyDropped: true }, true],
  ];
  for (const [name, s, want] of SETTLED) {
    it(`settled: ${name} → ${want}`, () => expect(settled(s)).to.equal(want));
  }
});
