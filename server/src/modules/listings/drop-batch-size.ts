import { nextBatchSize } from '../../platform/turn-sized-batches.ts';

// How many items the next batch of the nightly price drop takes. A batch is one transaction on the event loop (its
// UPDATE, its history INSERT and its commit run synchronously on SQLite), so its size trades the run's speed against
// how long the server waits: at a million items a batch of 2,000 dropped 1.8× more items a second than batches of
// 250 (fewer commits, each writing index pages several items share), but on a loaded machine it held the event loop
// for over a second. The size follows the time each batch really took: it doubles while a batch stays well inside
// the budget (issue 23 point 5: no more than 50 ms at a time) and halves when one goes over, between the bounds.

export const DROP_BATCH = { min: 250, max: 2000, budgetMs: 50 } as const;

/** The size of the batch after one of `size` items that held the event loop `tookMs` (the streamed reads' rule, platform/turn-sized-batches.ts). */
export function nextDropBatchSize(size: number, tookMs: number, bounds: { min: number; max: number; budgetMs: number } = DROP_BATCH): number {
  return nextBatchSize(size, tookMs, { start: bounds.min, ...bounds });
}
