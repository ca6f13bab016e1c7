/**
 * TwiML applications: what an outgoing call does when its access token's
 * outgoing grant names an application SID. The emulator keeps Voice URL and
 * method per SID, like the Applications resource of the REST API; a token
 * naming no registered application gets the default application (the fixed
 * destinations `echo`, `tone`, `busy`, `no-answer`, `client:…`, `+E.164`).
 * A Voice URL must be one the emulator may request (security/webhook-hosts.ts):
 * a loopback host or one listed in `webhookHosts`, never link-local.
 */
import { EmulatorError } from '../http/errors.js';
import { checkWebhookUrl, type WebhookHostEntry } from '../security/webhook-hosts.js';
import type { WebhookMethod } from './webhook.js';

export interface TwimlApplication {
  sid: string;
  voiceUrl: string;
  voiceMethod: WebhookMethod;
}

export type TwimlApplicationInput = { voiceUrl: string; voiceMethod?: string };

const APP_SID = /^AP[0-9a-fA-F]{32}$/;

/** Checks one application from outside (options or JSON) against the webhook hosts; throws EmulatorError 400 naming what is wrong. */
export function parseApplication(sid: unknown, input: unknown, hosts: readonly WebhookHostEntry[]): TwimlApplication {
  if (typeof sid !== 'string' || !APP_SID.test(sid)) throw new EmulatorError(400, 400, '`sid` must be an application SID: AP followed by 32 hex digits');
  if (typeof input !== 'object' || input === null) throw new EmulatorError(400, 400, `application ${sid}: expected {voiceUrl, voiceMethod}`);
  const { voiceUrl, voiceMethod } = input as Record<string, unknown>;
  if (typeof voiceUrl !== 'string') throw new EmulatorError(400, 400, `application ${sid}: \`voiceUrl\` (string) is required`);
  let url: URL;
  try {
    url = new URL(voiceUrl);
  } catch {
    throw new EmulatorError(400, 400, `application ${sid}: \`voiceUrl\` is not a URL: ${voiceUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EmulatorError(400, 400, `application ${sid}: \`voiceUrl\` must be http(s)`);
  const allowed = checkWebhookUrl(url, hosts);
  if (!allowed.ok) throw new EmulatorError(400, 400, `application ${sid}: \`voiceUrl\` refused: ${allowed.reason}`);
  const method = voiceMethod === undefined ? 'POST' : typeof voiceMethod === 'string' ? voiceMethod.toUpperCase() : '';
  if (method !== 'GET' && method !== 'POST') throw new EmulatorError(400, 400, `application ${sid}: \`voiceMethod\` must be GET or POST`);
  return { sid, voiceUrl, voiceMethod: method };
}

/** A phone number of the account with its own Voice URL (IncomingPhoneNumbers): a <Dial> to it runs that URL. */
export interface EmulatorPhoneNumber {
  phoneNumber: string;
  voiceUrl: string;
  voiceMethod: WebhookMethod;
}

const E164_NUMBER = /^\+[1-9]\d{1,14}$/;

export function parsePhoneNumber(phoneNumber: unknown, input: unknown, hosts: readonly WebhookHostEntry[]): EmulatorPhoneNumber {
  if (typeof phoneNumber !== 'string' || !E164_NUMBER.test(phoneNumber))
    throw new EmulatorError(400, 400, '`phoneNumber` must be an E.164 number (+ and up to 15 digits)');
  const placeholder = 'AP' + '0'.repeat(32);
  try {
    const app = parseApplication(placeholder, input, hosts);
    return { phoneNumber, voiceUrl: app.voiceUrl, voiceMethod: app.voiceMethod };
  } catch (err) {
    if (err instanceof EmulatorError) throw new EmulatorError(err.status, err.code, err.message.replace(`application ${placeholder}`, `number ${phoneNumber}`));
    throw err;
  }
}

export class ApplicationRegistry {
  private readonly apps = new Map<string, TwimlApplication>();
  private readonly numbers = new Map<string, EmulatorPhoneNumber>();

  constructor(hosts: readonly WebhookHostEntry[], initial: Record<string, TwimlApplicationInput> = {}, numbers: Record<string, TwimlApplicationInput> = {}) {
    for (const [sid, app] of Object.entries(initial)) this.set(parseApplication(sid, app, hosts));
    for (const [n, app] of Object.entries(numbers)) this.setNumber(parsePhoneNumber(n, app, hosts));
  }

  setNumber(n: EmulatorPhoneNumber): EmulatorPhoneNumber {
    this.numbers.set(n.phoneNumber, { ...n });
    return { ...n };
  }

  number(phoneNumber: string | undefined): EmulatorPhoneNumber | undefined {
    const n = phoneNumber ? this.numbers.get(phoneNumber) : undefined;
    return n ? { ...n } : undefined;
  }

  listNumbers(): EmulatorPhoneNumber[] {
    return [...this.numbers.values()].map((n) => ({ ...n }));
  }

  set(app: TwimlApplication): TwimlApplication {
    this.apps.set(app.sid, { ...app });
    return { ...app };
  }

  get(sid: string | undefined): TwimlApplication | undefined {
    const app = sid ? this.apps.get(sid) : undefined;
    return app ? { ...app } : undefined;
  }

  delete(sid: string): boolean {
    return this.apps.delete(sid);
  }

  list(): TwimlApplication[] {
    return [...this.apps.values()].map((a) => ({ ...a }));
  }
}
