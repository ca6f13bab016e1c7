// The CDN build as a page loads it: one module defining all three tags, the
// Voice SDK a lazy chunk that a page without a phone never requests, and a
// second load of the bundle that is silent.
import { expect, fixture, html } from '@open-wc/testing';
import { itWithWebRTC, until } from './helpers.js';

const sdkRequests = () => performance.getEntriesByType('resource').filter((e) => /voice-sdk/.test(e.name)).map((e) => e.name);

describe('dist/cdn/twilio-widgets.js', () => {
  it('defines all three tags; a page using only <totp-verify> downloads no Voice SDK code', async () => {
    await import('/dist/cdn/twilio-widgets.js' as string);
    for (const tag of ['twilio-phone', 'device-status', 'totp-verify']) expect(customElements.get(tag), tag).to.be.a('function');
    const el = await fixture(html`<totp-verify verify-url="/__verify"></totp-verify>`);
    expect(el.shadowRoot!.querySelector('input')).to.not.equal(null);
    const status = await fixture(html`<device-status state="ready"></device-status>`);
    expect(status.shadowRoot!.textContent).to.contain('Ready');
    expect(sdkRequests()).to.deep.equal([]);
  });

  it('loading the bundle again (another URL, as a second copy would) is silent', async () => {
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent) => errors.push(e.message);
    window.addEventListener('error', onError);
    await import(('/dist/cdn/twilio-widgets.js?copy=2') as string);
    window.removeEventListener('error', onError);
    expect(errors).to.deep.equal([]);
  });

  // Needs WebRTC: without it the phone loads no SDK at all (twilio-phone.no-webrtc.test.ts).
  itWithWebRTC('starting a phone loads the SDK chunk beside the bundle, once', async () => {
    const phone = document.createElement('twilio-phone') as HTMLElement & { start(): Promise<void>; tokenUrl: string; state: string };
    phone.tokenUrl = '/__token?fault=401';
    document.body.append(phone);
    await phone.start();
    expect(phone.state).to.equal('bad-credentials');
    // The chunk is requested beside the token; its entry appears once it has loaded, which
    // took 0.7 s on a loaded machine: wait for it rather than for a fixed 200 ms.
    await until(() => sdkRequests().length > 0, 'the SDK chunk');
    const loaded = sdkRequests();
    expect(loaded.length).to.equal(1);
    expect(loaded[0]).to.match(/\/dist\/cdn\/voice-sdk\.js$/);
    phone.remove();
  });
});
