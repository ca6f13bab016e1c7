// <totp-verify>'s send path is a chunk of its own (totp-verify-feature.ts, see
// totp-verify.lazy.test.ts): when it cannot be loaded, a submit ends in the `network` error with
// nothing sent, and an `outcome` attribute keeps its outcome with that message. The failing load is
// the test server dropping the request for the chunk's module (`/__totp-feature-fault`), a case the
// real parts cannot produce on loopback. The element comes from a URL of its own (`/__fresh/…`):
// the browser shares loaded modules between the pages of a run, and other test files load the chunk.
import { expect, fixture, html } from '@open-wc/testing';
import type { TotpVerify } from '../../src/elements/components/totp-verify/totp-verify.js';
import { TOTP_DEFAULT_STRINGS } from '../../src/elements/core/totp-strings.js';
import { matchesState, pasteText, record, statesSupported, until } from './helpers.js';

let seq = 0;
const newKey = () => `lazy-${Date.now().toString(36)}-${++seq}`;
const fault = (on: boolean) => fetch(`/__totp-feature-fault?on=${on ? 1 : 0}`);
const serverHits = async (key: string) => ((await (await fetch(`/__verify-log?key=${key}`)).json()) as { hits: number }).hits;

const paste = (el: TotpVerify, text: string) => pasteText(el.shadowRoot!.querySelector('input')!, text);

const message = (el: TotpVerify) => el.shadowRoot!.querySelector('[part="message"]')!.textContent;

describe('<totp-verify>: the send path chunk cannot be loaded', () => {
  before(async () => {
    await fault(true);
    await import(`/__fresh/${Date.now().toString(36)}/src/elements/components/totp-verify/define.ts` as string);
  });
  after(() => fault(false));

  it('a submit: pending at once, then the network error, the code kept; nothing sent, no events', async () => {
    const key = newKey();
    const el = await fixture<TotpVerify>(html`<totp-verify autosubmit verify-url=${`/__verify?reply=factor-verified&key=${key}`}></totp-verify>`);
    const seen = record(el, ['totp-verify-send', 'totp-verify-result']);
    paste(el, '123456');
    expect(el.pending).to.equal(true);
    await until(() => el.outcome === 'error', 'the error outcome');
    await el.updateComplete;
    expect(el.pending).to.equal(false);
    if (statesSupported) expect(matchesState(el, 'error')).to.equal(true);
    expect(message(el)).to.equal(TOTP_DEFAULT_STRINGS.network);
    expect(el.shadowRoot!.querySelector('input')!.value).to.equal('123456');
    expect(seen.events).to.have.length(0);
    expect(await serverHits(key)).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('an outcome attribute: the outcome stands, the message says the network failed', async () => {
    const el = await fixture<TotpVerify>(html`<totp-verify outcome="incorrect"></totp-verify>`);
    expect(el.outcome).to.equal('incorrect');
    expect(el.getAttribute('outcome')).to.equal('incorrect');
    expect(message(el)).to.equal(TOTP_DEFAULT_STRINGS.network);
  });

  it('with the chunk back, a submit either loads it (an engine that retries) or fails the same way again', async () => {
    await fault(false);
    const key = newKey();
    const el = await fixture<TotpVerify>(html`<totp-verify verify-url=${`/__verify?reply=factor-verified&key=${key}`}></totp-verify>`);
    el.value = '123456';
    await el.updateComplete;
    el.shadowRoot!.querySelector('form')!.requestSubmit();
    await until(() => el.outcome !== null, 'an outcome');
    await el.updateComplete;
    const hits = await serverHits(key);
    // Chromium keeps a failed module in the page's module map: the page needs a reload.
    if (el.outcome === 'error') {
      expect(message(el)).to.equal(TOTP_DEFAULT_STRINGS.network);
      expect(hits).to.equal(0);
    } else {
      expect(el.outcome).to.equal('verified');
      expect(hits).to.equal(1);
    }
  });
});
