// Leak test: many mount/start/remove cycles of <twilio-phone> against the
// emulator leave no open WebSocket and no live SDK Device. Only primitives are
// asserted (an SDK object inside a failing assertion crashes the browser link).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { describeWithWebRTC, emulator, resetFaults, testEnv, tokenUrl, until, untilState } from './helpers.js';

interface EmulatorStatus {
  registered: string[];
  openSockets: number;
}

/** Polls the emulator until its open socket count is `n` (sockets close asynchronously). */
async function untilOpenSockets(n: number, timeoutMs = 15000): Promise<EmulatorStatus> {
  let status: EmulatorStatus;
  const started = performance.now();
  for (;;) {
    status = await emulator<EmulatorStatus>('status');
    if (status.openSockets === n) return status;
    if (performance.now() - started > timeoutMs) return status;
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Needs WebRTC: without it the phone stops at its capability check (twilio-phone.no-webrtc.test.ts).
describeWithWebRTC('<twilio-phone> leaks', function () {
  this.timeout(90000);
  before(() => resetFaults());

  it('200 mount/start/remove cycles leave 0 open sockets and no live Device', async () => {
    const { signalingHost } = await testEnv();
    const baseline = await untilOpenSockets(0);
    expect(baseline.openSockets, 'open sockets before').to.equal(0);
    const container = await fixture<HTMLElement>(html`<div></div>`);
    const CYCLES = 200;
    const devices: Array<{ state: string }> = [];
    let readyCount = 0;
    for (let i = 0; i < CYCLES; i++) {
      const el = document.createElement('twilio-phone') as TwilioPhone;
      el.tokenUrl = tokenUrl({ variant: 'good', identity: `leak-${i}` });
      el.signalingHost = signalingHost;
      container.append(el);
      await el.start();
      const device = el.device;
      expect(device === null, `cycle ${i}: a Device after start() (state ${el.state})`).to.equal(false);
      devices.push(device as unknown as { state: string });
      // Alternate: remove while registering, and once ready.
      if (i % 2 === 0) {
        await untilState(el, 'ready');
        readyCount++;
      } else {
        expect(['registering', 'ready']).to.include(el.state);
      }
      el.remove();
      // Teardown is deferred one microtask (a move would reconnect in between).
      await Promise.resolve();
      await Promise.resolve();
      expect(el.device === null, `cycle ${i}: device released`).to.equal(true);
      expect(devices[i].state, `cycle ${i}: SDK device state`).to.equal('destroyed');
    }
    expect(readyCount).to.equal(CYCLES / 2);
    const live = devices.filter((d) => d.state !== 'destroyed').length;
    expect(live, 'live SDK devices').to.equal(0);
    devices.length = 0;
    const status = await untilOpenSockets(0);
    expect(status.openSockets, 'open sockets at the emulator').to.equal(0);
    expect(
      status.registered.filter((id) => id.startsWith('leak-')),
      'registrations left',
    ).to.deep.equal([]);
  });

  it('moving a ready phone to another parent in the same task keeps its Device', async () => {
    const { signalingHost } = await testEnv();
    const wrap = await fixture<HTMLElement>(html`<div><section id="a"></section><section id="b"></section></div>`);
    const [a, b] = [wrap.querySelector('#a')!, wrap.querySelector('#b')!];
    const el = document.createElement('twilio-phone') as TwilioPhone;
    el.tokenUrl = tokenUrl({ variant: 'good', identity: 'leak-move' });
    el.signalingHost = signalingHost;
    a.append(el);
    await el.start();
    await untilState(el, 'ready');
    const device = el.device as unknown as { state: string };
    const events: string[] = [];
    el.addEventListener('twilio-phone-state-change', (e) => events.push((e as CustomEvent).detail.state));
    b.append(el); // disconnect + connect in one task
    await new Promise((r) => setTimeout(r, 0));
    expect(el.parentElement === b).to.equal(true);
    expect((el.device as unknown) === device, 'same Device after the move').to.equal(true);
    expect(device.state).to.equal('registered');
    expect(el.state).to.equal('ready');
    expect(events).to.deep.equal([]);
    // A real removal does tear it down.
    el.remove();
    await until(() => device.state === 'destroyed', 'device destroyed after removal', 5000);
    expect(el.device === null).to.equal(true);
    const status = await untilOpenSockets(0);
    expect(status.openSockets).to.equal(0);
  });

  it('removing a phone while its token request is in flight creates no Device', async () => {
    const { signalingHost } = await testEnv();
    const container = await fixture<HTMLElement>(html`<div></div>`);
    const el = document.createElement('twilio-phone') as TwilioPhone;
    el.tokenUrl = tokenUrl({ variant: 'good', identity: 'leak-inflight', delay: 300 });
    el.signalingHost = signalingHost;
    container.append(el);
    const started = el.start();
    expect(el.state).to.equal('fetching-token');
    el.remove();
    await started;
    expect(el.device === null).to.equal(true);
    const status = await untilOpenSockets(0);
    expect(status.openSockets).to.equal(0);
    expect(status.registered).not.to.include('leak-inflight');
  });
  // The SDK plays its sounds through one AudioContext for the whole page (`Device.audioContext`),
  // and the phone listens to it to tell when the browser blocks sound. Lit also updates a removed
  // element, so a listener added by such an update would keep every removed phone (and its Device)
  // alive: the bench's heap row counted 11 of 303. The context's listeners are counted by wrapping
  // its own add/removeEventListener (a spy on the real object, not a stand-in).
  it('phones removed as soon as they are ready leave no listener on the shared AudioContext', async () => {
    const { signalingHost } = await testEnv();
    const container = await fixture<HTMLElement>(html`<div></div>`);
    let context: AudioContext | undefined;
    const listening = new Set<EventListenerOrEventListenerObject>();
    const instrument = (ctx: AudioContext) => {
      const add = ctx.addEventListener.bind(ctx);
      const remove = ctx.removeEventListener.bind(ctx);
      ctx.addEventListener = (type: string, fn: EventListenerOrEventListenerObject | null, opts?: boolean | AddEventListenerOptions) => {
        if (type === 'statechange' && fn) listening.add(fn);
        add(type, fn, opts);
      };
      ctx.removeEventListener = (type: string, fn: EventListenerOrEventListenerObject | null, opts?: boolean | EventListenerOptions) => {
        if (type === 'statechange' && fn) listening.delete(fn);
        remove(type, fn, opts);
      };
    };
    for (let i = 0; i < 12; i++) {
      const el = document.createElement('twilio-phone') as TwilioPhone;
      el.tokenUrl = tokenUrl({ variant: 'good', identity: `leak-context-${i}` });
      el.signalingHost = signalingHost;
      container.append(el);
      // As a page does: start, and remove the phone as soon as it says ready.
      const ready = new Promise<void>((resolve) =>
        el.addEventListener('twilio-phone-state-change', (e) => {
          if (e.detail.state === 'ready') resolve();
        }),
      );
      void el.start();
      await ready;
      if (!context) {
        context = (el.device?.constructor as { audioContext?: AudioContext } | undefined)?.audioContext;
        expect(context, 'the SDK shares one AudioContext').to.be.instanceOf(AudioContext);
        instrument(context!);
      }
      el.remove();
      await until(() => el.device === null, 'the removed phone released its Device');
    }
    // Whatever was still pending for the removed phones (updates, chunks) has run by now.
    await new Promise((r) => setTimeout(r, 200));
    expect(listening.size, 'statechange listeners left on the shared AudioContext').to.equal(0);
  });
});
