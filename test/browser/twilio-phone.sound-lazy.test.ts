// <twilio-phone>'s sound and support code is a lazy chunk (twilio-phone-extras-feature.ts, fetched
// once the phone is registered): what the phone does before it is here. The first test must run on a page where
// no phone has fetched the chunk yet, so this file keeps to itself (each test file is its own page).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { describeWithWebRTC, record, testEnv, tokenUrl, until, untilState, watchPageProblems } from './helpers.js';

const chunkFetched = () => performance.getEntriesByType('resource').some((r) => /twilio-phone-extras-feature/.test(r.name));

describe('<twilio-phone> before its sound chunk is here', function () {
  this.timeout(30000);
  const problems = watchPageProblems();

  it('a phone refused its token never fetched the chunk (no SDK either); diagnostics() fetches it then and reports the refusal heard before, at the time it happened', async () => {
    const el = await fixture<TwilioPhone>(html`<twilio-phone token-url=${tokenUrl({ fault: '401', identity: 'lazy-diag' })}></twilio-phone>`);
    const log = record(el, ['twilio-phone-error']);
    await el.start();
    expect(el.state).to.equal('bad-credentials');
    expect(log.of('twilio-phone-error').map((e) => e.detail.error.code)).to.deep.equal([20003]);
    await el.updateComplete;
    // The buttons are the stand-in's: there, with nothing behind them yet.
    expect(chunkFetched(), 'the chunk, before anything needed it').to.equal(false);
    expect(el.audioBlocked).to.equal(false);
    expect(el.noiseSuppressionState).to.equal('off');

    const asked = Date.now();
    const report = await el.diagnostics();
    expect(chunkFetched(), 'the chunk, once diagnostics() asked for it').to.equal(true);
    expect(report.phone.state).to.equal('bad-credentials');
    expect(report.errors.map((e) => e.code)).to.deep.equal([20003]);
    // Recorded when it was heard, not when the recorder arrived.
    expect(Date.parse(report.errors[0]!.at)).to.be.at.most(asked);
    expect(problems).to.deep.equal([]);
  });
});

describeWithWebRTC('<twilio-phone> noise-suppression set before the phone starts', function () {
  this.timeout(30000);

  it('says loading at once (before any Device), then on: one event each, no step back to off when the chunk takes over', async () => {
    const { signalingHost } = await testEnv();
    // From the document: the attribute acts on the first update, before fixture() returns.
    const changes = record(document, ['twilio-phone-noise-suppression-change']);
    const el = await fixture<TwilioPhone>(
      html`<twilio-phone noise-suppression token-url=${tokenUrl({ variant: 'good', identity: `lazy-ns-${Date.now().toString(36)}` })} signaling-host=${signalingHost}></twilio-phone>`,
    );
    expect(el.device).to.equal(null);
    expect(el.noiseSuppressionState).to.equal('loading');
    await el.start();
    await untilState(el, 'ready');
    await until(() => el.noiseSuppressionState === 'on', `on (now ${el.noiseSuppressionState})`);
    changes.stop();
    expect(changes.events.map((e) => [e.detail.previousState, e.detail.state])).to.deep.equal([
      ['off', 'loading'],
      ['loading', 'on'],
    ]);
    el.stop();
  });
});
