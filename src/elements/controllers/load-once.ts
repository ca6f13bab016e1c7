/**
 * The lazy chunks' loader (the SDK, the call view, single-tab, background tabs, ...): the chunk is
 * asked for once and its promise kept; a failed load is forgotten, so the next need tries again
 * (a network blip must not leave the page without it). Lit-free: the boot module uses it.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= load().catch((err: unknown) => {
      pending = undefined;
      throw err;
    }));
}
