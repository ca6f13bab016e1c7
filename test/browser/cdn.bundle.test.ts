// The CDN build as a page loads it: one module defining all three tags, the
// Voice SDK a lazy chunk that a page without a phone never requests, and a
// second load of the bundle that is silent.
import { expect, fixture, html } from '@open-wc/testing';
import { itWithWebRTC, until } from './helpers.js';

const requests = (pattern: RegExp) =>
  performance
    .getEntriesByType('resource')
    .filter((e) => pattern.test(e.name))
    .map((e) => e.name);
const sdkRequests = () => requests(/voice-sdk/);

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
    await import('/dist/cdn/twilio-widgets.js?copy=2' as string);
    window.removeEventListener('error', onError);
    expect(errors).to.deep.equal([]);
  });

  // Both need WebRTC: without it the phone fails before any request (twilio-phone.no-webrtc.test.ts).
  itWithWebRTC('a phone whose token URL refuses (401) downloads no SDK code', async () => {
    const phone = document.createElement('twilio-phone') as HTMLElement & { start(): Promise<void>; tokenUrl: string; state: string };
    phone.tokenUrl = '/__token?fault=401';
    document.body.append(phone);
    await phone.start();
    expect(phone.state).to.equal('bad-credentials');
    // start() asks for the SDK only once it holds a token, so nothing can still be on its way here.
    expect(sdkRequests()).to.deep.equal([]);
    phone.remove();
  });

  itWithWebRTC('starting a phone loads the SDK chunk beside the bundle, once', async () => {
    const { signalingHost } = await (await fetch('/__env.json')).json();
    const phones = [0, 1].map(() => {
      const phone = document.createElement('twilio-phone') as HTMLElement & { start(): Promise<void>; tokenUrl: string; signalingHost: string; state: string };
      phone.tokenUrl = `/__token?identity=cdn-${Math.random().toString(36).slice(2)}`;
      phone.signalingHost = signalingHost;
      document.body.append(phone);
      return phone;
    });
    await Promise.all(phones.map((p) => p.start()));
    await Promise.all(phones.map((p) => until(() => p.state === 'ready', 'both phones ready')));
    const loaded = sdkRequests();
    expect(loaded.length).to.equal(1);
    expect(loaded[0]).to.match(/\/dist\/cdn\/voice-sdk\.js$/);
    // Background-tab recovery comes beside the SDK (its own chunk); single-tab's chunk only for a phone with the attribute.
    await until(() => requests(/\/dist\/cdn\/background-tab-[\w-]+\.js$/).length === 1, 'the background-tab chunk');
    expect(requests(/tab-leadership/)).to.deep.equal([]);
    // The phone's code that needs the SDK (sdk-kit.ts) is in that file: no request of its own.
    expect(performance.getEntriesByType('resource').filter((e) => /sdk-kit/.test(e.name))).to.deep.equal([]);
    for (const p of phones) p.remove();
  });

  itWithWebRTC('a single-tab phone loads its chunk and registers', async () => {
    const { signalingHost } = await (await fetch('/__env.json')).json();
    const phone = document.createElement('twilio-phone') as HTMLElement & {
      start(): Promise<void>;
      tokenUrl: string;
      signalingHost: string;
      state: string;
      singleTab: boolean;
    };
    phone.tokenUrl = `/__token?identity=cdn-single-${Math.random().toString(36).slice(2)}`;
    phone.signalingHost = signalingHost;
    phone.singleTab = true;
    document.body.append(phone);
    await phone.start();
    await until(() => phone.state === 'ready', 'the single-tab phone ready');
    expect(requests(/\/dist\/cdn\/tab-leadership-[\w-]+\.js$/)).to.have.length(1);
    phone.remove();
  });
});
