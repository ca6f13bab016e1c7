// Imported first by the prewarm tests: counts every WebSocket the page opens
// (the phone's prewarmed one and the SDK's own), by installing a counting
// subclass as the global WebSocket before the phone's or the SDK's modules run.
export interface OpenedSocket {
  url: string;
  socket: WebSocket;
}
export const opened: OpenedSocket[] = [];

/** Every frame sent on the wire (not a frame an own-property `send` kept back), and whose code sent it. */
export interface SentFrame {
  socket: WebSocket;
  data: unknown;
  /** sent by the phone's early registration (signaling-early-register.ts), not by the SDK */
  early: boolean;
}
export const sent: SentFrame[] = [];

const NativeWebSocket = globalThis.WebSocket;
class CountingWebSocket extends NativeWebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    opened.push({ url: String(url), socket: this });
  }
  override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    // The sender, from the call stack: the dev server keeps the source file names.
    sent.push({ socket: this, data, early: /signaling-early-register/.test(new Error().stack ?? '') });
    super.send(data);
  }
}
globalThis.WebSocket = CountingWebSocket;

export const openNow = () => opened.filter((o) => o.socket.readyState <= WebSocket.OPEN);

/** A signaling frame's `type` (`listen`, `register`, ...); '' for a heartbeat or anything else. */
export function frameTypeOf(data: unknown): string {
  if (typeof data !== 'string' || data === '\n') return '';
  try {
    return String((JSON.parse(data) as { type?: unknown }).type ?? '');
  } catch {
    return '';
  }
}
