/**
 * One client's signaling socket (a CallPeer to the call layer): its token,
 * registration and heartbeat, and the frames we send it, in order, after the
 * `delayMs` fault and the network impairment (gateway.ts decides when each
 * frame may leave).
 */
import { WebSocket } from 'ws';
import type { ValidToken } from '../auth/access-token.js';
import type { CallPeer } from '../voice/types.js';
import { edgeFromHost, type EdgeLocation } from './edges.js';
import type { SignalingErrorSpec, SignalingFaults } from './faults.js';
import type { RegistrationTracker } from './registrations.js';

export const PROTOCOL_VERSION = '1.6';

/** What a session asks of its gateway. */
export interface SessionHost {
  faults(): SignalingFaults;
  log(line: string): void;
  /** When a frame for `callsid` may leave under the current impairment (0: no impairment configured). */
  frameDue(callsid: unknown, previousDue: number): number;
  readonly registrations: RegistrationTracker | undefined;
  onSessionClosed(session: Session): void;
}

// Well-formed JSON the SDK must ignore: no type, an unknown type.
const GARBAGE_FRAMES = ['{"hello":"world"}', JSON.stringify({ type: 'emulator-unknown-frame', version: PROTOCOL_VERSION, payload: {} })];
// Not JSON at all. SDK 2.18.5 throws an uncaught SyntaxError from its socket's message handler on these.
const MALFORMED_FRAMES = ['this is not json', '{"type":"connected","payload":'];

let nextSessionId = 1;

export class Session implements CallPeer {
  readonly id = nextSessionId++;
  token: ValidToken | null = null;
  registered = false;
  registeredAt = 0;
  closed = false;
  /** WebSocket close code once closed (1006: dropped without a close frame, by either side). */
  closeCode: number | undefined;
  /** An error frame was sent and the socket is being closed: later frames are ignored. */
  failing = false;
  /** The edge the client reached, from the host name it used (`voice-js.<edge>.twilio.com`). */
  readonly location: EdgeLocation;
  private chain: Promise<void> = Promise.resolve();
  /** When the last queued frame may leave (impaired networks keep TCP's order). */
  private lastDue = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    readonly ws: WebSocket,
    private readonly gateway: SessionHost,
    host: string | undefined,
  ) {
    this.location = edgeFromHost(host);
  }

  get identity(): string {
    return this.token?.identity ?? '';
  }

  /** The TwiML application SID of the token's outgoing grant. */
  get applicationSid(): string | undefined {
    const voice = this.token?.grants.voice as { outgoing?: { application_sid?: unknown } } | undefined;
    const sid = voice?.outgoing?.application_sid;
    return typeof sid === 'string' ? sid : undefined;
  }

  get accountSid(): string {
    return this.token?.accountSid ?? '';
  }

  get isOpen(): boolean {
    return !this.closed && this.ws.readyState === WebSocket.OPEN;
  }

  start(heartbeatMs: number, faults: SignalingFaults): void {
    this.heartbeat = setInterval(() => {
      if (!this.gateway.faults().stopHeartbeats && this.isOpen) {
        this.ws.send('\n');
        this.gateway.registrations?.heartbeatSent(this);
      }
    }, heartbeatMs);
    if (faults.dropAfterMs !== null && faults.dropAfterMs !== undefined) {
      this.later(faults.dropAfterMs, () => {
        this.gateway.log(`socket #${this.id}: dropAfterMs fault, terminating`);
        this.terminate();
      });
    }
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.later(ms, resolve));
  }

  /** Queues an action behind earlier replies, honouring delayMs. */
  private enqueue(action: () => void, isReply: boolean, dueAt = 0): void {
    this.chain = this.chain.then(async () => {
      if (this.closed) return;
      const { delayMs } = this.gateway.faults();
      if (isReply && delayMs > 0) await this.sleep(delayMs);
      const impaired = dueAt - Date.now();
      if (impaired > 0) await this.sleep(impaired);
      if (this.closed) return;
      action();
    });
  }

  private writeFrame(type: string, payload: Record<string, unknown>): void {
    if (!this.isOpen) return;
    if (this.gateway.faults().garbageFrames) {
      for (const g of GARBAGE_FRAMES) this.ws.send(g);
    }
    if (this.gateway.faults().malformedFrames) {
      for (const g of MALFORMED_FRAMES) this.ws.send(g);
    }
    this.ws.send(JSON.stringify({ type, version: PROTOCOL_VERSION, payload }));
  }

  /** Sends a frame (a reply, or a server-initiated call frame), after earlier ones. */
  send(type: string, payload: Record<string, unknown>): void {
    this.lastDue = this.gateway.frameDue(payload.callsid, this.lastDue);
    this.enqueue(() => this.writeFrame(type, payload), true, this.lastDue);
  }

  /** `error` frame, then (unless closeWithoutCloseFrame) the `close` frame and a clean close; else terminate. */
  fail(error: SignalingErrorSpec, extra: Record<string, unknown> = {}): void {
    this.failing = true;
    this.token = null;
    this.registered = false;
    this.gateway.registrations?.forget(this);
    this.send('error', { ...extra, error: { ...error } });
    this.enqueue(() => {
      if (this.gateway.faults().closeWithoutCloseFrame) {
        this.terminate();
      } else {
        this.writeFrame('close', {});
        this.ws.close(1000, 'close');
        this.cleanup();
      }
    }, false);
  }

  /** Drops the TCP connection without a WebSocket close frame. */
  terminate(): void {
    this.closeCode ??= 1006;
    this.ws.terminate();
    this.cleanup();
  }

  cleanup(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (!this.closed) {
      this.closed = true;
      this.registered = false;
      this.gateway.onSessionClosed(this);
    }
  }
}
