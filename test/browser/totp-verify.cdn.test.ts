// The CDN build and the TOTP elements: the one module defines <totp-enroll> too,
// and its lazy chunks (the QR encoder, the page-owned-input code of
// <totp-verify>) are requested only when a page needs them, once.
import { expect, fixture, html } from '@open-wc/testing';

const cdnChunks = (re: RegExp) =>
  performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname)
    .filter((p) => re.test(p));
const QR = /^\/dist\/cdn\/qr-[\w-]+\.js$/;
const LIGHT = /^\/dist\/cdn\/light-input-[\w-]+\.js$/;

describe('dist/cdn/twilio-widgets.js and the TOTP elements', function () {
  this.timeout(30000);

  before(async () => {
    await import('/dist/cdn/twilio-widgets.js' as string);
  });

  it('defines <totp-enroll>; idle TOTP elements load neither lazy chunk', async () => {
    expect(customElements.get('totp-enroll')).to.be.a('function');
    const el = await fixture(
      html`<div><totp-enroll verify-url="/__real-verify" identity="cdn-idle"></totp-enroll><totp-verify name="code"></totp-verify></div>`,
    );
    await (el.querySelector('totp-enroll') as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect(el.querySelector('totp-enroll')!.shadowRoot!.querySelector('[part="start-button"]')).to.not.equal(null);
    expect(cdnChunks(QR)).to.deep.equal([]);
    expect(cdnChunks(LIGHT)).to.deep.equal([]);
  });

  it('the QR chunk is loaded once a key is shown, and only once', async () => {
    type Enroll = HTMLElement & { start(): Promise<void>; state: string; updateComplete: Promise<unknown> };
    for (const n of [1, 2]) {
      const el = await fixture<Enroll>(html`<totp-enroll verify-url="/__real-verify" identity=${`cdn-${Date.now().toString(36)}-${n}`}></totp-enroll>`);
      await el.start();
      await el.updateComplete;
      expect(el.state).to.equal('created');
      expect(el.shadowRoot!.querySelector('svg[part="qr"] path')!.getAttribute('d')!.length).to.be.greaterThan(100);
    }
    expect(cdnChunks(QR)).to.have.length(1);
  });

  it('a page-owned input loads the light-input chunk', async () => {
    const box = await fixture<HTMLDivElement>(html`<div></div>`);
    box.innerHTML = '<totp-verify name="code"><input slot="input" autocomplete="one-time-code"></totp-verify>';
    const el = box.firstElementChild as HTMLElement & { updateComplete: Promise<unknown> };
    await el.updateComplete;
    expect(box.querySelector('input')!.getAttribute('aria-label')).to.equal('Verification code');
    expect(cdnChunks(LIGHT)).to.have.length(1);
  });
});
