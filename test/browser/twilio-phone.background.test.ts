// <twilio-phone> in a background tab (issue 19) and `single-tab` (issue 15), component level: the
// real SDK against the emulator, in Chromium and Firefox. A real freeze needs the DevTools
// Protocol (test/e2e/background.e2e.test.mjs does that); here the page's `resume` event is
// dispatched by the test, which is the one thing a page cannot get for real inside the suite.
import { expect, fixture, html } from '@open-wc/testing';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import '../../src/elements/components/twilio-phone/define.js';
import { describeWithWebRTC, record, resetFaults, setFaults, testEnv, tokenUrl, until, untilState } from './helpers.js';

let seq = 0;
const ident = (name: string) => `bg-${name}-${Date.now().toString(36)}-${++seq}`;

async function makePhone(identity: string, attrs: { singleTab?: boolean; notify?: boolean } = {}) {
  const { signalingHost } = await testEnv();
  return fixture<TwilioPhone>(html`<twilio-phone
    token-url=${tokenUrl({ identity })}
    signaling-host=${signalingHost}
    ?single-tab=${attrs.singleTab}
    ?notify=${attrs.notify}
    hide-dialer
  ></twilio-phone>`);
}

const part = (el: TwilioPhone, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);
const heldLocks = async () => ((await navigator.locks.query()).held ?? []).map((l) => l.name);

// Needs WebRTC: every test here needs a registered phone (without WebRTC it stops at its capability check).
describeWithWebRTC('<twilio-phone> after the page was paused', function () {
  this.timeout(40000);
  afterEach(() => resetFaults());

  it('on `resume`: offline ("Checking the connection…", reason page-resumed), re-registers, ready again', async () => {
    const el = await makePhone(ident('resume'));
    el.backgroundPolicy = { gapMs: 60_000 }; // only the event under test, not a stall of a loaded machine
    await el.start();
    await untilState(el, 'ready');
    const deviceBefore = el.device;
    const rec = record(el, ['twilio-phone-state-change']);
    document.dispatchEvent(new Event('resume'));
    expect(el.state).to.equal('offline');
    await el.updateComplete;
    expect(part(el, 'status')!.textContent!.trim()).to.equal('Checking the connection…');
    await untilState(el, 'ready');
    expect(rec.of('twilio-phone-state-change').map((e) => [e.detail.state, e.detail.reason])).to.deep.equal([
      ['offline', 'page-resumed'],
      ['ready', 'reconnected'],
    ]);
    expect(el.device, 'the open socket was enough: same Device').to.equal(deviceBefore);
    // No pause was measured (the event came at once): no "calls may have been missed" hint.
    expect(part(el, 'hint')!.hidden).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('when the gateway does not answer the check in time, the Device is rebuilt and registers', async () => {
    const el = await makePhone(ident('rebuild'));
    el.backgroundPolicy = { recheckMs: 300 };
    await el.start();
    await untilState(el, 'ready');
    const deviceBefore = el.device;
    await setFaults({ neverAnswerRegister: true });
    document.dispatchEvent(new Event('resume'));
    await until(() => el.device !== deviceBefore && el.device !== null, 'a new Device');
    expect(el.state).to.equal('offline');
    await resetFaults();
    // If the rebuilt Device's register still met the fault, the phone rebuilds again (after 600 ms).
    await untilState(el, 'ready');
    expect(deviceBefore!.state).to.equal('destroyed');
  });

  it('a suspicion during a call leaves the call alone', async () => {
    const el = await makePhone(ident('call'));
    el.backgroundPolicy = { gapMs: 60_000 };
    await el.start();
    await untilState(el, 'ready');
    await el.call('echo');
    await untilState(el, 'busy');
    await until(() => el.activeCall?.status() === 'open', 'the echo call to connect');
    document.dispatchEvent(new Event('resume'));
    expect(el.state).to.equal('busy');
    el.hangup();
    await untilState(el, 'ready');
  });

  it('holds a Web Lock while registered and lets go on stop()', async () => {
    const el = await makePhone(ident('lock'));
    const mine = (names: string[]) => names.filter((n) => n.startsWith('twilio-widgets/phone-awake/'));
    const before = mine(await heldLocks());
    await el.start();
    await untilState(el, 'ready');
    let during: string[] = [];
    await until(() => (void heldLocks().then((n) => (during = mine(n))), during.length === before.length + 1), 'the lock');
    el.stop();
    let after: string[] = [];
    await until(() => (void heldLocks().then((n) => (after = mine(n))), after.length === before.length && !!during.length), 'the release');
    expect(after).to.deep.equal(before);
  });
});

// Needs WebRTC: every test here needs a registered phone (without WebRTC it stops at its capability check).
describeWithWebRTC('<twilio-phone single-tab>: two phones of one identity in one page', function () {
  this.timeout(40000);
  it('one leads and registers, the other stands by with a take-over button; takeOver() swaps them', async () => {
    const identity = ident('single');
    const a = await makePhone(identity, { singleTab: true });
    await a.start();
    await untilState(a, 'ready');
    const b = await makePhone(identity, { singleTab: true });
    const rec = record(b, ['twilio-phone-state-change']);
    await b.start();
    await untilState(b, 'standby');
    expect(rec.of('twilio-phone-state-change').at(-1)!.detail).to.deep.equal({ state: 'standby', previousState: 'registering', reason: 'another-tab' });
    expect(b.device).to.equal(null);
    expect(b.getAttribute('state')).to.equal('standby');
    await b.updateComplete;
    expect(part(b, 'status')!.textContent!.trim()).to.equal('Active in another tab');
    expect(part(b, 'take-over-button')!.textContent!.trim()).to.equal('Use here');
    await expect(b).to.be.accessible();

    part(b, 'take-over-button')!.click();
    await untilState(b, 'ready');
    await untilState(a, 'standby');
    expect(a.device).to.equal(null);

    a.remove(); // a follower leaving changes nothing
    b.stop();
    expect(b.state).to.equal('idle');
  });

  it('strings: the standby texts can be replaced', async () => {
    const identity = ident('strings');
    const a = await makePhone(identity, { singleTab: true });
    await a.start();
    await untilState(a, 'ready');
    const b = await makePhone(identity, { singleTab: true });
    b.strings = { standby: 'Dans un autre onglet', standbyHint: 'Les appels sonnent ailleurs.', takeOver: 'Utiliser ici' };
    await b.start();
    await untilState(b, 'standby');
    await b.updateComplete;
    expect(part(b, 'status')!.textContent!.trim()).to.equal('Dans un autre onglet');
    expect(part(b, 'standby')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Les appels sonnent ailleurs. Utiliser ici');
    a.stop();
    await untilState(b, 'ready');
    b.stop();
  });
});
