// The CDN build, as a page gets it, on a slow network (the emulator's `upgradeDelayMs` for the
// handshake, the test server's `delay` for the token: a fast token holds nothing, sdk-hold.test.ts):
// an autostart phone's SDK chunk downloads while its socket opens and runs (the Device is built)
// only once the socket is open, so the SDK's evaluation never delays `open` and `listen`
// (controllers/sdk-hold.ts). One token request, one socket, one request for the SDK file.
import { opened } from './counting-websocket.js'; // must stay the first import
import { expect } from '@open-wc/testing';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { describeWithWebRTC, hits, resetFaults, setFaults, testEnv, tokenUrl, uniqueKey, until, untilState } from './helpers.js';

describeWithWebRTC('the CDN build holds the SDK until the booted socket is open', function () {
  this.timeout(30000);
  after(() => resetFaults());

  it('downloads the SDK meanwhile, builds the Device after `open`, registers once', async () => {
    await setFaults({ upgradeDelayMs: 1000 });
    const { signalingHost } = await testEnv();
    const key = uniqueKey('sdk-hold');
    const holder = document.createElement('div');
    holder.innerHTML = `<twilio-phone autostart token-url="${tokenUrl({ key, identity: key, delay: 150 }).replaceAll('&', '&amp;')}" signaling-host="${signalingHost}"></twilio-phone>`;
    document.body.append(holder);
    const el = holder.firstElementChild as TwilioPhone;
    const t0 = performance.now();
    await import('/dist/cdn/twilio-widgets.js' as string);
    expect(opened, 'the boot socket').to.have.length(1);
    const socket = opened[0].socket;
    expect(socket.readyState, 'still opening when the elements are here').to.equal(WebSocket.CONNECTING);
    let openAt = -1;
    socket.addEventListener('open', () => (openAt = performance.now() - t0));
    let deviceAt = -1;
    await until(() => {
      if (deviceAt < 0 && el.device) deviceAt = performance.now() - t0;
      return deviceAt >= 0;
    }, 'a Device');
    await untilState(el, 'ready');

    expect(openAt, 'the socket opened late').to.be.greaterThan(800);
    expect(deviceAt, 'the Device came after `open`').to.be.at.least(openAt);
    const sdk = performance.getEntriesByType('resource').filter((e) => /\/dist\/cdn\/voice-sdk\.js$/.test(e.name));
    expect(sdk, 'one request for the SDK file').to.have.length(1);
    expect(sdk[0].startTime - t0, 'asked for while the socket opened').to.be.lessThan(openAt);
    expect(opened, 'no other socket').to.have.length(1);
    expect(await hits(key), 'one token request').to.equal(1);
    holder.remove();
  });
});
