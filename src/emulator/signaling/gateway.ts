/**
 * The emulator's Voice signaling gateway: the PStream protocol of
 * @twilio/voice-sdk 2.x over a WebSocket on /signal (frames
 * `{type, version:'1.6', payload}`, raw "\n" heartbeats), with access token
 * validation like Twilio's and fault switches for tests.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { EmulatorAccount } from '../auth/test-accounts.js';
import { frameDueAt, type Impairment } from '../media/impairment.js';
import { SIGNAL_MAX_PAYLOAD } from '../security/body-limit.js';
import type { CallFrames, CallPeer } from '../voice/types.js';
import type { SignalingFaults } from './faults.js';
import { onListen, onRegister, type ListenContext } from './listen.js';
import type { RegistrationTracker } from './registrations.js';
import { Session, type SessionHost } from './session.js';

export { PROTOCOL_VERSION } from './session.js';
export const SIGNAL_PATH = '/signal';

export interface SignalingGatewayOptions {
  accounts: readonly EmulatorAccount[];
  faults: () => SignalingFaults;
  heartbeatMs: number;
  calls: CallFrames;
  log: (line: string) => void;
  /** Network impairment of the frames we send (per call by their `callsid`, else global); none if absent. */
  impairment?: (callSid: string | undefined) => Impairment;
  /** Heartbeat liveness of registrations (stale ones are not rung). */
  registrations?: RegistrationTracker;
}

export class SignalingGateway implements SessionHost {
  // maxPayload: a frame over the cap is refused from its header (close 1009), never buffered.
  private readonly wss = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false, maxPayload: SIGNAL_MAX_PAYLOAD });
  private readonly sessions = new Set<Session>();
  /** Client frames by type since the gateway started (heartbeats apart): tests count `listen`s per phone. */
  private readonly received = new Map<string, number>();

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
    const upgrade = () => this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, host));
    const { upgradeDelayMs } = this.faults();
    if (!upgradeDelayMs) upgrade();
    else {
      // A client that gave up meanwhile has nothing left to upgrade.
      const timer = setTimeout(() => !socket.destroyed && upgrade(), upgradeDelayMs);
      socket.once('close', () => clearTimeout(timer));
    }
    return true;
  }

  registeredIdentities(): string[] {
    const ids = new Set<string>();
    for (const s of this.sessions) if (s.registered && s.isOpen && s.identity) ids.add(s.identity);
    return [...ids].sort();
  }

  framesReceived(): Record<string, number> {
    return Object.fromEntries(this.received);
  }

  openSockets(): number {
    let n = 0;
    for (const s of this.sessions) if (!s.closed) n++;
    return n;
  }

  /** Every open, registered socket of an identity, most recently registered first (Twilio rings them all). */
  findClients(identity: string): CallPeer[] {
    return [...this.sessions].filter((s) => s.registered && s.isOpen && s.identity === identity).sort((a, b) => b.registeredAt - a.registeredAt);
  }

  dropAllSockets(): number {
    const all = [...this.sessions];
    for (const s of all) s.terminate();
    return all.length;
  }

  onSessionClosed(session: Session): void {
    this.sessions.delete(session);
    this.opts.registrations?.forget(session);
    this.opts.calls.peerClosed(session);
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
      // binaryType 'nodebuffer' (ws's default): a message arrives as one Buffer.
      this.onMessage(session, (data as Buffer).toString());
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
    const type = frame.type;
    this.received.set(type, (this.received.get(type) ?? 0) + 1);
    const payload = (typeof frame.payload === 'object' && frame.payload !== null ? frame.payload : {}) as Record<string, unknown>;
    const calls = this.opts.calls;
    const run = (p: Promise<void>): void => void p.catch((err: unknown) => this.log(`socket #${session.id}: ${type} failed: ${String(err)}`));
    switch (type) {
      case 'listen':
        onListen(session, payload, this.registrationContext());
        return;
      case 'register':
        onRegister(session, payload, this.registrationContext());
        return;
      case 'invite':
        if (!this.requireAuth(session)) return;
        if (session.token!.exp <= Date.now() / 1000) {
          // A call attempt with a token that expired after listen: refused like Twilio's 31205.
          session.send('hangup', { callsid: payload.callsid, error: { code: 31205, message: 'JWT token expired' } });
          return;
        }
        run(calls.invite(session, payload));
        return;
      case 'answer':
        if (!this.requireAuth(session)) return;
        run(calls.answer(session, payload));
        return;
      case 'hangup':
        calls.hangup(session, payload);
        return;
      case 'reject':
        calls.reject(session, payload);
        return;
      case 'dtmf':
        calls.dtmf(session, payload);
        return;
      case 'reinvite':
        run(calls.reinvite(session, payload));
        return;
      case 'message':
        calls.message(session, payload);
        return;
      default:
        this.log(`socket #${session.id}: ignoring frame type ${type}`);
    }
  }

  private registrationContext(): ListenContext {
    return { accounts: this.opts.accounts, faults: this.faults(), registrations: this.opts.registrations, log: this.opts.log };
  }

  private requireAuth(session: Session): boolean {
    if (session.token) return true;
    session.send('error', { error: { code: 31204, message: 'JWT is invalid' } });
    return false;
  }
}
