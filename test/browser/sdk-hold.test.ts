// The CDN entry's hold on the SDK (controllers/sdk-hold.ts): once a booted phone's slow token is good,
// the SDK file downloads (modulepreload) and the answer reaches the element, which then evaluates the
// SDK, only once the phone's socket is open or has failed. Real sockets to the emulator (a slow
// network's handshake: its `upgradeDelayMs` fault) and real token requests (the test server's `delay`).
import { expect } from '@open-wc/testing';
import { SDK_HOLD_MIN_TOKEN_MS, holdSdk } from '../../src/elements/controllers/sdk-hold.js';
import { resetFaults, setFaults, testEnv, tokenUrl, uniqueKey, until } from './helpers.js';

/** The CDN build's SDK file (built before the browser suites): preloading it evaluates nothing. */
const SDK_URL = new URL('/dist/cdn/voice-sdk.js', location.href).href;
/** The SDK preload links added to the head from now on (a cached file's link can come and go between two polls). */
function watchPreloads(): { added: HTMLLinkElement[]; stop(): void } {
  const added: HTMLLinkElement[] = [];
  const observer = new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n instanceof HTMLLinkElement && n.rel === 'modulepreload' && n.href === SDK_URL) added.push(n);
  });
  observer.observe(document.head, { childList: true });
  return { added, stop: () => observer.disconnect() };
}

/** A token request answered after `delay` ms (long round trips), or refused. */
const slowToken = (params: Record<string, string | number> = {}) => fetch(tokenUrl({ key: uniqueKey('hold'), delay: SDK_HOLD_MIN_TOKEN_MS + 110, ...params }));

describe('sdk-hold: the answer and the SDK wait for the booted socket', function () {
  this.timeout(20000);
  const sockets: WebSocket[] = [];
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.close());
    await resetFaults();
  });
  /** A signaling socket to the emulator, still opening; closed after the test. */
  const opening = async () => {
    const { signalingHost } = await testEnv();
    const socket = new WebSocket(`wss://${signalingHost}/signal`);
    sockets.push(socket);
    return socket;
  };

  it('a slow token: preloads the SDK file meanwhile, hands the answer on once the socket is open', async () => {
    await setFaults({ upgradeDelayMs: 800 });
    const t0 = performance.now();
    const socket = await opening();
    let openAt = -1;
    socket.addEventListener('open', () => (openAt = performance.now() - t0));
    let answeredAt = -1;
    const preloads = watchPreloads();
    const handed = holdSdk(socket, slowToken(), SDK_URL).then((answer) => {
      answeredAt = performance.now() - t0;
      return answer;
    });
    const answer = await handed;
    preloads.stop();
    expect(preloads.added, 'one modulepreload link, once the token was good').to.have.length(1);
    expect(openAt, 'the upgrade was answered late').to.be.greaterThan(700);
    expect(answeredAt, 'handed on after `open` (Firefox: whole ms)').to.be.at.least(openAt);
    expect(answer.status).to.equal(200);
    expect((await answer.text()).split('.'), 'the body unread: a JWT').to.have.length(3);
    await until(() => !preloads.added[0].isConnected, 'the link removed once loaded');
    expect(
      performance.getEntriesByType('resource').filter((e) => e.name === SDK_URL),
      'downloaded once',
    ).to.have.length(1);
  });

  it('a fast token (short round trips): handed on at once, nothing preloaded', async () => {
    await setFaults({ upgradeDelayMs: 800 });
    const socket = await opening();
    const links = document.head.querySelectorAll('link').length;
    // A stand-in answer: a real request on loopback can take longer than the threshold on a busy machine.
    const answer = await holdSdk(socket, Promise.resolve(new Response('a.b.c')), SDK_URL);
    expect(socket.readyState, 'while the socket still opens').to.equal(WebSocket.CONNECTING);
    expect(await answer.text()).to.equal('a.b.c');
    expect(document.head.querySelectorAll('link').length, 'no preload').to.equal(links);
  });

  it('a refused token is handed on at once, nothing preloaded', async () => {
    await setFaults({ upgradeDelayMs: 800 });
    const socket = await opening();
    const links = document.head.querySelectorAll('link').length;
    const answer = await holdSdk(socket, slowToken({ fault: '401' }), SDK_URL);
    expect(answer.status).to.equal(401);
    expect(socket.readyState, 'while the socket still opens').to.equal(WebSocket.CONNECTING);
    expect(document.head.querySelectorAll('link').length, 'no preload').to.equal(links);
  });

  it('a refused upgrade: handed on once the socket closed', async () => {
    await setFaults({ refuseConnections: true });
    const socket = await opening();
    const answer = await holdSdk(socket, slowToken(), SDK_URL);
    expect(answer.status).to.equal(200);
    expect(socket.readyState, 'released by the close').to.equal(WebSocket.CLOSED);
  });

  it('a failed token request is handed on as it failed, and left alone it is no unhandled rejection', async () => {
    const socket = await opening();
    const unhandled: unknown[] = [];
    const onUnhandled = (e: PromiseRejectionEvent) => unhandled.push(e.reason);
    window.addEventListener('unhandledrejection', onUnhandled);
    try {
      const failed = fetch('http://127.0.0.1:9/never');
      failed.catch(() => undefined); // the boot module's own handler
      holdSdk(socket, failed, SDK_URL); // never taken by an element
      const taken = fetch('http://127.0.0.1:9/never');
      taken.catch(() => undefined);
      let error: unknown;
      await holdSdk(socket, taken, SDK_URL).catch((e: unknown) => (error = e));
      expect(error, 'the element sees the failure').to.be.instanceOf(TypeError);
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).to.deep.equal([]);
    } finally {
      window.removeEventListener('unhandledrejection', onUnhandled);
    }
  });

  it('a socket that never settles: handed on at the cap', async () => {
    // A stand-in: a real socket always ends (the browser's own connect timeout is minutes away).
    const stuck = Object.assign(new EventTarget(), { readyState: WebSocket.CONNECTING }) as unknown as WebSocket;
    const t0 = performance.now();
    const answer = await holdSdk(stuck, slowToken(), SDK_URL, 400);
    expect(answer.status).to.equal(200);
    expect(performance.now() - t0, 'token delay + the cap').to.be.within(400, 3000);
  });
});
