// The boot module (src/elements/boot.ts) runs before <twilio-phone> is defined: for every
// `<twilio-phone autostart token-url>` in the page, and each one added later, it sends the token
// request and opens the signaling socket; the element takes both when it upgrades. Counted at
// both ends: token requests at the test server (/__hits), sockets in the page (counting-websocket)
// and at the emulator. The real SDK registers against the emulator.
import { opened, openNow } from './counting-websocket.js'; // must stay the first import
import '../../src/elements/boot.js'; // the boot module, with the tag not defined yet
import { expect } from '@open-wc/testing';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { describeWithWebRTC, hits, record, release, testEnv, tokenUrl, uniqueKey, until, untilEmulatorSockets, untilState } from './helpers.js';

/** Parses a phone from markup, as a page's HTML would bring it (not created by the element class). */
async function addPhone(params: Record<string, string>): Promise<TwilioPhone> {
  const { signalingHost } = await testEnv();
  const holder = document.createElement('div');
  holder.innerHTML = `<twilio-phone autostart token-url="${tokenUrl(params).replaceAll('&', '&amp;')}" signaling-host="${signalingHost}"></twilio-phone>`;
  document.body.append(holder);
  return holder.firstElementChild as TwilioPhone;
}
async function untilHits(key: string, n: number) {
  for (let i = 0; i < 400 && (await hits(key)) !== n; i++) await new Promise((r) => setTimeout(r, 25));
  expect(await hits(key), `token requests of ${key}`).to.equal(n);
}
const socketsTo = (el: TwilioPhone) => opened.filter((o) => o.url === `wss://${el.getAttribute('signaling-host')}/signal`);

describeWithWebRTC('the boot module hands its token request and socket to <twilio-phone>', function () {
  this.timeout(30000);

  it('phones in the page before the tag is defined: one token request and one socket each, the ones the element uses', async () => {
    await untilEmulatorSockets(0);
    const keys = { a: uniqueKey('boot-a'), b: uniqueKey('boot-b'), c: uniqueKey('boot-c'), d: uniqueKey('boot-d') };
    const holds = { a: uniqueKey('hold'), b: uniqueKey('hold'), c: uniqueKey('hold'), d: uniqueKey('hold') };
    const a = await addPhone({ key: keys.a, hold: holds.a, identity: keys.a });
    // Added later, still before the definition: the boot module's observer sees it.
    await new Promise((r) => setTimeout(r, 0));
    const b = await addPhone({ key: keys.b, hold: holds.b, identity: keys.b });
    // The page points c elsewhere before the element upgrades: the boot request is not what it asks for now.
    const c = await addPhone({ key: keys.c, hold: holds.c, identity: keys.c });
    const moved = uniqueKey('boot-c-moved');
    // d: stopped by the page while the boot token is still on its way.
    const d = await addPhone({ key: keys.d, hold: holds.d, identity: keys.d });
    await until(() => opened.length === 4, 'four boot sockets');
    await until(() => opened.every((o) => o.socket.readyState === WebSocket.OPEN), 'the boot sockets open');
    for (const k of [keys.a, keys.b, keys.d]) await untilHits(k, 1);
    expect(customElements.get('twilio-phone'), 'not defined yet').to.equal(undefined);

    // The tag is defined (the bundler entry's import order: boot, then the element): the phones upgrade and start.
    await untilHits(keys.c, 1);
    c.setAttribute('token-url', tokenUrl({ key: moved, identity: moved }));
    await import('../../src/elements/components/twilio-phone/define.js');
    const logs = [a, b].map((el) => record(el, ['twilio-phone-state-change', 'twilio-phone-error']));
    expect(a.state, 'a waits for the boot token').to.equal('fetching-token');
    expect(opened, 'the upgrade opened one socket: c, which starts its own').to.have.length(5);
    d.stop();
    await until(() => opened[3].socket.readyState === WebSocket.CLOSED, "d's boot socket closed by stop()");
    await release(holds.d);
    await release(holds.a);
    await release(holds.b);
    await release(holds.c);
    await Promise.all([a, b, c].map((el) => untilState(el, 'ready')));
    expect(await hits(keys.a), 'token requests of a').to.equal(1);
    expect(await hits(keys.b), 'token requests of b').to.equal(1);
    expect(await hits(keys.c), "c's boot request, aborted").to.equal(1);
    expect(await hits(moved), "c's own request").to.equal(1);
    // a and b: the boot socket registered (no other socket); c: the boot socket closed, its own registered.
    expect(await hits(keys.d), 'token requests of d').to.equal(1);
    expect(d.state).to.equal('idle');
    expect(opened, 'sockets: one each for a, b and d, two for c').to.have.length(5);
    expect(opened[2].socket.readyState, "c's boot socket closed").to.equal(WebSocket.CLOSED);
    await until(() => openNow().length === 3, 'three sockets open');
    for (const el of [a, b]) expect(el.device?.state).to.equal('registered');
    for (const log of logs) expect(log.of('twilio-phone-error')).to.have.length(0);
    await untilEmulatorSockets(3);
    for (const el of [a, b, c, d]) el.parentElement!.remove();
    await untilEmulatorSockets(0);
  });

  it('a phone added after the definition starts itself: one token request, one socket', async () => {
    opened.length = 0;
    const key = uniqueKey('after');
    const el = await addPhone({ key, identity: key });
    await untilState(el, 'ready');
    expect(await hits(key)).to.equal(1);
    expect(socketsTo(el)).to.have.length(1);
    el.parentElement!.remove();
    await untilEmulatorSockets(0);
  });
});
