// <device-status>: every state rendered accessibly, labels, XSS-as-text, and
// each way of linking it (for="id", closest ancestor, raw SDK Device) against
// the real SDK and the emulator; unlinking leaves no listeners behind.
import { expect, fixture, html } from '@open-wc/testing';
import { Device } from '@twilio/voice-sdk';
import '../../src/elements/components/device-status/define.js';
import '../../src/elements/components/twilio-phone/define.js';
import type { DeviceStatus } from '../../src/elements/components/device-status/device-status.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { DEFAULT_STATE_LABELS, STATE_TONES } from '../../src/elements/core/phone-labels.js';
import { PHONE_STATES, type PhoneState } from '../../src/elements/core/phone-state.js';
import { shippedSoundUrls } from '../../src/elements/sounds/sound-files.js';
import { describeWithWebRTC, testEnv, tokenUrl, until, untilState } from './helpers.js';

const base = (el: DeviceStatus) => el.shadowRoot!.querySelector('[part="base"]') as HTMLElement;
const part = (el: DeviceStatus, name: string) => el.shadowRoot!.querySelector(`[part="${name}"]`);
const labelText = (el: DeviceStatus) => part(el, 'label')?.textContent?.trim();
const detailText = (el: DeviceStatus) => part(el, 'detail')?.textContent?.trim() ?? null;
const untilStatus = (el: DeviceStatus, state: PhoneState, timeoutMs = 15000) =>
  until(() => el.state === state, `<device-status> ${state} (now ${el.state})`, timeoutMs);

/** Counts listeners of `type` added to and not yet removed from `target`. */
function countListeners(target: EventTarget, type: string) {
  const live = new Set<unknown>();
  const add = target.addEventListener.bind(target);
  const remove = target.removeEventListener.bind(target);
  target.addEventListener = ((t: string, fn: EventListenerOrEventListenerObject, o?: unknown) => {
    if (t === type) live.add(fn);
    add(t, fn, o as AddEventListenerOptions);
  }) as typeof target.addEventListener;
  target.removeEventListener = ((t: string, fn: EventListenerOrEventListenerObject, o?: unknown) => {
    if (t === type) live.delete(fn);
    remove(t, fn, o as EventListenerOptions);
  }) as typeof target.removeEventListener;
  return {
    get count() {
      return live.size;
    },
    restore() {
      delete (target as { addEventListener?: unknown }).addEventListener;
      delete (target as { removeEventListener?: unknown }).removeEventListener;
    },
  };
}

async function phoneHtml(id: string, params: Record<string, string | number>) {
  const { signalingHost } = await testEnv();
  return { url: tokenUrl(params), signalingHost, id };
}

describe('<device-status> standalone', () => {
  for (const state of PHONE_STATES) {
    it(`renders ${state}: label, ${STATE_TONES[state]} indicator, role=status, accessible`, async () => {
      const el = await fixture<DeviceStatus>(html`<device-status state=${state}></device-status>`);
      expect(el.getAttribute('state')).to.equal(state);
      expect(base(el).getAttribute('role')).to.equal('status');
      expect(base(el).getAttribute('aria-live')).to.equal('polite');
      expect(base(el).dataset.tone).to.equal(STATE_TONES[state]);
      expect(labelText(el)).to.equal(DEFAULT_STATE_LABELS[state]);
      expect(part(el, 'indicator')?.getAttribute('aria-hidden')).to.equal('true');
      expect(detailText(el)).to.equal(null);
      await expect(el).to.be.accessible();
    });
  }

  for (const state of ['bad-credentials', 'error'] as const) {
    it(`${state} shows code and message as text, accessible`, async () => {
      const el = await fixture<DeviceStatus>(
        html`<device-status state=${state} .error=${{ code: 31202, message: 'Signature validation failed' }}></device-status>`,
      );
      expect(detailText(el)).to.equal('31202: Signature validation failed');
      await expect(el).to.be.accessible();
    });
    it(`${state} without a code shows only the message`, async () => {
      const el = await fixture<DeviceStatus>(html`<device-status state=${state} .error=${{ message: 'Token URL unreachable' }}></device-status>`);
      expect(detailText(el)).to.equal('Token URL unreachable');
    });
  }

  it('an HTML message is text: no element is created, no handler runs', async () => {
    const w = window as unknown as { __xss?: number };
    w.__xss = 0;
    const message = '<img src=x onerror="window.__xss++"><b>bold</b>';
    const el = await fixture<DeviceStatus>(html`<device-status state="error" .error=${{ code: 1, message }}></device-status>`);
    expect(el.shadowRoot!.querySelector('img, b')).to.equal(null);
    expect(part(el, 'detail')!.children.length).to.equal(0);
    expect(detailText(el)).to.equal(`1: ${message}`);
    await new Promise((r) => setTimeout(r, 50));
    expect(w.__xss).to.equal(0);
  });

  it('does not show an error detail in non-failure states', async () => {
    const el = await fixture<DeviceStatus>(html`<device-status state="ready" .error=${{ code: 1, message: 'stale' }}></device-status>`);
    expect(detailText(el)).to.equal(null);
  });

  it('labels override the defaults per state, others keep theirs', async () => {
    const el = await fixture<DeviceStatus>(html`<device-status state="ready" .labels=${{ ready: 'Online', offline: 'Lost' }}></device-status>`);
    expect(labelText(el)).to.equal('Online');
    el.state = 'offline';
    await el.updateComplete;
    expect(labelText(el)).to.equal('Lost');
    el.state = 'idle';
    await el.updateComplete;
    expect(labelText(el)).to.equal(DEFAULT_STATE_LABELS.idle);
    await expect(el).to.be.accessible();
  });

  it('an unknown state falls back to idle', async () => {
    const el = await fixture<DeviceStatus>(html`<device-status state="bogus"></device-status>`);
    await el.updateComplete;
    expect(el.state).to.equal('idle');
    expect(labelText(el)).to.equal(DEFAULT_STATE_LABELS.idle);
  });
});

// Needs WebRTC: the phones here must get past their capability check; without WebRTC the
// links (for=, ancestor, moved across roots) are covered by twilio-phone.no-webrtc.test.ts.
describeWithWebRTC('<device-status> linked to <twilio-phone>', function () {
  this.timeout(30000);

  it('for="id", phone created before the status: follows it to ready against the emulator', async () => {
    const p = await phoneHtml('ds-before', { variant: 'good', identity: 'ds-before' });
    const wrap = await fixture<HTMLElement>(html`<div>
      <twilio-phone id=${p.id} token-url=${p.url} signaling-host=${p.signalingHost}></twilio-phone>
      <device-status for=${p.id}></device-status>
    </div>`);
    const phone = wrap.querySelector('twilio-phone') as TwilioPhone;
    const status = wrap.querySelector('device-status') as DeviceStatus;
    expect(status.state).to.equal('idle');
    const seen: string[] = [];
    phone.addEventListener('twilio-phone-state-change', () => queueMicrotask(() => seen.push(status.state)));
    await phone.start();
    await untilState(phone, 'ready');
    await untilStatus(status, 'ready');
    expect(seen).to.deep.equal(['fetching-token', 'registering', 'ready']);
    await status.updateComplete;
    expect(labelText(status)).to.equal(DEFAULT_STATE_LABELS.ready);
    await expect(status).to.be.accessible();
    phone.stop();
    await untilStatus(status, 'idle');
  });

  it('for="id", a phone moved in later already in a state: shown at once, without a state change', async () => {
    const p = await phoneHtml('ds-moved', { fault: '401' });
    const elsewhere = await fixture<HTMLElement>(html`<div></div>`);
    const phone = document.createElement('twilio-phone') as TwilioPhone;
    phone.tokenUrl = p.url;
    elsewhere.attachShadow({ mode: 'open' }).append(phone); // another root: `for` cannot see it there
    await phone.start();
    expect(phone.state).to.equal('bad-credentials');
    const wrap = await fixture<HTMLElement>(html`<div><device-status for=${p.id}></device-status></div>`);
    const status = wrap.querySelector('device-status') as DeviceStatus;
    expect(status.state).to.equal('idle');
    phone.id = p.id;
    wrap.append(phone); // moved in a task: the session survives, no new state event
    await untilStatus(status, 'bad-credentials');
    expect(phone.state).to.equal('bad-credentials');
  });

  it('for="id", phone created after the status: adopts it on its first state change', async () => {
    const p = await phoneHtml('ds-after', { fault: '401' });
    const wrap = await fixture<HTMLElement>(html`<div><device-status for=${p.id}></device-status></div>`);
    const status = wrap.querySelector('device-status') as DeviceStatus;
    const phone = document.createElement('twilio-phone') as TwilioPhone;
    phone.id = p.id;
    phone.tokenUrl = p.url;
    wrap.append(phone);
    await phone.start();
    await untilStatus(status, 'bad-credentials');
    await status.updateComplete;
    // A 401 from the token URL is the site's sign-in, not Twilio's credentials; the code only, the phone has the words.
    expect(part(status, 'label')!.textContent).to.equal('Sign in to use the phone');
    expect(detailText(status)).to.equal('Code 20003');
    await expect(status).to.be.accessible();
    // another phone with a different id does not take over
    const other = document.createElement('twilio-phone') as TwilioPhone;
    other.id = 'ds-other';
    other.tokenUrl = tokenUrl({ variant: 'good' });
    wrap.append(other);
    void other.start();
    await untilState(other, 'registering').catch(() => undefined);
    other.stop();
    expect(status.state).to.equal('bad-credentials');
  });

  it('closest ancestor <twilio-phone> without for: bad-credentials with the Twilio code', async () => {
    const p = await phoneHtml('ds-ancestor', { variant: 'wrong-secret' });
    const phone = await fixture<TwilioPhone>(html`<twilio-phone token-url=${p.url} signaling-host=${p.signalingHost}>
      <device-status></device-status>
    </twilio-phone>`);
    const status = phone.querySelector('device-status') as DeviceStatus;
    await phone.start();
    await untilState(phone, 'bad-credentials');
    await untilStatus(status, 'bad-credentials');
    await status.updateComplete;
    // The code alone: the phone beside it shows the words and the SDK's message (once, in its details line).
    expect(detailText(status)).to.equal('Code 31202');
    expect(phone.shadowRoot!.textContent!.split('AccessTokenSignatureValidationFailed').length, 'the raw text once in the phone').to.be.at.most(2);
    await expect(status).to.be.accessible();
  });

  it('shows the phone current state and error when linked late', async () => {
    const p = await phoneHtml('ds-late', { fault: '403' });
    const wrap = await fixture<HTMLElement>(html`<div><twilio-phone id=${p.id} token-url=${p.url}></twilio-phone></div>`);
    const phone = wrap.querySelector('twilio-phone') as TwilioPhone;
    await phone.start();
    await untilState(phone, 'bad-credentials');
    const status = document.createElement('device-status') as DeviceStatus;
    status.for = p.id;
    wrap.append(status);
    await status.updateComplete;
    expect(status.state).to.equal('bad-credentials');
    expect(detailText(status)).to.equal('Code 20003');
  });

  it('changing for re-links to the other phone', async () => {
    const wrap = await fixture<HTMLElement>(html`<div>
      <twilio-phone id="ds-a" token-url=${tokenUrl({ fault: '401' })}></twilio-phone>
      <twilio-phone id="ds-b" token-url=${tokenUrl({ fault: 'html' })}></twilio-phone>
      <device-status for="ds-a"></device-status>
    </div>`);
    const [a, b] = [...wrap.querySelectorAll('twilio-phone')] as TwilioPhone[];
    const status = wrap.querySelector('device-status') as DeviceStatus;
    await a.start();
    await untilStatus(status, 'bad-credentials');
    status.for = 'ds-b';
    await status.updateComplete;
    expect(status.state).to.equal('idle');
    await b.start();
    await untilStatus(status, 'error');
    a.stop();
    await a.updateComplete;
    expect(status.state).to.equal('error');
  });

  it('removing and re-adding leaves exactly one listener, none after removal', async () => {
    const wrap = await fixture<HTMLElement>(html`<div>
      <twilio-phone id="ds-leak" token-url=${tokenUrl({ fault: '401' })}></twilio-phone>
      <device-status for="ds-leak"></device-status>
      <twilio-phone token-url=${tokenUrl({ fault: '403' })}><device-status></device-status></twilio-phone>
    </div>`);
    const [forPhone, ancestor] = [...wrap.querySelectorAll('twilio-phone')] as TwilioPhone[];
    const forStatus = wrap.querySelector(':scope > device-status') as DeviceStatus;
    const childStatus = ancestor.querySelector('device-status') as DeviceStatus;
    // Count from a clean slate: re-link both under instrumentation.
    forStatus.remove();
    childStatus.remove();
    const c1 = countListeners(forPhone, 'twilio-phone-state-change');
    const c2 = countListeners(ancestor, 'twilio-phone-state-change');
    try {
      for (let i = 0; i < 10; i++) {
        wrap.append(forStatus);
        ancestor.append(childStatus);
        expect(c1.count, 'for: linked').to.equal(1);
        expect(c2.count, 'ancestor: linked').to.equal(1);
        forStatus.remove();
        childStatus.remove();
        expect(c1.count, 'for: removed').to.equal(0);
        expect(c2.count, 'ancestor: removed').to.equal(0);
      }
      // Detached statuses no longer follow.
      await forPhone.start();
      await ancestor.start();
      await untilState(forPhone, 'bad-credentials');
      await untilState(ancestor, 'bad-credentials');
      expect(forStatus.state).to.equal('idle');
      expect(childStatus.state).to.equal('idle');
      // Re-added: current state at once.
      wrap.append(forStatus);
      ancestor.append(childStatus);
      await forStatus.updateComplete;
      expect(forStatus.state).to.equal('bad-credentials');
      expect(childStatus.state).to.equal('bad-credentials');
      forPhone.stop();
      ancestor.stop();
      expect(forStatus.state).to.equal('idle');
      expect(childStatus.state).to.equal('idle');
    } finally {
      c1.restore();
      c2.restore();
    }
  });

  it('a status waiting for a missing id removes its root listener when removed', async () => {
    const wrap = await fixture<HTMLElement>(html`<div></div>`);
    const c = countListeners(document, 'twilio-phone-state-change');
    try {
      const status = document.createElement('device-status') as DeviceStatus;
      status.for = 'ds-nowhere';
      for (let i = 0; i < 5; i++) {
        wrap.append(status);
        await status.updateComplete;
        expect(c.count).to.equal(1);
        status.remove();
        expect(c.count).to.equal(0);
      }
      // A phone with that id appearing now is not followed by the detached status.
      const phone = document.createElement('twilio-phone') as TwilioPhone;
      phone.id = 'ds-nowhere';
      phone.tokenUrl = tokenUrl({ fault: '401' });
      wrap.append(phone);
      await phone.start();
      await untilState(phone, 'bad-credentials');
      expect(status.state).to.equal('idle');
    } finally {
      c.restore();
    }
  });
});

describe('<device-status> with a raw SDK Device', function () {
  this.timeout(30000);
  const devices: Device[] = [];
  afterEach(() => {
    for (const d of devices.splice(0)) if (d.state !== 'destroyed') d.destroy();
  });

  async function rawDevice(params: Record<string, string>) {
    const { signalingHost } = await testEnv();
    const { token } = await (await fetch(tokenUrl(params))).json();
    const device = new Device(token, {
      chunderw: signalingHost,
      publishEvents: false,
      enableImprovedSignalingErrorPrecision: true,
      logLevel: 'silent',
      sounds: shippedSoundUrls(),
    } as unknown as ConstructorParameters<typeof Device>[1]);
    devices.push(device);
    return device;
  }
  const listenerTotal = (d: Device) => ['registered', 'unregistered', 'error', 'destroyed', 'incoming'].reduce((n, e) => n + d.listenerCount(e), 0);

  it('good credentials → ready; destroy → idle; no listeners left after unlinking', async () => {
    const device = await rawDevice({ variant: 'good', identity: 'ds-raw-good' });
    const before = listenerTotal(device);
    const status = await fixture<DeviceStatus>(html`<device-status></device-status>`);
    status.device = device;
    await status.updateComplete;
    expect(listenerTotal(device)).to.equal(before + 5);
    expect(status.state).to.equal('registering');
    device.register().catch(() => undefined);
    await untilStatus(status, 'ready');
    await expect(status).to.be.accessible();
    status.device = null;
    await status.updateComplete;
    expect(listenerTotal(device)).to.equal(before);
    expect(status.state).to.equal('idle');
    status.device = device;
    await status.updateComplete;
    expect(status.state).to.equal('ready');
    status.remove();
    expect(listenerTotal(device)).to.equal(before);
    document.body.append(status);
    await status.updateComplete;
    expect(listenerTotal(device)).to.equal(before + 5);
    device.destroy();
    await untilStatus(status, 'idle');
    status.remove();
  });

  for (const variant of ['wrong-secret', 'unknown-account']) {
    it(`${variant} → bad-credentials with the code, kept after the page destroys the Device`, async () => {
      const device = await rawDevice({ variant });
      const status = await fixture<DeviceStatus>(html`<device-status .device=${device}></device-status>`);
      device.register().catch(() => undefined);
      await untilStatus(status, 'bad-credentials');
      await status.updateComplete;
      const code = variant === 'wrong-secret' ? '31202' : '31203';
      expect(detailText(status)).to.contain(`(${code})`);
      expect(detailText(status).split(code).length).to.equal(2);
      await expect(status).to.be.accessible();
      device.destroy();
      await status.updateComplete;
      expect(status.state).to.equal('bad-credentials');
    });
  }

  it('after bad-credentials the page fixes the token and registers again → ready', async () => {
    const device = await rawDevice({ variant: 'wrong-secret' });
    const status = await fixture<DeviceStatus>(html`<device-status .device=${device}></device-status>`);
    device.register().catch(() => undefined);
    await untilStatus(status, 'bad-credentials');
    const { token } = await (await fetch(tokenUrl({ variant: 'good', identity: 'ds-raw-fixed' }))).json();
    device.updateToken(token);
    device.register().catch(() => undefined);
    await untilStatus(status, 'ready');
    expect(detailText(status)).to.equal(null);
  });

  it('a device set after connecting but before the first render is followed', async () => {
    const device = await rawDevice({ variant: 'good', identity: 'ds-raw-early' });
    const status = document.createElement('device-status') as DeviceStatus;
    document.body.append(status);
    status.device = device;
    try {
      device.register().catch(() => undefined);
      await untilStatus(status, 'ready');
    } finally {
      status.remove();
    }
  });
});
