/**
 * A job's progress writer that applies its calls in the order they were made. Handlers that work on several things at
 * once (a studio batch renders a few photos in parallel) report progress from each of them without waiting for one
 * another; on PostgreSQL those UPDATEs travel on different pool connections, so an earlier "3 of 4" could commit after
 * "4 of 4" and a finished job would show 3 of 4 for ever. Each write waits for the one before it (a failed write does
 * not stop the next ones; its caller still sees the failure).
 */
export function orderedProgress(write: (progress: Record<string, unknown>) => Promise<void>) {
  let last: Promise<void> = Promise.resolve();
  return (progress: Record<string, unknown>): Promise<void> => {
    const next = last.then(() => write(progress));
    last = next.catch(() => {});
    return next;
  };
}
