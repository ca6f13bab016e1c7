// Shared by the emulator's protocol-level tests: tokens, a signaling client over
// real TLS WebSockets, a fake media leg (the real one is werift, tested
// elsewhere), an HTTP helper and a per-test emulator.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import WebSocket from 'ws';
import twilio from 'twilio';
import { startEmulator, generateLocalhostCertificate, DEFAULT_ACCOUNT } from '../../dist/emulator/index.js';

const { AccessToken } = twilio.jwt;
const { VoiceGrant } = AccessToken;
export const ACCOUNT = DEFAULT_ACCOUNT.accountSid;
export const KEY = DEFAULT_ACCOUNT.apiKeys[0];

// ---- tokens ------------------------------------------------------------------------

export function mint({
  identity = 'alice',
  ttl = 3600,
  accountSid = ACCOUNT,
  keySid = KEY.sid,
  secret = KEY.secret,
  voice = true,
  nbf,
  app = DEFAULT_ACCOUNT.twimlAppSid,
} = {}) {
  const token = new AccessToken(accountSid, keySid, secret, { identity, ttl, ...(nbf !== undefined ? { nbf } : {}) });
  if (voice) token.addGrant(new VoiceGrant({ outgoingApplicationSid: app, incomingAllow: true }));
  return token.toJwt();
}

export const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** Hand-made JWT, for cases the twilio package refuses to make. */
export function craft(payload, { alg = 'HS256', secret = KEY.secret, sign = true } = {}) {
  const head = b64({ alg, typ: 'JWT', cty: 'twilio-fpa;v=1' });
  const body = b64(payload);
  const sig = sign ? createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url') : '';
  return `${head}.${body}.${sig}`;
}

export function basePayload(over = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    jti: `${KEY.sid}-${now}`,
    iss: KEY.sid,
    sub: ACCOUNT,
    iat: now,
    exp: now + 3600,
    grants: { identity: 'alice', voice: { incoming: { allow: true } } },
    ...over,
  };
}

// ---- a signaling client --------------------------------------------------------------

export class Client {
  constructor(url, { headers } = {}) {
    this.frames = [];
    this.raw = [];
    this.waiters = [];
    this.ws = new WebSocket(url, { rejectUnauthorized: false, ...(headers ? { headers } : {}) });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { statusCode: res.statusCode })));
    });
    this.opened.catch(() => {});
    this.closed = new Promise((resolve) => this.ws.once('close', (code) => resolve(code)));
    this.ws.on('error', () => {});
    this.ws.on('message', (data) => {
      const text = data.toString();
      this.raw.push(text);
      if (text === '\n') {
        this.heartbeats = (this.heartbeats ?? 0) + 1;
        this.ws.send('\n');
        this.notify();
        return;
      }
      let frame;
      try {
        frame = JSON.parse(text);
      } catch {
        this.notify();
        return;
      }
      if (frame && typeof frame.type === 'string' && frame.payload) this.frames.push(frame);
      this.notify();
    });
  }
  notify() {
    for (const w of [...this.waiters]) w();
  }
  send(type, payload) {
    this.ws.send(JSON.stringify({ type, version: '1.6', payload }));
  }
  /** Resolves with the first not-yet-consumed frame of `type`. */
  next(type, timeoutMs = 3000) {
    return this.until(
      () => {
        const i = this.frames.findIndex((f) => f.type === type && !f.consumed);
        if (i < 0) return undefined;
        this.frames[i].consumed = true;
        return this.frames[i];
      },
      `frame ${type}`,
      timeoutMs,
    );
  }
  until(check, what, timeoutMs = 3000) {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const v = check();
        if (v !== undefined && v !== false) {
          cleanup();
          resolve(v);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}; frames: ${this.frames.map((f) => f.type).join(',')}`));
      }, timeoutMs);
      const waiter = () => attempt();
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
      };
      this.waiters.push(waiter);
      attempt();
    });
  }
  types() {
    return this.frames.map((f) => f.type);
  }
  close() {
    this.ws.terminate();
  }
}

// ---- a fake media leg (the real one is werift; tested elsewhere) ----------------------

export function fakeMedia() {
  const legs = [];
  const factory = ({ mode }) => {
    const leg = {
      mode,
      codec: 'pcmu',
      dtmfSent: '',
      closed: false,
      bridgedTo: undefined,
      remote: [],
      dtmfListeners: [],
      async answer(offer) {
        leg.remote.push(offer);
        return `v=0\r\no=fake-answer ${legs.indexOf(leg)}\r\n`;
      },
      async createOffer() {
        return `v=0\r\no=fake-offer ${legs.indexOf(leg)}\r\n`;
      },
      async acceptAnswer(sdp) {
        leg.remote.push(sdp);
      },
      bridgeTo(other) {
        leg.bridgedTo = other;
      },
      setMode(m) {
        leg.mode = m;
      },
      stats() {
        return { packetsReceived: 0, packetsSent: 0, bytesReceived: 0, bytesSent: 0, dtmf: '', dtmfSent: leg.dtmfSent, iceState: 'new' };
      },
      onDtmf(l) {
        leg.dtmfListeners.push(l);
      },
      async queueDtmf(d) {
        leg.dtmfSent += d;
      },
      async close() {
        leg.closed = true;
      },
    };
    legs.push(leg);
    return leg;
  };
  return { factory, legs };
}

// ---- HTTP helper ---------------------------------------------------------------------

export function request(base, method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(path, base);
    const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const lib = u.protocol === 'https:' ? https : http;
    const req = lib.request(
      u,
      {
        method,
        rejectUnauthorized: false,
        agent: false,
        headers: { ...(data !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}), ...headers },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (data !== undefined) req.write(data);
    req.end();
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function poll(check, what, timeoutMs = 2000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

// ---- fixtures ------------------------------------------------------------------------

let certificate;

/** Runs `fn` with a fresh emulator (and cleans up clients and the emulator). */
export function withEmulator(opts, fn) {
  return async () => {
    const media = fakeMedia();
    certificate ??= await generateLocalhostCertificate();
    const emu = await startEmulator({ certificate, mediaFactory: media.factory, heartbeatMs: 60_000, ...opts });
    const clients = [];
    const connect = async (path = '/signal', clientOpts = {}) => {
      const c = new Client(`wss://127.0.0.1:${emu.port}${path}`, clientOpts);
      clients.push(c);
      await c.opened;
      return c;
    };
    const open = (path = '/signal') => {
      const c = new Client(`wss://127.0.0.1:${emu.port}${path}`);
      clients.push(c);
      return c;
    };
    /** Connected + registered client. */
    const registered = async (identity, tokenOpts = {}) => {
      const c = await connect();
      c.send('listen', { token: mint({ identity, ...tokenOpts }) });
      await c.next('connected');
      c.send('register', { media: { audio: true } });
      await c.next('ready');
      return c;
    };
    try {
      await fn({ emu, connect, open, registered, media });
    } finally {
      for (const c of clients) c.close();
      await emu.stop();
    }
  };
}
