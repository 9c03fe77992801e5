import { nextBatchSize } from '../../platform/turn-sized-batches.ts';

// How many items the next batch of the nightly price drop takes. A batch is one transaction on the event loop (its
// UPDATE, its history INSERT and its commit run synchronously on SQLite), so its size trades the run's speed against
// how long the server waits. The size follows the time each batch really took: it doubles while a batch stays under
// half the budget and halves when one goes over, between the bounds (the streamed reads' rule).
//
// Measured on the 1 M-item bench store, quiet machine (bench/scale-jobs.ts): with a 50 ms budget and at least 250
// items a batch, each batch of 250 already took 60–130 ms, so /health waited up to 540 ms during the run; with a
// 20 ms budget and batches down to 25 items, /health's worst was 96 ms over 5,284 requests, for the same cost per item
// (343 µs wall / 267 µs CPU against 337 / 268): at that size the cost is SQLite moving index pages, not commits.

export const DROP_BATCH = { start: 250, min: 25, max: 2000, budgetMs: 20 } as const;

/** The size of the batch after one of `size` items that held the event loop `tookMs` (platform/turn-sized-batches.ts). */
export function nextDropBatchSize(size: number, tookMs: number): number {
  return nextBatchSize(size, tookMs, DROP_BATCH);
}
