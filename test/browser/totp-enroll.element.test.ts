// <totp-enroll> end to end against the reference verify handler and the
// emulator's Verify API (`/__real-verify`): the factor is created, its QR code
// (decoded back from the drawn pixels) and key are shown, a wrong first code is
// refused, the right one verifies, and the key leaves the page. Failures of
// both stages come from the scripted `/__verify` endpoint; axe and the custom
// states are checked in every state, and the whole path is also walked with
// the keyboard only.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { typeKeys } from './type-keys.js';
import { Secret, TOTP } from 'otpauth';
import decodeQR from 'qr/decode.js';
import '../../src/elements/components/totp-enroll/define.js';
import { TOTP_ENROLL_STRINGS, type TotpEnroll } from '../../src/elements/components/totp-enroll/totp-enroll.js';
import type { TotpVerify } from '../../src/elements/components/totp-verify/totp-verify.js';
import { ENROLL_STATES } from '../../src/elements/core/enroll-machine.js';
import { parseOtpauthUri } from '../../src/elements/core/otpauth-uri.js';
import type { TotpEnrollErrorEvent } from '../../src/elements/events.js';
import { matchesState, record, statesSupported, until } from './helpers.js';

let seq = 0;
const ident = (name: string) => `enrol-${name}-${Date.now().toString(36)}-${++seq}`;
const scripted = (reply: string, extra = '') => `/__verify?reply=${reply}&key=${ident('k')}${extra}`;

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const inner = (el: TotpEnroll) => $<TotpVerify>(el, 'totp-verify');
const codeInput = (el: TotpEnroll) => inner(el)!.shadowRoot!.querySelector('input')!;
const shownSecret = (el: TotpEnroll) => ($(el, '[part="secret"]')?.textContent ?? '').replace(/\s+/g, '');
const message = (el: TotpEnroll) => $(el, '[part="message"]')!.textContent ?? '';
const codeFor = (secret: string, offset = 0) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + offset * 30_000 });
/** A code no clock skew can make valid. */
function wrongCode(secret: string): string {
  const valid = new Set([-1, 0, 1].map((o) => codeFor(secret, o)));
  for (const c of ['000000', '111111', '222222', '333333']) if (!valid.has(c)) return c;
  throw new Error('unreachable');
}

/** State, reflected attribute and the one custom state agree; then axe. */
async function expectState(el: TotpEnroll, state: string) {
  await el.updateComplete;
  expect(el.state).to.equal(state);
  expect(el.getAttribute('state')).to.equal(state);
  if (statesSupported) expect(ENROLL_STATES.filter((s) => matchesState(el, s))).to.deep.equal([state]);
  await expect(el).to.be.accessible();
}

async function mount(verifyUrl: string, identity = ident('u')) {
  const el = await fixture<TotpEnroll>(html`<totp-enroll verify-url=${verifyUrl} identity=${identity}></totp-enroll>`);
  const events = record(el, ['totp-enroll-send', 'totp-enroll-created', 'totp-enroll-verified', 'totp-enroll-error']);
  return { el, events, identity };
}

async function create(el: TotpEnroll) {
  const created = oneEvent(el, 'totp-enroll-created');
  $<HTMLButtonElement>(el, '[part="start-button"]')!.click();
  const ev = await created;
  await el.updateComplete;
  await inner(el)!.updateComplete;
  return ev;
}

/** Types a code into the inner form and submits it with Enter; resolves once the enrolment has taken the answer. */
async function enterCode(el: TotpEnroll, code: string) {
  codeInput(el).focus();
  await typeKeys(code);
  const answered = new Promise((resolve) => {
    el.addEventListener('totp-enroll-verified', resolve, { once: true });
    el.addEventListener('totp-enroll-error', resolve, { once: true });
  });
  await sendKeys({ press: 'Enter' });
  await answered;
  await el.updateComplete;
}

/** Paints the element's QR `<svg>` on a canvas and decodes the pixels. */
async function decodeShownQr(el: TotpEnroll): Promise<string> {
  const svg = $<SVGSVGElement>(el, 'svg[part="qr"]')!;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  // The colours come from the shadow root's styles, which a detached copy does not have.
  copy.querySelector('.qr-bg')!.setAttribute('fill', '#fff');
  copy.querySelector('.qr-fg')!.setAttribute('fill', '#000');
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const modules = Number(svg.getAttribute('viewBox')!.split(' ')[2]);
  const size = modules * 6;
  copy.setAttribute('width', String(size));
  copy.setAttribute('height', String(size));
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(copy))}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(img, 0, 0, size, size);
  const data = ctx.getImageData(0, 0, size, size);
  return decodeQR({ width: size, height: size, data: data.data });
}

describe('<totp-enroll>', function () {
  this.timeout(30000);

  it('idle: a start button, nothing asked yet; accessible', async () => {
    const { el, events } = await mount('/__real-verify');
    expect($(el, '[part="start-button"]')!.textContent!.trim()).to.equal(TOTP_ENROLL_STRINGS.start);
    expect(el.factorSid).to.equal(null);
    expect(events.events).to.have.length(0);
    await expectState(el, 'idle');
  });

  it('enrols end to end: created (SID only), QR and key shown, a wrong first code refused, the right one verifies, the key leaves', async () => {
    const { el, events } = await mount('/__real-verify');
    const leaked = record(document, ['totp-verify-send', 'totp-verify-result', 'totp-verify-success']);
    const created = await create(el);
    expect(Object.keys(created.detail)).to.deep.equal(['factorSid']);
    expect(created.detail.factorSid).to.match(/^YF[0-9a-f]{32}$/);
    expect(el.factorSid).to.equal(created.detail.factorSid);
    await expectState(el, 'created');

    const secret = shownSecret(el);
    expect(secret).to.match(/^[A-Z2-7]{16,}$/);
    expect($(el, '[part="secret"]')!.textContent).to.match(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    const svg = $<SVGSVGElement>(el, 'svg[part="qr"]')!;
    expect(svg.getAttribute('role')).to.equal('img');
    expect(svg.getAttribute('aria-label')).to.equal(TOTP_ENROLL_STRINGS.qrLabel);
    // The drawn code is the factor's Key URI, with the very secret shown beside it.
    const uri = await decodeShownQr(el);
    const key = parseOtpauthUri(uri);
    expect(key, uri).to.not.equal(null);
    expect(key!.secret).to.equal(secret);
    expect(key!.digits).to.equal(6);
    expect(inner(el)!.getAttribute('code-length')).to.equal('6');

    await enterCode(el, wrongCode(secret));
    const refused = events.of('totp-enroll-error').at(-1) as TotpEnrollErrorEvent;
    expect(refused.detail).to.include({ stage: 'verify', outcome: 'incorrect', fatal: false, factorSid: created.detail.factorSid });
    expect(inner(el)!.shadowRoot!.querySelector('[part="message"]')!.textContent).to.equal(TOTP_ENROLL_STRINGS.incorrect);
    await expectState(el, 'created');
    expect(shownSecret(el)).to.equal(secret);

    await enterCode(el, codeFor(secret));
    const verified = events.of('totp-enroll-verified');
    expect(verified).to.have.length(1);
    expect(verified[0].detail).to.deep.equal({ factorSid: created.detail.factorSid });
    await expectState(el, 'verified');
    expect(message(el)).to.equal(TOTP_ENROLL_STRINGS.enrolled);
    expect($(el, '[part="secret"]')).to.equal(null);
    expect($(el, 'svg')).to.equal(null);
    expect(inner(el)).to.equal(null);
    expect(el.shadowRoot!.innerHTML.includes(secret)).to.equal(false);
    expect(el.factorSid).to.equal(created.detail.factorSid);

    // The inner form's events stayed inside; no enrolment event carried the secret.
    expect(leaked.events).to.have.length(0);
    for (const e of events.events) expect(JSON.stringify(e.detail).includes(secret), e.type).to.equal(false);
    expect(events.events.map((e) => e.type)).to.deep.equal([
      'totp-enroll-send',
      'totp-enroll-created',
      'totp-enroll-send',
      'totp-enroll-error',
      'totp-enroll-send',
      'totp-enroll-verified',
    ]);

    // The server agrees: the factor is verified (a verified factor answers `verified` to a good code).
    const again = await fetch('/__real-verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'verify-factor', identity: el.identity, factorSid: el.factorSid, code: codeFor(secret) }),
    }).then((r) => r.json());
    expect(again.status).to.equal('verified');
  });

  const createFailures: [reply: string, outcome: string, text: string, extra?: Record<string, unknown>][] = [
    ['429-60326', 'rate-limited', TOTP_ENROLL_STRINGS['rate-limited'], { code: 60326 }],
    ['500', 'error', 'Internal Server Error', { code: 20500 }],
    ['factor-verified', 'error', TOTP_ENROLL_STRINGS.malformed, { failure: 'malformed' }],
    ['drop', 'error', TOTP_ENROLL_STRINGS.network, { failure: 'network' }],
    ['xss-message', 'error', 'Invalid parameter: <img src=x onerror=alert(1)>', { code: 60200 }],
  ];
  for (const [reply, outcome, text, extra] of createFailures) {
    it(`create fails (${reply}): failed, ${outcome}, said as text, fatal error event; "Start again" focusable`, async () => {
      const { el, events } = await mount(scripted(reply));
      const failed = oneEvent(el, 'totp-enroll-error') as Promise<TotpEnrollErrorEvent>;
      await el.start();
      const ev = await failed;
      expect(ev.detail).to.include({ stage: 'create', outcome, fatal: true, ...extra });
      expect(ev.detail.factorSid).to.equal(undefined);
      expect(message(el)).to.equal(text);
      expect($(el, '[part="message"]')!.children).to.have.length(0);
      expect($(el, '[part="start-button"]')!.textContent!.trim()).to.equal(TOTP_ENROLL_STRINGS.restart);
      expect(events.of('totp-enroll-created')).to.have.length(0);
      await expectState(el, 'failed');
    });
  }

  it('without verify-url: failed with the no-URL message', async () => {
    const el = await fixture<TotpEnroll>(html`<totp-enroll></totp-enroll>`);
    await el.start();
    await el.updateComplete;
    expect(el.state).to.equal('failed');
    expect(message(el)).to.equal(TOTP_ENROLL_STRINGS.noUrl);
  });

  it('"Start again" after a failure creates a new factor', async () => {
    const { el } = await mount(scripted('500'));
    await el.start();
    expect(el.state).to.equal('failed');
    el.verifyUrl = '/__real-verify';
    await el.updateComplete;
    await create(el);
    expect(el.state).to.equal('created');
    expect(message(el)).to.equal('');
  });

  it('creating (a slow server) is busy and accessible; the start button keeps focus and ignores presses', async () => {
    const { el, events } = await mount(scripted('500', '&delay=1500'));
    const button = $<HTMLButtonElement>(el, '[part="start-button"]')!;
    button.focus();
    button.click();
    await el.updateComplete;
    expect(message(el)).to.equal(TOTP_ENROLL_STRINGS.creating);
    expect($(el, '[part="base"]')!.getAttribute('aria-busy')).to.equal('true');
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(el.shadowRoot!.activeElement).to.equal(button);
    button.click();
    await expectState(el, 'creating');
    await until(() => el.state === 'failed', 'failed');
    expect(events.of('totp-enroll-send')).to.have.length(1);
    // Focus stays on the (relabelled) button, ready for "Start again".
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part="start-button"]'));
  });

  it('verifying (a slow answer): busy, the key still shown, accessible', async () => {
    const { el } = await mount('/__real-verify');
    await create(el);
    // Answered by the scripted endpoint, which holds the answer for longer than the test lasts.
    el.verifyUrl = scripted('factor-verified', '&delay=20000');
    await el.updateComplete;
    codeInput(el).focus();
    await typeKeys('123456');
    await sendKeys({ press: 'Enter' });
    await until(() => el.state === 'verifying', 'verifying');
    expect(shownSecret(el).length).to.be.greaterThan(0);
    expect(inner(el)!.pending).to.equal(true);
    await expectState(el, 'verifying');
    el.reset(); // aborts the held request
    await el.updateComplete;
    expect(el.state).to.equal('idle');
  });

  it('a code that can no longer verify the factor (too many attempts) ends the enrolment', async () => {
    const { el, events } = await mount('/__real-verify');
    await create(el);
    el.verifyUrl = scripted('429-60310');
    await el.updateComplete;
    const failed = oneEvent(el, 'totp-enroll-error') as Promise<TotpEnrollErrorEvent>;
    await enterCode(el, '123456');
    const ev = await failed;
    expect(ev.detail).to.include({ stage: 'verify', outcome: 'too-many-attempts', code: 60310, fatal: true });
    await expectState(el, 'failed');
    expect(message(el)).to.equal(TOTP_ENROLL_STRINGS['too-many-attempts']);
    expect($(el, '[part="secret"]')).to.equal(null);
    expect(events.of('totp-enroll-verified')).to.have.length(0);
  });

  it('totp-enroll-send: both stages, the body can be edited, and cancelling sends nothing', async () => {
    const k1 = ident('k');
    const { el, identity } = await mount(`/__verify?reply=500&key=${k1}`);
    el.friendlyName = 'Work laptop';
    el.params = { tenant: 't1', action: 'not-this' };
    el.addEventListener('totp-enroll-send', (e) => {
      e.detail.body.csrf = `tok-${e.detail.stage}`;
    });
    await el.start();
    let log = await (await fetch(`/__verify-log?key=${k1}`)).json();
    expect(log.bodies[0].body).to.deep.equal({ action: 'enroll', identity, friendlyName: 'Work laptop', tenant: 't1', csrf: 'tok-create' });

    el.verifyUrl = '/__real-verify';
    el.params = {};
    await el.updateComplete;
    await create(el);
    const k2 = ident('k');
    el.verifyUrl = `/__verify?reply=factor-unverified&key=${k2}`;
    await el.updateComplete;
    await enterCode(el, '123456');
    log = await (await fetch(`/__verify-log?key=${k2}`)).json();
    expect(log.bodies[0].body).to.deep.equal({ code: '123456', identity, factorSid: el.factorSid, action: 'verify-factor', csrf: 'tok-verify' });

    const k3 = ident('k');
    const other = await fixture<TotpEnroll>(html`<totp-enroll verify-url=${`/__verify?reply=500&key=${k3}`}></totp-enroll>`);
    other.addEventListener('totp-enroll-send', (e) => e.preventDefault());
    await other.start();
    expect(other.state).to.equal('idle');
    expect((await (await fetch(`/__verify-log?key=${k3}`)).json()).hits).to.equal(0);
  });

  it('leaving the document drops the key (DOM and memory); a move in one task keeps it', async () => {
    const { el } = await mount('/__real-verify');
    await create(el);
    const secret = shownSecret(el);
    const elsewhere = document.createElement('div');
    document.body.append(elsewhere);
    elsewhere.append(el); // a move: disconnected and connected again in the same task
    await el.updateComplete;
    expect(el.state).to.equal('created');
    expect(shownSecret(el)).to.equal(secret);

    el.remove();
    await Promise.resolve();
    await el.updateComplete;
    expect(el.state).to.equal('idle');
    expect(el.factorSid).to.equal(null);
    expect(el.shadowRoot!.innerHTML.replace(/\s+/g, '').includes(secret)).to.equal(false);
    expect($(el, '[part="secret"]')).to.equal(null);
    elsewhere.remove();
  });

  it('reset() forgets the enrolment and aborts a request in flight, whose answer is never shown', async () => {
    const k = ident('k');
    const log = async () => (await fetch(`/__verify-log?key=${k}`)).json();
    const { el, events } = await mount(`/__verify?reply=500&key=${k}&delay=20000`);
    const started = el.start();
    await el.updateComplete;
    expect(el.state).to.equal('creating');
    await waitUntil(async () => (await log()).hits === 1, 'the request did not reach the server', { timeout: 10000 });
    el.reset();
    await started;
    await el.updateComplete;
    expect(el.state).to.equal('idle');
    expect(message(el)).to.equal('');
    await waitUntil(async () => (await log()).aborted === 1, 'the server did not see the request go away', { timeout: 10000 });
    expect(events.of('totp-enroll-error')).to.have.length(0);
  });

  it('copy: writes the exact key and says so; without clipboard access it selects the key and says how to copy', async () => {
    const { el } = await mount('/__real-verify');
    await create(el);
    const secret = shownSecret(el);
    // Reading the system clipboard back is not possible in the headless test browsers, so the
    // clipboard is replaced by a recorder (and then by one that refuses, the denied-permission case).
    const written: string[] = [];
    const original = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
    try {
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => void written.push(t) } });
      $<HTMLButtonElement>(el, '[part="copy-button"]')!.click();
      await until(() => message(el) !== '', 'copy message');
      expect(written).to.deep.equal([secret]);
      expect(message(el)).to.equal(TOTP_ENROLL_STRINGS.copied);

      Object.defineProperty(navigator, 'clipboard', {
        configurable: true,
        value: { writeText: async () => Promise.reject(new DOMException('denied', 'NotAllowedError')) },
      });
      $<HTMLButtonElement>(el, '[part="copy-button"]')!.click();
      await until(() => message(el) === TOTP_ENROLL_STRINGS.copyFailed, 'copy failure message');
      expect((getSelection()?.toString() ?? '').replace(/\s+/g, '')).to.equal(secret);
      await expect(el).to.be.accessible();
    } finally {
      if (original) Object.defineProperty(navigator, 'clipboard', original);
      else delete (navigator as { clipboard?: unknown }).clipboard;
      getSelection()?.removeAllRanges();
    }
  });

  it('keyboard only: Tab and Enter create it, focus moves to the instructions, Tab reaches copy and the code field, Enter verifies', async () => {
    const identity = ident('kbd');
    const box = await fixture<HTMLDivElement>(
      html`<div><button id="before">before</button><totp-enroll verify-url="/__real-verify" identity=${identity}></totp-enroll></div>`,
    );
    const el = box.querySelector('totp-enroll')!;
    box.querySelector<HTMLButtonElement>('#before')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part="start-button"]'));
    const created = oneEvent(el, 'totp-enroll-created');
    await sendKeys({ press: 'Enter' });
    await created;
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part="instructions"]'));
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part="copy-button"]'));
    await sendKeys({ press: 'Tab' });
    await inner(el)!.updateComplete;
    expect(inner(el)!.shadowRoot!.activeElement).to.equal(codeInput(el));
    const verified = oneEvent(el, 'totp-enroll-verified');
    await typeKeys(codeFor(shownSecret(el)));
    await sendKeys({ press: 'Enter' });
    await verified;
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part="message"]'));
    expect(message(el)).to.equal(TOTP_ENROLL_STRINGS.enrolled);
  });

  it('autostart creates the factor when connected; autosubmit verifies as the code completes', async () => {
    const identity = ident('auto');
    const box = await fixture<HTMLDivElement>(html`<div></div>`);
    const el = document.createElement('totp-enroll');
    el.verifyUrl = '/__real-verify';
    el.identity = identity;
    el.autostart = true;
    el.autosubmit = true;
    const created = oneEvent(el, 'totp-enroll-created');
    box.append(el);
    await created;
    await el.updateComplete;
    await inner(el)!.updateComplete;
    const verified = oneEvent(el, 'totp-enroll-verified');
    codeInput(el).focus();
    await typeKeys(codeFor(shownSecret(el)));
    await verified;
    expect(el.state).to.equal('verified');
  });

  it('strings replace every text and stay text; the inner form follows them', async () => {
    const hostile = '<img src=x onerror="window.__enrolPwned=1">';
    const { el } = await mount('/__real-verify');
    el.strings = {
      start: `Commencer ${hostile}`,
      scan: `Scannez ${hostile}`,
      copy: 'Copier',
      codeLabel: 'Code de l’app',
      submit: 'Valider',
      secretLabel: 'Clé',
    };
    await el.updateComplete;
    expect($(el, '[part="start-button"]')!.textContent!.trim()).to.equal(`Commencer ${hostile}`);
    await create(el);
    expect($(el, '[part="instructions"]')!.textContent).to.equal(`Scannez ${hostile}`);
    expect($(el, '[part="copy-button"]')!.textContent).to.equal('Copier');
    expect($(el, 'dt')!.textContent).to.equal('Clé');
    expect(inner(el)!.shadowRoot!.querySelector('label')!.textContent).to.equal('Code de l’app');
    expect(inner(el)!.shadowRoot!.querySelector('button')!.textContent).to.equal('Valider');
    expect(el.shadowRoot!.querySelectorAll('img')).to.have.length(0);
    expect((window as { __enrolPwned?: number }).__enrolPwned).to.equal(undefined);
  });
});
