// Calls with real WebRTC media: the real @twilio/voice-sdk in Chromium (fake
// microphone, loopback ICE) against the emulator's werift media legs. No fake SDP.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/components/twilio-phone/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { describeWithWebRTC, emulator, record, sleep, testEnv, tokenUrl, until, untilState } from './helpers.js';

const EVENTS = ['twilio-phone-state-change', 'twilio-phone-error', 'twilio-phone-incoming', 'twilio-phone-call-state-change', 'twilio-phone-quality-warning'];

interface MediaStats {
  packetsReceived: number;
  packetsSent: number;
  bytesReceived: number;
  bytesSent: number;
  dtmf: string;
  iceState: string;
}
interface CallInfo {
  callSid: string;
  parentCallSid?: string;
  childCallSid?: string;
  direction: 'outgoing' | 'incoming';
  from: string;
  to: string;
  identity: string;
  state: string;
  dtmf: string;
  params: Record<string, string>;
  error?: { code: number; message: string };
  media: MediaStats | null;
}

let seq = 0;
const ident = (name: string) => `${name}-${Date.now().toString(36)}-${++seq}`;

async function makePhone(identity: string) {
  const { signalingHost } = await testEnv();
  const el = await fixture<TwilioPhone>(html`<twilio-phone
    token-url=${tokenUrl({ variant: 'good', identity })}
    signaling-host=${signalingHost}
  ></twilio-phone>`);
  const log = record(el, EVENTS);
  await el.start();
  await untilState(el, 'ready');
  return { el, log };
}

const $ = <T extends Element = HTMLElement>(el: TwilioPhone, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const callStates = (log: ReturnType<typeof record>) => log.of('twilio-phone-call-state-change').map((e) => e.detail.callState);
const phoneStates = (log: ReturnType<typeof record>) => log.of('twilio-phone-state-change').map((e) => e.detail.state);
const lastCallState = (log: ReturnType<typeof record>) => callStates(log).at(-1);

async function calls(): Promise<CallInfo[]> {
  return (await emulator<{ calls: CallInfo[] }>('status')).calls;
}
async function callOf(identity: string, direction: 'outgoing' | 'incoming'): Promise<CallInfo | undefined> {
  return (await calls()).filter((c) => c.identity === identity && c.direction === direction).at(-1);
}
async function untilCall(identity: string, direction: 'outgoing' | 'incoming', ok: (c: CallInfo) => boolean, what: string, timeoutMs = 10000) {
  const started = performance.now();
  for (;;) {
    const c = await callOf(identity, direction);
    if (c && ok(c)) return c;
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(c ?? null)}`);
    await sleep(100);
  }
}

/** Types into the dial field with the keyboard and presses Enter (real key events through the browser). */
async function dialWithEnter(el: TwilioPhone, to: string) {
  const input = $<HTMLInputElement>(el, '[part="dial-input"]')!;
  input.focus();
  input.select();
  await sendKeys({ type: to });
  await sendKeys({ press: 'Enter' });
  await el.updateComplete;
}

async function dialWithClick(el: TwilioPhone, to: string) {
  const input = $<HTMLInputElement>(el, '[part="dial-input"]')!;
  input.value = to;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  $<HTMLButtonElement>(el, '[part="call-button"]')!.click();
  await el.updateComplete;
}

/** Primitive numbers from the SDK call's RTCPeerConnection (never hand SDK objects to chai). */
async function rtpCounters(el: TwilioPhone) {
  const pc = (el.activeCall as unknown as { _mediaHandler?: { version?: { pc?: RTCPeerConnection } } } | null)?._mediaHandler?.version?.pc;
  const out = { ice: pc?.iceConnectionState ?? 'none', sent: 0, received: 0, audioLevelIn: 0 };
  if (!pc) return out;
  const report = await pc.getStats();
  report.forEach((s) => {
    if (s.type === 'outbound-rtp' && s.kind === 'audio') out.sent += s.packetsSent ?? 0;
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      out.received += s.packetsReceived ?? 0;
      out.audioLevelIn = s.audioLevel ?? 0;
    }
  });
  return out;
}

async function hangupAndSettle(el: TwilioPhone, log: ReturnType<typeof record>) {
  if (el.activeCall || (lastCallState(log) && lastCallState(log) !== 'ended')) el.hangup();
  await untilState(el, 'ready', 5000);
}

// Needs WebRTC: without it the phone stops at its capability check (twilio-phone.no-webrtc.test.ts).
describeWithWebRTC('<twilio-phone> calls with real media', function () {
  this.timeout(40000);

  it('calls echo from the dialer: dialing → ringing → connected, ICE connected, audio both ways, hang up', async () => {
    const id = ident('echo');
    const { el, log } = await makePhone(id);
    await dialWithEnter(el, 'echo');
    expect(el.state).to.equal('busy');
    await until(() => lastCallState(log) === 'connected', 'connected');
    expect(callStates(log)).to.deep.equal(['dialing', 'ringing', 'connected']);
    const connected = log.of('twilio-phone-call-state-change').at(-1)!.detail;
    expect(connected.direction).to.equal('outgoing');
    expect(connected.remote).to.equal('echo');
    expect(connected.callSid).to.match(/^CA[0-9a-f]{32}$/);
    // Real media: ICE connects on loopback and RTP flows both ways.
    await until(() => true, 'noop');
    let c = await rtpCounters(el);
    const t0 = performance.now();
    while ((c.ice !== 'connected' && c.ice !== 'completed') || c.sent < 50 || c.received < 50) {
      if (performance.now() - t0 > 8000) throw new Error(`media did not flow: ${JSON.stringify(c)}`);
      await sleep(200);
      c = await rtpCounters(el);
    }
    const info = await untilCall(id, 'outgoing', (x) => (x.media?.packetsReceived ?? 0) > 50 && (x.media?.packetsSent ?? 0) > 50, 'emulator media counters');
    expect(info.callSid).to.equal(connected.callSid);
    expect(info.media!.iceState).to.equal('connected');
    expect($(el, '[part="timer"]')).to.exist;
    $<HTMLButtonElement>(el, '[part="hangup-button"]')!.click();
    await untilState(el, 'ready', 5000);
    expect(callStates(log)).to.deep.equal(['dialing', 'ringing', 'connected', 'ended']);
    const ended = log.of('twilio-phone-call-state-change').at(-1)!.detail;
    expect(ended.duration).to.be.a('number');
    expect((await untilCall(id, 'outgoing', (x) => x.state === 'completed', 'completed')).state).to.equal('completed');
    expect(log.of('twilio-phone-error')).to.have.length(0);
    expect(phoneStates(log).slice(-2)).to.deep.equal(['busy', 'ready']);
  });

  it("call(): the state and the events at once, the dialing view a task later (after the SDK's next steps)", async () => {
    const { el, log } = await makePhone(ident('later'));
    const done = el.call('echo');
    try {
      // Synchronously: the phone is busy and said so, the call is dialing and said so.
      expect(el.state).to.equal('busy');
      expect(phoneStates(log).at(-1)).to.equal('busy');
      expect(callStates(log)).to.deep.equal(['dialing']);
      // The view still shows the dialer until the next task (the SDK's microphone request and offer go first)...
      await Promise.resolve();
      await Promise.resolve();
      // (Booleans: chai must never format an element of the phone, it walks into the SDK's objects.)
      expect(!!$(el, '[part="hangup-button"]'), 'not rendered within the same task').to.equal(false);
      // ...and updateComplete waits for that render.
      await el.updateComplete;
      expect(!!$(el, '[part="hangup-button"]'), 'rendered once updateComplete resolves').to.equal(true);
      await done;
      await until(() => lastCallState(log) === 'connected', 'connected');
    } finally {
      await done.catch(() => undefined);
      await hangupAndSettle(el, log);
    }
  });

  it('sends DTMF from the dialpad buttons and from the keyboard; the emulator receives the digits', async () => {
    const id = ident('dtmf');
    const { el, log } = await makePhone(id);
    await dialWithClick(el, 'echo');
    await until(() => lastCallState(log) === 'connected', 'connected');
    await el.updateComplete;
    const group = $(el, '[part="dialpad"]')!;
    expect(group.getAttribute('role')).to.equal('group');
    expect(group.getAttribute('aria-label')).to.equal('Dialpad');
    const keys = [...group.querySelectorAll<HTMLButtonElement>('button')];
    expect(keys.map((k) => k.textContent!.trim())).to.deep.equal(['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']);
    for (const k of ['1', '#', '9']) {
      keys.find((b) => b.textContent!.trim() === k)!.click();
      await sleep(250);
    }
    await untilCall(id, 'outgoing', (c) => c.dtmf === '1#9', 'digits 1#9 from the buttons');
    // Real key presses on the focused dialpad.
    keys[0]!.focus();
    for (const k of ['5', '*', '0']) {
      await sendKeys({ press: k });
      await sleep(250);
    }
    const info = await untilCall(id, 'outgoing', (c) => c.dtmf === '1#95*0', 'digits 5*0 from the keyboard');
    expect(info.dtmf).to.equal('1#95*0');
    await hangupAndSettle(el, log);
  });

  it('busy ends cleanly: ended with 31486 reported, back to ready', async () => {
    const id = ident('busy');
    const { el, log } = await makePhone(id);
    await dialWithClick(el, 'busy');
    await untilState(el, 'ready', 5000);
    await el.updateComplete;
    expect(callStates(log)).to.deep.equal(['dialing', 'ringing', 'ended']);
    const errors = log.of('twilio-phone-error');
    expect(errors).to.have.length(1);
    expect(errors[0]!.detail.error.code).to.equal(31486);
    expect(errors[0]!.detail.fatal).to.equal(false);
    expect(phoneStates(log).slice(-2)).to.deep.equal(['busy', 'ready']);
    expect(el.activeCall).to.equal(null);
    expect($(el, '[part="dial-input"]'), 'dialer is back').to.exist;
    expect((await callOf(id, 'outgoing'))!.state).to.equal('busy');
  });

  it('no-answer rings, then ends cleanly with 31480, back to ready', async () => {
    const id = ident('noanswer');
    const { el, log } = await makePhone(id);
    await dialWithClick(el, 'no-answer');
    await until(() => lastCallState(log) === 'ringing', 'ringing');
    await el.updateComplete;
    expect($(el, '[part="hangup-button"]')).to.exist;
    await untilState(el, 'ready', 8000);
    expect(callStates(log)).to.deep.equal(['dialing', 'ringing', 'ended']);
    const errors = log.of('twilio-phone-error');
    expect(errors.map((e) => e.detail.error.code)).to.deep.equal([31480]);
    expect((await callOf(id, 'outgoing'))!.state).to.equal('no-answer');
  });

  it('hang up while dialing ends the call at once and leaves nothing behind', async () => {
    const id = ident('dialhang');
    const { el, log } = await makePhone(id);
    await dialWithClick(el, 'echo');
    expect(lastCallState(log)).to.equal('dialing');
    $<HTMLButtonElement>(el, '[part="hangup-button"]')!.click();
    await untilState(el, 'ready', 5000);
    expect(callStates(log)).to.deep.equal(['dialing', 'ended']);
    await sleep(1500);
    // Whatever reached the emulator was hung up; no call is still running.
    const mine = (await calls()).filter((c) => c.identity === id);
    expect(mine.filter((c) => c.state === 'ringing' || c.state === 'in-progress')).to.have.length(0);
    expect(el.state).to.equal('ready');
    expect(callStates(log)).to.deep.equal(['dialing', 'ended']);
  });

  it('hang up while ringing cancels the call at the emulator', async () => {
    const id = ident('ringhang');
    const { el, log } = await makePhone(id);
    await dialWithClick(el, 'no-answer');
    await until(() => lastCallState(log) === 'ringing', 'ringing');
    el.hangup();
    await untilState(el, 'ready', 5000);
    expect(callStates(log)).to.deep.equal(['dialing', 'ringing', 'ended']);
    await untilCall(id, 'outgoing', (c) => c.state === 'canceled', 'canceled at the emulator');
    expect(log.of('twilio-phone-error')).to.have.length(0);
  });

  it('rejects invalid dial input with a message and aria-invalid, and sends nothing', async () => {
    const id = ident('invalid');
    const { el, log } = await makePhone(id);
    await dialWithEnter(el, 'call me maybe!');
    const input = $<HTMLInputElement>(el, '[part="dial-input"]')!;
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    const msg = el.shadowRoot!.getElementById(input.getAttribute('aria-describedby')!)!;
    expect(msg.textContent!.trim()).to.match(/E\.164|client:name/);
    expect(el.shadowRoot!.activeElement).to.equal(input);
    await dialWithEnter(el, '12345');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(msg.textContent).to.match(/international format/);
    await sleep(500);
    expect(callStates(log)).to.deep.equal([]);
    expect(el.state).to.equal('ready');
    expect(await callOf(id, 'outgoing')).to.equal(undefined);
    // Typing clears the error.
    input.value = '+1415';
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(input.getAttribute('aria-invalid')).to.equal('false');
    expect(msg.textContent!.trim()).to.equal('');
  });

  it('mute stops outbound audio: the echoed audio energy drops to zero, aria-pressed follows', async () => {
    const id = ident('mute');
    const { el, log } = await makePhone(id);
    await dialWithClick(el, 'echo');
    await until(() => lastCallState(log) === 'connected', 'connected');
    await el.updateComplete;
    const energy = async () => {
      const pc = (el.activeCall as unknown as { _mediaHandler: { version: { pc: RTCPeerConnection } } })._mediaHandler.version.pc;
      let e = 0;
      let sent = 0;
      (await pc.getStats()).forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') e += s.totalAudioEnergy ?? 0;
        if (s.type === 'outbound-rtp' && s.kind === 'audio') sent += s.packetsSent ?? 0;
      });
      return { e, sent };
    };
    const window = async (ms: number) => {
      const a = await energy();
      const before = await untilCall(id, 'outgoing', () => true, 'call');
      await sleep(ms);
      const b = await energy();
      const after = await untilCall(id, 'outgoing', () => true, 'call');
      return { energy: b.e - a.e, sent: b.sent - a.sent, emulatorBytes: after.media!.bytesReceived - before.media!.bytesReceived };
    };
    await sleep(1500); // let the echo path fill
    const live = await window(2500);
    expect(live.energy, 'echoed audio energy while live').to.be.greaterThan(0);
    const mute = $<HTMLButtonElement>(el, '[part="mute-button"]')!;
    expect(mute.getAttribute('aria-pressed')).to.equal('false');
    mute.click();
    await until(() => mute.getAttribute('aria-pressed') === 'true', 'aria-pressed true');
    await sleep(800); // echo round trip + jitter buffer drain
    const muted = await window(2500);
    expect(muted.energy, 'echoed audio energy while muted').to.be.lessThan(live.energy / 100);
    mute.click();
    await until(() => mute.getAttribute('aria-pressed') === 'false', 'aria-pressed false');
    await sleep(800);
    const unmuted = await window(2500);
    expect(unmuted.energy, 'energy after unmute').to.be.greaterThan(0);
    await hangupAndSettle(el, log);
  });

  describe('incoming', () => {
    it('rings with the caller and params, is accessible while ringing, and connects on Accept with audio both ways', async () => {
      const id = ident('in-accept');
      const { el, log } = await makePhone(id);
      const rung = await emulator<CallInfo>('ring', { to: id, from: '+15005550006', params: { ticket: '42' } });
      await until(() => lastCallState(log) === 'ringing', 'ringing');
      await el.updateComplete;
      const [incoming] = log.of('twilio-phone-incoming');
      expect(incoming!.detail).to.deep.equal({ from: '+15005550006', to: `client:${id}`, params: { ticket: '42' }, waiting: false });
      expect(incoming!.cancelable).to.equal(true);
      expect(el.state).to.equal('busy');
      expect(el.shadowRoot!.textContent).to.contain('Incoming call from +15005550006');
      await expect(el).to.be.accessible();
      $<HTMLButtonElement>(el, '[part="accept-button"]')!.click();
      await until(() => lastCallState(log) === 'connected', 'connected');
      const info = await untilCall(id, 'incoming', (c) => (c.media?.packetsReceived ?? 0) > 50 && (c.media?.packetsSent ?? 0) > 50, 'media both ways');
      expect(info.callSid).to.equal(rung.callSid);
      expect(info.state).to.equal('in-progress');
      const c = await rtpCounters(el);
      expect(c.received, 'browser receives the tone').to.be.greaterThan(20);
      const detail = log.of('twilio-phone-call-state-change').at(-1)!.detail;
      expect(detail.direction).to.equal('incoming');
      expect(detail.callSid).to.equal(rung.callSid);
      await el.updateComplete;
      await expect(el).to.be.accessible();
      // The far end hangs up.
      await emulator('hangup', { callSid: rung.callSid });
      await untilState(el, 'ready', 5000);
      expect(callStates(log)).to.deep.equal(['ringing', 'connected', 'ended']);
      expect(log.of('twilio-phone-error')).to.have.length(0);
    });

    it('Reject declines the call at the emulator', async () => {
      const id = ident('in-reject');
      const { el, log } = await makePhone(id);
      const rung = await emulator<CallInfo>('ring', { to: id });
      await until(() => lastCallState(log) === 'ringing', 'ringing');
      await el.updateComplete;
      $<HTMLButtonElement>(el, '[part="reject-button"]')!.click();
      await untilState(el, 'ready', 5000);
      expect(callStates(log)).to.deep.equal(['ringing', 'ended']);
      await untilCall(id, 'incoming', (c) => c.callSid === rung.callSid && c.state === 'rejected', 'rejected');
    });

    it('a remote cancel ends the ringing call', async () => {
      const id = ident('in-cancel');
      const { el, log } = await makePhone(id);
      const rung = await emulator<CallInfo>('ring', { to: id });
      await until(() => lastCallState(log) === 'ringing', 'ringing');
      await emulator('cancel', { callSid: rung.callSid });
      await untilState(el, 'ready', 5000);
      await el.updateComplete;
      expect(callStates(log)).to.deep.equal(['ringing', 'ended']);
      expect($(el, '[part="accept-button"]')).to.equal(null);
      expect(el.activeCall).to.equal(null);
      expect((await callOf(id, 'incoming'))!.state).to.equal('canceled');
    });

    it('preventDefault() on twilio-phone-incoming rejects the call without ringing the UI', async () => {
      const id = ident('in-prevent');
      const { el, log } = await makePhone(id);
      el.addEventListener('twilio-phone-incoming', (e) => e.preventDefault(), { once: true });
      const rung = await emulator<CallInfo>('ring', { to: id });
      await untilCall(id, 'incoming', (c) => c.callSid === rung.callSid && c.state === 'rejected', 'rejected');
      expect(log.of('twilio-phone-incoming')).to.have.length(1);
      expect(callStates(log)).to.deep.equal([]);
      expect(el.state).to.equal('ready');
      expect(phoneStates(log)).to.deep.equal(['fetching-token', 'registering', 'ready']);
    });

    it('a second incoming call while busy is rejected (the caller hears busy), the first one goes on', async () => {
      const id = ident('in-busy');
      const { el, log } = await makePhone(id);
      await dialWithClick(el, 'echo');
      await until(() => lastCallState(log) === 'connected', 'connected');
      const second = await emulator<CallInfo>('ring', { to: id });
      await untilCall(id, 'incoming', (c) => c.callSid === second.callSid && c.state === 'rejected', 'second call rejected');
      expect(lastCallState(log)).to.equal('connected');
      expect(log.of('twilio-phone-incoming')).to.have.length(0);
      expect(el.state).to.equal('busy');
      await hangupAndSettle(el, log);
    });
  });

  it('two phones on one page call each other through the emulator bridge, audio both ways', async () => {
    const alice = await makePhone(ident('alice'));
    const bobId = ident('bob');
    const bob = await makePhone(bobId);
    const aliceId = alice.el.tokenUrl.match(/identity=([^&]+)/)![1]!;
    await dialWithClick(alice.el, `client:${bobId}`);
    await until(() => lastCallState(bob.log) === 'ringing', 'bob rings');
    expect(log0(bob.log).detail.from).to.equal(`client:${aliceId}`);
    expect(lastCallState(alice.log)).to.equal('ringing');
    bob.el.accept();
    await until(() => lastCallState(alice.log) === 'connected' && lastCallState(bob.log) === 'connected', 'both connected');
    const parent = await untilCall(aliceId, 'outgoing', (c) => (c.media?.packetsReceived ?? 0) > 50 && (c.media?.packetsSent ?? 0) > 50, 'alice leg both ways');
    const child = await untilCall(bobId, 'incoming', (c) => (c.media?.packetsReceived ?? 0) > 50 && (c.media?.packetsSent ?? 0) > 50, 'bob leg both ways');
    expect(parent.childCallSid).to.equal(child.callSid);
    const a = await rtpCounters(alice.el);
    const b = await rtpCounters(bob.el);
    expect(a.ice).to.equal('connected');
    expect(b.ice).to.equal('connected');
    expect(a.received).to.be.greaterThan(20);
    expect(b.received).to.be.greaterThan(20);
    // Bob hangs up: alice's call ends too.
    bob.el.hangup();
    await untilState(alice.el, 'ready', 5000);
    await untilState(bob.el, 'ready', 5000);
    expect(callStates(alice.log)).to.deep.equal(['dialing', 'ringing', 'connected', 'ended']);
    expect(callStates(bob.log)).to.deep.equal(['ringing', 'connected', 'ended']);
    expect(alice.log.of('twilio-phone-error')).to.have.length(0);
    expect(bob.log.of('twilio-phone-error')).to.have.length(0);
  });

  it('shows the reconnecting banner when the signaling socket drops mid-call, accessible, then reconnects with the call intact', async () => {
    const id = ident('reconnect');
    const { el, log } = await makePhone(id);
    await dialWithClick(el, 'echo');
    await until(() => lastCallState(log) === 'connected', 'connected');
    const before = await untilCall(id, 'outgoing', (c) => (c.media?.packetsReceived ?? 0) > 20, 'media');
    await emulator('drop', {});
    await until(() => lastCallState(log) === 'reconnecting', 'reconnecting', 5000);
    await el.updateComplete;
    const banner = $(el, '[part="banner"]')!;
    expect(banner.getAttribute('role')).to.equal('status');
    expect(banner.textContent).to.contain('reconnecting');
    await expect(el).to.be.accessible();
    await until(() => lastCallState(log) === 'connected', 'reconnected', 15000);
    await el.updateComplete;
    expect($(el, '[part="banner"]')).to.equal(null);
    expect(callStates(log)).to.deep.equal(['dialing', 'ringing', 'connected', 'reconnecting', 'connected']);
    // The same call at the emulator, media still flowing, and it can be hung up normally.
    const after = await untilCall(id, 'outgoing', (c) => (c.media?.packetsReceived ?? 0) > before.media!.packetsReceived + 50, 'media after reconnect');
    expect(after.callSid).to.equal(before.callSid);
    expect(after.state).to.equal('in-progress');
    el.hangup();
    await untilState(el, 'ready', 8000);
    await untilCall(id, 'outgoing', (c) => c.state === 'completed', 'completed');
    expect(phoneStates(log)).to.deep.equal(['fetching-token', 'registering', 'ready', 'busy', 'ready']);
  });

  describe('audio devices', () => {
    it('offers labelled microphone (and, where supported, speaker) pickers from device.audio, and switches the microphone', async () => {
      const id = ident('devices');
      const { el, log } = await makePhone(id);
      await until(() => !!$(el, '[part="microphone-select"]'), 'microphone picker');
      const audio = el.device!.audio!;
      const mic = $<HTMLSelectElement>(el, '[part="microphone-select"]')!;
      expect(mic.closest('label')!.textContent).to.contain('Microphone');
      expect(mic.options.length).to.equal(audio.availableInputDevices.size);
      const outputs = audio.isOutputSelectionSupported && audio.availableOutputDevices.size > 0;
      expect(!!$(el, '[part="speaker-select"]'), 'speaker picker only where output selection works').to.equal(outputs);
      if (outputs) expect($(el, '[part="speaker-select"]')!.closest('label')!.textContent).to.contain('Speaker');
      await expect(el).to.be.accessible();
      // Pick the last microphone: the SDK opens it (setInputDevice) and the call uses it.
      const target = mic.options[mic.options.length - 1]!.value;
      mic.value = target;
      mic.dispatchEvent(new Event('change', { bubbles: true }));
      await until(() => el.device?.audio?.inputDevice?.deviceId === target, 'input device set');
      await el.updateComplete;
      expect($<HTMLSelectElement>(el, '[part="microphone-select"]')!.value).to.equal(target);
      if (outputs) {
        const speaker = $<HTMLSelectElement>(el, '[part="speaker-select"]')!;
        const out = speaker.options[speaker.options.length - 1]!.value;
        speaker.value = out;
        speaker.dispatchEvent(new Event('change', { bubbles: true }));
        await until(() => [...el.device!.audio!.speakerDevices.get()].some((d) => d.deviceId === out), 'speaker set');
      }
      await dialWithClick(el, 'echo');
      await until(() => lastCallState(log) === 'connected', 'connected');
      await untilCall(id, 'outgoing', (c) => (c.media?.packetsReceived ?? 0) > 50, 'media from the chosen microphone');
      expect(log.of('twilio-phone-error')).to.have.length(0);
      await hangupAndSettle(el, log);
    });

    // Chromium runs with --use-fake-ui-for-media-stream, which grants every prompt, so a denial
    // cannot come from the browser here: the test replaces getUserMedia with one that rejects the
    // way a denied prompt does (DOMException NotAllowedError). The SDK reads
    // navigator.mediaDevices.getUserMedia at call time, so the real SDK path runs.
    async function withDeniedMic(fn: () => Promise<void>, name = 'NotAllowedError') {
      const md = navigator.mediaDevices;
      const original = md.getUserMedia;
      md.getUserMedia = () => Promise.reject(new DOMException('Permission denied', name));
      try {
        await fn();
      } finally {
        md.getUserMedia = original;
      }
    }

    it('microphone denied on Call: state error with a clear 31401 message, nothing stuck, Try again recovers', async () => {
      const id = ident('micdenied');
      const { el, log } = await makePhone(id);
      await withDeniedMic(async () => {
        await dialWithClick(el, 'echo');
        await untilState(el, 'error', 5000);
      });
      await el.updateComplete;
      expect(callStates(log)[0]).to.equal('dialing');
      expect(lastCallState(log)).to.equal('ended');
      const errors = log.of('twilio-phone-error');
      expect(errors).to.have.length(1);
      expect(errors[0]!.detail.fatal).to.equal(true);
      expect(errors[0]!.detail.error.code).to.equal(31401);
      expect(errors[0]!.detail.error.message).to.match(/Microphone access was denied/);
      const last = log.of('twilio-phone-state-change').at(-1)!.detail;
      expect(last.previousState).to.equal('busy');
      expect(last.reason).to.equal('microphone-denied');
      expect($(el, '[part="message"]')!.textContent).to.contain('31401');
      expect(el.activeCall).to.equal(null);
      expect(el.device).to.equal(null);
      await sleep(500);
      const live = (await calls()).filter((c) => c.identity === id && (c.state === 'ringing' || c.state === 'in-progress'));
      expect(live).to.have.length(0);
      await expect(el).to.be.accessible();
      $<HTMLButtonElement>(el, '[part="start-button"]')!.click();
      await untilState(el, 'ready');
      await dialWithClick(el, 'echo');
      await until(() => lastCallState(log) === 'connected', 'connected after Try again');
      await hangupAndSettle(el, log);
    });

    it('no microphone (NotFoundError) on Accept: 31402 with its own message, the caller is not left ringing', async () => {
      const id = ident('micmissing');
      const { el, log } = await makePhone(id);
      const rung = await emulator<CallInfo>('ring', { to: id });
      await until(() => lastCallState(log) === 'ringing', 'ringing');
      await el.updateComplete;
      await withDeniedMic(async () => {
        $<HTMLButtonElement>(el, '[part="accept-button"]')!.click();
        await untilState(el, 'error', 5000);
      }, 'NotFoundError');
      const errors = log.of('twilio-phone-error');
      expect(errors.map((e) => e.detail.error.code)).to.deep.equal([31402]);
      expect(errors[0]!.detail.error.message).to.match(/No microphone/);
      expect(callStates(log)).to.deep.equal(['ringing', 'ended']);
      await untilCall(id, 'incoming', (c) => c.callSid === rung.callSid && c.state !== 'ringing', 'call no longer ringing', 25000).catch(async () => {
        // The SDK sends nothing for a failed accept; the device's destruction closes the socket.
        throw new Error(`still ringing: ${JSON.stringify(await callOf(id, 'incoming'))}`);
      });
    });
  });
});

function log0(log: ReturnType<typeof record>) {
  return log.of('twilio-phone-incoming')[0]!;
}
