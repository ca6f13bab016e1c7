/**
 * Registers the prewarmed signaling socket before the SDK is there: `listen` once the socket is
 * open, `register` once the gateway said `connected`, and the answers kept for the SDK (the rules:
 * core/early-register.ts). Without it the two round trips of registering start only after the SDK
 * chunk is downloaded, evaluated and its Device built; with it they overlap all of that.
 *
 * Loaded once the token URL has answered with a token, beside the SDK chunk
 * (signaling-prewarm.ts `listen()`); if it comes after the SDK took the socket, it does nothing.
 */
import {
  EARLY_REGISTER_START,
  REGISTER_FRAME,
  frameType,
  listenFrame,
  registerNow,
  sdkSends,
  serverFrame,
  settled,
  type EarlyRegister,
} from '../core/early-register.js';
import type { Spare } from './signaling-prewarm.js';

/**
 * Starts registering `spare` ahead of the SDK, unless the SDK took it or it was dropped meanwhile
 * (no longer in `spares`): then the SDK registers as usual. Resolves once `listen` went out or never will.
 */
export function startEarly(spare: Spare, token: string, spares: ReadonlySet<Spare>): Promise<void> | undefined {
  if (!spares.has(spare) || spare.early) return;
  spare.forget(); // its messages and its end are this module's now
  spare.early = registerEarly(spare.socket, token, spare.drop);
  return spare.early.aheadDone;
}

/**
 * Runs `fn` in a task of its own, ahead of the page's ordinary tasks where the browser can: once
 * the SDK has its Device the page's queue fills with the Device's 15 sound downloads, and each
 * hand-over step waiting behind them delays `ready` (Scheduler API where there is one, else a timer).
 */
function nextTask(fn: () => void): void {
  const scheduler = (globalThis as { scheduler?: { postTask?(cb: () => void, o: { priority: string }): Promise<unknown> } }).scheduler;
  if (scheduler?.postTask) void scheduler.postTask(fn, { priority: 'user-blocking' });
  else setTimeout(fn, 0);
}

export interface EarlyRegistration {
  /**
   * Settles once all that can go ahead of the SDK went out (`register`, after `connected`), or no
   * more will: the gateway answered `listen` otherwise, the SDK took the socket, it closed.
   */
  aheadDone: Promise<void>;
  /** The SDK has just taken the socket (its listeners are attached once this returns). */
  handOver(): void;
  /** Stops everything early on this socket (the spare was dropped). */
  stop(): void;
}

/**
 * Takes over `socket`'s messages and its end (the spare's own listeners must be gone) and registers
 * it with `token`. `gone` is called when the socket closed with nothing the SDK needs to see.
 */
export function registerEarly(socket: WebSocket, token: string, gone: () => void): EarlyRegistration {
  const listen = listenFrame(token, navigator);
  const nativeSend = WebSocket.prototype.send;
  const send = (data: string) => nativeSend.call(socket, data);
  let s: EarlyRegister = EARLY_REGISTER_START;
  /** Server frames the SDK has not seen yet, in their order. */
  const held: string[] = [];
  let replaying = false;
  /** A pump is queued (one at a time); cleared by `stop()`, after which a queued pump does nothing. */
  let pumpQueued = false;
  /**
   * The gateway refused the token and closed the socket before the SDK took it: the SDK still gets
   * the socket, open to its eyes until it has read the refusal and then closed, so the refusal is
   * worded by the SDK as always (and the SDK needs no socket of its own to hear it).
   */
  let refusedThenClosed: CloseEvent | null = null;

  let done!: () => void;
  const aheadDone = new Promise<void>((resolve) => (done = resolve));
  const sendListen = () => {
    send(listen);
    s = { ...s, listenSent: true };
  };

  /** Hands the SDK what it may have now, in order; in a task of its own, never inside the SDK's own `send`. */
  const pump = () => {
    if (!pumpQueued) return; // stopped meanwhile
    pumpQueued = false;
    while (held.length) {
      const next = serverFrame(s, frameType(held[0]));
      if (next.action === 'hold') break;
      s = next.s;
      const data = held.shift()!;
      if (next.action === 'drop') continue;
      replaying = true;
      try {
        socket.dispatchEvent(new MessageEvent('message', { data }));
      } finally {
        replaying = false;
      }
    }
    if (held.length) return;
    if (refusedThenClosed) {
      const { code, reason, wasClean } = refusedThenClosed;
      stop();
      socket.dispatchEvent(new CloseEvent('close', { code, reason, wasClean }));
    } else if (settled(s)) stop();
  };
  const schedulePump = () => {
    if (pumpQueued) return;
    pumpQueued = true;
    nextTask(pump);
  };

  // Added before the SDK's listener (the SDK attaches its own when it takes the socket), so frames
  // that must wait can be stopped before the SDK sees them.
  const onMessage = (e: MessageEvent) => {
    if (replaying) return;
    const data: unknown = e.data;
    if (!s.sdk) {
      if (data === '\n')
        send('\n'); // the heartbeat answer the SDK would give
      else if (typeof data === 'string') {
        held.push(data);
        if (registerNow(s, frameType(data))) {
          send(REGISTER_FRAME);
          s = { ...s, registerSent: true };
        }
        // Whatever the first answer to `listen` was, nothing more goes ahead.
        done();
      }
      return;
    }
    if (data === '\n' || typeof data !== 'string') return; // the SDK answers heartbeats itself
    const next = held.length ? { s, action: 'hold' as const } : serverFrame(s, frameType(data));
    s = next.s;
    if (next.action === 'deliver') return;
    e.stopImmediatePropagation();
    if (next.action === 'hold') held.push(data);
    else schedulePump(); // dropped: perhaps settled now
  };

  /** The SDK's `send`, while it may send a frame already sent ahead. */
  const sdkSend = (data: string | ArrayBufferLike | Blob | ArrayBufferView) => {
    const next = sdkSends(s, data, listen);
    s = next.s;
    if (next.action === 'send') nativeSend.call(socket, data);
    schedulePump();
  };

  function stop(): void {
    done();
    pumpQueued = false;
    held.length = 0;
    refusedThenClosed = null;
    socket.removeEventListener('open', sendListen);
    socket.removeEventListener('message', onMessage);
    socket.removeEventListener('close', onClose);
    for (const own of ['send', 'readyState'] as const) if (Object.hasOwn(socket, own)) delete (socket as Partial<WebSocket>)[own];
  }

  const onClose = (e: CloseEvent) => {
    if (s.sdk) return stop(); // the SDK sees the close itself
    if (held.some((data) => frameType(data) === 'error')) refusedThenClosed = e;
    else {
      stop();
      gone();
    }
  };

  socket.addEventListener('message', onMessage);
  socket.addEventListener('close', onClose);
  if (socket.readyState === WebSocket.OPEN) sendListen();
  else socket.addEventListener('open', sendListen, { once: true });

  return {
    aheadDone,
    handOver() {
      // Not even `listen` went out: nothing was gained, the SDK does it all as usual.
      if (!s.listenSent) return stop();
      s = { ...s, sdk: true };
      socket.send = sdkSend;
      if (refusedThenClosed) Object.defineProperty(socket, 'readyState', { configurable: true, get: () => WebSocket.OPEN });
      schedulePump();
    },
    stop,
  };
}
