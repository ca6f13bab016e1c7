// <totp-verify> with real key events in every engine: codes with repeated
// digits arrive whole (in WebKit they did not, until the WebDriver launcher
// sent one key per action), and the keyboard path Tab → Verify → Space works.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/components/totp-verify/define.js';
import type { TotpVerify } from '../../src/elements/components/totp-verify/totp-verify.js';

let seq = 0;
const verifyUrl = (reply: string) => `/__verify?reply=${reply}&key=typing-${Date.now().toString(36)}-${++seq}`;

/** The focused element, looked up through open shadow roots. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

describe('<totp-verify> typed with real keys', () => {
  for (const code of ['112233', '000000', '909090', '122333']) {
    it(`types ${code} whole`, async () => {
      const el = await fixture<TotpVerify>(html`<totp-verify verify-url=${verifyUrl('factor-verified')}></totp-verify>`);
      const input = el.shadowRoot!.querySelector('input')!;
      input.focus();
      await sendKeys({ type: code });
      expect(input.value).to.equal(code);
    });
  }

  it('Tab from the code reaches Verify, and Space on it submits', async () => {
    const el = await fixture<TotpVerify>(html`<totp-verify verify-url=${verifyUrl('factor-verified')}></totp-verify>`);
    el.shadowRoot!.querySelector('input')!.focus();
    await sendKeys({ type: '123456' });
    await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()).to.equal(el.shadowRoot!.querySelector('[part="button"]'));
    const result = new Promise<CustomEvent>((r) => el.addEventListener('totp-verify-result', (e) => r(e as CustomEvent), { once: true }));
    await sendKeys({ press: ' ' }); // the Space key; Firefox's runner knows it only by its character
    expect((await result).detail.outcome).to.equal('verified');
  });
});
