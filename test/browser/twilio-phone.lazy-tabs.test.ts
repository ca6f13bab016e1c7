// Background-tab recovery and `single-tab` are lazy chunks of <twilio-phone> (issue 28): the first
// loads beside the SDK chunk for every phone, the second only for a phone with `single-tab`, at
// connect. The real SDK against the emulator. The tests run in order in one page, and a module
// loads once per page: the first test is the only one in this file before any `single-tab` phone.
import { expect, fixture, html } from '@open-wc/testing';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import '../../src/elements/components/twilio-phone/define.js';
import { SINGLE_TAB_LOAD_FAILED } from '../../src/elements/components/twilio-phone/twilio-phone-single-tab.js';
import { describeWithWebRTC, record, release, testEnv, tokenUrl, uniqueKey, until, untilState, watchPageProblems } from './helpers.js';

// The page loads far more than the default 250 resources' worth of modules: keep every entry.
performance.setResourceTimingBufferSize(100_000);
const requested = (pattern: RegExp) =>
  performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((name) => pattern.test(name));
const LEADERSHIP_CHUNK = /\/controllers\/tab-leadership\./;
const BACKGROUND_CHUNK = /\/controllers\/background-tab\./;

const locks = async () => {
  const { held = [], pending = [] } = await navigator.locks.query();
  return [...held, ...pending].map((l) => l.name);
};
const AWAKE_LOCK = 'twilio-widgets/phone-awake/';

/** The stand-ins' chunk loaders (TypeScript's `private` is compile-time only). */
interface LazyInsides {
  leadership: { load: () => Promise<unknown> };
  background: { load: () => Promise<unknown> };
}
const insides = (el: TwilioPhone) => el as unknown as LazyInsides;
// A chunk that fails to load cannot be produced for real inside the suite (the dev server serves
// every module, and a browser may keep a failed module in its map for the page's life): the
// stand-in's loader is replaced by one that fails as `import()` does on a network error.
const failedImport = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));

/** A loader held back until `go()`: the chunk arrives when the test says (then the real one loads). */
function heldBack(real: () => Promise<unknown>) {
  let go!: () => void;
  const gate = new Promise<void>((resolve) => (go = resolve));
  const held = { calls: 0, go, load: () => (held.calls++, gate.then(real)) };
  return held;
}

async function makePhone(identity: string, attrs: { singleTab?: boolean; autostart?: boolean; hold?: string } = {}) {
  const { signalingHost } = await testEnv();
  return fixture<TwilioPhone>(html`<twilio-phone
    token-url=${tokenUrl({ identity, ...(attrs.hold ? { hold: attrs.hold } : {}) })}
    signaling-host=${signalingHost}
    ?single-tab=${attrs.singleTab}
    ?autostart=${attrs.autostart}
    hide-dialer
  ></twilio-phone>`);
}
let seq = 0;
const ident = (name: string) => `lazy-${name}-${Date.now().toString(36)}-${++seq}`;

// Needs WebRTC: every test here needs a registered phone (without WebRTC it stops at its capability check).
describeWithWebRTC('<twilio-phone>: background-tab and single-tab code load when needed', function () {
  this.timeout(40000);
  const problems = watchPageProblems();

  it('a plain autostart phone never requests the single-tab chunk; the background chunk arrives and holds the keep-awake lock', async () => {
    const el = await makePhone(ident('plain'), { autostart: true });
    await untilState(el, 'ready');
    // The background chunk attaches once here: its keep-awake lock shows it runs.
    let names: string[] = [];
    await until(() => (void locks().then((n) => (names = n)), names.some((n) => n.startsWith(AWAKE_LOCK))), 'the keep-awake lock');
    expect(requested(BACKGROUND_CHUNK), 'the background chunk was requested (the resource list sees module loads)').to.have.length(1);
    expect(requested(LEADERSHIP_CHUNK)).to.deep.equal([]);
    // and its pause detection runs: a resume is checked
    const rec = record(el, ['twilio-phone-state-change']);
    document.dispatchEvent(new Event('resume'));
    await untilState(el, 'ready');
    expect(rec.of('twilio-phone-state-change').map((e) => e.detail.reason)).to.deep.equal(['page-resumed', 'reconnected']);
    el.stop();
    expect(requested(LEADERSHIP_CHUNK)).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });

  it('single-tab: the chunk is asked for at connect, before the token is here; of two phones of one identity one registers, one stands by', async () => {
    const identity = ident('single');
    const key = uniqueKey('lazy-tabs');
    const a = await makePhone(identity, { singleTab: true, autostart: true, hold: key });
    await until(() => requested(LEADERSHIP_CHUNK).length > 0, 'the single-tab chunk requested');
    expect(a.state, 'the token is still held by the test server').to.equal('fetching-token');
    await release(key);
    await untilState(a, 'ready');
    const b = await makePhone(identity, { singleTab: true, autostart: true });
    await untilState(b, 'standby');
    expect(b.device).to.equal(null);
    expect(await locks()).to.include(`twilio-widgets/phone/${identity}`);
    b.takeOver();
    await untilState(b, 'ready');
    await untilState(a, 'standby');
    a.stop();
    b.stop();
    expect(problems).to.deep.equal([]);
  });

  it('single-tab whose chunk fails to load: `error` with a readable message, no Device, no lock; Try again registers', async () => {
    const identity = ident('failed');
    const el = await makePhone(identity, { singleTab: true });
    const realLoad = insides(el).leadership.load;
    insides(el).leadership.load = failedImport;
    const rec = record(el, ['twilio-phone-state-change', 'twilio-phone-error']);
    await el.start();
    expect(el.state).to.equal('error');
    expect(rec.of('twilio-phone-state-change').at(-1)!.detail).to.deep.include({ state: 'error', reason: 'sdk-load-failed' });
    expect(el.lastError).to.deep.equal({ message: SINGLE_TAB_LOAD_FAILED });
    expect(rec.of('twilio-phone-error').map((e) => e.detail)).to.deep.equal([{ error: { message: SINGLE_TAB_LOAD_FAILED }, fatal: true }]);
    expect(el.device).to.equal(null);
    expect(await locks()).not.to.include(`twilio-widgets/phone/${identity}`);
    await el.updateComplete;
    const shadow = el.shadowRoot!;
    expect(shadow.querySelector('[part="status"]')!.textContent!.trim()).to.equal('The phone could not load');
    expect(shadow.querySelector('[part="details"]')!.textContent).to.contain(SINGLE_TAB_LOAD_FAILED);

    insides(el).leadership.load = realLoad; // the network is back
    shadow.querySelector<HTMLButtonElement>('[part="start-button"]')!.click();
    await untilState(el, 'ready');
    expect(await locks()).to.include(`twilio-widgets/phone/${identity}`);
    el.stop();
    expect(problems).to.deep.equal([]);
  });

  it('a background chunk that arrives after `ready` attaches then: the keep-awake lock, and a resume is checked', async () => {
    const el = await makePhone(ident('late'));
    const late = heldBack(insides(el).background.load);
    insides(el).background.load = late.load;
    await el.start();
    await untilState(el, 'ready');
    const rec = record(el, ['twilio-phone-state-change']);
    document.dispatchEvent(new Event('resume'));
    expect(el.state, 'nothing watches the page yet').to.equal('ready');
    const awake = async () => (await locks()).filter((n) => n.startsWith(AWAKE_LOCK)).length;
    const before = await awake();
    late.go();
    let now = before;
    await until(() => (void awake().then((n) => (now = n)), now === before + 1), 'the keep-awake lock');
    document.dispatchEvent(new Event('resume'));
    await untilState(el, 'ready');
    expect(rec.of('twilio-phone-state-change').map((e) => e.detail.reason)).to.deep.equal(['page-resumed', 'reconnected']);
    el.stop();
    expect(problems).to.deep.equal([]);
  });

  for (const how of ['stop()', 'removal'] as const) {
    it(`single-tab: ${how} while the chunk is on its way claims nothing; another phone of the identity then leads`, async () => {
      const identity = ident(how === 'stop()' ? 'stopped' : 'removed');
      const el = await makePhone(identity, { singleTab: true });
      const slow = heldBack(insides(el).leadership.load);
      insides(el).leadership.load = slow.load;
      const started = el.start();
      await until(() => slow.calls === 2, 'the claim waiting for the chunk (after the prefetch at start)');
      if (how === 'stop()') el.stop();
      else el.remove();
      slow.go();
      await started;
      expect(el.state).to.equal('idle');
      const other = await makePhone(identity, { singleTab: true });
      await other.start();
      await untilState(other, 'ready');
      expect(el.device).to.equal(null);
      other.stop();
      expect(problems).to.deep.equal([]);
    });
  }

  it('a background chunk that fails to load: the phone registers all the same, without pause detection', async () => {
    const el = await makePhone(ident('no-background'));
    insides(el).background.load = failedImport;
    const rec = record(el, ['twilio-phone-state-change']);
    await el.start();
    await untilState(el, 'ready');
    document.dispatchEvent(new Event('resume'));
    expect(el.state, 'no pause detection ran').to.equal('ready');
    expect(rec.of('twilio-phone-state-change').map((e) => e.detail.state)).to.deep.equal(['fetching-token', 'registering', 'ready']);
    el.stop();
    expect(problems).to.deep.equal([]);
  });
});
