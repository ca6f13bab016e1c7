/**
 * Runs tasks one after another per key (a conference), so a double click cannot add the same
 * party twice in one server instance. Keys are forgotten once their queue is empty.
 */
export function createKeyedQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return function run<T>(key: string, task: (waited: boolean) => Promise<T>): Promise<T> {
    const before = tails.get(key);
    const result = (before ?? Promise.resolve()).then(
      () => task(before !== undefined),
      () => task(before !== undefined),
    );
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}
