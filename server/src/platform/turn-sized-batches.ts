import { yieldToEventLoop } from './concurrency.ts';

// Batches sized by the time they hold the event loop. A long read (the whole stock as JSON, a CSV export, a backup)
// goes a batch at a time and lets the event loop turn between batches; a fixed batch size is either too small on a
// fast machine (many turns, slow export) or too large on a loaded one or a large store (issue 23 point 5: at a
// million items on a busy 2-core machine, batches of 500–1,000 rows held it 100–180 ms). The size follows the time
// each batch really held the loop, from the moment it resumed to the moment it yields again (so the consumer's own
// work on the batch, such as formatting CSV, counts too): it doubles while a batch stays well inside the budget and
// halves when one goes over, between the bounds.

export interface TurnBudget {
  /** The first batch's size. */
  start: number;
  min: number;
  max: number;
  /** How long one batch may hold the event loop, in milliseconds. */
  budgetMs: number;
}

/** Reads of the stock streamed to a client: 20 ms a turn leaves /health well under 100 ms (issue 23 point 5). */
export const STREAM_TURN: TurnBudget = { start: 250, min: 25, max: 2000, budgetMs: 20 };

/** The size of the batch after one of `size` rows that held the event loop `tookMs`. */
export function nextBatchSize(size: number, tookMs: number, b: TurnBudget): number {
  if (tookMs > b.budgetMs) return Math.max(b.min, Math.floor(size / 2));
  if (tookMs < b.budgetMs / 2) return Math.min(b.max, size * 2);
  return Math.max(b.min, Math.min(b.max, size));
}

/**
 * Pages through a keyset-paged source in turn-sized batches: `page(size, after)` reads up to `size` rows after the
 * last row of the previous page (null first) and answers them with the key to carry on from. Each batch is yielded,
 * then the event loop turns before the next read. A fixed `size` (a caller that needs exact pages) turns off the sizing.
 */
export async function* turnSizedPages<T, K>(
  page: (size: number, after: K | null) => Promise<{ rows: T[]; last: K | null }>,
  opts: { budget?: TurnBudget; size?: number } = {},
): AsyncGenerator<T[]> {
  const budget = opts.budget ?? STREAM_TURN;
  let size = opts.size ?? budget.start;
  let after: K | null = null;
  let t0 = performance.now();
  for (;;) {
    const { rows, last } = await page(size, after);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < size || last === null) return;
    after = last;
    if (opts.size === undefined) size = nextBatchSize(size, performance.now() - t0, budget);
    await yieldToEventLoop(); // between batches: the server answers other requests
    t0 = performance.now();
  }
}
