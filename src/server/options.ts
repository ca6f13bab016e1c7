/** Numeric options checked once, when an endpoint or store is built: a clear RangeError beats a limit that silently never applies. */
export function integerOption(owner: string, name: string, value: number | undefined, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new RangeError(`twilio-widgets/server: ${owner}'s \`${name}\` must be a whole number ${range}, got ${String(value)}`);
  }
  return value;
}
