/** A signal that aborts when the caller's `outer` signal does or after `timeoutMs`, and tells which. */
export interface Deadline {
  signal: AbortSignal;
  timedOut(): boolean;
  /** clears the timer and the listener on `outer` */
  dispose(): void;
}

export function deadline(outer: AbortSignal | undefined, timeoutMs: number): Deadline {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort();
  }, timeoutMs);
  return {
    signal: controller.signal,
    timedOut: () => expired,
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}
