// Class-only modules and scoped custom element registries: the element classes
// (`twilio-widgets/<tag>.component.js`, here their sources) register nothing when
// imported; `X.define(registry)` registers into a registry made with
// `new CustomElementRegistry()` (Chrome/Edge 146+, Safari 26+), and the elements
// work there: upgrade, render, post, register with the emulator, and an element
// that renders another (<totp-enroll>'s <totp-verify>) takes it from the same
// registry. Browsers without scoped registries skip those tests, with the reason
// in the title. This file imports no define module: the global registry must stay
// empty of these tags until the last test defines them there on purpose.
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { Secret, TOTP } from 'otpauth';
import { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { DeviceStatus } from '../../src/elements/components/device-status/device-status.js';
import { TotpVerify } from '../../src/elements/components/totp-verify/totp-verify.js';
import { TotpEnroll } from '../../src/elements/components/totp-enroll/totp-enroll.js';
import type { TotpVerifyResultEvent } from '../../src/elements/events.js';
import { hasWebRTC, NO_WEBRTC_REASON, testEnv, tokenUrl, until, untilState } from './helpers.js';

const TAGS = ['twilio-phone', 'device-status', 'totp-verify', 'totp-enroll'] as const;

/** The Scoped Custom Element Registries API as this test uses it (not in TypeScript's DOM types yet). */
type Registry = CustomElementRegistry & { initialize?(root: Node): void };
const RegistryCtor = (globalThis as { CustomElementRegistry?: unknown }).CustomElementRegistry as (new () => Registry) | undefined;

/** Whether this browser has scoped registries: the constructor exists and does not throw. */
const scoped = (() => {
  try {
    return typeof RegistryCtor === 'function' && !!new RegistryCtor();
  } catch {
    return false;
  }
})();
const NO_SCOPED_REASON = 'skipped: this browser has no scoped custom element registries (new CustomElementRegistry() is missing or throws)';
const itScoped = (title: string, fn: (this: Mocha.Context) => unknown) => (scoped ? it(title, fn) : it.skip(`${title} [${NO_SCOPED_REASON}]`, fn));
const itScopedWithWebRTC = (title: string, fn: (this: Mocha.Context) => unknown) =>
  !scoped ? it.skip(`${title} [${NO_SCOPED_REASON}]`, fn) : hasWebRTC ? it(title, fn) : it.skip(`${title} [${NO_WEBRTC_REASON}]`, fn);

let seq = 0;
const key = (name: string) => `scoped-${name}-${Date.now().toString(36)}-${++seq}`;
// Element checks compare booleans: a failed assertion about a DOM element would carry the element itself to the runner.
const globallyDefined = () => TAGS.filter((tag) => customElements.get(tag) !== undefined);

describe('class-only modules', () => {
  it('importing the four element classes registers none of their tags', () => {
    expect(globallyDefined()).to.deep.equal([]);
    for (const ctor of [TwilioPhone, DeviceStatus, TotpVerify, TotpEnroll]) expect(ctor.define).to.be.a('function');
    // An element made from the global registry stays undefined: nothing upgrades it.
    const el = document.createElement('totp-verify');
    document.body.append(el);
    expect(el instanceof TotpVerify).to.equal(false);
    expect(el.matches(':defined')).to.equal(false);
    el.remove();
  });
});

describe('scoped custom element registry', function () {
  this.timeout(30000);
  let registry: Registry;
  let host: HTMLElement;
  let root: ShadowRoot;

  before(() => {
    if (!scoped) return;
    registry = new RegistryCtor!();
    TwilioPhone.define(registry);
    DeviceStatus.define(registry);
    TotpEnroll.define(registry); // and the <totp-verify> it renders
  });
  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
    if (scoped) root = host.attachShadow({ mode: 'open', customElementRegistry: registry } as ShadowRootInit);
  });
  afterEach(() => host.remove());

  itScoped('define(registry) registers into that registry only; again, or beside another class, is silent', () => {
    expect(registry.get('twilio-phone')).to.equal(TwilioPhone);
    expect(registry.get('device-status')).to.equal(DeviceStatus);
    expect(registry.get('totp-enroll')).to.equal(TotpEnroll);
    expect(registry.get('totp-verify'), 'defined by TotpEnroll.define() as its dependency').to.equal(TotpVerify);
    expect(() => TotpVerify.define(registry)).not.to.throw();
    expect(() => registry.define('totp-verify', class extends HTMLElement {})).to.throw();
    expect(globallyDefined()).to.deep.equal([]);
    // Two registries, one class: each page part may have its own.
    const other = new RegistryCtor!();
    TotpVerify.define(other);
    expect(other.get('totp-verify')).to.equal(TotpVerify);
  });

  itScoped('<totp-verify> upgrades in a scoped shadow root, renders its form and posts a code', async () => {
    const k = key('verify');
    root.innerHTML = `<totp-verify verify-url="/__verify?reply=factor-verified&key=${k}" identity="scoped-user"></totp-verify>`;
    const el = root.querySelector('totp-verify') as TotpVerify;
    expect(el instanceof TotpVerify).to.equal(true);
    await el.updateComplete;
    const input = el.shadowRoot!.querySelector('input')!;
    expect(input.getAttribute('autocomplete')).to.equal('one-time-code');
    input.value = '123456';
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    const result = oneEvent(el, 'totp-verify-result') as Promise<TotpVerifyResultEvent>;
    el.shadowRoot!.querySelector('form')!.requestSubmit();
    expect((await result).detail.outcome).to.equal('verified');
    const log = await (await fetch(`/__verify-log?key=${k}`)).json();
    expect(log.hits).to.equal(1);
    expect(log.bodies[0].body).to.deep.equal({ code: '123456', identity: 'scoped-user' });
    expect(el.outcome).to.equal('verified');
  });

  itScoped('document.createElement(tag, {customElementRegistry}) makes an upgraded element', async () => {
    const el = (document.createElement as (tag: string, options: object) => HTMLElement)('device-status', { customElementRegistry: registry });
    expect(el instanceof DeviceStatus).to.equal(true);
    (el as DeviceStatus).state = 'ready';
    root.append(el);
    await (el as DeviceStatus).updateComplete;
    expect(el.shadowRoot!.querySelector('[part="label"]')!.textContent).to.equal('Ready');
  });

  itScoped('<totp-enroll> renders its <totp-verify> from the same registry, and enrols end to end', async () => {
    root.innerHTML = `<totp-enroll verify-url="/__real-verify" identity="${key('enrol')}"></totp-enroll>`;
    const el = root.querySelector('totp-enroll') as TotpEnroll;
    expect(el instanceof TotpEnroll).to.equal(true);
    await el.updateComplete;
    const created = oneEvent(el, 'totp-enroll-created');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="start-button"]')!.click();
    await created;
    await el.updateComplete;
    const inner = el.shadowRoot!.querySelector('totp-verify') as TotpVerify;
    expect(inner instanceof TotpVerify, 'the inner form upgraded from the scoped registry').to.equal(true);
    await inner.updateComplete;
    const secret = el.shadowRoot!.querySelector('[part="secret"]')!.textContent!.replace(/\s+/g, '');
    const input = inner.shadowRoot!.querySelector('input')!;
    input.value = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    const verified = oneEvent(el, 'totp-enroll-verified');
    inner.shadowRoot!.querySelector('form')!.requestSubmit();
    await verified;
    await el.updateComplete;
    expect(el.state).to.equal('verified');
  });

  itScopedWithWebRTC('<twilio-phone> registers with the emulator, and a <device-status for> beside it follows it', async () => {
    const { signalingHost } = await testEnv();
    root.innerHTML = `<twilio-phone id="p" signaling-host="${signalingHost}"></twilio-phone><device-status for="p"></device-status>`;
    const phone = root.querySelector('twilio-phone') as TwilioPhone;
    const status = root.querySelector('device-status') as DeviceStatus;
    expect(phone instanceof TwilioPhone).to.equal(true);
    expect(status instanceof DeviceStatus).to.equal(true);
    phone.tokenUrl = tokenUrl({ variant: 'good', identity: key('phone') });
    await phone.start();
    await untilState(phone, 'ready');
    await phone.updateComplete;
    expect(phone.getAttribute('state')).to.equal('ready');
    await until(() => status.state === 'ready', 'device-status follows the phone');
    phone.stop();
    await waitUntil(() => status.state === 'idle', 'device-status back to idle');
  });

  itScoped('after all that, none of the tags is in the global registry', () => {
    expect(globallyDefined()).to.deep.equal([]);
  });
});

describe('define() without a registry', () => {
  it('registers in the global registry, once; a second call, or a class already defined under the name, is silent', async () => {
    TotpEnroll.define();
    expect(customElements.get('totp-enroll')).to.equal(TotpEnroll);
    expect(customElements.get('totp-verify')).to.equal(TotpVerify);
    expect(() => TotpEnroll.define()).not.to.throw();
    TwilioPhone.define();
    DeviceStatus.define();
    expect(globallyDefined()).to.deep.equal([...TAGS]);
  });
});
