// A user-space network shaper for the bench (the kernel here has no netem):
// one simulated access link per profile, and TCP forwarders on loopback that
// send every byte of a connection across it. The forwarder works below TLS and
// HTTP, so TLS handshakes, HTTP/2 frames and WebSocket frames all pay the same
// delay and share the same bandwidth, as on a real last mile.
//
// The model, per direction (up = client to server, down = server to client):
// - a FIFO link of `rate` bits per second shared by all connections of the profile:
//   a packet (≤ PACKET_BYTES of TCP payload) starts serialising when the link is
//   free, so a big download delays everything queued behind it;
// - a fixed one-way propagation delay of RTT / 2 after serialisation;
// - the TCP handshake: a new connection's first client bytes leave one RTT after
//   it opened (SYN, SYN-ACK), so connect + first request costs 1.5 RTT as in life;
//   the server's first bytes cannot leave before 1.5 RTT (the handshake's last ACK).
// Not modelled: loss, TCP slow start and congestion windows (queues are unbounded),
// DNS, per-packet header bytes. UDP (WebRTC media) does not pass through here.
import { createServer, connect } from 'node:net';

export const PROFILES = Object.freeze({
  broadband: Object.freeze({ name: 'broadband', rttMs: 40, downMbps: 50, upMbps: 10 }),
  mobile: Object.freeze({ name: 'mobile', rttMs: 150, downMbps: 8, upMbps: 2 }),
});

/** TCP payload per simulated packet (an Ethernet MSS with timestamps). */
export const PACKET_BYTES = 1448;

const END = Symbol('end');
const RESET = Symbol('reset');

/** One direction of the link: a FIFO serialiser followed by a fixed delay. */
class Direction {
  constructor(bitsPerSecond, delayMs) {
    this.bytesPerMs = bitsPerSecond / 8000;
    this.delayMs = delayMs;
    this.freeAt = 0;
    this.queue = []; // {at, socket, data}: `at` never decreases (FIFO link, fixed delay)
    this.head = 0;
    this.timer = null;
    this.bytes = 0;
  }

  /** Puts data (or END / RESET) for `socket` on the link now. */
  send(socket, data) {
    const now = performance.now();
    if (typeof data === 'symbol') {
      this.push(Math.max(now, this.freeAt) + this.delayMs, socket, data);
      return;
    }
    this.bytes += data.length;
    for (let offset = 0; offset < data.length; offset += PACKET_BYTES) {
      const packet = data.subarray(offset, offset + PACKET_BYTES);
      this.freeAt = Math.max(now, this.freeAt) + packet.length / this.bytesPerMs;
      this.push(this.freeAt + this.delayMs, socket, packet);
    }
  }

  push(at, socket, data) {
    this.queue.push({ at, socket, data });
    if (!this.timer) this.arm();
  }

  arm() {
    const next = this.queue[this.head];
    if (!next) {
      this.queue = [];
      this.head = 0;
      return;
    }
    this.timer = setTimeout(() => this.deliver(), Math.max(0, next.at - performance.now()));
  }

  deliver() {
    this.timer = null;
    // A timer may fire a little early or late; deliver everything due within half a millisecond.
    const now = performance.now() + 0.5;
    while (this.head < this.queue.length && this.queue[this.head].at <= now) {
      const { socket, data } = this.queue[this.head];
      this.queue[this.head++] = undefined;
      if (socket.destroyed) continue;
      if (data === END) socket.end();
      else if (data === RESET) socket.resetAndDestroy();
      else socket.write(data);
    }
    if (this.head > 4096) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.arm();
  }

  close() {
    clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
    this.head = 0;
  }
}

/** `send` for bytes that may not leave before `notBefore` (performance.now() ms): held, in order, until then. */
function gated(notBefore, send) {
  let held = null;
  return (x) => {
    const wait = notBefore - performance.now();
    if (wait <= 0 && !held) return send(x);
    if (!held) {
      held = [];
      setTimeout(
        () => {
          for (const y of held) send(y);
          held = null;
        },
        Math.max(0, wait),
      );
    }
    held.push(x);
  };
}

/**
 * A shaped link. `forward(port)` returns a loopback port whose connections
 * reach 127.0.0.1:`port` across the link; all forwarders of one link share
 * its bandwidth.
 * @param {{name: string, rttMs: number, downMbps: number, upMbps: number}} profile
 */
export function createLink(profile) {
  const up = new Direction(profile.upMbps * 1e6, profile.rttMs / 2);
  const down = new Direction(profile.downMbps * 1e6, profile.rttMs / 2);
  const servers = new Set();
  const sockets = new Set();
  let connections = 0;

  function onConnection(client, targetPort) {
    connections++;
    const opened = performance.now();
    const upstream = connect({ port: targetPort, host: '127.0.0.1', allowHalfOpen: true, noDelay: true });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    client.setNoDelay(true);
    // The handshake: client bytes wait until the SYN-ACK is back (1 RTT); a server that speaks
    // first could not send before the last ACK reached it (1.5 RTT). Held bytes keep their order.
    const toServer = gated(opened + profile.rttMs, (x) => up.send(upstream, x));
    const toClient = gated(opened + 1.5 * profile.rttMs, (x) => down.send(client, x));

    let clientEnded = false;
    let upstreamEnded = false;
    client.on('data', (d) => toServer(d));
    client.on('end', () => {
      clientEnded = true;
      toServer(END);
    });
    upstream.on('data', (d) => toClient(d));
    upstream.on('end', () => {
      upstreamEnded = true;
      toClient(END);
    });
    // A side that closes without a FIN (reset, error, refused) resets the other side, after the delay.
    client.on('close', () => {
      if (!clientEnded) toServer(RESET);
    });
    upstream.on('close', () => {
      if (!upstreamEnded) toClient(RESET);
    });
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  }

  return {
    profile,
    /** @returns {Promise<{port: number, close(): Promise<void>}>} */
    async forward(targetPort) {
      const server = createServer({ allowHalfOpen: true, noDelay: true }, (c) => onConnection(c, targetPort));
      servers.add(server);
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      return {
        port: server.address().port,
        close: () => new Promise((resolve) => server.close(() => resolve())),
      };
    },
    /** Bytes carried so far per direction, and connections opened. */
    stats: () => ({ up: up.bytes, down: down.bytes, connections }),
    async close() {
      up.close();
      down.close();
      for (const s of sockets) s.destroy();
      await Promise.all([...servers].map((s) => new Promise((resolve) => s.close(() => resolve()))));
    },
  };
}
