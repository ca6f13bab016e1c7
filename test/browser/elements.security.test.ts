// No secret leaks and no markup injection: run a full phone session (ready,
// an echo call, an incoming call) and a TOTP verification through the
// reference handler, then search the DOM (shadow roots included), every
// attribute, every event detail and all console output for the JWTs and the
// Twilio secrets. Hostile strings from servers, callers and pages render as
// text only.
import { expect, fixture, html } from '@open-wc/testing';
import { TOTP } from 'otpauth';
import '../../src/elements/components/twilio-phone/define.js';
import '../../src/elements/components/device-status/define.js';
import '../../src/elements/components/totp-verify/define.js';
import '../../src/elements/components/totp-enroll/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import type { TotpVerify } from '../../src/elements/components/totp-verify/totp-verify.js';
import type { TotpEnroll } from '../../src/elements/components/totp-enroll/totp-enroll.js';
import { emulator, itWithWebRTC, testEnv, tokenUrl, until, untilState } from './helpers.js';

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

/** Everything a page or an extension could read: DOM, attributes, shadow DOM. */
function serializeEverything(root: Node = document): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node instanceof Element) {
      parts.push(node.outerHTML);
      for (const a of node.attributes) parts.push(`${a.name}=${a.value}`);
      if (node.shadowRoot) {
        parts.push(node.shadowRoot.innerHTML);
        node.shadowRoot.childNodes.forEach(walk);
      }
    }
    node.childNodes.forEach(walk);
  };
  walk(root);
  return parts.join('\n');
}

/** Every attribute value in the tree, shadow roots included. */
function allAttributes(root: Node = document): string {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node instanceof Element) {
      for (const a of node.attributes) out.push(`${a.name}=${a.value}`);
      node.shadowRoot?.childNodes.forEach(walk);
    }
    node.childNodes.forEach(walk);
  };
  walk(root);
  return out.join('\n');
}

function elementsIn(root: ShadowRoot | Element, selector: string): number {
  let n = root.querySelectorAll(selector).length;
  root.querySelectorAll('*').forEach((el) => {
    if (el.shadowRoot) n += elementsIn(el.shadowRoot, selector);
  });
  return n;
}

describe('security: no secret reaches the page, hostile text stays text', function () {
  this.timeout(60000);
  const events: string[] = [];
  const consoleLines: string[] = [];
  const tokens: string[] = [];
  const originals = {
    dispatch: EventTarget.prototype.dispatchEvent,
    fetch: window.fetch.bind(window),
    console: { ...console },
  };

  before(() => {
    EventTarget.prototype.dispatchEvent = function (this: EventTarget, e: Event) {
      const detail = (e as CustomEvent).detail;
      try {
        events.push(`${e.type} ${detail === undefined ? '' : JSON.stringify(detail)}`);
      } catch {
        events.push(`${e.type} [unserializable detail]`);
      }
      return originals.dispatch.call(this, e);
    };
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      console[level] = (...args: unknown[]) => {
        consoleLines.push(args.map(String).join(' '));
        originals.console[level](...args);
      };
    }
    // Remember every token the token URL hands out, to search for it later.
    window.fetch = async (input, init) => {
      const res = await originals.fetch(input, init);
      if (String(input).includes('/__token')) {
        const text = await res.clone().text();
        const m = text.match(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
        if (m) tokens.push(m[0]);
      }
      return res;
    };
  });
  after(() => {
    EventTarget.prototype.dispatchEvent = originals.dispatch;
    window.fetch = originals.fetch;
    Object.assign(console, originals.console);
  });

  /** Enrols `identity` through the reference handler, then verifies the real current code in `totp`. */
  async function verifyRealCode(totp: TotpVerify, identity: string) {
    const enrolled = await (
      await fetch('/__real-verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'enroll', identity }) })
    ).json();
    totp.factorSid = enrolled.factorSid;
    await totp.updateComplete;
    const input = totp.shadowRoot!.querySelector('input')!;
    input.value = new TOTP({ secret: enrolled.secret }).generate();
    input.dispatchEvent(new Event('input', { bubbles: true }));
    totp.shadowRoot!.querySelector('form')!.requestSubmit();
    await until(() => totp.getAttribute('outcome') === 'verified', 'verified');
  }

  /** Searches the DOM, every event detail and the console for the tokens seen and the Twilio secrets. */
  async function expectNoSecretAnywhere() {
    const secrets = await (await fetch('/__secrets.json')).json();
    const haystacks = { dom: serializeEverything(), events: events.join('\n'), console: consoleLines.join('\n') };
    const needles = [...tokens, ...tokens.map((t) => t.split('.')[2]), secrets.apiKeySecret, secrets.authToken];
    for (const [where, text] of Object.entries(haystacks)) {
      for (const needle of needles) expect(text.includes(needle), `${where} contains a secret`).to.equal(false);
    }
  }

  it('a TOTP verification through the reference handler leaks no secret', async () => {
    const identity = `leak-totp-${Date.now().toString(36)}`;
    const totp = await fixture<TotpVerify>(html`<totp-verify verify-url="/__real-verify" identity=${identity}></totp-verify>`);
    await verifyRealCode(totp, identity);
    expect(
      events.some((e) => e.startsWith('totp-verify-success')),
      'success event recorded',
    ).to.equal(true);
    await expectNoSecretAnywhere();
  });

  // Needs WebRTC: a registered phone and a call (without it the phone stops at its capability check).
  itWithWebRTC('a full phone session and a TOTP verification leak no token and no secret', async () => {
    const env = await testEnv();
    const identity = `leak-${Date.now().toString(36)}`;
    const root = await fixture(html`<div>
      <twilio-phone id="p" token-url=${tokenUrl({ variant: 'good', identity, ttl: 30 })} signaling-host=${env.signalingHost}></twilio-phone>
      <device-status for="p"></device-status>
      <totp-verify verify-url="/__real-verify" identity=${identity}></totp-verify>
    </div>`);
    const phone = root.querySelector<TwilioPhone>('twilio-phone')!;
    await phone.start();
    await untilState(phone, 'ready');
    await phone.call('echo');
    await until(() => phone.shadowRoot!.querySelector('[part="timer"]') !== null, 'connected');
    phone.hangup();
    await untilState(phone, 'ready');

    await verifyRealCode(root.querySelector<TotpVerify>('totp-verify')!, identity);

    expect(tokens.length, 'tokens seen').to.be.greaterThan(0);
    await expectNoSecretAnywhere();
    phone.stop();
  });

  it('a <totp-enroll> enrolment shows its secret only as text while needed: never in attributes, events or the console, gone once verified or removed', async () => {
    const identity = `leak-enrol-${Date.now().toString(36)}`;
    const el = await fixture<TotpEnroll>(html`<totp-enroll verify-url="/__real-verify" identity=${identity}></totp-enroll>`);
    const created = new Promise((r) => el.addEventListener('totp-enroll-created', r, { once: true }));
    await el.start();
    await created;
    await el.updateComplete;
    const grouped = el.shadowRoot!.querySelector('[part="secret"]')!.textContent!;
    const secret = grouped.replace(/\s+/g, '');
    expect(secret).to.match(/^[A-Z2-7]{16,}$/);
    const forms = [secret, grouped, secret.toLowerCase()];
    const noSecret = (where: string, text: string) => {
      for (const f of forms) expect(text.includes(f), `${where} contains the TOTP secret`).to.equal(false);
    };
    noSecret('attributes while the key is shown', allAttributes());

    const verify = el.shadowRoot!.querySelector<TotpVerify>('totp-verify')!;
    await verify.updateComplete;
    const input = verify.shadowRoot!.querySelector('input')!;
    input.value = new TOTP({ secret }).generate();
    input.dispatchEvent(new Event('input', { bubbles: true }));
    verify.shadowRoot!.querySelector('form')!.requestSubmit();
    await until(() => el.state === 'verified', 'enrolment verified');
    await el.updateComplete;
    noSecret('the DOM after verification', serializeEverything());
    noSecret('events', events.join('\n'));
    noSecret('the console', consoleLines.join('\n'));

    // A second enrolment, abandoned: removing the element takes the key out of its DOM.
    const other = await fixture<TotpEnroll>(html`<totp-enroll verify-url="/__real-verify" identity=${`${identity}-2`}></totp-enroll>`);
    await other.start();
    await other.updateComplete;
    const secret2 = other.shadowRoot!.querySelector('[part="secret"]')!.textContent!.replace(/\s+/g, '');
    expect(secret2).to.match(/^[A-Z2-7]{16,}$/);
    other.remove();
    await Promise.resolve();
    await other.updateComplete;
    expect(serializeEverything(other).replace(/\s+/g, '').includes(secret2)).to.equal(false);
    expect(other.state).to.equal('idle');
    for (const text of [events.join('\n'), consoleLines.join('\n'), allAttributes()]) expect(text.includes(secret2)).to.equal(false);
  });

  // Needs WebRTC: a registered phone takes an incoming call.
  itWithWebRTC('renders a hostile caller ID, custom parameters and server message as text', async () => {
    const env = await testEnv();
    const identity = `xss-${Date.now().toString(36)}`;
    const phone = await fixture<TwilioPhone>(
      html`<twilio-phone token-url=${tokenUrl({ variant: 'good', identity })} signaling-host=${env.signalingHost}></twilio-phone>`,
    );
    await phone.start();
    await untilState(phone, 'ready');
    const incoming = new Promise<CustomEvent>((r) => phone.addEventListener('twilio-phone-incoming', (e) => r(e as CustomEvent), { once: true }));
    await emulator('ring', { to: identity, from: HOSTILE, params: { note: HOSTILE } });
    const event = await incoming;
    expect(event.detail.from).to.equal(HOSTILE);
    expect(event.detail.params.note).to.equal(HOSTILE);
    await until(() => (phone.shadowRoot!.textContent ?? '').includes('window.__pwned'), 'caller shown');
    expect(elementsIn(phone.shadowRoot!, 'img, script')).to.equal(0);
    phone.reject();
    phone.stop();

    const refused = await fixture<TwilioPhone>(html`<twilio-phone token-url=${tokenUrl({ fault: '401', msg: HOSTILE })}></twilio-phone>`);
    await refused.start();
    expect(refused.state).to.equal('bad-credentials');
    expect(refused.shadowRoot!.querySelector('[part="message"]')!.textContent).to.contain('<img src=x');
    expect(elementsIn(refused.shadowRoot!, 'img, script')).to.equal(0);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('renders hostile labels and strings as text', async () => {
    const el = await fixture(html`<div>
      <device-status state="ready" .labels=${{ ready: HOSTILE }}></device-status>
      <twilio-phone .strings=${{ idle: HOSTILE, start: HOSTILE }}></twilio-phone>
    </div>`);
    await Promise.all([...el.children].map((c) => (c as TwilioPhone).updateComplete));
    expect(el.querySelector('device-status')!.shadowRoot!.textContent).to.contain('<img src=x');
    expect(el.querySelector('twilio-phone')!.shadowRoot!.textContent).to.contain('<script>');
    expect(elementsIn(el, 'img, script')).to.equal(0);
  });
});
