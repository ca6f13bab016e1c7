// <totp-verify> as a form control (no verify-url): form-associated through
// ElementInternals, judged side by side with a native
// `<input required pattern="\d{6}">` in the same form for FormData, validity,
// reset, disabled and a disabled fieldset; Enter, the button and autosubmit
// submit the owner form; a server-rendered `outcome` is shown. The forms here
// never navigate: a submit listener records the FormData and cancels.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { typeKeys } from './type-keys.js';
import '../../src/elements/components/totp-verify/define.js';
import type { TotpVerify } from '../../src/elements/components/totp-verify/totp-verify.js';
import { TOTP_DEFAULT_STRINGS } from '../../src/elements/core/totp-strings.js';
import { record } from './helpers.js';

const INCOMPLETE = 'Enter all 6 digits of the code.';

const inner = (el: TotpVerify) => ({
  input: el.shadowRoot!.querySelector('input')!,
  button: el.shadowRoot!.querySelector('button')!,
  message: el.shadowRoot!.querySelector('[part="message"]')!,
});

function matches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

/** A form holding a <totp-verify name="code"> and, for comparison, a native `<input name="native">` with the same rules. */
async function makeForm(attrs: { required?: boolean; autosubmit?: boolean } = {}) {
  const form = await fixture<HTMLFormElement>(html`<form action="/__never" method="post">
    <input type="hidden" name="csrf" value="tok-1" />
    <totp-verify name="code" ?required=${attrs.required} ?autosubmit=${attrs.autosubmit}></totp-verify>
    <input name="native" pattern="\\d{6}" maxlength="6" ?required=${attrs.required} />
  </form>`);
  const el = form.querySelector('totp-verify')!;
  const native = form.querySelector<HTMLInputElement>('input[name="native"]')!;
  const submitted: Record<string, string>[] = [];
  form.addEventListener('submit', (e) => {
    e.preventDefault(); // the test page must stay
    submitted.push(Object.fromEntries(new FormData(form, e.submitter)) as Record<string, string>);
  });
  await el.updateComplete;
  return { form, el, native, submitted };
}

/** Types into the element's input (real key presses). */
async function type(el: TotpVerify, text: string) {
  inner(el).input.focus();
  await typeKeys(text);
  await el.updateComplete;
}

function setNative(native: HTMLInputElement, value: string) {
  native.value = value;
  native.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('<totp-verify> as a form control', () => {
  it('is form-associated: the code is a normal field of its form, under its name', async () => {
    const { form, el } = await makeForm();
    expect(TotpVerifyClass().formAssociated).to.equal(true);
    expect(el.form).to.equal(form);
    await type(el, '123456');
    expect(el.value).to.equal('123456');
    expect(Object.fromEntries(new FormData(form))).to.deep.equal({ csrf: 'tok-1', code: '123456', native: '' });
    el.removeAttribute('name');
    await el.updateComplete;
    expect(new FormData(form).has('code')).to.equal(false);
  });

  it('setting value normalises it like a paste, reaches the form, and never autosubmits', async () => {
    const { form, el, submitted } = await makeForm({ autosubmit: true });
    el.value = ' 12-34 56 78';
    await el.updateComplete;
    expect(el.value).to.equal('123456');
    expect(inner(el).input.value).to.equal('123456');
    expect(new FormData(form).get('code')).to.equal('123456');
    expect(submitted).to.deep.equal([]);
  });

  it('required, empty, partial and complete: the same validity as a native input', async () => {
    const { el, native } = await makeForm({ required: true });
    const both = () => ({
      el: { valid: el.checkValidity(), missing: el.validity!.valueMissing, mismatch: el.validity!.patternMismatch, invalid: matches(el, ':invalid') },
      native: {
        valid: native.checkValidity(),
        missing: native.validity.valueMissing,
        mismatch: native.validity.patternMismatch,
        invalid: native.matches(':invalid'),
      },
    });
    let s = both();
    expect(s.el).to.deep.equal(s.native);
    expect(s.el).to.deep.equal({ valid: false, missing: true, mismatch: false, invalid: true });
    expect(el.validationMessage).to.equal(INCOMPLETE);
    expect(el.willValidate).to.equal(true);

    await type(el, '123');
    setNative(native, '123');
    s = both();
    expect(s.el).to.deep.equal(s.native);
    expect(s.el.mismatch).to.equal(true);

    await type(el, '456');
    setNative(native, '123456');
    s = both();
    expect(s.el).to.deep.equal(s.native);
    expect(s.el).to.deep.equal({ valid: true, missing: false, mismatch: false, invalid: false });
    expect(el.validationMessage).to.equal('');
  });

  it('without required an empty code is valid, like a native input', async () => {
    const { el, native } = await makeForm();
    expect(el.checkValidity()).to.equal(true);
    expect(native.checkValidity()).to.equal(true);
  });

  it('an invalid code blocks the form submission and the element says why (invalid event)', async () => {
    const { form, el, submitted } = await makeForm({ required: true });
    const invalid = oneEvent(el, 'invalid');
    form.requestSubmit();
    await invalid;
    await el.updateComplete;
    expect(submitted).to.deep.equal([]);
    expect(inner(el).message.textContent).to.equal(INCOMPLETE);
    expect(inner(el).input.getAttribute('aria-invalid')).to.equal('true');
    expect(el.reportValidity()).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('Enter submits the owner form with the code as a normal field, and posts nothing itself', async () => {
    const { form, el, native, submitted } = await makeForm({ required: true });
    const sends = record(el, ['totp-verify-send', 'totp-verify-result']);
    setNative(native, '000000');
    await type(el, '246810');
    const submit = oneEvent(form, 'submit');
    await sendKeys({ press: 'Enter' });
    await submit;
    expect(submitted).to.deep.equal([{ csrf: 'tok-1', code: '246810', native: '000000' }]);
    expect(sends.events).to.have.length(0);
    expect(el.pending).to.equal(false);
  });

  it('its Verify button submits the owner form too', async () => {
    const { form, el, submitted } = await makeForm();
    await type(el, '135790');
    const submit = oneEvent(form, 'submit');
    inner(el).button.click();
    await submit;
    expect(submitted.map((f) => f.code)).to.deep.equal(['135790']);
  });

  it('autosubmit submits the form once, as the code completes (the last digit included)', async () => {
    const { form, el, native, submitted } = await makeForm({ autosubmit: true, required: true });
    setNative(native, '000000');
    await type(el, '11223');
    expect(submitted).to.deep.equal([]);
    const submit = oneEvent(form, 'submit');
    await typeKeys('3');
    await submit;
    await el.updateComplete;
    expect(submitted.map((f) => f.code)).to.deep.equal(['112233']);
  });

  it('Enter with an incomplete code shows the message and does not submit', async () => {
    const { el, submitted } = await makeForm();
    await type(el, '12');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(submitted).to.deep.equal([]);
    expect(inner(el).message.textContent).to.equal(INCOMPLETE);
  });

  it('form.reset() empties the code and forgets the outcome, as it empties a native input', async () => {
    const { form, el, native } = await makeForm({ required: true });
    el.setAttribute('outcome', 'incorrect');
    await type(el, '123456');
    setNative(native, '123456');
    form.reset();
    await el.updateComplete;
    expect(native.value).to.equal('');
    expect(el.value).to.equal('');
    expect(inner(el).input.value).to.equal('');
    expect(new FormData(form).get('code')).to.equal('');
    expect(el.outcome).to.equal(null);
    expect(el.hasAttribute('outcome')).to.equal(false);
    expect(inner(el).message.textContent).to.equal('');
    expect(inner(el).input.getAttribute('aria-invalid')).to.equal('false');
    expect(el.validity!.valueMissing).to.equal(true);
  });

  it('disabled: not submitted, not validated, no input, no submission; like a native disabled input', async () => {
    const { form, el, native, submitted } = await makeForm({ required: true });
    await type(el, '12');
    el.disabled = true;
    native.disabled = true;
    await el.updateComplete;
    expect(el.hasAttribute('disabled')).to.equal(true);
    expect(matches(el, ':disabled')).to.equal(native.matches(':disabled'));
    expect(matches(el, ':disabled')).to.equal(true);
    expect(el.willValidate).to.equal(native.willValidate);
    expect(el.checkValidity()).to.equal(true);
    expect(form.checkValidity()).to.equal(true);
    expect(new FormData(form).has('code')).to.equal(false);
    expect(inner(el).input.disabled).to.equal(true);
    expect(inner(el).button.disabled).to.equal(true);
    form.requestSubmit();
    expect(submitted).to.deep.equal([{ csrf: 'tok-1' }]);

    el.disabled = false;
    await el.updateComplete;
    expect(inner(el).input.disabled).to.equal(false);
    expect(new FormData(form).get('code')).to.equal('12');
    expect(el.checkValidity()).to.equal(false);
  });

  it('a disabled <fieldset> disables it like the native input beside it', async () => {
    const form = await fixture<HTMLFormElement>(html`<form>
      <fieldset disabled>
        <totp-verify name="code" required></totp-verify>
        <input name="native" required />
      </fieldset>
    </form>`);
    const el = form.querySelector('totp-verify')!;
    const native = form.querySelector<HTMLInputElement>('input')!;
    await el.updateComplete;
    expect(matches(el, ':disabled')).to.equal(true);
    expect(native.matches(':disabled')).to.equal(true);
    expect(inner(el).input.disabled).to.equal(true);
    expect(el.disabled).to.equal(false); // the attribute is untouched, as for the native input
    expect(form.checkValidity()).to.equal(true);
    form.querySelector('fieldset')!.disabled = false;
    await el.updateComplete;
    expect(inner(el).input.disabled).to.equal(false);
    expect(matches(el, ':disabled')).to.equal(false);
    expect(el.checkValidity()).to.equal(native.checkValidity());
    expect(el.checkValidity()).to.equal(false);
  });

  it('setCustomValidity makes it invalid with that message until cleared', async () => {
    const { el } = await makeForm();
    el.setCustomValidity('Codes are closed today.');
    await el.updateComplete;
    expect(el.validity!.customError).to.equal(true);
    expect(el.validationMessage).to.equal('Codes are closed today.');
    el.setCustomValidity('');
    await el.updateComplete;
    expect(el.checkValidity()).to.equal(true);
  });

  it('shows an outcome the server rendered into the page, without events', async () => {
    const box = await fixture<HTMLDivElement>(html`<div></div>`);
    const seen = record(box, ['totp-verify-result', 'totp-verify-success']);
    // As a server-rendered page after a wrong code: the attribute is in the markup from the start.
    box.innerHTML = '<form><totp-verify name="code" outcome="incorrect"></totp-verify></form>';
    const el = box.querySelector('totp-verify')!;
    await el.updateComplete;
    expect(el.outcome).to.equal('incorrect');
    expect(inner(el).message.textContent).to.equal(TOTP_DEFAULT_STRINGS.incorrect);
    expect(inner(el).input.getAttribute('aria-invalid')).to.equal('true');
    expect(matches(el, ':state(incorrect)') || !('states' in ElementInternals.prototype)).to.equal(true);
    expect(seen.events).to.have.length(0);
    await expect(el).to.be.accessible();
    el.setAttribute('outcome', 'bogus');
    await el.updateComplete;
    expect(el.outcome).to.equal('incorrect');
  });

  it('with verify-url inside a form it posts JSON itself and does not submit the form', async () => {
    const key = `form-${Date.now().toString(36)}`;
    const form = await fixture<HTMLFormElement>(
      html`<form><totp-verify name="code" verify-url=${`/__verify?reply=factor-verified&key=${key}`}></totp-verify></form>`,
    );
    let submits = 0;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      submits++;
    });
    const el = form.querySelector('totp-verify')!;
    await type(el, '123456');
    const result = oneEvent(el, 'totp-verify-result');
    await sendKeys({ press: 'Enter' });
    expect((await result).detail.outcome).to.equal('verified');
    expect(submits).to.equal(0);
    const log = await (await fetch(`/__verify-log?key=${key}`)).json();
    expect(log.hits).to.equal(1);
    expect(new FormData(form).get('code')).to.equal('123456');
  });

  it('a <label for> outside labels the host and focuses its input', async () => {
    const box = await fixture<HTMLDivElement>(html`<div><label for="tv-l">One-time code</label><totp-verify id="tv-l" name="code"></totp-verify></div>`);
    const el = box.querySelector('totp-verify')!;
    await el.updateComplete;
    expect(el.labels!.length).to.equal(1);
    box.querySelector('label')!.click();
    expect(el.shadowRoot!.activeElement).to.equal(inner(el).input);
  });
});

function TotpVerifyClass() {
  return customElements.get('totp-verify') as unknown as { formAssociated: boolean };
}
