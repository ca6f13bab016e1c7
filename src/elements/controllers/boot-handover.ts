/**
 * What the boot module (boot.ts) started for a `<twilio-phone autostart>` before the element was
 * defined, kept until the element's first `start()` takes it: the first token URL request and the
 * signaling socket (`prewarmSignaling`), registered ahead of the SDK once the token is good. One token request and one socket per phone: the element
 * uses these instead of starting its own when they were started for what it would ask for itself.
 * The token answer goes through the element's one token path (`obtainToken`: timeout, body cap,
 * retries, classification) as that path's first fetch. Lit-free: the boot module imports it.
 */
import type { PrewarmedSocket } from './signaling-prewarm.js';
import type { TokenHost } from '../core/token-source.js';

/** The phone's default `tokenRequest`: what the boot module sends, having no other. */
export const DEFAULT_TOKEN_REQUEST: RequestInit = Object.freeze({ credentials: 'same-origin' });

/** The request a boot start made: the element's own settings must be the same for it to take it. */
export interface BootRequest {
  tokenUrl: string;
  tokenMethod: string;
  signalingUrl: string;
  /** `single-tab`: registers only once its tab leads, so the boot module registers nothing ahead for it */
  singleTab: boolean;
}

export interface BootStart extends BootRequest {
  /** the token URL's first answer */
  response: Promise<Response>;
  /** aborts the token request (the element stopped or timed it out, or nobody took it) */
  abort: AbortController;
  socket: PrewarmedSocket | null;
}

/** The element's settings a boot start must match: its token source and `single-tab` (the element's own fields). */
export type ElementRequest = Pick<TokenHost, 'tokenUrl' | 'tokenMethod' | 'tokenRequest' | 'fetchToken'> & { singleTab?: boolean };

/**
 * Whether a boot start is the one the element would have made itself (pure). A page that set
 * `fetchToken` or its own `tokenRequest` (credentials, headers, body) before the element upgraded
 * asked for something the boot module could not see in the attributes: the element starts its own.
 */
export function bootStartFits(boot: BootRequest, el: ElementRequest, signalingUrl: string): boolean {
  const init = el.tokenRequest;
  const defaultInit = !!init && Object.keys(init).length === 1 && init.credentials === DEFAULT_TOKEN_REQUEST.credentials;
  return (
    !el.fetchToken &&
    defaultInit &&
    boot.tokenUrl === el.tokenUrl &&
    boot.tokenMethod === el.tokenMethod &&
    boot.signalingUrl === signalingUrl &&
    // A socket the boot module may have registered ahead is no use to a phone that must wait for its tab to lead.
    boot.singleTab === !!el.singleTab
  );
}

/** Kept on the element itself; `null` once taken or released. */
const KEY = Symbol.for('twilio-widgets.boot-start');
type WithBootStart = Element & { [KEY]?: BootStart | null };

/** Nothing takes a start after this long (the tag was never defined, the element left): let it go. */
const UNCLAIMED_MS = 60_000;

/** The boot module: keeps `start` for `el` until the element takes it. */
export function offerBootStart(el: Element, start: BootStart): void {
  (el as WithBootStart)[KEY] = start;
  setTimeout(() => release(takeAny(el)), UNCLAIMED_MS);
}

/** Whether the boot module started something for `el` (taken or not). */
export function hasBootStart(el: Element): boolean {
  return KEY in el;
}

function takeAny(el: Element): BootStart | null {
  const start = (el as WithBootStart)[KEY] ?? null;
  if (start) (el as WithBootStart)[KEY] = null;
  return start;
}

function release(start: BootStart | null): null {
  start?.abort.abort();
  start?.socket?.release();
  return null;
}

/**
 * The element's `start()`: the boot start made for it, if it fits what the element asks for now
 * (its settings, and the signaling URL they make); one that does not fit is released (its request
 * aborted, its socket closed). Taken once.
 */
export function takeBootStart(el: Element & ElementRequest, signalingUrl: string): BootStart | null {
  const start = takeAny(el);
  return start && bootStartFits(start, el, signalingUrl) ? start : release(start);
}

/**
 * The token path's `fetch` for a taken boot start: its first call answers with the boot's request
 * (the attempt's own timeout and abort reach it), later calls (retries) are plain `fetch`.
 */
export function bootTokenFetch(start: BootStart): typeof fetch {
  let first: BootStart | null = start;
  return (input, init) => {
    const boot = first;
    first = null;
    if (!boot) return fetch(input, init);
    const signal = init?.signal;
    if (signal?.aborted) boot.abort.abort();
    else signal?.addEventListener('abort', () => boot.abort.abort(), { once: true });
    return boot.response;
  };
}
