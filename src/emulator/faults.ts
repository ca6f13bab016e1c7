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
      if (value !== null && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
        throw new Error('dropAfterMs must be a non-negative number or null');
      }
      out.dropAfterMs = value as number | null;
    } else if (key === 'delayMs') {
      if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
        throw new Error('delayMs must be a non-negative number');
      }
      out.delayMs = value;
    } else if (key === 'errorOnListen') {
      if (value === null || value === false) {
        out.errorOnListen = null;
      } else {
        if (typeof value !== 'object' || Array.isArray(value)) throw new Error('errorOnListen must be {code, message, retryAfter?} or null');
        const v = value as Record<string, unknown>;
        if (typeof v.code !== 'number' || !Number.isInteger(v.code)) throw new Error('errorOnListen.code must be an integer');
        if (v.message !== undefined && typeof v.message !== 'string') throw new Error('errorOnListen.message must be a string');
        if (v.retryAfter !== undefined && !(typeof v.retryAfter === 'number' && v.retryAfter >= 0)) {
          throw new Error('errorOnListen.retryAfter must be a non-negative number');
        }
        out.errorOnListen = {
          code: v.code,
          message: (v.message as string | undefined) ?? 'Error',
          ...(v.retryAfter !== undefined ? { retryAfter: v.retryAfter as number } : {}),
        };
      }
    } else {
      throw new Error(`unknown fault: ${key}`);
    }
  }
  return out;
}
