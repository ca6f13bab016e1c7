// A page that loaded @twilio/voice-sdk itself before the phone: the SDK then
// builds its sockets without the phone's handover, so the phone's prewarmed
// socket cannot be used. The first start() finds that out and closes it; later
// starts open nothing ahead. Registration works either way.
import { opened, openNow } from './counting-websocket.js'; // must stay the first import
import { Device } from '@twilio/voice-sdk'; // evaluated before the phone's loader runs
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { describeWithWebRTC, emulator, testEnv, tokenUrl, uniqueKey, until, untilState } from './helpers.js';

// Needs WebRTC: without it the phone fails before opening any socket (twilio-phone.no-webrtc.test.ts).
describeWithWebRTC('<twilio-phone> prewarm when the page loaded the SDK first', function () {
  this.timeout(30000);

  it('closes the unused socket on the first start() and opens none ahead afterwards', async () => {
    expect(Device.isSupported).to.equal(true);
    const { signalingHost } = await testEnv();
    const el = await fixture<TwilioPhone>(
      html`<twilio-phone token-url=${tokenUrl({ identity: uniqueKey('sdk-first') })} signaling-host=${signalingHost}></twilio-phone>`,
    );
    await el.start();
    await untilState(el, 'ready');
    expect(opened, "the prewarmed socket and the SDK's own").to.have.length(2);
    await until(() => openNow().length === 1, 'the unused prewarmed socket closed');
    expect(openNow()[0].socket).to.not.equal(opened[0].socket);

    el.stop();
    await until(() => openNow().length === 0, 'the SDK socket closed');
    await el.start();
    await untilState(el, 'ready');
    expect(opened, 'only the SDK opened a socket this time').to.have.length(3);
    el.remove();
    await until(() => openNow().length === 0, 'every socket closed');
    let left = -1;
    for (let i = 0; i < 400 && left !== 0; i++) {
      left = (await emulator<{ openSockets: number }>('status')).openSockets;
      if (left) await new Promise((r) => setTimeout(r, 25));
    }
    expect(left, 'open sockets at the emulator').to.equal(0);
  });
});
