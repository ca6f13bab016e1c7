// Every state of every element, as a person sees it: for each, in light and dark, at desk width
// and at phone width with a coarse pointer: axe with color-contrast finds nothing, nothing
// overflows a 320 px screen, every control is at least 44 × 44 px under `pointer: coarse`.
// Then focus after each action (Start, Call, Hang up, Accept, Reject, Verify) is on a named control.
//
// The states are reached without real calls where the state machines can be fed directly: the
// phone's session reducer (`session.feed`), its pre-call test's reducer, a stand-in for an SDK
// Call (the call view's states: ringing, dialing, connected, muted, reconnecting, ended busy) and
// call control's reducer with the server's participants message (held, transfer pending). The
// real paths into each state are the other suites' (calls, token faults, quality, call-control
// UI); here what is checked is how each looks and reads. Start and Verify use the real token URL,
// SDK and emulator, and the Verify endpoints.
//
// GALLERY=1 (scripts/docs/gallery.mjs) also saves each state's picture into docs/gallery/.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import type { AxeResults, RunOptions } from 'axe-core';
// axe-core's browser build registers `window.axe` (as chai-a11y-axe loads it).
import 'axe-core/axe.min.js';
import '../../src/elements/components/twilio-phone/define.js';
import '../../src/elements/components/device-status/define.js';
import '../../src/elements/components/totp-verify/define.js';
import '../../src/elements/components/totp-enroll/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import type { TotpVerify } from '../../src/elements/components/totp-verify/totp-verify.js';
import type { TotpEnroll } from '../../src/elements/components/totp-enroll/totp-enroll.js';
import type { PhoneInput } from '../../src/elements/core/phone-machine.js';
import { sdkErrorInput } from '../../src/elements/core/twilio-errors.js';
import type { PreflightInput } from '../../src/elements/core/preflight-machine.js';
import type { Participant } from '../../src/elements/core/call-control-messages.js';
import { hasWebRTC, hits, testEnv, tokenUrl, until, untilState } from './helpers.js';

// Chromium only: the media emulation (touch, colour scheme) goes through the DevTools protocol.
const CHROMIUM = /Chrome\//.test(navigator.userAgent);
const describeChromium = CHROMIUM ? describe : describe.skip;
const GALLERY = CHROMIUM && (await executeServerCommand('gallery-enabled')) === true;

type Scheme = 'light' | 'dark';
interface Variant {
  scheme: Scheme;
  width: number;
  coarse: boolean;
}
const VARIANTS: Variant[] = [
  { scheme: 'light', width: 1024, coarse: false },
  { scheme: 'dark', width: 1024, coarse: false },
  { scheme: 'light', width: 390, coarse: true },
  { scheme: 'dark', width: 390, coarse: true },
];

async function emulate(v: Variant, width = v.width): Promise<void> {
  // The viewport first: puppeteer's setViewport turns touch emulation (the coarse pointer) off.
  await setViewport({ width, height: 900 });
  await executeServerCommand('emulate-media-features', {
    'prefers-color-scheme': v.scheme,
    pointer: v.coarse ? 'coarse' : 'fine',
    'prefers-reduced-motion': 'reduce',
  });
  // The emulation took: otherwise every check below would pass for the wrong reason.
  expect([matchMedia('(pointer: coarse)').matches === v.coarse, matchMedia(`(prefers-color-scheme: ${v.scheme})`).matches, innerWidth]).to.deep.equal([
    true,
    true,
    width,
  ]);
}

// The page follows the scheme, as a page using the elements would (`color-scheme: light dark`).
const pageStyle = document.createElement('style');
pageStyle.textContent = `:root { color-scheme: light dark; } body { margin: 0; padding: 8px; background: Canvas; color: CanvasText; font: 16px/1.4 system-ui, sans-serif; }`;
document.head.append(pageStyle);

/** axe's violations (color-contrast included) inside `el`, as readable lines. */
async function axeProblems(el: Element): Promise<string[]> {
  const { axe } = window as unknown as { axe: { run(el: Element, o: RunOptions): Promise<AxeResults> } };
  const result = await axe.run(el, { rules: { 'color-contrast': { enabled: true } }, resultTypes: ['violations'] });
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.failureSummary?.split('\n')[1]?.trim() ?? ''} at ${JSON.stringify(n.target)}`));
}

/** Every focusable control in `root` and the shadow roots below it. */
function controls(root: Element | ShadowRoot): HTMLElement[] {
  const out: HTMLElement[] = [];
  const walk = (node: Element | ShadowRoot) => {
    for (const el of node.querySelectorAll<HTMLElement>('*')) {
      if (el.shadowRoot) walk(el.shadowRoot);
      if (el.matches('button, input:not([type=hidden]), select, textarea, a[href], summary, [tabindex]:not([tabindex="-1"])')) out.push(el);
    }
  };
  walk(root);
  if (root instanceof Element && root.shadowRoot) walk(root.shadowRoot);
  return out.filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden');
}

/** Controls smaller than 44 × 44 CSS px (a radio or checkbox counts with its label, its real target). */
function smallTargets(el: Element): string[] {
  return controls(el).flatMap((c) => {
    const box = (c.matches('input[type=radio], input[type=checkbox]') ? (c.closest('label') ?? c) : c).getBoundingClientRect();
    return box.width + 0.5 < 44 || box.height + 0.5 < 44
      ? [`${c.getAttribute('part') ?? c.tagName.toLowerCase()} ${Math.round(box.width)}×${Math.round(box.height)}`]
      : [];
  });
}

/** What sticks out of a 320 px viewport: the page's scroll width and any element past the right edge. */
function overflow(el: Element): string[] {
  const out: string[] = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
  const walk = (node: Element | ShadowRoot) => {
    for (const e of node.querySelectorAll('*')) {
      if (e.shadowRoot) walk(e.shadowRoot);
      const r = e.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 0.5) out.push(`${e.getAttribute('part') ?? e.tagName.toLowerCase()} ends at ${Math.round(r.right)}`);
    }
  };
  walk(el);
  if (el.shadowRoot) walk(el.shadowRoot);
  return out;
}

async function settle(el: Element): Promise<void> {
  const all = [el, ...el.shadowRoot!.querySelectorAll('*')].filter((e): e is Element & { updateComplete: Promise<unknown> } => 'updateComplete' in e);
  await Promise.all(all.map((e) => e.updateComplete));
  await new Promise((r) => requestAnimationFrame(() => r(null)));
}

/** The checks of one state in every variant; the gallery's pictures when asked for. */
async function checkState(el: HTMLElement, name: string): Promise<void> {
  const problems: string[] = [];
  for (const v of VARIANTS) {
    await emulate(v);
    await settle(el);
    const label = `${name} [${v.scheme}, ${v.width}px${v.coarse ? ', coarse' : ''}]`;
    problems.push(...(await axeProblems(el)).map((p) => `${label}: ${p}`));
    if (v.coarse) problems.push(...smallTargets(el).map((p) => `${label}: target ${p}`));
    if (GALLERY && (v.scheme === 'light') === v.width > 600) {
      const r = el.getBoundingClientRect();
      await executeServerCommand('save-screenshot', {
        name: `${name}-${v.scheme}-${v.width > 600 ? 'desk' : 'phone'}`,
        clip: { x: Math.max(0, r.x - 8), y: Math.max(0, r.y - 8 + scrollY), width: Math.min(v.width, r.width + 16), height: r.height + 16 },
      });
    }
  }
  await emulate(VARIANTS[3], 320);
  await settle(el);
  problems.push(...overflow(el).map((p) => `${name} [320px]: ${p}`));
  expect(problems, problems.join('\n')).to.deep.equal([]);
}

/** An SDK Call stand-in: the events and methods `<twilio-phone>` uses, driven by the test. */
class StandInCall {
  parameters: Record<string, string>;
  customParameters = new Map<string, string>();
  private listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  constructor(from: string, callSid = `CA${'0'.repeat(31)}${++callSeq}`.slice(-34)) {
    this.parameters = { From: from, To: 'client:me', CallSid: callSid };
  }
  on(name: string, fn: (...a: unknown[]) => void) {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name)!.add(fn);
    return this;
  }
  off(name: string, fn: (...a: unknown[]) => void) {
    this.listeners.get(name)?.delete(fn);
    return this;
  }
  emit(name: string, ...args: unknown[]) {
    for (const fn of [...(this.listeners.get(name) ?? [])]) fn(...args);
  }
  accept() {
    this.emit('accept', this);
  }
  reject() {
    this.emit('reject');
  }
  disconnect() {
    this.emit('disconnect', this);
  }
  ignore() {}
  mute(on: boolean) {
    this.emit('mute', on, this);
  }
  isMuted() {
    return false;
  }
  sendDigits() {}
  status() {
    return 'open';
  }
}
let callSeq = 0;

/** The phone's private parts the test feeds (TypeScript's `private` is compile-time only). */
interface PhoneInsides {
  session: { feed(input: PhoneInput): void };
  /** the call view's stand-in; `section` once its chunk is here */
  calls: {
    load(): Promise<unknown>;
    ring(call: unknown): void;
    section: { audioDevices: { view: { microphones: unknown[] | null; speakers: unknown[] | null } } } | null;
  };
  preflightTest: { controller(): Promise<{ feed(input: PreflightInput): void }> };
  callControl: { load(): Promise<{ snapshot: { calls: { id: string }[] }; feed(input: unknown): void }> };
}
const insides = (el: TwilioPhone) => el as unknown as PhoneInsides;

const LONG_MESSAGE = `The token service is temporarily unavailable: upstream_connect_error_or_disconnect_or_reset_before_headers_reset_reason_connection_failure_${'x'.repeat(80)}`;

async function phone(attrs: { callControl?: boolean } = {}) {
  const el = await fixture<TwilioPhone>(
    attrs.callControl
      ? html`<twilio-phone token-url="/__token" call-control-url="/__cc-stub?delay=30000&key=states"><device-status></device-status></twilio-phone>`
      : html`<twilio-phone token-url="/__token"><device-status></device-status></twilio-phone>`,
  );
  // The call view's chunk, which a real start awaits with the SDK before any Device (so before `ready`).
  await insides(el).calls.load();
  const feed = (...inputs: PhoneInput[]) => inputs.forEach((i) => insides(el).session.feed(i));
  return { el, feed };
}
const READY: PhoneInput[] = [{ type: 'start' }, { type: 'token-received' }, { type: 'registered' }];
const failure = (kind: 'refused' | 'failed' | 'malformed', error: Record<string, unknown>): PhoneInput => ({
  type: 'token-failed',
  failure: { kind, source: 'token-url', error: error as { message: string } },
});

describeChromium('every state of every element: contrast, overflow at 320 px, touch targets (light/dark, desk/phone)', function () {
  this.timeout(60000);
  after(() => emulate({ scheme: 'light', width: 800, coarse: false }));

  it('<twilio-phone> and its <device-status>: the nine states, with each problem in plain words', async () => {
    const cases: [string, PhoneInput[], (el: TwilioPhone) => void][] = [
      ['phone-idle', [], () => undefined],
      ['phone-fetching-token', [{ type: 'start' }], () => undefined],
      ['phone-registering', [{ type: 'start' }, { type: 'token-received' }], () => undefined],
      ['phone-ready', READY, () => undefined],
      ['phone-offline', [...READY, { type: 'unregistered' }], () => undefined],
      ['phone-standby', [{ type: 'start' }, { type: 'token-received' }, { type: 'standby' }], () => undefined],
      [
        'phone-bad-credentials',
        [
          { type: 'start' },
          { type: 'token-received' },
          sdkErrorInput({ code: 31202, message: 'AccessTokenSignatureValidationFailed (31202): The provided access token failed signature validation.' }),
        ],
        (el) => {
          expect(status(el)).to.equal('The phone’s Twilio settings are wrong');
          expect(status(el)).not.to.contain('31202');
          expect(part(el, 'details')).to.contain('31202');
          // The SDK's long text once in all (the phone's details line), not again in the badge.
          const all = el.shadowRoot!.textContent! + el.querySelector('device-status')!.shadowRoot!.textContent!;
          expect(all.split('AccessTokenSignatureValidationFailed').length).to.equal(2);
          expect(part(el, 'start-button')).to.equal('Try again');
          expect(el.shadowRoot!.querySelector('[part="start-button"]')!.classList.contains('primary'), 'Try again is not the primary action').to.equal(false);
        },
      ],
      [
        'phone-signed-out',
        [{ type: 'start' }, failure('refused', { code: 20003, status: 401, message: 'The token URL refused the request (HTTP 401: Sign in first).' })],
        (el) => {
          expect(el.state).to.equal('bad-credentials');
          expect(status(el)).to.equal('Sign in to use the phone');
          expect(badge(el)).to.equal('Sign in to use the phone');
        },
      ],
      [
        'phone-rate-limited',
        [{ type: 'start' }, failure('failed', { code: 20429, status: 429, retryAfter: 300, message: 'The token URL answered HTTP 429: Too Many Requests.' })],
        (el) => {
          expect(status(el)).to.equal('Too many attempts');
          expect(part(el, 'message')).to.contain('Try again in 5 min.');
          expect(el.shadowRoot!.querySelector('[part="start-button"]')!.getAttribute('aria-disabled')).to.equal('true');
        },
      ],
      [
        'phone-error-long-message',
        [{ type: 'start' }, failure('failed', { code: 503, status: 503, message: LONG_MESSAGE })],
        (el) => expect(status(el)).to.equal('The phone service cannot be reached'),
      ],
      [
        'phone-error-microphone',
        [
          ...READY,
          {
            type: 'fail',
            reason: 'microphone-denied',
            error: { code: 31401, message: 'Microphone access was denied. Allow the microphone for this site in the browser, then press Try again.' },
          },
        ],
        () => undefined,
      ],
      [
        'phone-error-browser',
        [{ type: 'start' }, { type: 'fail', reason: 'unsupported-browser', error: { message: 'This browser cannot make calls: WebRTC is missing.' } }],
        () => undefined,
      ],
    ];
    for (const [name, inputs, expectations] of cases) {
      const { el, feed } = await phone();
      feed(...inputs);
      await settle(el);
      expectations(el);
      await checkState(el, name);
    }
  });

  it('<twilio-phone>: the pre-call test running, a good and a fair verdict (coloured), cleared when the phone leaves ready', async () => {
    const { el, feed } = await phone();
    feed(...READY);
    // The pre-call test's controller loads with its chunk (twilio-phone-extras.ts).
    const test = await insides(el).preflightTest.controller();
    test.feed({ type: 'start' });
    test.feed({ type: 'connected' });
    await settle(el);
    expect(el.shadowRoot!.querySelector('progress[part="preflight-progress"]'), 'progress while measuring').to.exist;
    expect(badge(el)).to.equal('Testing the connection…');
    await checkState(el, 'phone-preflight-measuring');
    const report = (callQuality: 'excellent' | 'fair') => ({
      callQuality,
      mos: callQuality === 'fair' ? 3.6 : 4.4,
      rtt: 40,
      jitter: 3,
      packetLoss: 0,
      edge: 'roaming',
      warnings: [],
      networkTiming: {},
      duration: 11000,
    });
    for (const level of ['excellent', 'fair'] as const) {
      test.feed({ type: 'start' });
      test.feed({ type: 'connected' });
      test.feed({ type: 'completed', report: report(level) as never });
      await settle(el);
      await checkState(el, `phone-preflight-${level}`);
    }
    const good = getComputedStyle(el.shadowRoot!.querySelector('[part="preflight-result"]')!).color;
    feed(sdkErrorInput({ code: 31202, message: 'AccessTokenSignatureValidationFailed' }));
    await settle(el);
    expect(part(el, 'preflight-result'), 'no stale verdict after leaving ready').to.equal('');
    expect(good).to.not.equal(getComputedStyle(el).color);
  });

  it('<twilio-phone>: ringing, dialing, connected, muted, reconnecting, a busy outcome (a stand-in SDK call)', async () => {
    const { el, feed } = await phone();
    feed(...READY);
    const incoming = new StandInCall('+14155550123');
    insides(el).calls.ring(incoming);
    await settle(el);
    expect(status(el)).to.equal('Incoming call from +14155550123');
    expect(badge(el)).to.equal('Incoming call from +14155550123');
    await checkState(el, 'phone-ringing');
    incoming.accept();
    incoming.emit('sample', { mos: 4.1, rtt: 80, jitter: 20, packetsLostFraction: 1 });
    incoming.emit('warning', 'high-jitter');
    await settle(el);
    await checkState(el, 'phone-connected');
    const hangup = el.shadowRoot!.querySelector('[part="hangup-button"]')!.getBoundingClientRect();
    incoming.emit('sample', { mos: null });
    incoming.emit('warning-cleared', 'high-jitter');
    await settle(el);
    expect(el.shadowRoot!.querySelector('[part="quality"]')!.getAttribute('data-level'), 'the last level stays').to.not.equal('measuring');
    expect(el.shadowRoot!.querySelector('[part="hangup-button"]')!.getBoundingClientRect().y, 'the hint leaving moves nothing').to.equal(hangup.y);
    el.mute(true);
    await settle(el);
    const mute = el.shadowRoot!.querySelector('[part="mute-button"]')!;
    expect([mute.textContent!.trim(), mute.getAttribute('aria-pressed')]).to.deep.equal(['Unmute', 'true']);
    await checkState(el, 'phone-muted');
    incoming.emit('reconnecting');
    await settle(el);
    await checkState(el, 'phone-reconnecting');
    incoming.disconnect();
    await settle(el);
    // An outgoing call refused busy: the SDK's error 31486, then the call's end.
    const outgoing = new StandInCall('client:busy');
    insides(el).calls.ring(outgoing);
    outgoing.emit('error', { code: 31486, message: 'Busy Here' });
    outgoing.disconnect();
    await until(() => part(el, 'outcome') === 'Call ended: the line is busy.', `the busy outcome (now "${part(el, 'outcome')}")`);
    await checkState(el, 'phone-outcome-busy');
  });

  it('<twilio-phone> with call control: held and a warm transfer pending (call control fed the server’s participants message)', async () => {
    const { el, feed } = await phone({ callControl: true });
    feed(...READY);
    const control = await insides(el).callControl.load();
    const call = new StandInCall('+14155550188');
    insides(el).calls.ring(call);
    call.accept();
    await settle(el);
    const id = control.snapshot.calls[0].id;
    const people = (remote: Partial<Participant>, more: Participant[] = []): Participant[] => [
      { id: 'CAyou', label: 'you', role: 'you', onHold: false, muted: false },
      { id: 'CAremote', label: '+14155550188', role: 'remote', onHold: false, muted: false, ...remote },
      ...more,
    ];
    control.feed({ type: 'message', id, stamp: 1, participants: people({ onHold: true }) });
    await settle(el);
    expect(el.shadowRoot!.querySelector('[part="hold-button"]')!.getAttribute('aria-pressed')).to.equal('true');
    await checkState(el, 'phone-held');
    control.feed({
      type: 'message',
      id,
      stamp: 2,
      participants: people({ onHold: true }, [{ id: 'CAbilling', label: 'billing', role: 'consulted', onHold: false, muted: false }]),
    });
    await settle(el);
    expect(el.shadowRoot!.querySelector('[part="transfer-pending"]'), 'the transfer-pending note').to.exist;
    await checkState(el, 'phone-transfer-pending');
  });

  it('<twilio-phone> ready: the device pickers appearing move nothing (their row is reserved before the browser lists them)', async () => {
    // The device list is set on the controller directly (a stand-in for the SDK's enumeration,
    // which arrives after `ready` at its own pace) so both moments can be measured.
    for (const width of [1024, 390]) {
      await setViewport({ width, height: 900 });
      const { el, feed } = await phone();
      feed(...READY);
      await el.updateComplete;
      const devices = insides(el).calls.section!.audioDevices;
      devices.view = { microphones: null, speakers: null };
      el.requestUpdate();
      await el.updateComplete;
      const before = el.getBoundingClientRect().height;
      devices.view = {
        microphones: [{ id: 'default', label: 'Default microphone', selected: true }],
        speakers: [{ id: 'default', label: 'Default speaker', selected: true }],
      };
      el.requestUpdate();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="microphone-select"]'), 'the microphone picker').to.exist;
      // Sub-pixel rounding of the select's own box aside (under 1 px), nothing below the row moves.
      expect(el.getBoundingClientRect().height, `the phone's height at ${width} px`).to.be.closeTo(before, 1);
    }
  });

  it('<device-status> set directly: each state, a long error', async () => {
    for (const state of ['idle', 'registering', 'ready', 'busy', 'offline', 'bad-credentials', 'error'] as const) {
      const el = await fixture(
        html`<device-status state=${state} .error=${state === 'error' ? { code: 53000, message: LONG_MESSAGE } : null}></device-status>`,
      );
      await checkState(el as HTMLElement, `badge-${state}`);
    }
  });

  it('<totp-verify>: empty, incorrect, rate-limited with a countdown, verified', async () => {
    const make = (reply: string, extra = '') =>
      fixture<TotpVerify>(
        html`<totp-verify verify-url=${`/__verify?reply=${reply}&key=states-${++callSeq}${extra}`} factor-sid="YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"></totp-verify>`,
      );
    await checkState(await make('factor-verified'), 'totp-verify-empty');
    for (const [reply, name, extra] of [
      ['factor-unverified', 'totp-verify-incorrect', ''],
      ['429-20429', 'totp-verify-rate-limited', '&retryAfter=120'],
      ['factor-verified', 'totp-verify-verified', ''],
    ] as const) {
      const el = await make(reply, extra);
      const input = el.shadowRoot!.querySelector('input')!;
      input.value = '123456';
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: '123456' }));
      const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="button"]')!;
      button.focus();
      button.click();
      await until(() => el.hasAttribute('outcome'), `${name}: an outcome`);
      await settle(el);
      const focused = el.shadowRoot!.activeElement;
      expect(focused, `${name}: focus after Verify stays in the element`).to.exist;
      expect(focused!.getAttribute('part'), `${name}: focus on a named control`).to.be.oneOf(['button', 'input']);
      if (name === 'totp-verify-rate-limited') expect(part(el, 'message')).to.match(/^Too many attempts\. Try again in 2 min\.$/);
      await checkState(el, name);
    }
  });

  it('<totp-enroll>: idle, the QR and key, and a refused code', async () => {
    const el = await fixture<TotpEnroll>(html`<totp-enroll verify-url="/__real-verify" identity=${`states-${Date.now().toString(36)}`}></totp-enroll>`);
    await checkState(el, 'totp-enroll-idle');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="start-button"]')!.click();
    await until(() => el.state === 'created', 'created');
    await settle(el);
    await checkState(el, 'totp-enroll-created');
  });
});

describeChromium('focus after each action is on a named control, never <body>', function () {
  this.timeout(40000);
  const focusedPart = (el: Element) => el.shadowRoot!.activeElement?.getAttribute('part') ?? `(${document.activeElement?.tagName.toLowerCase()})`;

  (hasWebRTC ? it : it.skip)(
    'Start (real token URL, SDK and emulator) → Starting… → the number field; Call → Hang up; Hang up → the number field',
    async () => {
      const { signalingHost } = await testEnv();
      const el = await fixture<TwilioPhone>(
        html`<twilio-phone token-url=${tokenUrl({ variant: 'good', identity: `focus-${Date.now().toString(36)}` })} signaling-host=${signalingHost}></twilio-phone>`,
      );
      const start = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="start-button"]')!;
      start.focus();
      start.click();
      await el.updateComplete;
      expect(focusedPart(el), 'while starting').to.equal('start-button');
      await untilState(el, 'ready');
      await el.updateComplete;
      expect(focusedPart(el), 'after Start').to.equal('dial-input');
      const input = el.shadowRoot!.querySelector<HTMLInputElement>('[part="dial-input"]')!;
      input.value = 'echo';
      const call = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="call-button"]')!;
      call.focus();
      call.click();
      await until(() => !!el.shadowRoot!.querySelector('[part="hangup-button"]'), 'the call view');
      await el.updateComplete;
      expect(focusedPart(el), 'after Call').to.equal('hangup-button');
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part="hangup-button"]')!.click();
      await until(() => !!el.shadowRoot!.querySelector('[part="dial-input"]'), 'the dialer');
      await el.updateComplete;
      expect(focusedPart(el), 'after Hang up').to.equal('dial-input');
      el.stop();
    },
  );

  it('Accept → Hang up; Reject → the number field (a stand-in SDK call rings)', async () => {
    const { el, feed } = await phone();
    feed(...READY);
    await settle(el);
    el.shadowRoot!.querySelector<HTMLInputElement>('[part="dial-input"]')!.focus();
    const first = new StandInCall('+14155550101');
    insides(el).calls.ring(first);
    await settle(el);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="accept-button"]')!.focus();
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="accept-button"]')!.click();
    await settle(el);
    expect(focusedPart(el), 'after Accept').to.equal('hangup-button');
    first.disconnect();
    await settle(el);
    const second = new StandInCall('+14155550102');
    insides(el).calls.ring(second);
    await settle(el);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="reject-button"]')!.focus();
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="reject-button"]')!.click();
    await settle(el);
    expect(focusedPart(el), 'after Reject').to.equal('dial-input');
  });
});

describeChromium('the real paths: a 429 with Retry-After, a 401 while signed out, a busy call', function () {
  this.timeout(20000);

  it('429 with Retry-After: 300 → one request, "Too many attempts", "Try again in 5 min.", Try again waits', async () => {
    const key = `states-429-${Date.now().toString(36)}`;
    const el = await fixture<TwilioPhone>(html`<twilio-phone token-url=${tokenUrl({ fault: '429', retryAfter: 300, key })}></twilio-phone>`);
    await el.start();
    expect(el.state).to.equal('error');
    expect(await hits(key), 'no retries against a long Retry-After').to.equal(1);
    expect(el.lastError).to.include({ status: 429, retryAfter: 300 });
    await el.updateComplete;
    expect(status(el)).to.equal('Too many attempts');
    expect(part(el, 'message')).to.match(/^Try again in 5 min\. Details: /);
    const retry = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="start-button"]')!;
    expect(retry.getAttribute('aria-disabled')).to.equal('true');
    retry.click();
    expect(await hits(key), 'Try again waits for the server').to.equal(1);
  });

  (hasWebRTC ? it : it.skip)('a call to busy (real SDK and emulator) ends with "Call ended: the line is busy." in words', async () => {
    const { signalingHost } = await testEnv();
    const el = await fixture<TwilioPhone>(
      html`<twilio-phone token-url=${tokenUrl({ variant: 'good', identity: `busy-${Date.now().toString(36)}` })} signaling-host=${signalingHost}></twilio-phone>`,
    );
    await el.start();
    await untilState(el, 'ready');
    await el.call('busy');
    await until(() => part(el, 'outcome') !== '', 'an outcome after the busy call');
    expect(part(el, 'outcome')).to.equal('Call ended: the line is busy.');
    expect(el.shadowRoot!.querySelector('[part="outcome"]')!.getAttribute('data-outcome')).to.equal('busy');
    el.stop();
  });

  it('401 from the token URL reads "Sign in", with Try again as the primary step', async () => {
    const el = await fixture<TwilioPhone>(html`<twilio-phone token-url=${tokenUrl({ fault: '401' })}></twilio-phone>`);
    await el.start();
    await el.updateComplete;
    expect(el.state).to.equal('bad-credentials');
    expect(status(el)).to.equal('Sign in to use the phone');
    expect(part(el, 'message')).to.match(/^Sign in, then press Try again\. Details: 20003: /);
    expect(el.shadowRoot!.querySelector('[part="start-button"]')!.classList.contains('primary')).to.equal(true);
  });
});

function status(el: TwilioPhone): string {
  return part(el, 'status');
}
function part(el: Element, name: string): string {
  return (el.shadowRoot!.querySelector(`[part~="${name}"]`)?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
function badge(el: TwilioPhone): string {
  const b = el.querySelector('device-status')!;
  return part(b, 'label');
}
