/** Numeric options checked once, when an endpoint is built: a clear RangeError beats a limit that silently never applies. */
export function positiveInteger(factory: string, name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`twilio-widgets/server: ${factory}'s \`${name}\` must be a whole number of at least 1, got ${String(value)}`);
  }
  return value;
}
