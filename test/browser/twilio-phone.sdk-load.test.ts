// The phone's code that needs the SDK (controllers/sdk-kit.ts: the session's Device, the Device
// recipe) loads beside the SDK, once the token is good. When that chunk fails to load (the test
// server answers 503 for it: a real failed module fetch), the phone ends in `error` with reason
// `sdk-load-failed` and its readable message, closes the socket it opened for the SDK, and leaves
// no unhandled rejection. A failed module fetch stays failed for the page, so this file has its own.
// And a refused token asks for neither the SDK nor that chunk.
import { opened, openNow } from './counting-websocket.js'; // must stay the first import
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { describeWithWebRTC, hits, record, testEnv, tokenUrl, uniqueKey, until, watchPageProblems } from './helpers.js';

/** The chunk's path, as the test server matches it (test/support/test-routes.mjs). */
const KIT = '/controllers/sdk-kit.';

// An observer rather than getEntriesByType: the page's resource-timing buffer (250) fills up with the test's own modules.
const seen: string[] = [];
new PerformanceObserver((list) => seen.push(...list.getEntries().map((e) => e.name))).observe({ type: 'resource', buffered: true });
const sdkSideRequests = () => seen.filter((name) => name.includes(KIT) || name.includes('/__voice-sdk.js'));

/** Makes the test server answer 503 for that chunk (test/support/test-routes.mjs), or for none. */
async function failChunk(part: string) {
  const answer = (await (await fetch(`/__chunk-faults?fail=${encodeURIComponent(part)}`)).json()) as { failing: string };
  expect(answer.failing, 'the fault is armed').to.equal(part);
}
const part = (el: Element, name: string) => el.shadowRoot!.querySelector(`[part~="${name}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

// Needs WebRTC: without it the phone fails before any token request or download (twilio-phone.no-webrtc.test.ts).
describeWithWebRTC('<twilio-phone> when the code loaded with the SDK does not load', function () {
  this.timeout(30000);
  const problems = watchPageProblems();
  before(() => failChunk(KIT));
  after(() => failChunk(''));

  it('a refused token (401): bad-credentials, and neither the SDK nor the code loaded with it is asked for', async () => {
    const el = await fixture<TwilioPhone>(html`<twilio-phone token-url=${tokenUrl({ fault: '401' })}></twilio-phone>`);
    await el.start();
    expect(el.state).to.equal('bad-credentials');
    // Resource timing lists module scripts here (the phone's own modules), so the absence means something.
    expect(
      seen.some((name) => name.includes('/controllers/device-session.')),
      'modules are listed',
    ).to.equal(true);
    expect(sdkSideRequests()).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });

  it('start() ends in error (sdk-load-failed) with its message: no Device, the prewarmed socket closed, one error event', async () => {
    const { signalingHost } = await testEnv();
    const el = await fixture<TwilioPhone>(
      html`<twilio-phone token-url=${tokenUrl({ identity: uniqueKey('kit-fails') })} signaling-host=${signalingHost}></twilio-phone>`,
    );
    const log = record(el, ['twilio-phone-state-change', 'twilio-phone-error', 'twilio-phone-bad-credentials']);
    opened.length = 0;
    const refusedBefore = await hits(`failed:${KIT}`);
    await el.start();
    const changes = log.of('twilio-phone-state-change').map((e) => e.detail);
    expect(changes.map((d) => d.state)).to.deep.equal(['fetching-token', 'registering', 'error']);
    expect(changes[2].reason).to.equal('sdk-load-failed');
    expect(el.lastError).to.deep.equal({ message: 'The Twilio Voice SDK could not be loaded.' });
    const errors = log.of('twilio-phone-error').map((e) => e.detail);
    expect(errors).to.deep.equal([{ error: { message: 'The Twilio Voice SDK could not be loaded.' }, fatal: true }]);
    expect(log.of('twilio-phone-bad-credentials')).to.have.length(0);
    expect(el.device).to.equal(null);
    expect(opened, 'the socket opened for the SDK at start()').to.have.length(1);
    await until(() => openNow().length === 0, 'the prewarmed socket closed');
    await el.updateComplete;
    expect(part(el, 'status')).to.equal('The phone could not load');
    expect(part(el, 'message')).to.equal('Check your connection, then press Try again. Details: The Twilio Voice SDK could not be loaded.');
    expect(part(el, 'start-button')).to.equal('Try again');
    expect(await hits(`failed:${KIT}`), 'the chunk was asked for (and refused)').to.equal(refusedBefore + 1);
    expect(problems).to.deep.equal([]);
  });
});
