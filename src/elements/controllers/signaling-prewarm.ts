/**
 * Opens the signaling WebSocket while the token and the SDK are still on their
 * way, and hands it to the SDK when its Device asks for a socket to that URL.
 *
 * Why: registering needs TCP + TLS + the WebSocket upgrade (3 round trips)
 * before `listen`, and the SDK can only start them once it has a token. Opened
 * at `start()`, they overlap the token request (and the SDK download), which
 * saves a round trip or more on real networks. Once the token is good, the
 * phone also registers on it ahead of the SDK (`listen()`,
 * signaling-early-register.ts): the token goes to the gateway the SDK would
 * send it to, and nowhere else.
 *
 * How the SDK gets it: the SDK takes its WebSocket constructor from
 * `globalThis.WebSocket` once, when its module is evaluated (2.x:
 * wstransport.ts). `withSocketHandover()` puts `HandoverWebSocket` there for
 * that moment only. It returns native sockets: a new one, or, while the phone's
 * own `device.register()` runs (`handOver`), the socket opened for it. If the
 * SDK was evaluated without it (the page loaded the SDK before the phone), the
 * first `register()` shows so and prewarming stops for the page: that spare is
 * closed, nothing else changes.
 */
import type * as EarlyRegisterModule from './signaling-early-register.js';
import type { EarlyRegistration } from './signaling-early-register.js';

export interface Spare {
  url: string;
  socket: WebSocket;
  /** Removes this module's listeners from the socket. */
  forget(): void;
  /** Forgets the spare and closes its socket. */
  drop(): void;
  /** Registering ahead of the SDK on this socket, once started (`listen()`). */
  early?: EarlyRegistration;
}

interface HandoverState {
  /** the browser's own WebSocket, as the first copy of this module found it */
  Native: typeof WebSocket | undefined;
  /** Spare sockets not yet handed over (or dropped). */
  spares: Set<Spare>;
  /** The spare of the registration running right now (`handOver`), the only one the SDK may take. */
  offered: Spare | null;
  /** `false` once a Device registered without constructing its socket through `HandoverWebSocket`. */
  handoverWorks: boolean | undefined;
  constructions: number;
}
/**
 * One state for every copy of this module on the page: the CDN entry runs the boot module from its
 * own copy (src/elements/cdn.ts) and the elements chunk has another; a socket opened by one must be
 * the one the SDK, loaded by either, takes.
 */
const STATE = Symbol.for('twilio-widgets.socket-handover');
const state: HandoverState = ((globalThis as { [STATE]?: HandoverState })[STATE] ??= {
  Native: globalThis.WebSocket,
  spares: new Set(),
  offered: null,
  handoverWorks: undefined,
  constructions: 0,
});
const { Native, spares } = state;

function take(url: string): WebSocket | undefined {
  const spare = state.offered;
  // Closed: of no use, unless it holds the gateway's refusal of the token for the SDK (signaling-early-register.ts).
  if (!spare || spare.url !== url || !spares.has(spare) || (spare.socket.readyState > Native!.OPEN && !spare.early)) return undefined;
  spares.delete(spare);
  spare.forget();
  const { socket } = spare;
  spare.early?.handOver();
  // Already open: the SDK attaches its listeners after the constructor returns, so tell it then.
  if (socket.readyState === Native!.OPEN) queueMicrotask(() => socket.dispatchEvent(new Event('open')));
  return socket;
}

/** A constructor for the SDK: the offered spare socket for `url` if there is one, else a new native WebSocket. */
const HandoverWebSocket = function HandoverWebSocket(url: string | URL, protocols?: string | string[]): WebSocket {
  state.constructions++;
  return (protocols === undefined ? take(String(url)) : undefined) ?? new Native!(url, protocols);
} as unknown as typeof WebSocket;
if (Native) {
  HandoverWebSocket.prototype = Native.prototype;
  Object.setPrototypeOf(HandoverWebSocket, Native); // CONNECTING, OPEN, ... as statics
}

/** Runs `load` (the SDK's dynamic import) with `HandoverWebSocket` as the global WebSocket. */
export async function withSocketHandover<T>(load: () => Promise<T>): Promise<T> {
  if (!Native || globalThis.WebSocket !== Native) return load();
  globalThis.WebSocket = HandoverWebSocket;
  try {
    return await load();
  } finally {
    if (globalThis.WebSocket === HandoverWebSocket) globalThis.WebSocket = Native;
  }
}

type EarlyModule = typeof EarlyRegisterModule;

/**
 * Set on a spare's socket by `listen()`: settles once what goes ahead of the SDK (`listen`, then
 * `register`) went out or no more will (the chunk did not load, the gateway refused, the SDK took
 * the socket first, it closed).
 */
export const EARLY_LISTEN = Symbol.for('twilio-widgets.early-listen');
export type WithEarlyListen = WebSocket & { [EARLY_LISTEN]?: Promise<unknown> };

/**
 * The code that registers a spare ahead of the SDK (signaling-early-register.ts), once: the boot
 * module asks for it beside the SDK chunk as soon as the token URL says yes. Undefined if it
 * cannot load: the SDK then registers as usual.
 */
export function loadEarlyRegister(): Promise<EarlyModule | undefined> {
  return import('./signaling-early-register.js').catch(() => undefined);
}

/** A socket opened ahead of the SDK for one registration. */
export interface PrewarmedSocket {
  readonly socket: WithEarlyListen;
  /**
   * Runs `register` (the SDK's `device.register()`, which constructs its socket synchronously)
   * so that the SDK gets this socket; closes the socket if the SDK did not take it.
   */
  handOver(register: () => void): void;
  /**
   * The token is good: register on this socket while the SDK is still on its way
   * (signaling-early-register.ts, a chunk of its own loaded now). Not for a phone that may
   * not register at all (`single-tab`). The first call counts; later ones do nothing.
   */
  listen(token: string): void;
  /** Closes the socket (start failed or stopped). */
  release(): void;
}

/** Opens a spare socket to `url` for the SDK, or returns null where that cannot help. */
export function prewarmSignaling(url: string): PrewarmedSocket | null {
  if (!Native || state.handoverWorks === false) return null;
  let socket: WebSocket;
  try {
    socket = new Native(url);
  } catch {
    return null; // e.g. a URL the browser refuses; the SDK will report it
  }
  const drop = () => {
    spares.delete(spare);
    spare.forget();
    spare.early?.stop();
    if (socket.readyState === Native.CONNECTING || socket.readyState === Native.OPEN) socket.close();
  };
  // Before the SDK owns it: answer heartbeats as the SDK would; anything else, or a close, retires it.
  const onMessage = (e: MessageEvent) => {
    if (e.data === '\n') socket.send('\n');
    else drop();
  };
  const spare: Spare = {
    url,
    socket,
    drop,
    forget: () => {
      socket.removeEventListener('message', onMessage);
      socket.removeEventListener('close', drop);
      socket.removeEventListener('error', drop);
    },
  };
  socket.addEventListener('message', onMessage);
  socket.addEventListener('close', drop);
  socket.addEventListener('error', drop);
  spares.add(spare);
  return {
    socket,
    handOver(register) {
      const before = state.constructions;
      state.offered = spare;
      try {
        register();
      } finally {
        state.offered = null;
        // No construction through the handover: this SDK copy builds its sockets elsewhere.
        state.handoverWorks = state.constructions > before;
        if (spares.has(spare)) drop();
      }
    },
    listen(token) {
      // Kept on the socket: the SDK-side session builds the Device once it settled (session-device.ts).
      // Once per socket: the boot module's start registers as soon as the token is good, before the
      // element, whose own call (the same token) then finds it done.
      (socket as WithEarlyListen)[EARLY_LISTEN] ??= loadEarlyRegister().then((m) => m?.startEarly(spare, token, spares));
    },
    release() {
      if (spares.has(spare)) drop();
    },
  };
}
