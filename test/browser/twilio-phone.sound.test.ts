// <twilio-phone>'s sound and support features with the real SDK against the emulator: silence()
// on a ringing call, the speaker test and its fallback where outputs cannot be chosen,
// noise-suppression where AudioWorklet is missing, and diagnostics() (fields, and nothing secret).
// Blocked audio needs Chromium's autoplay flag: test/e2e/audio-blocked.e2e.test.mjs.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { describeWithWebRTC, emulator, record, testEnv, tokenUrl, until, untilState } from './helpers.js';

let seq = 0;
const ident = (name: string) => `${name}-${Date.now().toString(36)}-${++seq}`;
const $ = <T extends Element = HTMLElement>(el: TwilioPhone, sel: string) => el.shadowRoot!.querySelector<T>(sel);

async function makePhone(identity: string, attrs: { noiseSuppression?: boolean } = {}) {
  const { signalingHost } = await testEnv();
  const el = await fixture<TwilioPhone>(html`<twilio-phone
    token-url=${tokenUrl({ variant: 'good', identity })}
    signaling-host=${signalingHost}
    ?noise-suppression=${!!attrs.noiseSuppression}
  ></twilio-phone>`);
  const log = record(el, ['twilio-phone-call-state-change', 'twilio-phone-noise-suppression-change', 'twilio-phone-error']);
  await el.start();
  await untilState(el, 'ready');
  return { el, log };
}

const callState = (log: ReturnType<typeof record>) => log.of('twilio-phone-call-state-change').at(-1)?.detail.callState;

/** The SDK's ringtone object: only the test reads it, to see whether the sound really plays. */
function ringtone(el: TwilioPhone): { isPlaying: boolean } {
  return (el.device as unknown as { _soundcache: Map<string, { isPlaying: boolean }> })._soundcache.get('incoming')!;
}

describeWithWebRTC('<twilio-phone> sound', function () {
  this.timeout(40000);

  it('where outputs cannot be chosen (no setSinkId) the picker is a one-line note, and testSpeaker() plays on the default output', async () => {
    // Chromium and Firefox have setSinkId; WebKitGTK, which lacks it, has no WebRTC either (so no phone):
    // hiding it before the Device is built is the only way to reach this case with the real SDK.
    // First in the file: the SDK builds a phone's sounds once it is ready (deferred-sounds.ts), and an
    // earlier phone's sounds still loading would find setSinkId gone and reject outside any test.
    const proto = HTMLAudioElement.prototype as unknown as Record<string, unknown>;
    const saved = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'setSinkId');
    Object.defineProperty(proto, 'setSinkId', { value: undefined, configurable: true, writable: true });
    try {
      const { el } = await makePhone(ident('no-sink'));
      await el.updateComplete;
      expect(el.device!.audio!.isOutputSelectionSupported).to.equal(false);
      expect($(el, '[part="speaker-select"]')).to.equal(null);
      expect($(el, '[part="test-speaker-button"]')).to.equal(null);
      expect($(el, '[part="speaker-note"]')!.textContent).to.contain('default speaker');
      await el.testSpeaker();
    } finally {
      delete proto.setSinkId;
      if (saved) Object.defineProperty(HTMLMediaElement.prototype, 'setSinkId', saved);
    }
  });

  it('silence() stops the ringtone of a ringing call; the call still rings and is accepted', async () => {
    const id = ident('silence');
    const { el, log } = await makePhone(id);
    await emulator('ring', { to: id, from: '+15005550006' });
    await until(() => callState(log) === 'ringing', 'ringing');
    await until(() => ringtone(el).isPlaying, 'the ringtone playing');
    await el.updateComplete;
    $<HTMLButtonElement>(el, '[part="silence-button"]')!.click();
    await until(() => !ringtone(el).isPlaying, 'the ringtone stopped');
    await el.updateComplete;
    expect($(el, '[part="silence-button"]')!.hasAttribute('disabled')).to.equal(true);
    expect($(el, '[part="silence-button"]')!.textContent!.trim()).to.equal('Ringtone off');
    expect(callState(log)).to.equal('ringing');
    $<HTMLButtonElement>(el, '[part="accept-button"]')!.click();
    await until(() => callState(log) === 'connected', 'connected');
    el.hangup();
    await untilState(el, 'ready');
  });

  it('silence() with no ringing call does nothing', async () => {
    const { el } = await makePhone(ident('silence-idle'));
    el.silence();
    await el.updateComplete;
    expect($(el, '[part="silence-button"]')).to.equal(null);
    expect(el.state).to.equal('ready');
  });

  it('testSpeaker() resolves, and the Test button sits beside the speaker picker', async () => {
    const { el } = await makePhone(ident('speaker'));
    await el.testSpeaker();
    await el.updateComplete;
    if ($(el, '[part="speaker-select"]')) expect($(el, '[part="test-speaker-button"]')).to.not.equal(null);
  });

  it("the speaker test plays the phone's own `outgoing` sound (`sounds` overrides it)", async () => {
    // The page's file for it, with a query no other sound has: what the test plays is watched at
    // HTMLMediaElement.play (the SDK's output test and the fallback both play an Audio element).
    const outgoing = new URL('/src/elements/sounds/outgoing.mp3?speaker-test', location.href).href;
    const { signalingHost } = await testEnv();
    const el = await fixture<TwilioPhone>(html`<twilio-phone
      token-url=${tokenUrl({ variant: 'good', identity: ident('speaker-url') })}
      signaling-host=${signalingHost}
      .sounds=${{ outgoing }}
    ></twilio-phone>`);
    await el.start();
    await untilState(el, 'ready');
    const played: string[] = [];
    const realPlay = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      played.push(this.src);
      return realPlay.call(this);
    };
    try {
      await el.testSpeaker();
    } finally {
      HTMLMediaElement.prototype.play = realPlay;
    }
    expect(played).to.include(outgoing);
  });

  it('noise-suppression during a call: on, off and on again keep the call; every audio graph it opened is closed when off and when the phone is removed', async () => {
    // Counts the AudioContexts the processor opens (48 kHz ones; the SDK's own has the default rate).
    const RealAudioContext = window.AudioContext;
    const opened: AudioContext[] = [];
    window.AudioContext = class extends RealAudioContext {
      constructor(options?: AudioContextOptions) {
        super(options);
        if (options?.sampleRate === 48000) opened.push(this);
      }
    };
    const live = () => opened.filter((c) => c.state !== 'closed').length;
    try {
      const { el, log } = await makePhone(ident('ns-toggle'), { noiseSuppression: true });
      await until(() => el.noiseSuppressionState === 'on', `on (now ${el.noiseSuppressionState})`);
      await el.call('echo');
      await until(() => callState(log) === 'connected', 'connected');
      await until(() => live() >= 1, 'a processing graph for the call');
      el.noiseSuppression = false;
      await until(() => el.noiseSuppressionState === 'off', 'off');
      await until(() => live() === 0, 'every graph closed after switching off');
      el.noiseSuppression = true;
      await until(() => el.noiseSuppressionState === 'on', 'on again');
      await until(() => live() >= 1, 'a graph again');
      expect(callState(log)).to.equal('connected');
      expect(log.of('twilio-phone-error')).to.deep.equal([]);
      el.remove();
      await until(() => live() === 0, 'every graph closed once the phone is removed');
    } finally {
      window.AudioContext = RealAudioContext;
    }
  });

  it('noise-suppression without AudioWorklet: unsupported (event and property), nothing fetched, calls as usual', async () => {
    // A mock of a browser without AudioWorklet (the engines under test all have it).
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'AudioWorkletNode')!;
    delete (globalThis as Record<string, unknown>).AudioWorkletNode;
    try {
      performance.clearResourceTimings();
      // From the document: the attribute acts on the first update, before makePhone() returns.
      const changes = record(document, ['twilio-phone-noise-suppression-change']);
      const { el, log } = await makePhone(ident('ns-unsupported'), { noiseSuppression: true });
      await until(() => el.noiseSuppressionState === 'unsupported', 'unsupported');
      changes.stop();
      expect(changes.events.map((e) => e.detail.state)).to.deep.equal(['loading', 'unsupported']);
      const fetched = performance.getEntriesByType('resource').map((r) => r.name);
      expect(fetched.filter((u) => /rnnoise|noise-suppression-feature/.test(u))).to.deep.equal([]);
      await el.call('echo');
      await until(() => callState(log) === 'connected', 'connected');
      el.hangup();
      await untilState(el, 'ready');
    } finally {
      Object.defineProperty(globalThis, 'AudioWorkletNode', saved);
    }
  });

  it('diagnostics(): versioned, with browser, versions, capabilities, permissions, the call and its errors; no token, secret, code or full number', async () => {
    const id = ident('diag');
    const { el, log } = await makePhone(id);
    const token = ((await (await fetch(tokenUrl({ variant: 'good', identity: id }))).json()) as { token: string }).token;
    // An error carrying what must never leave: a token, a TOTP code and a full number (the SDK cannot be made to
    // produce such a message on demand, so the phone's own error event is dispatched with it).
    el.dispatchEvent(
      new CustomEvent('twilio-phone-error', {
        detail: { error: { code: 31205, message: `JWT ${token} refused; code 123456 for +14155550123` }, fatal: false },
      }),
    );
    const rung = await emulator<{ callSid: string }>('ring', { to: id, from: '+14155550199' });
    await until(() => callState(log) === 'ringing', 'ringing');
    el.accept();
    await until(() => callState(log) === 'connected', 'connected');
    el.hangup();
    await until(() => callState(log) === 'ended', 'ended');

    const report = await el.diagnostics();
    const json = JSON.stringify(report);
    expect(report.version).to.equal(1);
    expect(report.browser.engine).to.be.oneOf(['Blink', 'Gecko', 'WebKit']);
    expect(report.versions.sdk).to.match(/^2\.\d+\.\d+/);
    expect(report.versions.elements).to.match(/^\d+\.\d+\.\d+/);
    expect(report.phone.state).to.equal('ready');
    expect(report.capabilities).to.include({ webrtc: true, audioWorklet: true, webLocks: true, secureContext: true });
    expect(report.capabilities.outputSelection).to.be.a('boolean');
    expect(Object.keys(report.permissions)).to.deep.equal(['microphone', 'notifications']);
    expect(report.calls).to.have.length(1);
    expect(report.calls[0]).to.include({ callSid: rung.callSid, direction: 'incoming', remote: '+•••••••••99' });
    expect(report.calls[0]!.duration).to.be.a('number');
    expect(report.errors.map((e) => e.code)).to.deep.equal([31205]);
    expect(report.errors[0]!.message).to.equal('JWT [token] refused; code •••••• for +•••••••••23');
    expect(json).to.not.match(/eyJ[\w-]+\.[\w-]+\.[\w-]*/);
    expect(json).to.not.contain(token.split('.')[2]!);
    expect(json).to.not.contain('123456');
    expect(json).to.not.contain('4155550123');
    expect(json).to.not.contain('4155550199');
  });
});
