// From the CDN entry, the boot module registers an autostart phone's socket ahead of the SDK as soon
// as the token URL answers with a good token, before the element is even defined (cdn-boot.ts sets
// `bootExtensions.onBoot`: controllers/cdn-boot-extension.ts, register-ahead.ts, boot-listen.ts). Only for a
// token the element will accept, only for a phone that may register now (not `single-tab`), and the
// element then registers nothing twice. (cdn.ts itself would define the elements at once: the test
// wires the boot module the way it does.)
// Counted at both ends: frames sent in the page (counting-websocket) and frames the emulator received
// (GET /emulator/status `framesReceived`). The real SDK registers against the emulator.
import { frameTypeOf as typeOf, opened, sent } from './counting-websocket.js'; // must stay the first import
import { bootExtensions } from '../../src/elements/boot.js'; // the boot module, with the tag not defined yet
import { cdnOnBoot } from '../../src/elements/controllers/cdn-boot-extension.js';
import { expect } from '@open-wc/testing';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { describeWithWebRTC, emulator, hits, record, sleep, testEnv, tokenUrl, uniqueKey, until, untilState } from './helpers.js';

async function addPhone(params: Record<string, string>, attrs = ''): Promise<TwilioPhone> {
  const { signalingHost } = await testEnv();
  const holder = document.createElement('div');
  holder.innerHTML = `<twilio-phone autostart ${attrs} token-url="${tokenUrl(params).replaceAll('&', '&amp;')}" signaling-host="${signalingHost}"></twilio-phone>`;
  document.body.append(holder);
  return holder.firstElementChild as TwilioPhone;
}

/** Frame types sent on the wire on `socket`, heartbeats left out. */
const framesOn = (socket: WebSocket) =>
  sent
    .filter((f) => f.socket === socket)
    .map((f) => typeOf(f.data))
    .filter(Boolean);
const received = async () => (await emulator<{ framesReceived: Record<string, number> }>('status')).framesReceived;

// As cdn-boot.ts does, before any phone: the CDN build's SDK file (preloaded when a token is slow, never evaluated here).
bootExtensions.onBoot = cdnOnBoot(new URL('/dist/cdn/voice-sdk.js', location.href).href);

describeWithWebRTC('the boot module registers a phone ahead of the element (CDN entry)', function () {
  this.timeout(30000);
  // Each test defines nothing: the tag is defined once, by the last test.
  const phones: TwilioPhone[] = [];
  after(() => phones.forEach((el) => el.parentElement?.remove()));

  it('a good token: `listen`, then `register` on the boot socket, before the tag is defined', async () => {
    const key = uniqueKey('boot-register');
    const before = await received();
    const el = await addPhone({ key, identity: key });
    phones.push(el);
    await until(() => opened.length === 1, 'the boot socket');
    const socket = opened[0].socket;
    await until(() => framesOn(socket).includes('register'), 'register sent ahead of the element');
    expect(customElements.get('twilio-phone'), 'not defined yet').to.equal(undefined);
    expect(framesOn(socket), 'listen, then register, nothing else').to.deep.equal(['listen', 'register']);
    expect(
      sent.filter((f) => f.socket === socket && typeOf(f.data)).every((f) => f.early),
      'both from the early-register code',
    ).to.equal(true);
    await until(async () => ((await received()).register ?? 0) > (before.register ?? 0), 'the gateway got register');
    expect(await hits(key)).to.equal(1);
  });

  it('a refused token (401), a body that is no JWT, a single-tab phone: nothing ahead', async () => {
    const refused = await addPhone({ key: uniqueKey('boot-401'), fault: '401' });
    const notJwt = await addPhone({ key: uniqueKey('boot-not-jwt'), fault: 'not-jwt' });
    const single = uniqueKey('boot-single');
    const singleTab = await addPhone({ key: single, identity: single }, 'single-tab');
    phones.push(refused, notJwt, singleTab);
    await until(() => opened.length === 4, 'three more boot sockets');
    await until(async () => (await hits(single)) === 1, 'the single-tab token answered');
    // The good token of the first test registered within a few ms of its answer; give these far longer.
    await sleep(500);
    for (const o of opened.slice(1)) expect(framesOn(o.socket), o.url).to.deep.equal([]);
  });

  it('once defined, each phone uses what the boot module did: one listen and one register per registered phone', async () => {
    const before = await received();
    const logs = phones.map((el) => record(el, ['twilio-phone-state-change', 'twilio-phone-bad-credentials']));
    await import('../../src/elements/components/twilio-phone/define.js');
    const [good, refused, notJwt, singleTab] = phones;
    await untilState(good, 'ready');
    await untilState(singleTab, 'ready');
    await untilState(refused, 'bad-credentials');
    await untilState(notJwt, 'error');
    expect(logs[1].of('twilio-phone-bad-credentials'), 'the refusal reported').to.have.length(1);
    expect(notJwt.lastError?.message, 'the element judged the body itself').to.match(/token/i);
    const after = await received();
    // good registered before the definition: the SDK's own listen and register never reached the gateway.
    // singleTab led (the only tab) and registered through the SDK: one listen, one register.
    expect((after.listen ?? 0) - (before.listen ?? 0), 'listen frames at the gateway since the definition').to.equal(1);
    expect((after.register ?? 0) - (before.register ?? 0), 'register frames at the gateway since the definition').to.equal(1);
    expect(
      framesOn(opened[0].socket).filter((t) => t === 'listen' || t === 'register'),
      'on the first phone’s socket',
    ).to.deep.equal(['listen', 'register']);
    expect(good.device?.state).to.equal('registered');
    expect(opened, 'no socket beyond the boot ones').to.have.length(4);
  });
});
