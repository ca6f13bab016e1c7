// When <twilio-phone>'s call view (a lazy chunk, call-view-feature.ts: the calls, the dial form,
// the call's rows, the device pickers) is downloaded, read from the page's Resource Timing: not
// before a good token and not with a refused one (nor the SDK then); with a good one, beside the
// SDK chunk (asked for before the SDK has arrived: no round trip of its own), and `ready` never
// shows without it. A module is fetched once per page, so the test that expects no request comes
// first (mocha runs them in order).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import { TWILIO_PHONE_STRINGS, type TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { itWithWebRTC, record, testEnv, tokenUrl, until, untilState, watchPageProblems } from './helpers.js';

// An observer rather than getEntriesByType: the page's resource-timing buffer (250) fills up with the test's own modules.
const seen: PerformanceResourceTiming[] = [];
new PerformanceObserver((list) => seen.push(...(list.getEntries() as PerformanceResourceTiming[]))).observe({ type: 'resource', buffered: true });
const entries = (pattern: RegExp) => seen.filter((e) => pattern.test(e.name));
const viewRequests = () => entries(/\/call-view-feature[-.]/);
/** the dev server serves the SDK as one bundle */
const sdkRequests = () => entries(/\/__voice-sdk\.js/);

/** The phone's call-view stand-in (TypeScript's `private` being compile-time only). */
interface ViewInsides {
  calls: { section: unknown; load(): Promise<unknown> };
}
const insides = (el: TwilioPhone) => el as unknown as ViewInsides;

let seq = 0;
const ident = (name: string) => `${name}-${Date.now().toString(36)}-${++seq}`;

describe('twilio-phone call view: when its code is downloaded', function () {
  this.timeout(20000);
  const problems = watchPageProblems();

  it('not started: the phone renders with no call view and downloads nothing', async () => {
    const el = await fixture<TwilioPhone>(html`<twilio-phone></twilio-phone>`);
    await el.updateComplete;
    expect(insides(el).calls.section).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part="dial-input"], [part="devices"]')).to.equal(null);
    // Without the view there is no Device either: call() says so, the others do nothing.
    const message = await el.call('+14155550100').then(
      () => '',
      (e: Error) => e.message,
    );
    expect(message).to.equal('The phone is not started.');
    el.hangup();
    el.mute(true);
    el.sendDigits('1');
    el.accept();
    el.reject();
    expect(el.activeCall).to.equal(null);
    expect(viewRequests()).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });

  itWithWebRTC('a refused token downloads neither the call view nor the SDK', async () => {
    const el = await fixture<TwilioPhone>(html`<twilio-phone token-url="/__token?fault=401"></twilio-phone>`);
    await el.start();
    expect(el.state).to.equal('bad-credentials');
    await el.updateComplete;
    expect(insides(el).calls.section).to.equal(null);
    expect(viewRequests()).to.deep.equal([]);
    expect(sdkRequests()).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });

  itWithWebRTC('a good token: the call view is asked for beside the SDK chunk, after the token, and is there before ready', async () => {
    const identity = ident('view-chunk');
    const { signalingHost } = await testEnv();
    // A page's word for a key whose default the chunk brings, given before the chunk has run.
    const el = await fixture<TwilioPhone>(
      html`<twilio-phone
        token-url=${tokenUrl({ variant: 'good', identity })}
        signaling-host=${signalingHost}
        .strings=${{ call: 'Appeler' }}
      ></twilio-phone>`,
    );
    // At the moment the phone says `ready` (and renders it), the view is already here.
    const atReady: boolean[] = [];
    el.addEventListener('twilio-phone-state-change', (e) => {
      if (e.detail.state === 'ready') atReady.push(insides(el).calls.section !== null);
    });
    await el.start();
    await untilState(el, 'ready');
    expect(atReady).to.deep.equal([true]);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="dial-input"]'), 'the dial form in the first render of ready').to.exist;
    await until(() => viewRequests().length === 1 && sdkRequests().length === 1, 'both chunks in Resource Timing');
    const [token] = entries(new RegExp(`/__token\\?.*identity=${identity}`));
    const [view] = viewRequests();
    const [sdk] = sdkRequests();
    expect(token, 'the token request').to.exist;
    expect(view!.startTime, 'the view: asked for after the token arrived, not on its way').to.be.at.least(token!.responseEnd);
    expect(sdk!.startTime, 'the SDK: asked for after the token arrived').to.be.at.least(token!.responseEnd);
    // Beside, not after: asked for while the SDK was still on its way (no round trip of its own).
    expect(view!.startTime, 'the view asked for before the SDK arrived').to.be.below(sdk!.responseEnd);
    // Its styles came with it: the dial form's row lines Call up with the field.
    const form = el.shadowRoot!.querySelector('form.row')!;
    expect(getComputedStyle(form).alignItems).to.equal('end');
    // The page's words win over the chunk's defaults, before and after it ran; without them, the default.
    const callButton = () => el.shadowRoot!.querySelector('[part="call-button"]')!.textContent!.trim();
    expect(callButton()).to.equal('Appeler');
    el.strings = { call: 'Composer', ready: 'Prêt' };
    await el.updateComplete;
    expect([callButton(), el.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim()]).to.deep.equal(['Composer', 'Prêt']);
    el.strings = {};
    await el.updateComplete;
    expect(callButton()).to.equal(TWILIO_PHONE_STRINGS.call);
    el.stop();
    expect(problems).to.deep.equal([]);
  });

  itWithWebRTC('a call view that cannot be loaded ends the start in error (sdk-load-failed) with a readable message', async () => {
    const { signalingHost } = await testEnv();
    const el = await fixture<TwilioPhone>(
      html`<twilio-phone token-url=${tokenUrl({ variant: 'good', identity: ident('view-fail') })} signaling-host=${signalingHost}></twilio-phone>`,
    );
    // A mock, to reach the case: the module is already in this page's module map (the test above),
    // and the real failure (the network or the CDN refusing the chunk) cannot be produced here.
    insides(el).calls.load = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    const log = record(el, ['twilio-phone-state-change', 'twilio-phone-error']);
    await el.start();
    expect(el.state).to.equal('error');
    expect(el.device, 'no Device without the view').to.equal(null);
    const last = log.of('twilio-phone-state-change').at(-1)!.detail;
    expect([last.state, last.reason]).to.deep.equal(['error', 'sdk-load-failed']);
    expect(el.lastError).to.deep.equal({ message: "The phone's call view could not be loaded." });
    expect(log.of('twilio-phone-error').map((e) => e.detail.fatal)).to.deep.equal([true]);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="message"]')!.textContent).to.not.equal('');
    expect(el.shadowRoot!.querySelector('[part="start-button"]'), 'Try again').to.exist;
    expect(problems).to.deep.equal([]);
  });
});
