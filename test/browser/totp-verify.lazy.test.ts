// <totp-verify>'s send path is a chunk of its own (totp-verify-feature.ts): a page that shows the
// form loads none of it; focus or input with `verify-url` set fetches it; a submit that comes first
// is pending while it loads (a failed load: totp-verify.lazy-fault.test.ts). The tests run in order
// in one page: the module is loaded once per page.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/elements/components/totp-verify/define.js';
import type { TotpVerify } from '../../src/elements/components/totp-verify/totp-verify.js';
import { TOTP_DEFAULT_STRINGS } from '../../src/elements/core/totp-strings.js';
import { TOTP_REQUEST_DEFAULTS } from '../../src/elements/core/totp-request.js';
import type { TotpVerifyResultEvent } from '../../src/elements/events/totp-events.js';
import { matchesState, pasteText, record, statesSupported } from './helpers.js';

let seq = 0;
const newKey = () => `lazy-${Date.now().toString(36)}-${++seq}`;
const featureRequests = () => performance.getEntriesByType('resource').filter((e) => e.name.includes('totp-verify-feature')).length;
const serverHits = async (key: string) => ((await (await fetch(`/__verify-log?key=${key}`)).json()) as { hits: number }).hits;

const paste = (el: TotpVerify, text: string) => pasteText(el.shadowRoot!.querySelector('input')!, text);

const message = (el: TotpVerify) => el.shadowRoot!.querySelector('[part="message"]')!.textContent;

describe('<totp-verify>: the send path, loaded when a code is on its way', () => {
  it('a page that only shows the form (or an outcome without verify-url) loads none of it', async () => {
    const el = await fixture<TotpVerify>(html`<totp-verify verify-url=${`/__verify?reply=factor-verified&key=${newKey()}`}></totp-verify>`);
    expect(el.shadowRoot!.querySelector('input')).to.not.equal(null);
    // A focus without verify-url fetches nothing either: a form control needs none of it.
    const plain = await fixture<TotpVerify>(html`<totp-verify name="code"></totp-verify>`);
    plain.focus();
    await plain.updateComplete;
    expect(featureRequests()).to.equal(0);
  });

  it("the element's own `timeout` default is the request's (the element holds a copy: the request code is the chunk's)", () => {
    expect(document.createElement('totp-verify').timeout).to.equal(TOTP_REQUEST_DEFAULTS.timeoutMs);
  });

  it('a submit before the chunk is here: pending at once, then sent and answered as usual', async () => {
    const key = newKey();
    const el = await fixture<TotpVerify>(html`<totp-verify autosubmit verify-url=${`/__verify?reply=factor-verified&key=${key}`}></totp-verify>`);
    const seen = record(el, ['totp-verify-send', 'totp-verify-result']);
    const result = oneEvent(el, 'totp-verify-result') as Promise<TotpVerifyResultEvent>;
    // A full paste without a focus first submits at once, before the chunk can be here.
    paste(el, '123456');
    expect(el.pending).to.equal(true);
    expect(seen.events).to.have.length(0);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('form')!.getAttribute('aria-busy')).to.equal('true');
    if (statesSupported) expect(matchesState(el, 'pending')).to.equal(true);
    expect((await result).detail.outcome).to.equal('verified');
    await el.updateComplete;
    expect(el.pending).to.equal(false);
    expect(message(el)).to.equal(TOTP_DEFAULT_STRINGS.verified);
    expect(seen.of('totp-verify-send')).to.have.length(1);
    expect(await serverHits(key)).to.equal(1);
    expect(featureRequests()).to.equal(1);
  });

  it('once loaded, a submit sends at once: the send event in the same task', async () => {
    const el = await fixture<TotpVerify>(html`<totp-verify verify-url=${`/__verify?reply=challenge-pending&key=${newKey()}`}></totp-verify>`);
    el.value = '654321';
    await el.updateComplete;
    const seen = record(el, ['totp-verify-send']);
    const result = oneEvent(el, 'totp-verify-result') as Promise<TotpVerifyResultEvent>;
    el.shadowRoot!.querySelector('form')!.requestSubmit();
    expect(seen.events).to.have.length(1);
    expect((await result).detail.outcome).to.equal('incorrect');
  });

  it('an outcome attribute shows its text once the chunk is here (updateComplete waits for it)', async () => {
    const el = await fixture<TotpVerify>(html`<totp-verify outcome="expired"></totp-verify>`);
    expect(el.outcome).to.equal('expired');
    expect(message(el)).to.equal(TOTP_DEFAULT_STRINGS.expired);
  });
});
