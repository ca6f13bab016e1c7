/**
 * Fault switches of the emulator's signaling gateway. All of them are off by
 * default; they can be changed at runtime (`emulator.setFaults()` or
 * `POST /emulator/faults`) and take effect for the next frame/socket.
 */
export interface SignalingErrorSpec {
  code: number;
  message: string;
  /** Seconds; seeds the SDK's reconnect backoff. */
  retryAfter?: number;
}

export interface SignalingFaults {
  /** On an auth failure (or `errorOnListen`), send the `error` frame then terminate the socket without the `close` frame. */
  closeWithoutCloseFrame: boolean;
  /** Terminate the socket as soon as `listen` arrives, without any reply. */
  dropOnListen: boolean;
  /** Never answer `register` (no `ready`/`offline`). */
  neverAnswerRegister: boolean;
  /** Terminate each socket this many ms after it opens; null = off. */
  dropAfterMs: number | null;
  /** Delay every reply frame by this many ms (0 = off). Heartbeats are not delayed. */
  delayMs: number;
  /** Answer WebSocket upgrades on /signal with HTTP 503. */
  refuseConnections: boolean;
  /** Answer each WebSocket upgrade on /signal this many ms late, as over a slow network (0 = off). */
  upgradeDelayMs: number;
  /** Stop sending the "\n" heartbeat. */
  stopHeartbeats: boolean;
  /** Sent as an `error` frame instead of `connected` (then `close` frame + socket close, unless closeWithoutCloseFrame); null = off. */
  errorOnListen: SignalingErrorSpec | null;
  /** Send a few well-formed but meaningless JSON frames (no type, unknown type) before each reply. */
  garbageFrames: boolean;
  /** Send a few frames that are not JSON before each reply. */
  malformedFrames: boolean;
}

export function defaultFaults(): SignalingFaults {
  return {
    closeWithoutCloseFrame: false,
    dropOnListen: false,
    neverAnswerRegister: false,
    dropAfterMs: null,
    delayMs: 0,
    refuseConnections: false,
    upgradeDelayMs: 0,
    stopHeartbeats: false,
    errorOnListen: null,
    garbageFrames: false,
    malformedFrames: false,
  };
}

const BOOLEAN_KEYS = [
  'closeWithoutCloseFrame',
  'dropOnListen',
  'neverAnswerRegister',
  'refuseConnections',
  'stopHeartbeats',
  'garbageFrames',
  'malformedFrames',
] as const;

/** Upper bound of `delayMs` and `upgradeDelayMs` (a reply held a minute is a dead socket already). */
export const MAX_FAULT_DELAY_MS = 60_000;
/** Upper bound of `dropAfterMs`: one hour. */
export const MAX_DROP_AFTER_MS = 3_600_000;
/** Upper bound of `errorOnListen.retryAfter`, in seconds. */
export const MAX_RETRY_AFTER_S = 3600;

/** A finite number in [min, max] (JSON's 1e999 is Infinity, 1e300 is finite but absurd: both refused). */
function inRange(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
}

/**
 * Checks a partial fault object coming from outside (JSON). Returns the
 * normalised partial, or throws an Error whose message says what is wrong.
 */
export function parseFaults(input: unknown): Partial<SignalingFaults> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error('faults must be a JSON object');
  }
  const src = input as Record<string, unknown>;
  const out: Partial<SignalingFaults> = {};
  for (const [key, value] of Object.entries(src)) {
    if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'boolean') throw new Error(`${key} must be a boolean`);
      (out as Record<string, unknown>)[key] = value;
    } else if (key === 'dropAfterMs') {
      if (value !== null && !inRange(value, 0, MAX_DROP_AFTER_MS)) {
        throw new Error(`dropAfterMs must be null or a number of ms between 0 and ${MAX_DROP_AFTER_MS}`);
      }
      out.dropAfterMs = value;
    } else if (key === 'delayMs' || key === 'upgradeDelayMs') {
      if (!inRange(value, 0, MAX_FAULT_DELAY_MS)) throw new Error(`${key} must be a number of ms between 0 and ${MAX_FAULT_DELAY_MS}`);
      out[key] = value;
    } else if (key === 'errorOnListen') {
      if (value === null || value === false) {
        out.errorOnListen = null;
      } else {
        if (typeof value !== 'object' || Array.isArray(value)) throw new Error('errorOnListen must be {code, message, retryAfter?} or null');
        const v = value as Record<string, unknown>;
        if (!(inRange(v.code, 1, 99999) && Number.isInteger(v.code))) throw new Error('errorOnListen.code must be an integer between 1 and 99999');
        if (v.message !== undefined && typeof v.message !== 'string') throw new Error('errorOnListen.message must be a string');
        if (v.retryAfter !== undefined && !inRange(v.retryAfter, 0, MAX_RETRY_AFTER_S)) {
          throw new Error(`errorOnListen.retryAfter must be a number of seconds between 0 and ${MAX_RETRY_AFTER_S}`);
        }
        out.errorOnListen = {
          code: v.code,
          message: v.message ?? 'Error',
          ...(v.retryAfter !== undefined ? { retryAfter: v.retryAfter } : {}),
        };
      }
    } else {
      throw new Error(`unknown fault: ${key}`);
    }
  }
  return out;
}
