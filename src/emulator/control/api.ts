/**
 * The emulator's control API on /emulator/*: JSON in and out. Local-only by
 * default (security/control-access.ts): requests without an `Origin` (tests,
 * curl, Node), same-origin pages and allowed origins (loopback pages by
 * default) only; JSON bodies only; `Authorization: Bearer <token>` when a
 * control token is set. Bodies are capped at 64 KiB before buffering (413).
 * Errors are always Twilio's envelope `{code, message, more_info, status}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatorError, type RingOptions } from '../voice/calls.js';
import { parseFaults, type SignalingFaults } from '../signaling/faults.js';
import { parseImpairment } from '../media/impairment.js';
import type { Emulator } from '../emulator.js';
import { BodyTooLargeError, closeAfterAnswer, hasBody, readBodyLimited, tooLargeEnvelope } from '../security/body-limit.js';
import { checkControlRequest, checkOrigin, corsHeaders, PREFLIGHT_HEADERS, type ControlAccess } from '../security/control-access.js';

export const CONTROL_PREFIX = '/emulator';

/** What the control API drives: the emulator minus its HTTP entry points. */
export type ControlTarget = Omit<Emulator, 'handleRequest' | 'handleUpgrade' | 'close'>;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  sendJson(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

/** Each request's body, read (capped) before its route runs, so no route leaves a body unread. */
const bodies = new WeakMap<IncomingMessage, Buffer>();

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (bodies.get(req) ?? Buffer.alloc(0)).toString('utf8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new EmulatorError(400, 400, 'Request body is not valid JSON');
  }
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

export function handleControlRequest(target: ControlTarget, req: IncomingMessage, res: ServerResponse, access: ControlAccess): boolean {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const path = url.pathname.replace(/\/+$/, '');
  if (path !== CONTROL_PREFIX && !path.startsWith(CONTROL_PREFIX + '/')) return false;
  const method = (req.method ?? 'GET').toUpperCase();
  for (const [k, v] of Object.entries(corsHeaders(req, access))) res.setHeader(k, v);
  const refuse = (d: { status: number; code: number; message: string; headers?: Record<string, string> }) => {
    access.log?.(`control API: ${method} ${path} refused with ${d.status} (Origin ${JSON.stringify(req.headers.origin)})`);
    closeAfterAnswer(req, res);
    sendError(res, d.status, d.code, d.message, d.headers);
  };
  if (method === 'OPTIONS') {
    // A preflight carries no credentials: only the origin is checked.
    const origin = checkOrigin(req, access);
    if (!origin.ok) {
      refuse(origin);
      return true;
    }
    closeAfterAnswer(req, res);
    res.writeHead(204, PREFLIGHT_HEADERS);
    res.end();
    return true;
  }
  const decision = checkControlRequest(req, access);
  if (!decision.ok) {
    refuse(decision);
    return true;
  }
  const run = async () => {
    // The whole body (at most MAX_BODY_BYTES) is read before any route answers: a route that
    // ignores bodies must not leave one streaming in behind its answer.
    if (hasBody(req)) bodies.set(req, await readBodyLimited(req));
    await route(target, method, path.slice(CONTROL_PREFIX.length) || '/', req, res);
  };
  run().catch((err: unknown) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    closeAfterAnswer(req, res);
    if (err instanceof BodyTooLargeError) {
      access.log?.(`control API: ${method} ${path} refused with 413 (body over ${err.limit} bytes)`);
      sendJson(res, 413, tooLargeEnvelope(err.limit));
    } else if (err instanceof EmulatorError) sendError(res, err.status, err.code, err.message);
    else sendError(res, 500, 500, err instanceof Error ? err.message : String(err));
  });
  return true;
}

async function route(target: ControlTarget, method: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const notAllowed = (allowed: string) => {
    res.setHeader('allow', allowed);
    closeAfterAnswer(req, res);
    sendError(res, 405, 405, `Method ${method} not allowed on ${CONTROL_PREFIX}${path}`);
  };
  if (path === '/status') {
    if (method !== 'GET') return notAllowed('GET');
    return sendJson(res, 200, {
      registeredIdentities: target.registeredIdentities(),
      openSockets: target.openSockets(),
      calls: target.calls(),
      faults: target.faults,
      legacyTotpErrors: target.legacyTotpErrors,
      applications: target.applications(),
      impairments: target.impairments,
    });
  }
  if (path === '/impairments' || path === '/impairments/reset') return impairmentsRoute(target, method, path, req, res, notAllowed);
  if (path === '/registrations') {
    if (method !== 'GET') return notAllowed('GET');
    return sendJson(res, 200, target.registrations());
  }
  if (path === '/legacy-totp') {
    // Verify's wrong-code answers: `{on: true}` = pre-Oct-2021 (403 60311/60324), `{on: false}` = current (200 + status).
    if (method === 'GET') return sendJson(res, 200, { on: target.legacyTotpErrors });
    if (method !== 'POST') return notAllowed('GET, POST');
    const body = (await readJson(req)) as Record<string, unknown>;
    if (typeof body !== 'object' || body === null || typeof body.on !== 'boolean') {
      throw new EmulatorError(400, 400, '`on` (boolean) is required');
    }
    target.setLegacyTotpErrors(body.on);
    return sendJson(res, 200, { on: target.legacyTotpErrors });
  }
  if (path === '/faults') {
    if (method === 'GET') return sendJson(res, 200, target.faults);
    if (method !== 'POST') return notAllowed('GET, POST');
    const body = await readJson(req);
    let partial: Partial<SignalingFaults>;
    try {
      partial = parseFaults(body);
    } catch (err) {
      throw new EmulatorError(400, 400, (err as Error).message);
    }
    target.setFaults(partial);
    return sendJson(res, 200, target.faults);
  }
  if (path === '/faults/reset') {
    if (method !== 'POST') return notAllowed('POST');
    target.resetFaults();
    return sendJson(res, 200, target.faults);
  }
  if (path === '/drop') {
    if (method !== 'POST') return notAllowed('POST');
    return sendJson(res, 200, { dropped: target.dropAllSockets() });
  }
  if (path === '/applications') {
    // TwiML applications: `{sid, voiceUrl, voiceMethod}` adds or replaces one.
    if (method === 'GET') return sendJson(res, 200, { applications: target.applications() });
    if (method !== 'POST') return notAllowed('GET, POST');
    const body = (await readJson(req)) as Record<string, unknown>;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new EmulatorError(400, 400, 'expected {sid, voiceUrl, voiceMethod}');
    const app = target.setApplication(body.sid as string, { voiceUrl: body.voiceUrl as string, ...(body.voiceMethod !== undefined ? { voiceMethod: body.voiceMethod as string } : {}) });
    return sendJson(res, 201, app);
  }
  if (path === '/numbers') {
    // Phone numbers of the account: `{phoneNumber, voiceUrl, voiceMethod}` adds or replaces one.
    if (method === 'GET') return sendJson(res, 200, { numbers: target.phoneNumbers() });
    if (method !== 'POST') return notAllowed('GET, POST');
    const body = (await readJson(req)) as Record<string, unknown>;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new EmulatorError(400, 400, 'expected {phoneNumber, voiceUrl, voiceMethod}');
    const n = target.setPhoneNumber(body.phoneNumber as string, { voiceUrl: body.voiceUrl as string, ...(body.voiceMethod !== undefined ? { voiceMethod: body.voiceMethod as string } : {}) });
    return sendJson(res, 201, n);
  }
  const appMatch = /^\/applications\/([A-Za-z0-9]+)$/.exec(path);
  if (appMatch) {
    const sid = appMatch[1]!;
    if (method === 'GET') {
      const app = target.applications().find((a) => a.sid === sid);
      if (!app) throw new EmulatorError(404, 20404, `Application ${sid} not found`);
      return sendJson(res, 200, app);
    }
    if (method !== 'DELETE') return notAllowed('GET, DELETE');
    if (!target.removeApplication(sid)) throw new EmulatorError(404, 20404, `Application ${sid} not found`);
    res.writeHead(204);
    res.end();
    return;
  }
  if (path === '/calls') {
    if (method === 'GET') return sendJson(res, 200, { calls: target.calls() });
    if (method !== 'POST') return notAllowed('GET, POST');
    const body = (await readJson(req)) as Record<string, unknown>;
    if (typeof body !== 'object' || body === null || typeof body.to !== 'string' || !body.to) {
      throw new EmulatorError(400, 400, '`to` (string) is required');
    }
    if (body.from !== undefined && typeof body.from !== 'string') throw new EmulatorError(400, 400, '`from` must be a string');
    if (body.params !== undefined && !isStringRecord(body.params)) throw new EmulatorError(400, 400, '`params` must be an object of strings');
    if (body.mode !== undefined && !['echo', 'tone', 'silence'].includes(body.mode as string)) {
      throw new EmulatorError(400, 400, '`mode` must be echo, tone or silence');
    }
    if (body.timeout !== undefined && typeof body.timeout !== 'number') throw new EmulatorError(400, 400, '`timeout` must be a number of seconds');
    const call = await target.ring({
      to: body.to,
      ...(body.from !== undefined ? { from: body.from as string } : {}),
      ...(body.params !== undefined ? { params: body.params as Record<string, string> } : {}),
      ...(body.mode !== undefined ? { mode: body.mode as RingOptions['mode'] & string } : {}),
      ...(body.timeout !== undefined ? { timeout: body.timeout as number } : {}),
    });
    return sendJson(res, 201, call);
  }
  const m = /^\/calls\/([A-Za-z0-9]+)(?:\/(cancel|hangup))?$/.exec(path);
  if (m) {
    const sid = m[1]!;
    const action = m[2];
    if (!action) {
      if (method !== 'GET') return notAllowed('GET');
      const call = target.call(sid);
      if (!call) throw new EmulatorError(404, 20404, `Call ${sid} not found`);
      return sendJson(res, 200, call);
    }
    if (method !== 'POST') return notAllowed('POST');
    return sendJson(res, 200, action === 'cancel' ? target.cancel(sid) : target.hangup(sid));
  }
  closeAfterAnswer(req, res);
  sendError(res, 404, 20404, `No emulator route ${method} ${CONTROL_PREFIX}${path}`);
}

/**
 * `GET /emulator/impairments` → `{global, calls}`; `POST /emulator/impairments {loss?, jitterMs?, delayMs?, media?, signaling?, callSid?}`
 * merges into the global setting (or the call's) and answers what now applies; `POST /emulator/impairments/reset {callSid?}`.
 */
async function impairmentsRoute(
  target: ControlTarget,
  method: string,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  notAllowed: (allowed: string) => void,
): Promise<void> {
  if (path === '/impairments/reset') {
    if (method !== 'POST') return notAllowed('POST');
    const body = (await readJson(req)) as Record<string, unknown>;
    const callSid = typeof body === 'object' && body !== null ? body.callSid : undefined;
    if (callSid !== undefined && typeof callSid !== 'string') throw new EmulatorError(400, 400, '`callSid` must be a string');
    target.resetImpairments(callSid);
    return sendJson(res, 200, target.impairments);
  }
  if (method === 'GET') return sendJson(res, 200, target.impairments);
  if (method !== 'POST') return notAllowed('GET, POST');
  let update: ReturnType<typeof parseImpairment>;
  try {
    update = parseImpairment(await readJson(req));
  } catch (err) {
    if (err instanceof EmulatorError) throw err;
    throw new EmulatorError(400, 400, (err as Error).message);
  }
  const applied = target.setImpairment(update.impairment, update.callSid);
  return sendJson(res, 200, { ...(update.callSid ? { callSid: update.callSid } : {}), impairment: applied, ...target.impairments });
}
