// The phone opens the signaling WebSocket at start(), while the token request
// is still in flight, and the SDK registers on that same socket (the real SDK,
// loaded by the phone, against the emulator). Token answers are held by the
// test server until the test releases them, so every step is event-driven.
import { opened, openNow } from './counting-websocket.js'; // must stay the first import
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { describeWithWebRTC, emulator, record, release, testEnv, tokenUrl, uniqueKey, until, untilEmulatorSockets, untilState } from './helpers.js';

async function makePhone(params: Record<string, string | number>) {
  const { signalingHost } = await testEnv();
  const el = await fixture<TwilioPhone>(html`<twilio-phone token-url=${tokenUrl(params)} signaling-host=${signalingHost}></twilio-phone>`);
  return { el, log: record(el, ['twilio-phone-state-change', 'twilio-phone-error']), signalingHost };
}

// Needs WebRTC: without it the phone fails before opening any socket (twilio-phone.no-webrtc.test.ts).
describeWithWebRTC('<twilio-phone> opens the signaling socket while the token is on its way', function () {
  this.timeout(30000);
  beforeEach(async () => {
    opened.length = 0;
    await untilEmulatorSockets(0);
  });

  it('opens the socket before the token answers, and the SDK registers on it', async () => {
    const hold = uniqueKey('hold');
    const { el, log, signalingHost } = await makePhone({ identity: uniqueKey('prewarm'), hold });
    void el.start();
    await until(() => opened.length === 1 && opened[0].socket.readyState === WebSocket.OPEN, 'the prewarmed socket open');
    expect(opened[0].url).to.equal(`wss://${signalingHost}/signal`);
    expect(el.state, 'the token is still held').to.equal('fetching-token');
    await release(hold);
    await untilState(el, 'ready');
    expect(opened, 'no second socket').to.have.length(1);
    expect(el.device?.state).to.equal('registered');
    expect(log.of('twilio-phone-error')).to.have.length(0);
    el.remove();
    await until(() => opened[0].socket.readyState === WebSocket.CLOSED, 'the socket closed with the phone');
    await untilEmulatorSockets(0);
  });

  it('closes the socket when the token URL refuses (401) and ends in bad-credentials', async () => {
    const hold = uniqueKey('hold');
    const { el } = await makePhone({ fault: '401', hold });
    void el.start();
    await until(() => opened.length === 1, 'the prewarmed socket');
    await release(hold);
    await untilState(el, 'bad-credentials');
    await until(() => openNow().length === 0, 'the prewarmed socket closed');
    expect(opened).to.have.length(1);
    await untilEmulatorSockets(0);
  });

  it('closes the socket when stop() comes before the token', async () => {
    const hold = uniqueKey('hold');
    const { el } = await makePhone({ hold });
    void el.start();
    await until(() => opened.length === 1, 'the prewarmed socket');
    el.stop();
    expect(el.state).to.equal('idle');
    await until(() => openNow().length === 0, 'the prewarmed socket closed');
    await release(hold);
    await untilEmulatorSockets(0);
    expect(opened).to.have.length(1);
  });

  it('closes the socket when the phone is removed before the token', async () => {
    const hold = uniqueKey('hold');
    const { el } = await makePhone({ hold });
    void el.start();
    await until(() => opened.length === 1, 'the prewarmed socket');
    el.remove();
    await until(() => openNow().length === 0, 'the prewarmed socket closed');
    await release(hold);
    await untilEmulatorSockets(0);
  });

  it('registers on a fresh socket when the prewarmed one was dropped before the token', async () => {
    const hold = uniqueKey('hold');
    const { el, log } = await makePhone({ identity: uniqueKey('dropped'), hold });
    void el.start();
    await until(() => opened.length === 1 && opened[0].socket.readyState === WebSocket.OPEN, 'the prewarmed socket open');
    await untilEmulatorSockets(1);
    await emulator('drop', {});
    await until(() => opened[0].socket.readyState === WebSocket.CLOSED, 'the prewarmed socket dropped');
    await release(hold);
    await untilState(el, 'ready');
    expect(opened, 'the SDK opened its own').to.have.length(2);
    expect(log.of('twilio-phone-error')).to.have.length(0);
    el.remove();
    await untilEmulatorSockets(0);
  });

  it('two phones starting together register with one socket each', async () => {
    const [a, b] = [uniqueKey('hold'), uniqueKey('hold')];
    const one = await makePhone({ identity: uniqueKey('two-a'), hold: a });
    const two = await makePhone({ identity: uniqueKey('two-b'), hold: b });
    void one.el.start();
    void two.el.start();
    await until(() => opened.length === 2, 'two prewarmed sockets');
    await release(b);
    await untilState(two.el, 'ready');
    await release(a);
    await untilState(one.el, 'ready');
    expect(opened).to.have.length(2);
    await untilEmulatorSockets(2);
    one.el.remove();
    two.el.remove();
    await untilEmulatorSockets(0);
  });
});
