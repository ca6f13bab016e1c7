// <twilio-phone> in a browser without WebRTC (Debian's WebKitGTK, locked-down
// kiosks, some embedded webviews): it ends in `error` with a message naming
// what is missing, fires one twilio-phone-error, never asks for a token nor
// downloads the SDK, and the rest of the page (<totp-verify>, <device-status>)
// keeps working. Real in WebKitGTK; in Chromium and Firefox WebRTC is removed
// from the page before the elements load (./remove-webrtc.ts, a mock: those
// browsers have WebRTC, and removing it is the only way to reach the case).
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { TOTP } from 'otpauth';
import { hits, itWithWebRTC, record, tokenUrl, uniqueKey, until, watchPageProblems } from './helpers.js';
import { withWebRTCRestored, withoutGetUserMedia } from './remove-webrtc.js';
import '../../src/elements/components/twilio-phone/define.js';
import '../../src/elements/components/device-status/define.js';
import '../../src/elements/components/totp-verify/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import type { DeviceStatus } from '../../src/elements/components/device-status/device-status.js';
import type { TotpVerify } from '../../src/elements/components/totp-verify/totp-verify.js';

const EVENTS = ['twilio-phone-state-change', 'twilio-phone-error', 'twilio-phone-bad-credentials'];
const NO_WEBRTC = 'WebRTC (RTCPeerConnection) is not available';
const NO_MICROPHONE = 'microphone access (navigator.mediaDevices.getUserMedia) is not available';

const message = (el: Element) => el.shadowRoot!.querySelector('[part="message"]')!.textContent!.trim();
/** Whether the page downloaded the Voice SDK (the dev server serves it as one bundle). */
const sdkDownloaded = () => performance.getEntriesByType('resource').some((e) => e.name.includes('/__voice-sdk.js'));

describe('<twilio-phone> without WebRTC', function () {
  this.timeout(20000);
  const problems = watchPageProblems();
  afterEach(() => expect(problems).to.deep.equal([]));

  it('start() ends in error naming RTCPeerConnection: one error event, no token request, no SDK download', async () => {
    const key = uniqueKey('nortc');
    const el = await fixture<TwilioPhone>(html`<twilio-phone token-url=${tokenUrl({ variant: 'good', key })}></twilio-phone>`);
    const log = record(el, EVENTS);
    await el.start();
    expect(el.state).to.equal('error');
    expect(el.getAttribute('state')).to.equal('error');
    const changes = log.of('twilio-phone-state-change').map((e) => e.detail);
    expect(changes.map((d) => d.state)).to.deep.equal(['fetching-token', 'error']);
    expect(changes[1].reason).to.equal('unsupported-browser');
    const errors = log.of('twilio-phone-error');
    expect(errors).to.have.length(1);
    expect(errors[0].detail.fatal).to.equal(true);
    expect(errors[0].detail.error.message).to.match(/^This browser cannot place calls: /);
    expect(errors[0].detail.error.message).to.contain(NO_WEBRTC);
    expect(el.lastError).to.deep.equal(errors[0].detail.error);
    expect(log.of('twilio-phone-bad-credentials')).to.have.length(0);
    expect(el.device).to.equal(null);
    await el.updateComplete;
    expect(message(el)).to.equal(errors[0].detail.error.message);
    expect(await hits(key), 'token requests').to.equal(0);
    // Resource timing lists module scripts here (the phone's own module), so the SDK's absence means something.
    expect(
      performance.getEntriesByType('resource').some((e) => e.name.includes('/components/twilio-phone/')),
      'modules are listed',
    ).to.equal(true);
    expect(sdkDownloaded(), 'Voice SDK downloaded').to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('preflight(): fails with unsupported-browser before any token request or SDK download; the phone stays idle', async () => {
    const key = uniqueKey('nortc-preflight');
    const el = await fixture<TwilioPhone>(html`<twilio-phone token-url=${tokenUrl({ variant: 'good', key })}></twilio-phone>`);
    const log = record(el, ['twilio-phone-preflight-failed', 'twilio-phone-state-change']);
    const rejection = await el.preflight().then(
      () => null,
      (err: { reason?: string; message?: string }) => err,
    );
    expect(rejection?.reason).to.equal('unsupported-browser');
    expect(rejection?.message).to.contain(NO_WEBRTC);
    expect(log.of('twilio-phone-preflight-failed').map((e) => e.detail.reason)).to.deep.equal(['unsupported-browser']);
    expect(el.preflightState).to.equal('failed');
    expect(log.of('twilio-phone-state-change'), 'the phone itself never moved').to.have.length(0);
    expect(await hits(key), 'token requests').to.equal(0);
    expect(sdkDownloaded(), 'Voice SDK downloaded').to.equal(false);
  });

  it('Try again fails the same way, once more, still without a token request', async () => {
    const key = uniqueKey('nortc-retry');
    const el = await fixture<TwilioPhone>(html`<twilio-phone token-url=${tokenUrl({ variant: 'good', key })}></twilio-phone>`);
    await el.start();
    await el.updateComplete;
    const log = record(el, EVENTS);
    const retry = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="start-button"]')!;
    expect(retry.textContent!.trim()).to.equal('Try again');
    retry.click();
    await until(() => log.of('twilio-phone-error').length > 0, 'the error of the second start');
    expect(el.state).to.equal('error');
    expect(log.of('twilio-phone-state-change').map((e) => e.detail.state)).to.deep.equal(['fetching-token', 'error']);
    expect(log.of('twilio-phone-error')).to.have.length(1);
    expect(await hits(key)).to.equal(0);
  });

  it('autostart with fetchToken: error on connect, fetchToken never called', async () => {
    let calls = 0;
    const fetchToken = async () => {
      calls++;
      return 'never used';
    };
    const errors: CustomEvent[] = [];
    const el = document.createElement('twilio-phone') as TwilioPhone;
    el.fetchToken = fetchToken;
    el.autostart = true;
    el.addEventListener('twilio-phone-error', (e) => errors.push(e as CustomEvent));
    await fixture(html`<div>${el}</div>`);
    await until(() => el.state === 'error', `state error (now ${el.state})`);
    expect(errors).to.have.length(1);
    expect(errors[0].detail.error.message).to.contain(NO_WEBRTC);
    expect(calls).to.equal(0);
  });

  it('the message comes from strings, so a page can translate it', async () => {
    const el = await fixture<TwilioPhone>(html`<twilio-phone
      token-url="/never"
      .strings=${{ unsupportedBrowser: 'Appels impossibles avec ce navigateur : {missing}.', missingWebRTC: 'WebRTC (RTCPeerConnection) absent' }}
    ></twilio-phone>`);
    await el.start();
    await el.updateComplete;
    expect(message(el)).to.match(/^Appels impossibles avec ce navigateur : WebRTC \(RTCPeerConnection\) absent/);
  });

  it('<totp-verify> on the same page verifies a real code; <device-status> shows the phone error across shadow roots', async () => {
    const identity = `nortc-${Date.now().toString(36)}`;
    // The phone lives in another element's shadow root: its events must still reach the document.
    const host = await fixture<HTMLElement>(
      html`<div><device-status for="nortc-phone"></device-status><totp-verify verify-url="/__real-verify" identity=${identity}></totp-verify></div>`,
    );
    const shadowHost = document.createElement('section');
    host.prepend(shadowHost);
    const phone = document.createElement('twilio-phone') as TwilioPhone;
    phone.tokenUrl = tokenUrl({ variant: 'good' });
    phone.innerHTML = '<device-status></device-status>';
    shadowHost.attachShadow({ mode: 'open' }).append(phone);
    const atDocument = record(document, ['twilio-phone-error']);
    try {
      await phone.start();
      expect(phone.state).to.equal('error');
      expect(atDocument.of('twilio-phone-error')).to.have.length(1);
    } finally {
      atDocument.stop();
    }
    // The ancestor link works inside the shadow root; the `for` link cannot see into it.
    const child = phone.querySelector<DeviceStatus>('device-status')!;
    await until(() => child.state === 'error', `child <device-status> error (now ${child.state})`);
    await child.updateComplete;
    expect(child.shadowRoot!.querySelector('[part="detail"]')!.textContent).to.contain(NO_WEBRTC);
    // Moved into the document, the phone is found by `for` at once, in its current state.
    phone.id = 'nortc-phone';
    host.append(phone);
    const byId = host.querySelector<DeviceStatus>(':scope > device-status')!;
    await until(() => byId.state === 'error', `for= <device-status> error (now ${byId.state})`);

    // TOTP: enrol through the reference handler, then type the current code and press Enter.
    const enrolled = await (
      await fetch('/__real-verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'enroll', identity }) })
    ).json();
    const totp = host.querySelector<TotpVerify>('totp-verify')!;
    totp.factorSid = enrolled.factorSid;
    await totp.updateComplete;
    const result = new Promise<CustomEvent>((r) => totp.addEventListener('totp-verify-result', (e) => r(e as CustomEvent), { once: true }));
    totp.shadowRoot!.querySelector('input')!.focus();
    await sendKeys({ type: new TOTP({ secret: enrolled.secret }).generate() });
    await sendKeys({ press: 'Enter' });
    expect((await result).detail.outcome).to.equal('verified');
    expect(phone.state).to.equal('error');
  });

  it('without getUserMedia as well: the message names both', async () => {
    const restore = withoutGetUserMedia();
    try {
      const el = await fixture<TwilioPhone>(html`<twilio-phone token-url="/never"></twilio-phone>`);
      await el.start();
      expect(el.lastError?.message).to.equal(`This browser cannot place calls: ${NO_WEBRTC}; ${NO_MICROPHONE}.`);
    } finally {
      restore();
    }
  });

  // WebRTC present, getUserMedia missing: needs a browser that has WebRTC to put back.
  itWithWebRTC('with WebRTC but without getUserMedia: error naming getUserMedia, no token request', async () => {
    const undoWebRTC = withWebRTCRestored();
    const undoMedia = withoutGetUserMedia();
    try {
      const key = uniqueKey('nogum');
      const el = await fixture<TwilioPhone>(html`<twilio-phone token-url=${tokenUrl({ variant: 'good', key })}></twilio-phone>`);
      const log = record(el, EVENTS);
      await el.start();
      expect(el.state).to.equal('error');
      expect(log.of('twilio-phone-error').map((e) => e.detail.error.message)).to.deep.equal([`This browser cannot place calls: ${NO_MICROPHONE}.`]);
      expect(await hits(key)).to.equal(0);
    } finally {
      undoMedia();
      undoWebRTC();
    }
  });
});
