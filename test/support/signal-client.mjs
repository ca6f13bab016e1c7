// A bare signaling client for Node tests that need a registered "browser" without a browser:
// it speaks the Voice SDK's /signal frames (listen, register, answer, reject, hangup) over a
// real TLS WebSocket and keeps every frame it receives. It counts the gateway's heartbeats and
// can stop answering them (`answering = false`), like a frozen page. Pair it with
// fakeMediaLeg() when the test is not about media (no WebRTC stack needed to answer a call).
import WebSocket from 'ws';
import { mintToken } from './tokens.mjs';

export class SignalClient {
  constructor(url) {
    this.frames = [];
    this.heartbeats = 0;
    this.answering = true;
    this.closeCode = null;
    this.waiters = new Set();
    this.ws = new WebSocket(url, { rejectUnauthorized: false });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
    });
    this.ws.on('error', () => {});
    this.ws.on('close', (code) => {
      this.closeCode = code;
      this.notify();
    });
    this.ws.on('message', (data) => {
      const text = data.toString();
      if (text === '\n') {
        this.heartbeats++;
        if (this.answering) this.ws.send('\n');
      } else {
        this.frames.push(JSON.parse(text));
      }
      this.notify();
    });
  }
  notify() {
    for (const w of [...this.waiters]) w();
  }
  send(type, payload) {
    this.ws.send(JSON.stringify({ type, version: '1.6', payload }));
  }
  /** Resolves once `check()` is truthy (re-checked on every frame, heartbeats included, and every 50 ms), or rejects after `timeoutMs`. */
  until(check, what, timeoutMs = 5000) {
    return new Promise((resolve, reject) => {
      const stop = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.waiters.delete(waiter);
      };
      const waiter = () => {
        const v = check();
        if (!v) return;
        stop();
        resolve(v);
      };
      const poll = setInterval(waiter, 50);
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`timed out waiting for ${what}; frames: ${this.frames.map((f) => f.type).join(',')}`));
      }, timeoutMs);
      this.waiters.add(waiter);
      waiter();
    });
  }
  /** The first frame of `type` (optionally matching `where`) received so far or next. */
  next(type, where = () => true) {
    return this.until(() => this.frames.find((f) => f.type === type && where(f.payload)), `frame ${type}`);
  }
  async register(identity) {
    await this.opened;
    this.send('listen', { token: mintToken({ identity }), reconnectTimeout: 0, browserinfo: {} });
    await this.next('connected');
    this.send('register', { media: { audio: true } });
    await this.next('ready');
    this.frames.length = 0;
  }
  close() {
    this.ws.terminate();
  }
}

/** A media leg that answers with fixed SDP: for tests of signaling and REST, not of media. */
export function fakeMediaLeg() {
  return {
    answer: async () => 'v=0\r\no=fake-answer\r\n',
    createOffer: async () => 'v=0\r\no=fake-offer\r\n',
    acceptAnswer: async () => {},
    bridgeTo() {},
    setMode() {},
    stats: () => ({ packetsReceived: 0, packetsSent: 0, bytesReceived: 0, bytesSent: 0, dtmf: '', dtmfSent: '', iceState: 'new' }),
    onDtmf() {},
    close: async () => {},
  };
}
