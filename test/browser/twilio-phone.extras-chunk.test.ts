// When <twilio-phone>'s pre-call test chunk (twilio-phone-extras-feature.ts: the pre-call test, call
// quality, the sound parts) is downloaded, read from the page's Resource Timing: once the phone is
// registered (the session's `onRegistered`), not while it registers, where on a slow link its
// download would share the way with the gateway's answers; and by preflight() before any start. A
// module is fetched once per page, so this file keeps to itself and its first test asks for nothing.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { describeWithWebRTC, testEnv, tokenUrl, until, untilState, watchPageProblems } from './helpers.js';

// An observer rather than getEntriesByType: the page's resource-timing buffer (250) fills up with the test's own modules.
const seen: PerformanceResourceTiming[] = [];
new PerformanceObserver((list) => seen.push(...(list.getEntries() as PerformanceResourceTiming[]))).observe({ type: 'resource', buffered: true });
const extrasRequests = () => seen.filter((e) => /\/twilio-phone-extras-feature[-.]/.test(e.name));

describeWithWebRTC('twilio-phone pre-call test chunk: when it is downloaded', function () {
  this.timeout(20000);
  const problems = watchPageProblems();

  it('a starting phone asks for it once it is ready, not before', async () => {
    const { signalingHost } = await testEnv();
    const el = await fixture<TwilioPhone>(
      html`<twilio-phone token-url=${tokenUrl({ identity: `extras-${Date.now().toString(36)}` })} signaling-host=${signalingHost}></twilio-phone>`,
    );
    let readyAt = Infinity;
    let requestedWhileRegistering = false;
    el.addEventListener('twilio-phone-state-change', (e) => {
      if (e.detail.previousState === 'registering') requestedWhileRegistering = extrasRequests().length > 0;
      if (e.detail.state === 'ready') readyAt = performance.now();
    });
    expect(extrasRequests().length).to.equal(0);
    await el.start();
    await untilState(el, 'ready');
    expect(requestedWhileRegistering, 'requested before ready').to.equal(false);
    await until(() => extrasRequests().length > 0, 'the chunk, once ready');
    expect(extrasRequests().length).to.equal(1);
    expect(extrasRequests()[0]!.startTime).to.be.at.least(readyAt);
    expect(problems).to.deep.equal([]);
    el.stop();
  });
});
