// When <twilio-phone>'s call-control code (a lazy chunk, call-control-feature.ts) is downloaded,
// read from the page's Resource Timing: never without `call-control-url`; with it, once the token
// is good (beside the SDK chunk), before any call or action; and its styles reach the shadow root
// when it arrives. A module is fetched once per page, so the tests that expect no request come
// first and the one that loads the chunk by an action comes last (mocha runs them in order).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { itWithWebRTC, record, testEnv, tokenUrl, until, untilState, watchPageProblems } from './helpers.js';

// An observer rather than getEntriesByType: the page's resource-timing buffer (250) fills up with the test's own modules.
const seen: PerformanceResourceTiming[] = [];
new PerformanceObserver((list) => seen.push(...(list.getEntries() as PerformanceResourceTiming[]))).observe({ type: 'resource', buffered: true });
const entries = (pattern: RegExp) => seen.filter((e) => pattern.test(e.name));
const chunkRequests = () => entries(/\/call-control-feature[-.]/);

/**
 * Whether the phone has asked for the chunk (its stand-in's private load, TypeScript's `private` being
 * compile-time only): a request still on its way has no Resource Timing entry yet, this is at once.
 */
const asked = (el: TwilioPhone) => (el as unknown as { callControl: { loading: Promise<unknown> | null } }).callControl.loading !== null;

let seq = 0;
const ident = (name: string) => `${name}-${Date.now().toString(36)}-${++seq}`;

async function startedPhone(identity: string, callControlUrl: string | null) {
  const { signalingHost } = await testEnv();
  const el = await fixture<TwilioPhone>(
    html`<twilio-phone token-url=${tokenUrl({ variant: 'good', identity })} signaling-host=${signalingHost}></twilio-phone>`,
  );
  if (callControlUrl !== null) el.callControlUrl = callControlUrl;
  await el.start();
  await untilState(el, 'ready');
  return el;
}

describe('twilio-phone call control: when its code is downloaded', () => {
  const problems = watchPageProblems();

  it('without call-control-url: the methods reject with call-control-unavailable and download nothing', async () => {
    const el = await fixture<TwilioPhone>(html`<twilio-phone></twilio-phone>`);
    const codes = await Promise.all(
      [el.hold(), el.transfer('billing'), el.addParticipant('supervisor')].map((p) =>
        p.then(
          () => '',
          (e: { code?: string }) => e.code,
        ),
      ),
    );
    expect(codes).to.deep.equal(['call-control-unavailable', 'call-control-unavailable', 'call-control-unavailable']);
    el.switchCalls();
    expect(el.participants).to.deep.equal([]);
    await el.updateComplete;
    expect(asked(el), 'asked for').to.equal(false);
    expect(chunkRequests()).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });

  itWithWebRTC('without call-control-url: a started phone, through a whole call, downloads no call-control code', async () => {
    const el = await startedPhone(ident('chunk-none'), null);
    const log = record(el, ['twilio-phone-call-state-change']);
    await el.call('echo');
    await until(() => log.of('twilio-phone-call-state-change').some((e) => e.detail.callState === 'connected'), 'connected');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="call-control"]')).to.equal(null);
    el.hangup();
    await untilState(el, 'ready');
    expect(asked(el), 'asked for').to.equal(false);
    expect(chunkRequests()).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });

  itWithWebRTC('with call-control-url and a refused token: no call-control code (it waits for a good token, as the SDK does)', async () => {
    const el = await fixture<TwilioPhone>(html`<twilio-phone token-url="/__token?fault=401" call-control-url="/__cc-stub?key=chunk"></twilio-phone>`);
    await el.start();
    expect(el.state).to.equal('bad-credentials');
    await el.updateComplete;
    expect(asked(el), 'asked for').to.equal(false);
    expect(chunkRequests()).to.deep.equal([]);
  });

  itWithWebRTC('with call-control-url: the chunk is asked for once the token is good, beside the SDK chunk, before any call or action', async () => {
    const identity = ident('chunk-prefetch');
    const el = await startedPhone(identity, '/__cc-stub?key=chunk');
    // No call, no action: only the start has asked for it.
    await until(() => chunkRequests().length === 1, 'the call-control chunk was downloaded');
    const [token] = entries(new RegExp(`/__token\\?.*identity=${identity}`));
    expect(token, 'the token request').to.exist;
    expect(chunkRequests()[0]!.startTime, 'asked for after the token arrived, not on its way').to.be.at.least(token!.responseEnd);
    expect(el.participants).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });

  it("the chunk's styles reach the shadow root with it (adopted stylesheet, or a <style> where there are none)", async () => {
    const el = await fixture<TwilioPhone>(html`<twilio-phone call-control-url="/__cc-stub?key=chunk-styles"></twilio-phone>`);
    // A stand-in for the section's group (rendered only during a call): what the chunk's rules select.
    const probe = document.createElement('div');
    probe.setAttribute('part', 'call-control');
    el.shadowRoot!.append(probe);
    // Not started, no action yet: this phone has no section (even where an earlier test downloaded the chunk).
    expect(getComputedStyle(probe).display, 'before the chunk').to.equal('block');
    // An action loads the code first; without a call it is then refused.
    const code = await el.hold().then(
      () => '',
      (e: { code?: string }) => e.code,
    );
    expect(code).to.equal('call-control-unavailable');
    expect(chunkRequests()).to.have.length(1);
    expect(getComputedStyle(probe).display, 'after the chunk').to.equal('grid');
    probe.remove();
    expect(problems).to.deep.equal([]);
  });
});
