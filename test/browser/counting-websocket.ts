// Imported first by the prewarm tests: counts every WebSocket the page opens
// (the phone's prewarmed one and the SDK's own), by installing a counting
// subclass as the global WebSocket before the phone's or the SDK's modules run.
export interface OpenedSocket {
  url: string;
  socket: WebSocket;
}
export const opened: OpenedSocket[] = [];

const NativeWebSocket = globalThis.WebSocket;
class CountingWebSocket extends NativeWebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    opened.push({ url: String(url), socket: this });
  }
}
globalThis.WebSocket = CountingWebSocket;

export const openNow = () => opened.filter((o) => o.socket.readyState <= WebSocket.OPEN);
