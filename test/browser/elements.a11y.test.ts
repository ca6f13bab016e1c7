// Accessibility in every state: axe on <twilio-phone> in each phone state the
// other suites do not already check (idle, fetching-token, registering, ready,
// outgoing dialing/ringing, offline, bad-credentials, error), against the real
// SDK and the emulator; and the CSS custom states (:state()) of <twilio-phone>,
// <device-status> and <totp-verify>, with <device-status>'s `strings` (and its `labels` alias).
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import '../../src/elements/components/device-status/define.js';
import '../../src/elements/components/totp-verify/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import type { DeviceStatus } from '../../src/elements/components/device-status/device-status.js';
import { DEVICE_STATUS_STRINGS } from '../../src/elements/components/device-status/device-status.js';
import type { TotpVerify } from '../../src/elements/components/totp-verify/totp-verify.js';
import { PHONE_STATES } from '../../src/elements/core/phone-state.js';
import type { TotpVerifyResultEvent } from '../../src/elements/events.js';
import { emulator, itWithWebRTC, matchesState, record, resetFaults, setFaults, statesSupported, testEnv, tokenUrl, until, untilState } from './helpers.js';

let seq = 0;
const ident = (name: string) => `a11y-${name}-${Date.now().toString(36)}-${++seq}`;

async function makePhone(params: Record<string, string | number>, registerTimeout = 15000) {
  const { signalingHost } = await testEnv();
  const el = await fixture<TwilioPhone>(html`<twilio-phone
    token-url=${tokenUrl(params)}
    signaling-host=${signalingHost}
    register-timeout=${registerTimeout}
  ></twilio-phone>`);
  const log = record(el, ['twilio-phone-state-change', 'twilio-phone-call-state-change']);
  return { el, log };
}

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const statusText = (el: TwilioPhone) => $(el, '[part="status"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('a11y: <twilio-phone> in every phone state (axe)', function () {
  this.timeout(40000);
  afterEach(() => resetFaults());

  it('idle: a labelled Start button, the status line is a polite live region', async () => {
    const { el } = await makePhone({ variant: 'good', identity: ident('idle') });
    expect(el.state).to.equal('idle');
    const status = $(el, '[part="status"]')!;
    expect(status.getAttribute('role') ?? status.getAttribute('aria-live')).to.be.ok;
    expect($(el, '[part="start-button"]')?.textContent?.trim()).to.equal('Start phone');
    await expect(el).to.be.accessible();
  });

  // The states past the capability check need WebRTC; without it, `error` is checked in twilio-phone.no-webrtc.test.ts.
  itWithWebRTC('fetching-token (a slow token URL) and registering (a gateway that never answers register)', async () => {
    await setFaults({ neverAnswerRegister: true });
    const { el } = await makePhone({ variant: 'good', identity: ident('reg'), delay: 1500 }, 20000);
    void el.start();
    await untilState(el, 'fetching-token', 3000);
    await el.updateComplete;
    await expect(el).to.be.accessible();
    await untilState(el, 'registering', 5000);
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('registering');
    await expect(el).to.be.accessible();
    el.stop();
  });

  itWithWebRTC('ready, then an outgoing call while dialing and ringing (no-answer), then ready again', async () => {
    const { el, log } = await makePhone({ variant: 'good', identity: ident('ready') });
    await el.start();
    await untilState(el, 'ready');
    await el.updateComplete;
    await expect(el).to.be.accessible();
    const call = el.call('no-answer');
    await until(() => log.of('twilio-phone-call-state-change').some((e) => e.detail.callState === 'ringing'), 'ringing', 10000);
    await el.updateComplete;
    expect(el.state).to.equal('busy');
    expect($(el, '[part="hangup-button"]')).to.not.equal(null);
    await expect(el).to.be.accessible();
    el.hangup();
    await call.catch(() => undefined);
    await untilState(el, 'ready', 10000);
  });

  itWithWebRTC('offline: the gateway drops the socket and refuses to reconnect', async () => {
    const { el } = await makePhone({ variant: 'good', identity: ident('offline') });
    await el.start();
    await untilState(el, 'ready');
    await setFaults({ refuseConnections: true });
    await emulator('drop', {});
    await untilState(el, 'offline', 8000);
    await el.updateComplete;
    expect(statusText(el).length).to.be.greaterThan(0);
    await expect(el).to.be.accessible();
    await resetFaults();
    await untilState(el, 'ready', 20000);
  });

  itWithWebRTC('bad-credentials: the code and message are shown, Try again is labelled', async () => {
    const { el } = await makePhone({ variant: 'wrong-secret' });
    await el.start();
    await untilState(el, 'bad-credentials');
    await el.updateComplete;
    expect($(el, '[part="start-button"]')?.textContent?.trim()).to.equal('Try again');
    expect($(el, '[part="message"]')?.textContent).to.contain('31202');
    await expect(el).to.be.accessible();
  });

  itWithWebRTC('error: a registration that times out', async () => {
    await setFaults({ dropOnListen: true });
    const { el } = await makePhone({ variant: 'good' }, 1500);
    await el.start();
    await untilState(el, 'error', 6000);
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});

describe('<twilio-phone> :state()', () => {
  it('exposes exactly its state as a custom state, beside the state attribute (every browser: a start without a token source ends in error)', async function () {
    if (!statesSupported) this.skip();
    const el = await fixture<TwilioPhone>(html`<twilio-phone></twilio-phone>`);
    expect(PHONE_STATES.filter((s) => matchesState(el, s))).to.deep.equal(['idle']);
    await el.start();
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('error');
    expect(PHONE_STATES.filter((s) => matchesState(el, s))).to.deep.equal(['error']);
    el.stop();
    await el.updateComplete;
    expect(PHONE_STATES.filter((s) => matchesState(el, s))).to.deep.equal(['idle']);
  });

  it(':state() styles the host (a page rule on twilio-phone:state(error))', async function () {
    if (!statesSupported) this.skip();
    const style = document.createElement('style');
    style.textContent = 'twilio-phone:state(error) { outline: 3px solid rgb(255, 0, 0); }';
    document.head.append(style);
    try {
      const el = await fixture<TwilioPhone>(html`<twilio-phone></twilio-phone>`);
      expect(getComputedStyle(el).outlineStyle).to.equal('none');
      await el.start();
      await el.updateComplete;
      expect(getComputedStyle(el).outlineColor).to.equal('rgb(255, 0, 0)');
    } finally {
      style.remove();
    }
  });

  itWithWebRTC('dashed names: :state(bad-credentials) after a refused fetchToken(), :state(ready) after registering', async function () {
    if (!statesSupported) this.skip();
    const el = await fixture<TwilioPhone>(html`<twilio-phone></twilio-phone>`);
    el.fetchToken = async () => {
      throw Object.assign(new Error('HTTP 403'), { status: 403 });
    };
    await el.start();
    await el.updateComplete;
    expect(el.matches('twilio-phone:state(bad-credentials)')).to.equal(true);
    expect(PHONE_STATES.filter((s) => matchesState(el, s))).to.deep.equal(['bad-credentials']);
    const { signalingHost } = await testEnv();
    el.fetchToken = undefined;
    el.tokenUrl = tokenUrl({ variant: 'good', identity: ident('phone-state') });
    el.signalingHost = signalingHost;
    await el.start();
    await untilState(el, 'ready');
    await el.updateComplete;
    expect(PHONE_STATES.filter((s) => matchesState(el, s))).to.deep.equal(['ready']);
    el.stop();
  });
});

describe('<device-status> strings and :state()', () => {
  it('strings overrides the labels; others keep the defaults; labels is an alias of strings', async () => {
    const el = await fixture<DeviceStatus>(html`<device-status state="ready" .strings=${{ ready: 'En ligne' }}></device-status>`);
    const label = () => $(el, '[part="label"]')!.textContent!.trim();
    expect(label()).to.equal('En ligne');
    el.state = 'offline';
    await el.updateComplete;
    expect(label()).to.equal(DEVICE_STATUS_STRINGS.offline);
    expect(el.labels).to.equal(el.strings);
    el.labels = { offline: 'Hors ligne' };
    await el.updateComplete;
    expect(el.strings).to.deep.equal({ offline: 'Hors ligne' });
    expect(label()).to.equal('Hors ligne');
    await expect(el).to.be.accessible();
  });

  it('exposes exactly the current state as a custom state', async function () {
    if (!statesSupported) this.skip();
    const el = await fixture<DeviceStatus>(html`<device-status></device-status>`);
    for (const state of PHONE_STATES) {
      el.state = state;
      await el.updateComplete;
      const on = PHONE_STATES.filter((s) => matchesState(el, s));
      expect(on, `custom states while ${state}`).to.deep.equal([state]);
    }
  });

  it(':state() styles the host (a page rule on device-status:state(bad-credentials))', async function () {
    if (!statesSupported) this.skip();
    const style = document.createElement('style');
    style.textContent = 'device-status:state(bad-credentials) { outline: 3px solid rgb(255, 0, 0); }';
    document.head.append(style);
    try {
      const el = await fixture<DeviceStatus>(html`<device-status state="ready"></device-status>`);
      expect(getComputedStyle(el).outlineStyle).to.equal('none');
      el.state = 'bad-credentials';
      await el.updateComplete;
      expect(getComputedStyle(el).outlineColor).to.equal('rgb(255, 0, 0)');
    } finally {
      style.remove();
    }
  });

  itWithWebRTC('follows a linked phone: :state(ready) after it registers', async function () {
    if (!statesSupported) this.skip();
    const { signalingHost } = await testEnv();
    const box = await fixture<HTMLElement>(html`<div>
      <twilio-phone id="st-phone" token-url=${tokenUrl({ variant: 'good', identity: ident('st') })} signaling-host=${signalingHost}></twilio-phone>
      <device-status for="st-phone"></device-status>
    </div>`);
    const phone = box.querySelector('twilio-phone') as TwilioPhone;
    const status = box.querySelector('device-status') as DeviceStatus;
    expect(matchesState(status, 'idle')).to.equal(true);
    await phone.start();
    await untilState(phone, 'ready');
    await until(() => matchesState(status, 'ready'), ':state(ready)');
    expect(matchesState(status, 'idle')).to.equal(false);
  });
});

describe('<totp-verify> :state()', () => {
  const key = () => `st-${Date.now().toString(36)}-${++seq}`;

  async function submitCode(el: TotpVerify, code: string) {
    const input = $<HTMLInputElement>(el, 'input')!;
    input.value = code;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    const result = oneEvent(el, 'totp-verify-result') as Promise<TotpVerifyResultEvent>;
    $<HTMLFormElement>(el, 'form')!.requestSubmit();
    return result;
  }

  it('pending while the request runs, then the outcome; a new submission clears the old outcome', async function () {
    if (!statesSupported) this.skip();
    const k = key();
    const el = await fixture<TotpVerify>(html`<totp-verify verify-url=${`/__verify?reply=factor-unverified&key=${k}&delay=400`}></totp-verify>`);
    expect(matchesState(el, 'pending')).to.equal(false);
    const first = submitCode(el, '123456');
    await el.updateComplete;
    expect(el.pending).to.equal(true);
    expect(matchesState(el, 'pending')).to.equal(true);
    await first;
    await el.updateComplete;
    expect(matchesState(el, 'pending')).to.equal(false);
    expect(matchesState(el, 'incorrect')).to.equal(true);

    el.verifyUrl = `/__verify?reply=factor-verified&key=${k}`;
    await el.updateComplete;
    const second = await submitCode(el, '654321');
    await el.updateComplete;
    expect(second.detail.outcome).to.equal('verified');
    expect(matchesState(el, 'verified')).to.equal(true);
    expect(matchesState(el, 'incorrect')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  const outcomes: [string, string][] = [
    ['challenge-expired', 'expired'],
    ['challenge-denied', 'denied'],
    ['429-60310', 'too-many-attempts'],
    ['429-60312', 'rate-limited'],
    ['404-20404', 'not-found'],
    ['500', 'error'],
  ];
  for (const [reply, outcome] of outcomes) {
    it(`${reply} → :state(${outcome}) only`, async function () {
      if (!statesSupported) this.skip();
      const el = await fixture<TotpVerify>(html`<totp-verify verify-url=${`/__verify?reply=${reply}&key=${key()}`}></totp-verify>`);
      const ev = await submitCode(el, '123456');
      await el.updateComplete;
      expect(ev.detail.outcome).to.equal(outcome);
      const all = ['pending', 'verified', 'incorrect', 'expired', 'denied', 'too-many-attempts', 'rate-limited', 'not-found', 'error'];
      expect(all.filter((s) => matchesState(el, s))).to.deep.equal([outcome]);
    });
  }
});
