import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/components/totp-verify/define.js';
import type { TotpVerify } from '../../src/elements/components/totp-verify/totp-verify.js';
import { defineElement } from '../../src/elements/dom/define.js';
import type { TotpOutcome } from '../../src/elements/core/totp-code.js';
import { TOTP_DEFAULT_STRINGS } from '../../src/elements/core/totp-strings.js';
import type { TotpVerifyResultEvent, TotpVerifySendEvent } from '../../src/elements/events/totp-events.js';
import { pasteText } from './helpers.js';

// Every test gets its own key, so the endpoint's request log is per test.
let seq = 0;
const newKey = () => `t${Date.now().toString(36)}-${++seq}`;
const verifyUrl = (reply: string, key: string, extra = '') => `/__verify?reply=${reply}&key=${key}${extra}`;

interface LogEntry {
  hits: number;
  aborted: number;
  bodies: { contentType: string; body: Record<string, unknown> }[];
}
async function serverLog(key: string): Promise<LogEntry> {
  const r = await fetch(`/__verify-log?key=${key}`);
  return (await r.json()) as LogEntry;
}

const parts = (el: TotpVerify) => {
  const root = el.shadowRoot!;
  return {
    form: root.querySelector('form')!,
    label: root.querySelector('label')!,
    input: root.querySelector('input')!,
    button: root.querySelector('button')!,
    message: root.querySelector('[part="message"]')!,
  };
};

async function mount(url: string, extra: Partial<TotpVerify> = {}): Promise<TotpVerify> {
  const el = await fixture<TotpVerify>(html`<totp-verify verify-url=${url}></totp-verify>`);
  Object.assign(el, extra);
  await el.updateComplete;
  return el;
}

async function type(el: TotpVerify, text: string): Promise<void> {
  parts(el).input.focus();
  await sendKeys({ type: text });
  await el.updateComplete;
}

async function submit(el: TotpVerify): Promise<TotpVerifyResultEvent> {
  const result = oneEvent(el, 'totp-verify-result') as Promise<TotpVerifyResultEvent>;
  parts(el).form.requestSubmit();
  const ev = await result;
  await el.updateComplete;
  return ev;
}

const paste = (el: TotpVerify, text: string) => pasteText(parts(el).input, text);

describe('<totp-verify>', () => {
  it('renders a labelled one-time-code form and is accessible when idle', async () => {
    const el = await mount(verifyUrl('factor-verified', newKey()));
    const { form, label, input, button, message } = parts(el);
    expect(el).to.be.instanceOf(customElements.get('totp-verify')!);
    expect(form.tagName).to.equal('FORM');
    expect(label.textContent).to.equal('Verification code');
    expect(label.htmlFor).to.equal(input.id);
    expect(input.type).to.equal('text');
    expect(input.name).to.equal('code');
    expect(input.getAttribute('autocomplete')).to.equal('one-time-code');
    expect(input.getAttribute('inputmode')).to.equal('numeric');
    expect(input.getAttribute('pattern')).to.equal('\\d{6}');
    expect(input.maxLength).to.equal(6);
    expect(input.getAttribute('aria-invalid')).to.equal('false');
    expect(input.getAttribute('aria-describedby')).to.equal(message.id);
    expect(message.getAttribute('role')).to.equal('status');
    expect(message.getAttribute('aria-live')).to.equal('polite');
    expect(button.type).to.equal('submit');
    expect(button.disabled).to.equal(false);
    expect(el.outcome).to.equal(null);
    expect(el.hasAttribute('outcome')).to.equal(false);
    for (const p of ['base', 'form', 'label', 'input', 'button', 'message']) {
      expect(el.shadowRoot!.querySelector(`[part="${p}"]`), p).to.not.equal(null);
    }
    await expect(el).to.be.accessible();
  });

  it('uses the label attribute and strings overrides', async () => {
    const el = await fixture<TotpVerify>(html`<totp-verify label="Authenticator code" verify-url=${verifyUrl('factor-unverified', newKey())}></totp-verify>`);
    el.strings = { submit: 'Check', incorrect: 'Nope, try again.' };
    await el.updateComplete;
    expect(parts(el).label.textContent).to.equal('Authenticator code');
    expect(parts(el).button.textContent).to.equal('Check');
    await type(el, '123456');
    await submit(el);
    expect(parts(el).message.textContent).to.equal('Nope, try again.');
  });

  it('clamps code-length to 3–8 and follows it in pattern and maxlength', async () => {
    const el = await fixture<TotpVerify>(html`<totp-verify code-length="4"></totp-verify>`);
    expect(parts(el).input.maxLength).to.equal(4);
    expect(parts(el).input.getAttribute('pattern')).to.equal('\\d{4}');
    el.setAttribute('code-length', '12');
    await el.updateComplete;
    expect(parts(el).input.maxLength).to.equal(8);
    el.setAttribute('code-length', '1');
    await el.updateComplete;
    expect(parts(el).input.maxLength).to.equal(3);
    el.setAttribute('code-length', 'x');
    await el.updateComplete;
    expect(parts(el).input.maxLength).to.equal(6);
  });

  it('posts {code, identity, factorSid, challengeSid, ...params} as JSON', async () => {
    const key = newKey();
    const el = await fixture<TotpVerify>(
      html`<totp-verify verify-url=${verifyUrl('challenge-approved', key)} identity="alice-1234" factor-sid="YF1" challenge-sid="YC1"></totp-verify>`,
    );
    el.params = { serviceSid: 'VA1', code: 'not-this' };
    await type(el, '012345');
    const ev = await submit(el);
    expect(ev.detail.outcome).to.equal('verified');
    const log = await serverLog(key);
    expect(log.hits).to.equal(1);
    expect(log.bodies[0].contentType).to.equal('application/json');
    expect(log.bodies[0].body).to.deep.equal({ code: '012345', identity: 'alice-1234', factorSid: 'YF1', challengeSid: 'YC1', serviceSid: 'VA1' });
  });

  it('omits unset sids and identity', async () => {
    const key = newKey();
    const el = await mount(verifyUrl('factor-verified', key));
    await type(el, '123456');
    await submit(el);
    expect((await serverLog(key)).bodies[0].body).to.deep.equal({ code: '123456' });
  });

  const table: [reply: string, outcome: TotpOutcome, text: string, extra?: { status?: string; code?: number }][] = [
    ['factor-verified', 'verified', TOTP_DEFAULT_STRINGS.verified, { status: 'verified' }],
    ['challenge-approved', 'verified', TOTP_DEFAULT_STRINGS.verified, { status: 'approved' }],
    ['factor-unverified', 'incorrect', TOTP_DEFAULT_STRINGS.incorrect, { status: 'unverified' }],
    ['challenge-pending', 'incorrect', TOTP_DEFAULT_STRINGS.incorrect, { status: 'pending' }],
    ['legacy-60311', 'incorrect', TOTP_DEFAULT_STRINGS.incorrect, { code: 60311 }],
    ['legacy-60324', 'incorrect', TOTP_DEFAULT_STRINGS.incorrect, { code: 60324 }],
    ['challenge-expired', 'expired', TOTP_DEFAULT_STRINGS.expired, { status: 'expired' }],
    ['403-60323', 'expired', TOTP_DEFAULT_STRINGS.expired, { code: 60323 }],
    ['challenge-denied', 'denied', TOTP_DEFAULT_STRINGS.denied, { status: 'denied' }],
    ['429-60310', 'too-many-attempts', TOTP_DEFAULT_STRINGS['too-many-attempts'], { code: 60310 }],
    ['429-60308', 'too-many-attempts', TOTP_DEFAULT_STRINGS['too-many-attempts'], { code: 60308 }],
    ['429-60312', 'rate-limited', TOTP_DEFAULT_STRINGS['rate-limited'], { code: 60312 }],
    ['429-20429', 'rate-limited', TOTP_DEFAULT_STRINGS['rate-limited'], { code: 20429 }],
    ['404-20404', 'not-found', TOTP_DEFAULT_STRINGS['not-found'], { code: 20404 }],
    ['404-60390', 'not-found', TOTP_DEFAULT_STRINGS['not-found'], { code: 60390 }],
    ['500', 'error', 'Internal Server Error', { code: 20500 }],
    ['401-20003', 'error', 'Authenticate', { code: 20003 }],
    ['html', 'error', TOTP_DEFAULT_STRINGS.error],
    ['invalid-json', 'error', TOTP_DEFAULT_STRINGS.error],
    ['drop', 'error', TOTP_DEFAULT_STRINGS.network],
    ['reset', 'error', TOTP_DEFAULT_STRINGS.network],
  ];
  for (const [reply, outcome, text, extra] of table) {
    it(`${reply} → ${outcome}, shown and accessible`, async () => {
      const el = await mount(verifyUrl(reply, newKey()));
      await type(el, '123456');
      const ev = await submit(el);
      expect(ev.detail.outcome).to.equal(outcome);
      if (extra?.status) expect(ev.detail.status).to.equal(extra.status);
      if (extra?.code) expect(ev.detail.code).to.equal(extra.code);
      expect(el.outcome).to.equal(outcome);
      expect(el.getAttribute('outcome')).to.equal(outcome);
      expect(parts(el).message.textContent).to.equal(text);
      expect(parts(el).input.getAttribute('aria-invalid')).to.equal(outcome === 'incorrect' ? 'true' : 'false');
      await expect(el).to.be.accessible();
    });
  }

  it('passes the parsed response and reports network failures in the result detail', async () => {
    const ok = await mount(verifyUrl('challenge-approved', newKey()));
    await type(ok, '123456');
    const ev = await submit(ok);
    expect((ev.detail.response as { sid: string }).sid.startsWith('YC')).to.equal(true);
    const dropped = await mount(verifyUrl('drop', newKey()));
    await type(dropped, '123456');
    const ev2 = await submit(dropped);
    expect(ev2.detail.failure).to.equal('network');
    expect(ev2.detail.response).to.equal(null);
  });

  it('on verified: fires success, disables the input and button, and sends nothing more', async () => {
    const key = newKey();
    const el = await mount(verifyUrl('factor-verified', key));
    await type(el, '123456');
    const success = oneEvent(el, 'totp-verify-success');
    await submit(el);
    expect((await success).detail.outcome).to.equal('verified');
    expect(parts(el).input.disabled).to.equal(true);
    // aria-disabled, not disabled: a keyboard user's focus stays on it instead of falling to <body>.
    expect(parts(el).button.getAttribute('aria-disabled')).to.equal('true');
    let sends = 0;
    el.addEventListener('totp-verify-send', () => sends++);
    parts(el).form.requestSubmit();
    expect(sends).to.equal(0);
    expect(el.pending).to.equal(false);
    expect((await serverLog(key)).hits).to.equal(1);
  });

  it('on incorrect: clears the input, marks it invalid and focuses it for a retry', async () => {
    const el = await mount(verifyUrl('factor-unverified', newKey()));
    await type(el, '123456');
    await submit(el);
    await el.updateComplete;
    const { input } = parts(el);
    expect(input.value).to.equal('');
    expect(input.disabled).to.equal(false);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.activeElement).to.equal(input);
    await sendKeys({ type: '6' });
    await el.updateComplete;
    expect(input.value).to.equal('6');
    expect(input.getAttribute('aria-invalid')).to.equal('false');
  });

  it('on a transient error keeps the typed code so it can be resubmitted', async () => {
    for (const reply of ['500', '429-20429']) {
      const el = await mount(verifyUrl(reply, newKey()));
      await type(el, '123456');
      await submit(el);
      expect(parts(el).input.value, reply).to.equal('123456');
      expect(parts(el).button.disabled, reply).to.equal(false);
      expect(parts(el).button.getAttribute('aria-disabled'), reply).to.equal('false');
    }
  });

  it('shows a server message containing markup as text only', async () => {
    const el = await mount(verifyUrl('xss-message', newKey()));
    await type(el, '123456');
    const ev = await submit(el);
    expect(ev.detail.message).to.equal('Invalid parameter: <img src=x onerror=alert(1)>');
    const { message } = parts(el);
    expect(message.textContent).to.equal('Invalid parameter: <img src=x onerror=alert(1)>');
    expect(message.children.length).to.equal(0);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
  });

  it('is pending and accessible while the request runs, and aborts it on disconnect', async () => {
    const key = newKey();
    const el = await mount(verifyUrl('factor-verified', key, '&delay=20000'));
    await type(el, '123456');
    let results = 0;
    el.addEventListener('totp-verify-result', () => results++);
    parts(el).form.requestSubmit();
    expect(el.pending).to.equal(true);
    await el.updateComplete;
    expect(parts(el).button.getAttribute('aria-disabled')).to.equal('true');
    expect(parts(el).form.getAttribute('aria-busy')).to.equal('true');
    expect(parts(el).message.textContent).to.equal(TOTP_DEFAULT_STRINGS.verifying);
    await expect(el).to.be.accessible();
    await waitUntil(async () => (await serverLog(key)).hits === 1, 'request did not reach the server');
    el.remove();
    expect(el.pending).to.equal(false);
    await waitUntil(async () => (await serverLog(key)).aborted === 1, 'server did not see the request aborted');
    expect(results).to.equal(0);
  });

  it('keeps one request in flight: a second submit while pending does nothing', async () => {
    const key = newKey();
    const el = await mount(verifyUrl('challenge-approved', key, '&delay=300'));
    await type(el, '123456');
    let sends = 0;
    el.addEventListener('totp-verify-send', () => sends++);
    const result = oneEvent(el, 'totp-verify-result');
    parts(el).form.requestSubmit();
    parts(el).form.requestSubmit();
    await sendKeys({ press: 'Enter' });
    await result;
    expect(sends).to.equal(1);
    expect((await serverLog(key)).hits).to.equal(1);
  });

  it('times out after `timeout` ms with a timeout message', async () => {
    const key = newKey();
    const el = await fixture<TotpVerify>(html`<totp-verify timeout="300" verify-url=${verifyUrl('factor-verified', key, '&delay=20000')}></totp-verify>`);
    await type(el, '123456');
    const ev = await submit(el);
    expect(ev.detail.outcome).to.equal('error');
    expect(ev.detail.failure).to.equal('timeout');
    expect(parts(el).message.textContent).to.equal(TOTP_DEFAULT_STRINGS.timeout);
    expect(parts(el).input.value).to.equal('123456');
    await waitUntil(async () => (await serverLog(key)).aborted === 1, 'server did not see the timed-out request closed');
  });

  it('totp-verify-send can be cancelled: nothing is sent', async () => {
    const key = newKey();
    const el = await mount(verifyUrl('factor-verified', key));
    await type(el, '123456');
    const send = oneEvent(el, 'totp-verify-send') as Promise<TotpVerifySendEvent>;
    el.addEventListener('totp-verify-send', (e) => e.preventDefault(), { once: true });
    parts(el).form.requestSubmit();
    const ev = await send;
    expect(ev.cancelable).to.equal(true);
    expect(ev.detail.body).to.deep.equal({ code: '123456' });
    expect(el.pending).to.equal(false);
    expect(parts(el).message.textContent).to.equal('');
    expect((await serverLog(key)).hits).to.equal(0);
  });

  it('totp-verify-send listeners can edit or replace the posted body', async () => {
    const key = newKey();
    const el = await mount(verifyUrl('factor-verified', key));
    el.addEventListener('totp-verify-send', (e) => {
      e.detail.body.csrf = 'tok';
    });
    await type(el, '123456');
    await submit(el);
    el.remove();
    const key2 = newKey();
    const el2 = await mount(verifyUrl('factor-verified', key2));
    el2.addEventListener('totp-verify-send', (e) => {
      e.detail.body = { totp: e.detail.body.code };
    });
    await type(el2, '654321');
    await submit(el2);
    expect((await serverLog(key)).bodies[0].body).to.deep.equal({ code: '123456', csrf: 'tok' });
    expect((await serverLog(key2)).bodies[0].body).to.deep.equal({ totp: '654321' });
  });

  it('an incomplete code shows a validation message and sends nothing', async () => {
    const key = newKey();
    const el = await mount(verifyUrl('factor-verified', key));
    let sends = 0;
    el.addEventListener('totp-verify-send', () => sends++);
    await type(el, '123');
    parts(el).form.requestSubmit();
    await el.updateComplete;
    expect(sends).to.equal(0);
    expect(el.pending).to.equal(false);
    expect(parts(el).message.textContent).to.equal('Enter all 6 digits of the code.');
    expect(parts(el).input.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.activeElement).to.equal(parts(el).input);
    await expect(el).to.be.accessible();
    expect((await serverLog(key)).hits).to.equal(0);
  });

  it('accepts digits only when typing, without letting separators use up maxlength', async () => {
    const el = await mount(verifyUrl('factor-verified', newKey()));
    await type(el, '12a-3 4b5x6');
    expect(parts(el).input.value).to.equal('123456');
    await type(el, '7');
    expect(parts(el).input.value).to.equal('123456');
  });

  it('normalises pasted codes with spaces or dashes and truncates long pastes', async () => {
    const el = await mount(verifyUrl('factor-verified', newKey()));
    paste(el, '123 456');
    await el.updateComplete;
    expect(parts(el).input.value).to.equal('123456');
    paste(el, '987-654');
    await el.updateComplete;
    expect(parts(el).input.value).to.equal('987654');
    paste(el, ' 1 2 3 4 5 6 7 8 ');
    await el.updateComplete;
    expect(parts(el).input.value).to.equal('123456');
    paste(el, 'code: 12345678901234'); // 20 characters
    await el.updateComplete;
    expect(parts(el).input.value).to.equal('123456');
  });

  it('inserts a partial paste at the caret', async () => {
    const el = await mount(verifyUrl('factor-verified', newKey()));
    await type(el, '12');
    paste(el, '3-4');
    await el.updateComplete;
    expect(parts(el).input.value).to.equal('1234');
  });

  it('submits with Enter', async () => {
    const key = newKey();
    const el = await mount(verifyUrl('factor-verified', key));
    await type(el, '123456');
    const result = oneEvent(el, 'totp-verify-result');
    await sendKeys({ press: 'Enter' });
    expect((await result).detail.outcome).to.equal('verified');
    expect((await serverLog(key)).hits).to.equal(1);
  });

  it('autosubmit sends as soon as the code is complete', async () => {
    const key = newKey();
    const el = await fixture<TotpVerify>(html`<totp-verify autosubmit verify-url=${verifyUrl('factor-verified', key)}></totp-verify>`);
    const result = oneEvent(el, 'totp-verify-result');
    await type(el, '12345');
    expect(el.pending).to.equal(false);
    await sendKeys({ type: '6' });
    expect((await result).detail.outcome).to.equal('verified');
    expect((await serverLog(key)).bodies[0].body).to.deep.equal({ code: '123456' });
  });

  it('autosubmit also fires on a full paste', async () => {
    const key = newKey();
    const el = await fixture<TotpVerify>(html`<totp-verify autosubmit verify-url=${verifyUrl('challenge-pending', key)}></totp-verify>`);
    const result = oneEvent(el, 'totp-verify-result');
    paste(el, '123 456');
    expect((await result).detail.outcome).to.equal('incorrect');
  });

  it('without verify-url reports an error instead of posting', async () => {
    const el = await fixture<TotpVerify>(html`<totp-verify></totp-verify>`);
    await type(el, '123456');
    const ev = await submit(el);
    expect(ev.detail.outcome).to.equal('error');
    expect(parts(el).message.textContent).to.equal(TOTP_DEFAULT_STRINGS.noUrl);
  });

  it('focusing the host focuses the input', async () => {
    const el = await mount(verifyUrl('factor-verified', newKey()));
    el.focus();
    expect(el.shadowRoot!.activeElement).to.equal(parts(el).input);
  });

  it('defining the tag again is silent', () => {
    expect(() => defineElement('totp-verify', class extends HTMLElement {})).to.not.throw();
    expect(customElements.get('totp-verify')!.name).to.equal('TotpVerify');
  });
});
