/** The control API's JSON request bodies, checked; EmulatorError 400 saying what is wrong. */
import { EmulatorError } from '../http/errors.js';
import { parseImpairment } from '../media/impairment.js';
import { parseFaults, type SignalingFaults } from '../signaling/faults.js';
import type { TwimlApplicationInput } from '../twiml/applications.js';
import type { MediaMode } from '../media/types.js';
import type { RingOptions } from '../voice/types.js';

type Body = Record<string, unknown>;

function isObject(v: unknown): v is Body {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return isObject(v) && Object.values(v).every((x) => typeof x === 'string');
}

export function legacyTotpBody(body: unknown): boolean {
  if (!isObject(body) || typeof body.on !== 'boolean') throw new EmulatorError(400, 400, '`on` (boolean) is required');
  return body.on;
}

export function faultsBody(body: unknown): Partial<SignalingFaults> {
  try {
    return parseFaults(body);
  } catch (err) {
    throw new EmulatorError(400, 400, (err as Error).message);
  }
}

/** `{sid, voiceUrl, voiceMethod}` or `{phoneNumber, voiceUrl, voiceMethod}`: `key` names the first field. */
export function applicationBody(body: unknown, key: 'sid' | 'phoneNumber'): { key: string; app: TwimlApplicationInput } {
  if (!isObject(body)) throw new EmulatorError(400, 400, `expected {${key}, voiceUrl, voiceMethod}`);
  return {
    key: body[key] as string,
    app: { voiceUrl: body.voiceUrl as string, ...(body.voiceMethod !== undefined ? { voiceMethod: body.voiceMethod as string } : {}) },
  };
}

export function ringBody(body: unknown): RingOptions {
  if (!isObject(body) || typeof body.to !== 'string' || !body.to) throw new EmulatorError(400, 400, '`to` (string) is required');
  const { to, from, params, mode, timeout } = body;
  if (from !== undefined && typeof from !== 'string') throw new EmulatorError(400, 400, '`from` must be a string');
  if (params !== undefined && !isStringRecord(params)) throw new EmulatorError(400, 400, '`params` must be an object of strings');
  if (mode !== undefined && !['echo', 'tone', 'silence'].includes(mode as string)) throw new EmulatorError(400, 400, '`mode` must be echo, tone or silence');
  if (timeout !== undefined && typeof timeout !== 'number') throw new EmulatorError(400, 400, '`timeout` must be a number of seconds');
  return {
    to,
    ...(from !== undefined ? { from } : {}),
    ...(params !== undefined ? { params } : {}),
    ...(mode !== undefined ? { mode: mode as MediaMode } : {}),
    ...(timeout !== undefined ? { timeout } : {}),
  };
}

/** `{callSid?}` of `POST /emulator/impairments/reset`. */
export function callSidBody(body: unknown): string | undefined {
  const callSid = isObject(body) ? body.callSid : undefined;
  if (callSid !== undefined && typeof callSid !== 'string') throw new EmulatorError(400, 400, '`callSid` must be a string');
  return callSid;
}

export function impairmentBody(body: unknown): ReturnType<typeof parseImpairment> {
  try {
    return parseImpairment(body);
  } catch (err) {
    throw new EmulatorError(400, 400, (err as Error).message);
  }
}

/** `?freqs=600,1000`: 1 to 8 frequencies, each 50–4000 Hz. */
export function audioFreqs(raw: string | null): number[] {
  const parts = (raw ?? '').split(',').filter(Boolean);
  if (!parts.length || parts.length > 8) throw new EmulatorError(400, 400, '`freqs` must list 1 to 8 frequencies, comma-separated');
  return parts.map((p) => {
    const f = Number(p);
    if (!/^\d{2,4}$/.test(p) || f < 50 || f > 4000)
      throw new EmulatorError(400, 400, `\`freqs\`: ${JSON.stringify(p.slice(0, 20))} is not a frequency of 50 to 4000 Hz`);
    return f;
  });
}

/** `{to, from?, party?}` of `POST /emulator/inbound`. */
export function inboundBody(body: unknown): { to: string; from?: string; party?: string } {
  if (!isObject(body) || typeof body.to !== 'string' || !body.to) throw new EmulatorError(400, 400, "`to` (one of the account's numbers) is required");
  const { to, from, party } = body;
  if (from !== undefined && (typeof from !== 'string' || from.length > 64)) throw new EmulatorError(400, 400, '`from` must be a string');
  if (party !== undefined && (typeof party !== 'string' || party.length > 32)) throw new EmulatorError(400, 400, '`party` must be a string');
  return { to, ...(from !== undefined ? { from } : {}), ...(party !== undefined ? { party } : {}) };
}
