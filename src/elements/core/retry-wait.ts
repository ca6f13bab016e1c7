/** A wait the server asked for (a 429's `Retry-After`), in the unit a person reads it in (pure). */
export interface RetryWait {
  /** `now`: over; `seconds`: the last minute; `minutes`: longer, rounded up */
  unit: 'now' | 'seconds' | 'minutes';
  minutes: number;
  seconds: number;
}

/** The wait for `msLeft` (rounded up: "1 min" until the last minute, then seconds). */
export function retryWait(msLeft: number): RetryWait {
  const seconds = Math.max(0, Math.ceil(msLeft / 1000));
  if (seconds === 0) return { unit: 'now', minutes: 0, seconds: 0 };
  if (seconds <= 60) return { unit: 'seconds', minutes: 1, seconds };
  return { unit: 'minutes', minutes: Math.ceil(seconds / 60), seconds };
}
