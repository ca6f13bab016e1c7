/**
 * TwiML documents as the emulator runs them: parse (xml.ts), check against
 * the part of the TwiML schema the emulator implements, and return a list of
 * verbs. Errors carry Twilio's codes: 12100 when the document is not XML or
 * its root is not <Response>, 12200 when it does not fit the schema (unknown
 * verb, attribute value or nesting) or uses a verb the emulator does not run.
 */
import { parseXml, XmlSyntaxError, type XmlElement, type XmlNode } from './xml.js';

export interface ClientNoun {
  kind: 'client';
  identity: string;
  /** In document order; a repeated name keeps both (the callee sees the last one). */
  parameters: Array<[name: string, value: string]>;
}

export interface NumberNoun {
  kind: 'number';
  number: string;
}

/** <Conference>: the room's name and how the caller takes part. */
export interface ConferenceNoun {
  kind: 'conference';
  name: string;
  startConferenceOnEnter: boolean;
  endConferenceOnExit: boolean;
  /** `waitUrl`: absent = the emulator's music, empty = silence; a URL is never fetched (the emulator plays its music). */
  waitUrl?: string;
  muted: boolean;
  beep: string;
  participantLabel?: string;
  statusCallback?: string;
  statusCallbackEvent?: string;
  statusCallbackMethod: 'GET' | 'POST';
}

export type DialNoun = ClientNoun | NumberNoun | ConferenceNoun;

export type TwimlVerb =
  | { verb: 'Say'; text: string; loop: number }
  | { verb: 'Play'; url: string; loop: number }
  | { verb: 'Pause'; length: number }
  | { verb: 'Hangup' }
  | { verb: 'Reject'; reason: 'rejected' | 'busy' }
  | {
      verb: 'Dial';
      nouns: DialNoun[];
      callerId?: string;
      /** Seconds the dialed party may ring. */
      timeout: number;
      action?: string;
      method: 'GET' | 'POST';
      answerOnBridge: boolean;
    };

export class TwimlError extends Error {
  constructor(
    readonly code: 12100 | 12200,
    message: string,
  ) {
    super(message);
    this.name = 'TwimlError';
  }
}

/** Verbs of Twilio's Voice TwiML that the emulator does not run (a clear 12200 rather than "unknown verb"). */
const TWILIO_VERBS_NOT_EMULATED = new Set([
  'Gather',
  'Record',
  'Redirect',
  'Enqueue',
  'Leave',
  'Connect',
  'Start',
  'Stop',
  'Refer',
  'Pay',
  'Prompt',
  'Sms',
  'Message',
]);
const DIAL_NOUNS_NOT_EMULATED = new Set(['Queue', 'Sip', 'Sim', 'Application', 'WhatsApp']);

const isElement = (n: XmlNode): n is XmlElement => typeof n !== 'string';
const textOf = (el: XmlElement) => el.children.filter((c): c is string => typeof c === 'string').join('');

function schema(message: string): never {
  throw new TwimlError(12200, message);
}

function checkAttributes(el: XmlElement, allowed: readonly string[]): void {
  for (const a of Object.keys(el.attributes)) {
    if (!allowed.includes(a)) schema(`Attribute '${a}' is not allowed on <${el.name}>`);
  }
}

function onlyText(el: XmlElement): string {
  const child = el.children.find(isElement);
  if (child) schema(`<${child.name}> is not allowed inside <${el.name}>`);
  return textOf(el).trim();
}

function integer(el: XmlElement, attr: string, fallback: number, min: number, max: number): number {
  const raw = el.attributes[attr];
  if (raw === undefined) return fallback;
  if (!/^\s*\d+\s*$/.test(raw)) schema(`<${el.name} ${attr}="${raw}">: not a whole number`);
  const n = Number(raw);
  if (n < min || n > max) schema(`<${el.name} ${attr}="${raw}">: must be between ${min} and ${max}`);
  return n;
}

function bool(el: XmlElement, attr: string): boolean {
  const raw = el.attributes[attr];
  if (raw === undefined) return false;
  if (raw !== 'true' && raw !== 'false') schema(`<${el.name} ${attr}="${raw}">: must be true or false`);
  return raw === 'true';
}

function method(el: XmlElement, attr: string): 'GET' | 'POST' {
  const raw = (el.attributes[attr] ?? 'POST').toUpperCase();
  if (raw !== 'GET' && raw !== 'POST') schema(`<${el.name} ${attr}="${el.attributes[attr]}">: must be GET or POST`);
  return raw;
}

function clientNoun(el: XmlElement): ClientNoun {
  checkAttributes(el, ['url', 'method', 'statusCallback', 'statusCallbackEvent', 'statusCallbackMethod']);
  const elements = el.children.filter(isElement);
  if (elements.length === 0) {
    const identity = textOf(el).trim();
    if (!identity) schema('<Client> names no identity');
    return { kind: 'client', identity, parameters: [] };
  }
  let identity: string | undefined;
  const parameters: Array<[string, string]> = [];
  if (textOf(el).trim()) schema('<Client> mixes text with <Identity>/<Parameter>');
  for (const child of elements) {
    if (child.name === 'Identity') {
      if (identity !== undefined) schema('<Client> has more than one <Identity>');
      checkAttributes(child, []);
      identity = onlyText(child);
    } else if (child.name === 'Parameter') {
      checkAttributes(child, ['name', 'value']);
      const { name, value } = child.attributes;
      if (!name) schema('<Parameter> needs a name');
      parameters.push([name, value ?? '']);
    } else {
      schema(`<${child.name}> is not allowed inside <Client>`);
    }
  }
  if (!identity) schema('<Client> has no <Identity>');
  return { kind: 'client', identity, parameters };
}

const BEEP_VALUES = ['true', 'false', 'onEnter', 'onExit'];

function conferenceNoun(el: XmlElement): ConferenceNoun {
  checkAttributes(el, [
    'muted',
    'beep',
    'startConferenceOnEnter',
    'endConferenceOnExit',
    'waitUrl',
    'waitMethod',
    'maxParticipants',
    'record',
    'region',
    'coach',
    'trim',
    'statusCallback',
    'statusCallbackEvent',
    'statusCallbackMethod',
    'recordingStatusCallback',
    'recordingStatusCallbackMethod',
    'recordingStatusCallbackEvent',
    'eventCallbackUrl',
    'jitterBufferSize',
    'participantLabel',
  ]);
  const name = onlyText(el);
  if (!name) schema('<Conference> names no conference');
  if (name.length > 128) schema('<Conference> name is longer than 128 characters');
  const a = el.attributes;
  const beep = a.beep ?? 'true';
  if (!BEEP_VALUES.includes(beep)) schema(`<Conference beep="${beep}">: must be true, false, onEnter or onExit`);
  if (a.coach !== undefined) schema('<Conference coach> is not supported by the emulator');
  return {
    kind: 'conference',
    name,
    startConferenceOnEnter: a.startConferenceOnEnter === undefined ? true : bool(el, 'startConferenceOnEnter'),
    endConferenceOnExit: bool(el, 'endConferenceOnExit'),
    ...(a.waitUrl !== undefined ? { waitUrl: a.waitUrl } : {}),
    muted: bool(el, 'muted'),
    beep,
    ...(a.participantLabel !== undefined ? { participantLabel: a.participantLabel } : {}),
    ...(a.statusCallback !== undefined ? { statusCallback: a.statusCallback } : {}),
    ...(a.statusCallbackEvent !== undefined ? { statusCallbackEvent: a.statusCallbackEvent } : {}),
    statusCallbackMethod: method(el, 'statusCallbackMethod'),
  };
}

function dial(el: XmlElement): TwimlVerb {
  checkAttributes(el, [
    'action',
    'method',
    'timeout',
    'callerId',
    'answerOnBridge',
    'hangupOnStar',
    'timeLimit',
    'record',
    'ringTone',
    'recordingStatusCallback',
    'recordingStatusCallbackMethod',
    'recordingStatusCallbackEvent',
    'trim',
    'sequential',
    'referUrl',
    'referMethod',
  ]);
  const nouns: DialNoun[] = [];
  for (const child of el.children) {
    if (typeof child === 'string') continue;
    if (child.name === 'Client') nouns.push(clientNoun(child));
    else if (child.name === 'Number') {
      checkAttributes(child, ['sendDigits', 'url', 'method', 'statusCallback', 'statusCallbackEvent', 'statusCallbackMethod', 'byoc', 'machineDetection']);
      nouns.push({ kind: 'number', number: onlyText(child) });
    } else if (child.name === 'Conference') nouns.push(conferenceNoun(child));
    else if (DIAL_NOUNS_NOT_EMULATED.has(child.name)) schema(`<Dial><${child.name}> is not supported by the emulator`);
    else schema(`<${child.name}> is not allowed inside <Dial>`);
  }
  const bare = textOf(el).trim();
  if (bare && nouns.length) schema('<Dial> mixes a number in its text with nouns');
  if (bare) nouns.push({ kind: 'number', number: bare });
  if (!nouns.length) schema('<Dial> has nothing to dial');
  if (nouns.some((n) => n.kind === 'conference') && nouns.length > 1) schema('<Dial><Conference> cannot be dialed with other nouns');
  const callerId = el.attributes.callerId;
  return {
    verb: 'Dial',
    nouns,
    ...(callerId !== undefined ? { callerId } : {}),
    timeout: integer(el, 'timeout', 30, 1, 600),
    ...(el.attributes.action !== undefined ? { action: el.attributes.action } : {}),
    method: method(el, 'method'),
    answerOnBridge: bool(el, 'answerOnBridge'),
  };
}

function verb(el: XmlElement): TwimlVerb {
  switch (el.name) {
    case 'Say':
      checkAttributes(el, ['voice', 'language', 'loop']);
      return { verb: 'Say', text: onlyText(el), loop: integer(el, 'loop', 1, 0, 1000) };
    case 'Play': {
      checkAttributes(el, ['loop', 'digits']);
      if (el.attributes.digits !== undefined) schema('<Play digits> is not supported by the emulator');
      return { verb: 'Play', url: onlyText(el), loop: integer(el, 'loop', 1, 0, 1000) };
    }
    case 'Pause':
      checkAttributes(el, ['length']);
      onlyText(el);
      return { verb: 'Pause', length: integer(el, 'length', 1, 1, 600) };
    case 'Hangup':
      checkAttributes(el, []);
      onlyText(el);
      return { verb: 'Hangup' };
    case 'Reject': {
      checkAttributes(el, ['reason']);
      onlyText(el);
      const reason = el.attributes.reason ?? 'rejected';
      if (reason !== 'rejected' && reason !== 'busy') schema(`<Reject reason="${reason}">: must be rejected or busy`);
      return { verb: 'Reject', reason };
    }
    case 'Dial':
      return dial(el);
    default:
      if (TWILIO_VERBS_NOT_EMULATED.has(el.name)) schema(`<${el.name}> is not supported by the emulator`);
      return schema(`<${el.name}> is not a TwiML verb`);
  }
}

/** Parses and checks a TwiML voice document; throws TwimlError with Twilio's code. */
export function parseTwiml(text: string): TwimlVerb[] {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (err) {
    if (err instanceof XmlSyntaxError) throw new TwimlError(12100, `Document parse failure: ${err.message}`);
    throw err;
  }
  if (root.name !== 'Response') throw new TwimlError(12100, `Document parse failure: the root element is <${root.name}>, not <Response>`);
  if (textOf(root).trim()) schema('<Response> has text outside of any verb');
  return root.children.filter(isElement).map(verb);
}
