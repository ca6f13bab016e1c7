/**
 * The emulator's Voice signaling gateway: the PStream protocol of
 * @twilio/voice-sdk 2.x over a WebSocket on /signal (frames
 * `{type, version:'1.6', payload}`, raw "\n" heartbeats), with access token
 * validation like Twilio's and fault switches for tests.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { CallManager, CallPeer } from '../voice/calls.js';
import { edgeFromHost, type EdgeLocation } from './edges.js';
import { INVALID_CLIENT_NAME, identityProblem } from '../auth/identity.js';
import type { SignalingFaults, SignalingErrorSpec } from './faults.js';
import { frameDueAt, type Impairment } from '../media/impairment.js';
import { validateAccessToken, type ValidToken } from '../auth/access-token.js';
import type { EmulatorAccount } from '../auth/test-accounts.js';
import type { RegistrationTracker } from './registrations.js';
import { SIGNAL_MAX_PAYLOAD } from '../security/body-limit.js';

export const PROTOCOL_VERSION = '1.6';
export const SIGNAL_PATH = '/signal';

export interface SignalingGatewayOptions {
  accounts: readonly EmulatorAccount[];
  faults: () => SignalingFaults;
  heartbeatMs: number;
  calls: CallManager;
  log: (line: string) => void;
  /** Network impairment of the frames we send (per call by their `callsid`, else global); none if absent. */
  impairment?: (callSid: string | undefined) => Impairment;
  /** Heartbeat liveness of registrations (stale ones are not rung). */
  registrations?: RegistrationTracker;
}

// Well-formed JSON the SDK must ignore: no type, an unknown type.
const GARBAGE_FRAMES = ['{"hello":"world"}', JSON.stringify({ type: 'emulator-unknown-frame', version: PROTOCOL_VERSION, payload: {} })];
// Not JSON at all. SDK 2.18.5 throws an uncaught SyntaxError from its socket's message handler on these.
const MALFORMED_FRAMES = ['this is not json', '{"type":"connected","payload":'];

let nextSessionId = 1;

class Session implements CallPeer {
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
    private readonly gateway: SignalingGateway,
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

export class SignalingGateway {
  // maxPayload: a frame over the cap is refused from its header (close 1009), never buffered.
  private readonly wss = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false, maxPayload: SIGNAL_MAX_PAYLOAD });
  private readonly sessions = new Set<Session>();

  constructor(private readonly opts: SignalingGatewayOptions) {}

  faults(): SignalingFaults {
    return this.opts.faults();
  }

  log(line: string): void {
    this.opts.log(line);
  }

  /** When a frame for `callsid` may leave under the current impairment (0: no impairment configured). */
  frameDue(callsid: unknown, previousDue: number): number {
    const impairment = this.opts.impairment?.(typeof callsid === 'string' ? callsid : undefined);
    return impairment ? frameDueAt(impairment, Date.now(), previousDue, Math.random) : 0;
  }

  get registrations(): RegistrationTracker | undefined {
    return this.opts.registrations;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== SIGNAL_PATH) return false;
    if (this.faults().refuseConnections) {
      this.log('upgrade refused (refuseConnections fault)');
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 19\r\n\r\nService Unavailable');
      return true;
    }
    const host = req.headers.host;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, host));
    return true;
  }

  registeredIdentities(): string[] {
    const ids = new Set<string>();
    for (const s of this.sessions) if (s.registered && s.isOpen && s.identity) ids.add(s.identity);
    return [...ids].sort();
  }

  openSockets(): number {
    let n = 0;
    for (const s of this.sessions) if (!s.closed) n++;
    return n;
  }

  /** Every open, registered socket of an identity, most recently registered first (Twilio rings them all). */
  findClients(identity: string): CallPeer[] {
    return [...this.sessions]
      .filter((s) => s.registered && s.isOpen && s.identity === identity)
      .sort((a, b) => b.registeredAt - a.registeredAt);
  }

  dropAllSockets(): number {
    const all = [...this.sessions];
    for (const s of all) s.terminate();
    return all.length;
  }

  onSessionClosed(session: Session): void {
    this.sessions.delete(session);
    this.opts.registrations?.forget(session);
    this.opts.calls.onPeerClosed(session);
    this.log(`socket #${session.id} closed`);
  }

  async close(): Promise<void> {
    this.dropAllSockets();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(ws: WebSocket, host: string | undefined): void {
    const session = new Session(ws, this, host);
    this.sessions.add(session);
    this.log(`socket #${session.id} open`);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      this.opts.registrations?.heard(session);
      if (isBinary) return;
      this.onMessage(session, data.toString());
    });
    ws.on('close', (code: number) => {
      session.closeCode ??= code;
      session.cleanup();
    });
    ws.on('error', (err) => {
      this.log(`socket #${session.id} error: ${err.message}`);
      session.cleanup();
    });
    session.start(this.opts.heartbeatMs, this.faults());
  }

  private onMessage(session: Session, text: string): void {
    if (session.closed || session.failing) return;
    if (text.trim() === '') return; // heartbeat echo
    let frame: { type?: unknown; payload?: unknown };
    try {
      frame = JSON.parse(text);
    } catch {
      this.log(`socket #${session.id}: ignoring non-JSON frame`);
      return;
    }
    if (typeof frame !== 'object' || frame === null || typeof frame.type !== 'string') {
      this.log(`socket #${session.id}: ignoring frame without type`);
      return;
    }
    const payload = (typeof frame.payload === 'object' && frame.payload !== null ? frame.payload : {}) as Record<string, unknown>;
    const calls = this.opts.calls;
    const run = (p: Promise<void>) => p.catch((err: unknown) => this.log(`socket #${session.id}: ${frame.type} failed: ${String(err)}`));
    switch (frame.type) {
      case 'listen':
        this.onListen(session, payload);
        return;
      case 'register':
        this.onRegister(session, payload);
        return;
      case 'invite':
        if (!this.requireAuth(session)) return;
        if (session.token!.exp <= Date.now() / 1000) {
          // A call attempt with a token that expired after listen: refused like Twilio's 31205.
          session.send('hangup', { callsid: payload.callsid, error: { code: 31205, message: 'JWT token expired' } });
          return;
        }
        run(calls.onInvite(session, payload));
        return;
      case 'answer':
        if (!this.requireAuth(session)) return;
        run(calls.onAnswer(session, payload));
        return;
      case 'hangup':
        calls.onHangup(session, payload);
        return;
      case 'reject':
        calls.onReject(session, payload);
        return;
      case 'dtmf':
        calls.onDtmf(session, payload);
        return;
      case 'reinvite':
        run(calls.onReinvite(session, payload));
        return;
      case 'message':
        calls.onMessage(session, payload);
        return;
      default:
        this.log(`socket #${session.id}: ignoring frame type ${frame.type}`);
    }
  }

  private requireAuth(session: Session): boolean {
    if (session.token) return true;
    session.send('error', { error: { code: 31204, message: 'JWT is invalid' } });
    return false;
  }

  private onListen(session: Session, payload: Record<string, unknown>): void {
    const faults = this.faults();
    if (faults.dropOnListen) {
      this.log(`socket #${session.id}: dropOnListen fault, terminating`);
      session.terminate();
      return;
    }
    if (faults.errorOnListen) {
      this.log(`socket #${session.id}: errorOnListen fault (${faults.errorOnListen.code})`);
      session.fail(faults.errorOnListen);
      return;
    }
    const now = Date.now() / 1000;
    const result = validateAccessToken(payload.token, this.opts.accounts, now);
    if (!result.ok) {
      this.log(`socket #${session.id}: listen rejected: ${result.code} ${result.message}`);
      session.fail({ code: result.code, message: result.message });
      return;
    }
    const problem = result.identity ? identityProblem(result.identity) : null;
    if (problem) {
      this.log(`socket #${session.id}: listen rejected: ${INVALID_CLIENT_NAME.code} ${problem}`);
      session.fail({ code: INVALID_CLIENT_NAME.code, message: `${INVALID_CLIENT_NAME.message}: ${problem}` });
      return;
    }
    if (session.token && session.registered && session.token.identity !== result.identity) {
      session.registered = false; // a new identity must register again
      this.opts.registrations?.forget(session);
    }
    session.token = result;
    this.log(`socket #${session.id}: listen ok for ${result.identity || '(no identity)'} at ${session.location.edge}`);
    session.send('connected', {
      region: session.location.region,
      edge: session.location.edge,
      home: 'us1',
      // Whole seconds, like Twilio: exp minus the current second (the full ttl right after minting, sometimes 1 s less).
      token: { identity: result.identity, ttl: Math.max(0, Math.floor(result.exp) - Math.floor(now)) },
    });
  }

  private onRegister(session: Session, payload: Record<string, unknown>): void {
    if (!session.token) {
      session.send('error', { error: { code: 31204, message: 'JWT is invalid' } });
      return;
    }
    if (session.token.exp <= Date.now() / 1000) {
      this.log(`socket #${session.id}: register with expired token`);
      session.fail({ code: 31205, message: 'Cannot register. Token is expired' });
      return;
    }
    if (this.faults().neverAnswerRegister) return;
    if (!session.token.identity) {
      // Outgoing calls work without an identity (from client:Anonymous); incoming ones need a name to ring.
      this.log(`socket #${session.id}: register without an identity`);
      session.send('error', { error: { code: 31201, message: 'Authorization error: the access token has no identity, so it cannot register for incoming calls' } });
      return;
    }
    const media = (payload.media ?? {}) as Record<string, unknown>;
    if (media.audio === true) {
      session.registered = true;
      session.registeredAt = Date.now();
      this.opts.registrations?.registered(session);
      this.log(`socket #${session.id}: ${session.identity} registered`);
      session.send('ready', {});
    } else {
      session.registered = false;
      this.opts.registrations?.forget(session);
      this.log(`socket #${session.id}: ${session.identity} unregistered`);
      session.send('offline', {});
    }
  }
}
