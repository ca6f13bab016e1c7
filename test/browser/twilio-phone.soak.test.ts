// Soak: a phone kept ready across many short-lived tokens, and many
// sequential echo calls, must not drift: no state change, no error, no growth
// in open sockets or peer connections. `npm test` runs a short variant;
// `npm run soak` the full one (5 minutes with 30 s tokens, 50 calls).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { describeWithWebRTC, emulator, hits, record, sleep, testEnv, tokenUrl, uniqueKey, until, untilState } from './helpers.js';

interface SoakPlan {
  readyMs: number;
  ttl: number;
  minRefreshes: number;
  calls: number;
}
const PLANS: Record<'ci' | 'full', SoakPlan> = {
  ci: { readyMs: 40_000, ttl: 12, minRefreshes: 3, calls: 10 },
  full: { readyMs: 300_000, ttl: 30, minRefreshes: 9, calls: 50 },
};

// Count peer connections the SDK opens (it looks RTCPeerConnection up on window per call).
const peerConnections: RTCPeerConnection[] = [];
// Built only where WebRTC exists: a class cannot extend an undefined RTCPeerConnection.
const NativePC = window.RTCPeerConnection;
const CountingPC =
  typeof NativePC === 'function'
    ? class extends NativePC {
        constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
          super(...args);
          peerConnections.push(this);
        }
      }
    : NativePC;

// Needs WebRTC: without it the phone stops at its capability check (twilio-phone.no-webrtc.test.ts).
describeWithWebRTC('soak', function () {
  let plan: SoakPlan;
  before(async () => {
    plan = PLANS[((await testEnv()) as unknown as { soak: 'ci' | 'full' }).soak];
    this.timeout(plan.readyMs + 120_000);
    window.RTCPeerConnection = CountingPC;
  });
  after(() => {
    window.RTCPeerConnection = NativePC;
  });

  it('stays ready across token refreshes', async function () {
    this.timeout(plan.readyMs + 60_000);
    const { signalingHost } = await testEnv();
    const key = uniqueKey('soak');
    const el = await fixture<TwilioPhone>(
      html`<twilio-phone token-url=${tokenUrl({ variant: 'good', identity: key, ttl: plan.ttl, key })} signaling-host=${signalingHost}></twilio-phone>`,
    );
    const log = record(el, ['twilio-phone-state-change', 'twilio-phone-error']);
    await el.start();
    await untilState(el, 'ready');
    await sleep(plan.readyMs);
    const refreshes = (await hits(key)) - 1;
    expect(refreshes, 'token refreshes').to.be.at.least(plan.minRefreshes);
    expect(el.state).to.equal('ready');
    expect(log.of('twilio-phone-state-change').map((e) => e.detail.state)).to.deep.equal(['fetching-token', 'registering', 'ready']);
    expect(log.of('twilio-phone-error')).to.have.length(0);
    el.stop();
  });

  it('sequential echo calls leave no socket or peer connection behind', async function () {
    this.timeout(plan.calls * 5_000 + 30_000);
    const { signalingHost } = await testEnv();
    const key = uniqueKey('soak-calls');
    const el = await fixture<TwilioPhone>(
      html`<twilio-phone token-url=${tokenUrl({ variant: 'good', identity: key })} signaling-host=${signalingHost}></twilio-phone>`,
    );
    const log = record(el, ['twilio-phone-call-state-change', 'twilio-phone-error']);
    await el.start();
    await untilState(el, 'ready');
    const socketsBefore = (await emulator<{ openSockets: number }>('status')).openSockets;
    const pcsBefore = peerConnections.length;
    for (let i = 0; i < plan.calls; i++) {
      await el.call('echo');
      await until(() => log.of('twilio-phone-call-state-change').at(-1)?.detail.callState === 'connected', `call ${i} connected`);
      el.hangup();
      await untilState(el, 'ready');
    }
    const created = peerConnections.slice(pcsBefore);
    expect(created.length, 'one peer connection per call').to.equal(plan.calls);
    await until(() => created.every((pc) => pc.connectionState === 'closed' || pc.signalingState === 'closed'), 'all peer connections closed', 5000);
    expect((await emulator<{ openSockets: number }>('status')).openSockets).to.equal(socketsBefore);
    expect(log.of('twilio-phone-error')).to.have.length(0);
    el.stop();
  });
});
