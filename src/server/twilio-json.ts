/** twilio-node's resources back to the wire JSON Twilio sent, with the HTTP status it came with. */

const camelToSnake = (k: string): string => k.replace(/[A-Z]/g, (m) => '_' + m.toLowerCase());

function twilioDate(d: Date): string {
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A twilio-node instance back to the snake_case JSON Twilio sent (top-level keys; nested objects are raw already). */
export function toTwilioJson(instance: unknown): Record<string, unknown> {
  const src =
    instance && typeof (instance as { toJSON?: unknown }).toJSON === 'function'
      ? (instance as { toJSON(): Record<string, unknown> }).toJSON()
      : (instance as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src ?? {})) {
    if (typeof v === 'function') continue;
    out[camelToSnake(k)] = v instanceof Date ? twilioDate(v) : v === undefined ? null : v;
  }
  return out;
}

export interface HttpInfo<T> {
  body: T;
  statusCode: number;
}

/** Calls `obj[name]WithHttpInfo(params)` (the status Twilio answered with), or `obj[name]` with `fallbackStatus`. */
export async function withInfo<T>(obj: Record<string, unknown>, name: string, params: Record<string, unknown>, fallbackStatus: number): Promise<HttpInfo<T>> {
  const infoFn = obj[`${name}WithHttpInfo`];
  if (typeof infoFn === 'function') return (await infoFn.call(obj, params)) as HttpInfo<T>;
  const fn = obj[name] as (p: unknown) => Promise<T>;
  return { body: await fn.call(obj, params), statusCode: fallbackStatus };
}
