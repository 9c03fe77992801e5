// Runs `fn` over `items` with at most `limit` at a time, in order of start. On the first failure it starts nothing
// new, waits for the running ones (so their files can be cleaned up) and rethrows that first failure.
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  let firstError: unknown;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i], i);
      } catch (e) {
        if (!failed) firstError = e;
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed) throw firstError;
  return out;
}

/**
 * Lets the event loop run what is waiting (I/O, timers, other requests) before carrying on. A long job awaits it
 * between batches: awaiting a database call alone does not, because better-sqlite3 answers synchronously and the
 * continuation runs as a microtask, ahead of any I/O.
 */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
