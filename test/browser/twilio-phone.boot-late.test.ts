// <twilio-phone> without the boot module (the class module, defined by the page), and with the boot
// module loaded after the tag is defined: the element starts itself, one token request and one
// socket per phone, and the late boot module starts nothing of its own.
import { opened } from './counting-websocket.js'; // must stay the first import
import { expect } from '@open-wc/testing';
import { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { describeWithWebRTC, hits, testEnv, tokenUrl, uniqueKey, untilEmulatorSockets, untilState } from './helpers.js';

async function addPhone(key: string): Promise<TwilioPhone> {
  const { signalingHost } = await testEnv();
  const holder = document.createElement('div');
  holder.innerHTML = `<twilio-phone autostart token-url="${tokenUrl({ key, identity: key }).replaceAll('&', '&amp;')}" signaling-host="${signalingHost}"></twilio-phone>`;
  document.body.append(holder);
  return holder.firstElementChild as TwilioPhone;
}

describeWithWebRTC('<twilio-phone> without the boot module, or with it loaded after the definition', function () {
  this.timeout(30000);

  it('without the boot module: one token request, one socket', async () => {
    TwilioPhone.define();
    const key = uniqueKey('no-boot');
    const el = await addPhone(key);
    await untilState(el, 'ready');
    expect(await hits(key)).to.equal(1);
    expect(opened).to.have.length(1);
    el.parentElement!.remove();
    await untilEmulatorSockets(0);
  });

  it('the boot module loaded after the definition starts nothing: still one token request and one socket per phone', async () => {
    opened.length = 0;
    const first = await addPhone(uniqueKey('late-1'));
    await untilState(first, 'ready');
    await import('../../src/elements/boot.js');
    const key = uniqueKey('late-2');
    const second = await addPhone(key);
    await untilState(second, 'ready');
    expect(await hits(key)).to.equal(1);
    expect(opened, 'one socket per phone').to.have.length(2);
    for (const el of [first, second]) el.parentElement!.remove();
    await untilEmulatorSockets(0);
  });
});
