// <totp-verify> with the page's own `<input slot="input">` (for password
// managers and autofill that do not look inside shadow roots): the element
// filters, normalises, labels and submits through that input, links its
// light-DOM live message with aria-describedby, and puts the input back as it
// found it. A simulated autofill (value set + `input` event) verifies a real
// factor through the reference handler and the emulator.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { typeKeys } from './type-keys.js';
import { Secret, TOTP } from 'otpauth';
import '../../src/elements/components/totp-verify/define.js';
import { TotpVerify } from '../../src/elements/components/totp-verify/totp-verify.js';
import { TOTP_DEFAULT_STRINGS } from '../../src/elements/core/totp-strings.js';
import type { TotpVerifyResultEvent } from '../../src/elements/events.js';
import { pasteText as paste } from './helpers.js';

let seq = 0;
const key = () => `slot-${Date.now().toString(36)}-${++seq}`;
const verifyUrl = (reply: string, k = key()) => `/__verify?reply=${reply}&key=${k}`;

const pageInput = (el: Element) => el.querySelector<HTMLInputElement>('input')!;
/** The light-DOM element the page input's aria-describedby names. */
function describedBy(input: HTMLInputElement): HTMLElement[] {
  return (input.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => document.getElementById(id)!);
}

async function mount(url: string, extra = '') {
  const box = await fixture<HTMLDivElement>(html`<div></div>`);
  box.innerHTML = `<totp-verify verify-url="${url}" ${extra}><input slot="input" autocomplete="one-time-code" inputmode="numeric"></totp-verify>`;
  const el = box.querySelector('totp-verify')!;
  await el.updateComplete;
  return { el, input: pageInput(el) };
}

/** What a password manager or the browser's autofill does: set the value, then fire `input`. */
function autofill(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

async function enrolRealFactor(identity: string): Promise<{ factorSid: string; secret: string }> {
  const post = (body: unknown) =>
    fetch('/__real-verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
  const enrolled = await post({ action: 'enroll', identity });
  return { factorSid: enrolled.factorSid, secret: enrolled.secret };
}
const codeFor = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret) }).generate();

describe('<totp-verify> with a page-owned input (slot="input")', () => {
  it('uses the page input: labelled, described by a light-DOM live message, no internal input; accessible', async () => {
    const { el, input } = await mount(verifyUrl('factor-verified'));
    expect(el.shadowRoot!.querySelector('input')).to.equal(null);
    expect(el.shadowRoot!.querySelector('slot[name="input"]')!.assignedElements()).to.deep.equal([input]);
    // ARIA cannot point into the shadow root, so the name is on the input and the message is in the light DOM.
    expect(input.getAttribute('aria-label')).to.equal('Verification code');
    const visibleLabel = el.shadowRoot!.querySelector('[part="label"]')!;
    expect(visibleLabel.textContent).to.equal('Verification code');
    expect(visibleLabel.getAttribute('aria-hidden')).to.equal('true');
    const [message] = describedBy(input);
    expect(message.parentElement).to.equal(el);
    expect(message.slot).to.equal('message');
    expect(message.getAttribute('role')).to.equal('status');
    expect(message.getAttribute('aria-live')).to.equal('polite');
    expect(input.getAttribute('aria-invalid')).to.equal('false');
    await expect(el).to.be.accessible();
    el.label = 'Authenticator code';
    await el.updateComplete;
    expect(input.getAttribute('aria-label')).to.equal('Authenticator code');
    // Clicking the visible label text focuses the page input.
    (visibleLabel as HTMLElement).click();
    expect(document.activeElement).to.equal(input);
  });

  it('keeps the label the page gave its input (label for, a wrapping label) and shows none of its own', async () => {
    const box = await fixture<HTMLDivElement>(html`<div>
      <label for="pg-code">Code from your app</label>
      <totp-verify id="a"><input id="pg-code" slot="input" autocomplete="one-time-code" inputmode="numeric" /></totp-verify>
      <totp-verify id="b"><label slot="input">Sign-in code <input autocomplete="one-time-code" inputmode="numeric" /></label></totp-verify>
    </div>`);
    for (const id of ['a', 'b']) {
      const el = box.querySelector<TotpVerify>(`#${id}`)!;
      await el.updateComplete;
      const input = pageInput(el);
      expect(el.shadowRoot!.querySelector('[part="label"]'), id).to.equal(null);
      expect(input.hasAttribute('aria-label'), id).to.equal(false);
      expect(describedBy(input)[0].slot, id).to.equal('message');
    }
    await expect(box).to.be.accessible();
  });

  it('types digits only, tidies pastes, and Enter submits: verified disables the page input', async () => {
    const k = key();
    const { el, input } = await mount(verifyUrl('factor-verified', k));
    input.focus();
    await typeKeys('1a2-3');
    await el.updateComplete;
    expect(input.value).to.equal('123');
    expect(el.value).to.equal('123');
    paste(input, '654 321');
    await el.updateComplete;
    expect(input.value).to.equal('654321');
    const result = oneEvent(el, 'totp-verify-result') as Promise<TotpVerifyResultEvent>;
    await sendKeys({ press: 'Enter' });
    expect((await result).detail.outcome).to.equal('verified');
    await el.updateComplete;
    const log = await (await fetch(`/__verify-log?key=${k}`)).json();
    expect(log.bodies[0].body).to.deep.equal({ code: '654321' });
    expect(input.disabled).to.equal(true);
    expect(describedBy(input)[0].textContent).to.equal(TOTP_DEFAULT_STRINGS.verified);
    await expect(el).to.be.accessible();
  });

  it('incorrect: clears the page input, marks it invalid, says why in the linked message, refocuses it', async () => {
    const { el, input } = await mount(verifyUrl('factor-unverified'));
    autofill(input, '111111');
    const result = oneEvent(el, 'totp-verify-result');
    el.shadowRoot!.querySelector('form')!.requestSubmit();
    await result;
    await el.updateComplete;
    expect(input.value).to.equal('');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(describedBy(input)[0].textContent).to.equal(TOTP_DEFAULT_STRINGS.incorrect);
    expect(document.activeElement).to.equal(input);
    await expect(el).to.be.accessible();
  });

  it('an incomplete code: Enter shows the message and the page form is not submitted behind its back', async () => {
    const form = await fixture<HTMLFormElement>(html`<form>
      <totp-verify name="code" required><input slot="input" autocomplete="one-time-code" inputmode="numeric" /></totp-verify>
    </form>`);
    let submits = 0;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      submits++;
    });
    const el = form.querySelector('totp-verify')!;
    await el.updateComplete;
    const input = pageInput(el);
    input.focus();
    await typeKeys('12');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(submits).to.equal(0);
    expect(describedBy(input)[0].textContent).to.equal('Enter all 6 digits of the code.');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
  });

  it('a simulated autofill with autosubmit verifies a real factor (reference handler + emulator)', async () => {
    const identity = `autofill-${Date.now().toString(36)}`;
    const factor = await enrolRealFactor(identity);
    const { el, input } = await mount('/__real-verify', `autosubmit identity="${identity}" factor-sid="${factor.factorSid}"`);
    const result = oneEvent(el, 'totp-verify-result') as Promise<TotpVerifyResultEvent>;
    autofill(input, codeFor(factor.secret));
    const ev = await result;
    expect(ev.detail.outcome, JSON.stringify(ev.detail)).to.equal('verified');
    expect(ev.detail.status).to.equal('verified');
    expect(el.outcome).to.equal('verified');
  });

  it('a simulated autofill in a plain form (no verify-url) with autosubmit submits the code as the form field', async () => {
    const form = await fixture<HTMLFormElement>(html`<form>
      <totp-verify name="otp" autosubmit><input slot="input" autocomplete="one-time-code" inputmode="numeric" /></totp-verify>
    </form>`);
    const el = form.querySelector('totp-verify')!;
    await el.updateComplete;
    const submitted = new Promise<Record<string, FormDataEntryValue>>((resolve) =>
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        resolve(Object.fromEntries(new FormData(form)));
      }),
    );
    autofill(pageInput(el), '987 654');
    expect(await submitted).to.deep.equal({ otp: '987654' });
  });

  it('adopts a value autofilled before the element was defined', async () => {
    const box = await fixture<HTMLDivElement>(html`<div></div>`);
    const tag = `totp-verify-late-${++seq}`;
    box.innerHTML = `<${tag} name="code"><input slot="input" value="12 34 56" autocomplete="one-time-code"></${tag}>`;
    customElements.define(tag, class extends TotpVerify {});
    const el = box.firstElementChild as TotpVerify;
    await el.updateComplete;
    expect(el.value).to.equal('123456');
    expect(pageInput(el).value).to.equal('123456');
  });

  it('puts the page input back as it was when it leaves, and renders its own input again', async () => {
    const box = await fixture<HTMLDivElement>(html`<div></div>`);
    box.innerHTML =
      '<p id="hint">Six digits</p><totp-verify verify-url="/__verify"><input slot="input" aria-describedby="hint" autocomplete="one-time-code"></totp-verify>';
    const el = box.querySelector('totp-verify')!;
    await el.updateComplete;
    const input = pageInput(el);
    expect(describedBy(input).map((e) => e.id)[0]).to.equal('hint');
    expect(describedBy(input)).to.have.length(2);
    const messageId = describedBy(input)[1].id;
    el.disabled = true;
    await el.updateComplete;
    expect(input.disabled).to.equal(true);

    input.remove();
    await new Promise((r) => requestAnimationFrame(r));
    await el.updateComplete;
    expect(input.getAttribute('aria-describedby')).to.equal('hint');
    expect(input.hasAttribute('aria-label')).to.equal(false);
    expect(input.hasAttribute('aria-invalid')).to.equal(false);
    expect(input.disabled).to.equal(false);
    expect(document.getElementById(messageId)).to.equal(null);
    expect(el.shadowRoot!.querySelector('input[part="input"]')).to.not.equal(null);

    el.disabled = false;
    el.append(input);
    await new Promise((r) => requestAnimationFrame(r));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('input[part="input"]')).to.equal(null);
    expect(input.getAttribute('aria-label')).to.equal('Verification code');
  });

  it('writes into a page-provided slot="message" and leaves it in place', async () => {
    const box = await fixture<HTMLDivElement>(html`<div></div>`);
    box.innerHTML = `<totp-verify verify-url="${verifyUrl('challenge-expired')}"><input slot="input" autocomplete="one-time-code"><p slot="message" id="mine" class="hint"></p></totp-verify>`;
    const el = box.querySelector('totp-verify')!;
    await el.updateComplete;
    const input = pageInput(el);
    expect(input.getAttribute('aria-describedby')).to.equal('mine');
    expect(el.querySelectorAll('[slot="message"]')).to.have.length(1);
    autofill(input, '123456');
    const result = oneEvent(el, 'totp-verify-result');
    el.shadowRoot!.querySelector('form')!.requestSubmit();
    await result;
    await el.updateComplete;
    expect(document.getElementById('mine')!.textContent).to.equal(TOTP_DEFAULT_STRINGS.expired);
    expect(document.getElementById('mine')!.getAttribute('role')).to.equal('status');
    input.remove();
    await new Promise((r) => requestAnimationFrame(r));
    expect(document.getElementById('mine')).to.not.equal(null);
  });

  it('a disabled fieldset disables the page input with the element', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><fieldset disabled>
      <totp-verify name="code"><input slot="input" autocomplete="one-time-code" /></totp-verify>
    </fieldset></form>`);
    const el = form.querySelector('totp-verify')!;
    await el.updateComplete;
    const input = pageInput(el);
    expect(input.matches(':disabled')).to.equal(true);
    expect(el.shadowRoot!.querySelector('button')!.disabled).to.equal(true);
    form.querySelector('fieldset')!.disabled = false;
    await el.updateComplete;
    expect(input.matches(':disabled')).to.equal(false);
    expect(input.disabled).to.equal(false);
  });
});
