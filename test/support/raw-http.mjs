// A hand-rolled HTTP/1.1 client for the attack suites: it streams a request body
// (Content-Length or chunked) from one reused buffer, keeps writing after the
// answer came back (as a hostile client would), and reports how many body
// bytes it got onto the wire before the server closed the connection, the
// answer it read, and whether the connection was closed.
import net from 'node:net';
import tls from 'node:tls';
import WebSocket from 'ws';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Splits an HTTP/1.1 answer: status, lower-case headers, body (as far as received). */
export function parseResponse(buf) {
  const text = buf.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const body = buf.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1')).toString('utf8');
  let json;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status, headers, body, json };
}

/** Opens a TCP (or TLS) connection to `base` (http(s)://host:port). */
export function connect(base) {
  const u = new URL(base);
  const port = Number(u.port);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const s = u.protocol === 'https:' ? tls.connect({ host, port, rejectUnauthorized: false, servername: 'localhost' }) : net.connect({ host, port });
    s.once(u.protocol === 'https:' ? 'secureConnect' : 'connect', () => resolve(s));
    s.once('error', reject);
  });
}

/**
 * Sends `method path` with a body of `total` bytes (the character 'a', or `fill`), `chunked` or with a
 * Content-Length (`declared` overrides it). Stops writing at `total`, when the socket closes, or when
 * the server stopped reading for `stallMs`. Resolves with the answer and what happened to the socket.
 */
export async function streamBody(
  base,
  { method = 'POST', path, headers = {}, total, chunked = false, declared, chunkSize = 64 * 1024, stallMs = 3000, fill = 'a' },
) {
  const socket = await connect(base);
  const u = new URL(base);
  const received = [];
  let closed = false;
  let closedAt = 0;
  let answeredAt = 0;
  socket.on('data', (c) => {
    received.push(c);
    if (!answeredAt && parseResponse(Buffer.concat(received))) answeredAt = Date.now();
  });
  socket.on('error', () => {});
  const closedPromise = new Promise((r) =>
    socket.once('close', () => {
      closed = true;
      closedAt = Date.now();
      r();
    }),
  );
  const head = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${u.host}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${declared ?? total}`,
    '',
    '',
  ].join('\r\n');
  socket.write(head);
  const started = Date.now();
  const chunk = Buffer.alloc(chunkSize, fill);
  const framed = chunked ? Buffer.concat([Buffer.from(`${chunkSize.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
  let bytesWritten = 0;
  let stalled = false;
  while (bytesWritten < total && !closed && !socket.destroyed) {
    const ok = socket.write(framed);
    bytesWritten += chunkSize;
    if (!ok) {
      const drained = await Promise.race([
        new Promise((r) => socket.once('drain', () => r('drain'))),
        closedPromise.then(() => 'closed'),
        sleep(stallMs).then(() => 'stall'),
      ]);
      if (drained === 'stall') {
        stalled = true;
        break;
      }
    }
  }
  if (!closed && !stalled && chunked && bytesWritten >= total) socket.write('0\r\n\r\n');
  // Give the server a moment to answer / close.
  await Promise.race([closedPromise, sleep(stallMs)]);
  const answer = parseResponse(Buffer.concat(received));
  const stillOpen = !closed;
  socket.destroy();
  return { answer, bytesWritten, closed: !stillOpen, stalled, ms: (closedAt || Date.now()) - started, answeredMs: answeredAt ? answeredAt - started : null };
}

/** Peak growth of this process's RSS (bytes) while `fn` runs, sampled every 10 ms. */
export async function peakRssGrowth(fn) {
  globalThis.gc?.();
  await sleep(50);
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { growth: peak - base, result };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Opens a WebSocket on `url` by hand (wss or ws) and sends ONE masked text frame whose header announces
 * `length` bytes, then streams the payload from a reused buffer. Resolves with how many payload bytes
 * got onto the wire and the close code the server sent (if any).
 */
export async function sendHugeFrame(base, path, length, { headers = {}, chunkSize = 1024 * 1024, stallMs = 3000 } = {}) {
  const socket = await connect(base);
  const u = new URL(base);
  const key = Buffer.from('0123456789abcdef').toString('base64');
  socket.write(
    [
      `GET ${path} HTTP/1.1`,
      `Host: ${u.host}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${key}`,
      'Sec-WebSocket-Version: 13',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      '',
      '',
    ].join('\r\n'),
  );
  const received = [];
  let closed = false;
  socket.on('data', (c) => received.push(c));
  socket.on('error', () => {});
  const closedPromise = new Promise((r) => socket.once('close', () => ((closed = true), r())));
  // Wait for the 101.
  const deadline = Date.now() + 5000;
  while (!Buffer.concat(received).includes('\r\n\r\n')) {
    if (closed || Date.now() > deadline) break;
    await sleep(5);
  }
  const handshake = parseResponse(Buffer.concat(received));
  if (!handshake || handshake.status !== 101) {
    socket.destroy();
    return { handshake, bytesWritten: 0, closeCode: null };
  }
  const headLen = Buffer.concat(received).indexOf('\r\n\r\n') + 4;
  received.splice(0, received.length, Buffer.concat(received).subarray(headLen));
  // FIN + text, MASK + 127, 64-bit length, mask key 0 (so the payload goes as is).
  const header = Buffer.alloc(14);
  header[0] = 0x81;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  header.writeUInt32BE(0, 10);
  socket.write(header);
  const chunk = Buffer.alloc(chunkSize, 0x20);
  let bytesWritten = 0;
  while (bytesWritten < length && !closed) {
    const n = Math.min(chunkSize, length - bytesWritten);
    const ok = socket.write(n === chunkSize ? chunk : chunk.subarray(0, n));
    bytesWritten += n;
    if (!ok) {
      const r = await Promise.race([
        new Promise((res) => socket.once('drain', () => res('drain'))),
        closedPromise.then(() => 'closed'),
        sleep(stallMs).then(() => 'stall'),
      ]);
      if (r === 'stall') break;
    }
  }
  await Promise.race([closedPromise, sleep(1000)]);
  socket.destroy();
  const frames = Buffer.concat(received);
  // A close frame: 0x88, length, 2-byte code.
  const i = frames.indexOf(0x88);
  const closeCode = i >= 0 && frames.length >= i + 4 ? frames.readUInt16BE(i + 2) : null;
  return { handshake, bytesWritten, closeCode };
}

/** Tries a WebSocket upgrade with these headers: resolves with {opened} or {status} (the HTTP answer). */
export function tryUpgrade(url, headers = {}) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { rejectUnauthorized: false, headers });
    ws.once('open', () => {
      ws.terminate();
      resolve({ opened: true });
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ opened: false, status: res.statusCode, headers: res.headers, body }));
      res.on('error', () => resolve({ opened: false, status: res.statusCode, headers: res.headers, body }));
    });
    ws.once('error', (err) => resolve({ opened: false, error: err.message }));
  });
}
