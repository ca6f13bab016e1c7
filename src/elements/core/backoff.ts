/** Capped exponential backoff with full jitter: attempt 0 waits up to `baseMs`. */
export function backoffDelay(attempt: number, baseMs = 500, capMs = 8000, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  // Half fixed, half jittered: never zero, never in lock-step with other tabs.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Parses an HTTP Retry-After value (seconds or a date) into milliseconds, capped. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number, capMs = 30000): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(capMs, Number(trimmed) * 1000);
  // An HTTP-date names its day and month ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse
  // would otherwise read "-1" or "1.5" as years.
  if (!/[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.min(capMs, Math.max(0, date - nowMs));
}
