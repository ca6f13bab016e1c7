/**
 * Request bodies of the emulator's routes, always read through the cap of
 * security/body-limit.ts: the control API's JSON and the REST API's text.
 */
import type { IncomingMessage } from 'node:http';
import { readBodyLimited } from '../security/body-limit.js';
import { EmulatorError } from './errors.js';

/** The whole body as UTF-8 text; rejects with BodyTooLargeError past the cap. */
export async function readText(req: IncomingMessage): Promise<string> {
  return (await readBodyLimited(req)).toString('utf8');
}

/** A JSON body: `{}` when empty, EmulatorError 400 when not JSON. */
export function parseJsonBody(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed) return {};
  try {
    return JSON.parse(trimmed);
  } catch {
    throw new EmulatorError(400, 400, 'Request body is not valid JSON');
  }
}
