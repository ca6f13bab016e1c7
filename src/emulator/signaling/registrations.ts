/**
 * Registration liveness, as Twilio's gateway sees it: a registered socket whose
 * "\n" heartbeats go unanswered for `staleAfterMs` turns **stale**. The socket
 * stays open (nothing tells the client), and calls to a stale registration are
 * not delivered: they ring into nothing and end as no-answer for the caller.
 * That is what makes a frozen background tab miss calls silently
 * (twilio-voice.js issue #444).
 *
 * Answering heartbeats again does not revive a stale registration; a new
 * `register` frame (the SDK sends one every 30 s, and on `register()`) or a new
 * socket does.
 */

/** One registered socket, as `GET /emulator/registrations` lists it. */
export interface RegistrationInfo {
  identity: string;
  stale: boolean;
  /** ISO time of the last change: when it registered, or when it turned stale. */
  since: string;
}

/** What the tracker needs of a signaling socket. */
export interface RegisteredPeer {
  readonly identity: string;
}

interface Entry {
  stale: boolean;
  since: number;
  /** when the oldest heartbeat still unanswered was sent; 0 = none pending */
  unansweredSince: number;
  timer: NodeJS.Timeout | undefined;
}

export interface RegistrationTrackerOptions {
  /** ms a heartbeat may stay unanswered before the registration is stale; 0 or null = never. */
  staleAfterMs: number | null;
  log: (line: string) => void;
}

export class RegistrationTracker {
  private readonly entries = new Map<RegisteredPeer, Entry>();

  constructor(private readonly opts: RegistrationTrackerOptions) {}

  /** A `register {audio: true}` was accepted: a fresh registration, whatever it was before. */
  registered(peer: RegisteredPeer): void {
    this.forget(peer);
    this.entries.set(peer, { stale: false, since: Date.now(), unansweredSince: 0, timer: undefined });
  }

  /** Unregistered, failed or closed. */
  forget(peer: RegisteredPeer): void {
    const entry = this.entries.get(peer);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.entries.delete(peer);
  }

  /** The gateway sent a heartbeat: starts the stale clock unless one is already running. */
  heartbeatSent(peer: RegisteredPeer): void {
    const entry = this.entries.get(peer);
    const ms = this.opts.staleAfterMs;
    if (!entry || entry.stale || entry.unansweredSince || !ms || ms <= 0) return;
    entry.unansweredSince = Date.now();
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      if (this.entries.get(peer) !== entry || !entry.unansweredSince) return;
      entry.stale = true;
      entry.since = Date.now();
      this.opts.log(`registration of ${peer.identity} is stale: heartbeat unanswered for ${ms} ms`);
    }, ms);
  }

  /** Anything arrived from the client (a heartbeat echo or a frame): the heartbeats are answered. */
  heard(peer: RegisteredPeer): void {
    const entry = this.entries.get(peer);
    if (!entry || entry.stale) return;
    entry.unansweredSince = 0;
    clearTimeout(entry.timer);
    entry.timer = undefined;
  }

  isStale(peer: RegisteredPeer): boolean {
    return this.entries.get(peer)?.stale ?? false;
  }

  list(): RegistrationInfo[] {
    return [...this.entries].map(([peer, e]) => ({ identity: peer.identity, stale: e.stale, since: new Date(e.since).toISOString() }));
  }

  close(): void {
    for (const e of this.entries.values()) clearTimeout(e.timer);
    this.entries.clear();
  }
}
