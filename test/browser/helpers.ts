// Shared helpers of the browser suites: the emulator's address, fault
// switches through the test server, and event recording.
import { expect } from '@open-wc/testing';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';

export interface TestEnv {
  signalingHost: string;
  emulatorUrl: string;
}

let envPromise: Promise<TestEnv> | undefined;
export function testEnv(): Promise<TestEnv> {
  envPromise ??= fetch('/__env.json').then((r) => r.json());
  return envPromise;
}

export async function emulator<T = unknown>(op: string, body?: unknown): Promise<T> {
  const res = await fetch(`/__emulator/${op}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`emulator ${op}: HTTP ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

export const setFaults = (faults: Record<string, unknown>) => emulator('faults', faults);
export const resetFaults = () => emulator('reset-faults', {});

/** Lets the test server answer a token request it holds back (`tokenUrl({..., hold: key})`). */
export const release = (key: string) => fetch(`/__release?key=${encodeURIComponent(key)}`);

/** The signaling sockets open at the emulator right now. */
const openAtEmulator = async () => (await emulator<{ openSockets: number }>('status')).openSockets;

/** Polls the emulator (sockets close asynchronously) for up to 10 s until `n` sockets are open. */
export async function untilEmulatorSockets(n: number): Promise<void> {
  let last = -1;
  for (let i = 0; i < 400; i++) {
    last = await openAtEmulator();
    if (last === n) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  expect(last, 'open sockets at the emulator').to.equal(n);
}

/** A paste of `text` into `input`, as the clipboard would deliver it. */
export function pasteText(input: EventTarget, text: string): void {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true });
  // Firefox gives a synthetic paste event an empty copy of the DataTransfer (only a real paste carries data): hand it ours.
  if (event.clipboardData?.getData('text/plain') !== text) Object.defineProperty(event, 'clipboardData', { value: data });
  input.dispatchEvent(event);
}

export async function hits(key: string): Promise<number> {
  return (await (await fetch(`/__hits?key=${encodeURIComponent(key)}`)).json()).hits;
}

let keySeq = 0;
export function uniqueKey(prefix = 'k'): string {
  return `${prefix}-${Date.now().toString(36)}-${++keySeq}`;
}

/** Records every event of the given types dispatched on `target`. */
export function record(target: EventTarget, types: string[]) {
  const events: CustomEvent[] = [];
  const listener = (e: Event) => events.push(e as CustomEvent);
  for (const t of types) target.addEventListener(t, listener);
  return {
    events,
    of: (type: string) => events.filter((e) => e.type === type),
    stop: () => types.forEach((t) => target.removeEventListener(t, listener)),
  };
}

/** Resolves when `predicate` holds, checking on every animation frame; rejects after `timeoutMs` with `what`. */
export function until(predicate: () => boolean, what: string, timeoutMs = 15000): Promise<void> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (predicate()) return resolve();
      if (performance.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

export function untilState(el: TwilioPhone, state: string, timeoutMs = 15000): Promise<void> {
  return until(() => el.state === state, `state ${state} (now ${el.state})`, timeoutMs);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function tokenUrl(params: Record<string, string | number>): string {
  return `/__token?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`;
}

/**
 * The one capability check of the suites: whether this browser has WebRTC.
 * Debian's WebKitGTK is built without it (`RTCPeerConnection` is undefined), so
 * there `<twilio-phone>` stops at its own capability check, before any token
 * request: every test that needs a phone past that point (registration, calls,
 * token and signaling faults) is skipped, with this reason in its title. Read
 * once, when this module loads, before any test removes RTCPeerConnection.
 */
export const hasWebRTC = typeof RTCPeerConnection === 'function';
export const NO_WEBRTC_REASON = 'skipped: needs WebRTC, this browser has no RTCPeerConnection';

/** `it`, or `it.skip` with the reason in the title where the browser has no WebRTC. */
export function itWithWebRTC(title: string, fn: (this: any) => unknown) {
  return hasWebRTC ? it(title, fn) : it.skip(`${title} [${NO_WEBRTC_REASON}]`, fn);
}

/** `describe`, or `describe.skip` with the reason in the title where the browser has no WebRTC. */
export function describeWithWebRTC(title: string, fn: (this: any) => void) {
  return hasWebRTC ? describe(title, fn) : describe.skip(`${title} [${NO_WEBRTC_REASON}]`, fn);
}

/** Whether `el` matches `:state(name)`; false where the browser has no CustomStateSet. */
export function matchesState(el: Element, name: string): boolean {
  try {
    return el.matches(`:state(${name})`);
  } catch {
    return false;
  }
}

/** Whether this browser has CustomStateSet and the `:state()` selector. */
export const statesSupported = (() => {
  try {
    document.createElement('div').matches(':state(x)');
    return typeof ElementInternals !== 'undefined' && 'states' in ElementInternals.prototype;
  } catch {
    return false;
  }
})();

/**
 * Call inside a `describe`: collects the block's unhandled rejections and console.error
 * (and console.warn with `warn`) in the returned array, emptied before each test.
 */
export function watchPageProblems({ warn = false } = {}): string[] {
  const problems: string[] = [];
  const onRejection = (e: PromiseRejectionEvent) => problems.push(`unhandled rejection: ${String(e.reason)}`);
  const realError = console.error;
  const realWarn = console.warn;
  before(() => {
    window.addEventListener('unhandledrejection', onRejection);
    console.error = (...args: unknown[]) => problems.push(`console.error: ${args.join(' ')}`);
    if (warn) console.warn = (...args: unknown[]) => problems.push(`console.warn: ${args.join(' ')}`);
  });
  after(() => {
    window.removeEventListener('unhandledrejection', onRejection);
    console.error = realError;
    console.warn = realWarn;
  });
  beforeEach(() => (problems.length = 0));
  return problems;
}
