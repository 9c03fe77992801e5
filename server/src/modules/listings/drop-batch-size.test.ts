import { describe, expect, it } from 'vitest';
import { DROP_BATCH, nextDropBatchSize } from './drop-batch-size.ts';

describe('the price drop\'s batch size', () => {
  it('doubles while batches stay well inside the 50 ms budget, up to its maximum', () => {
    const sizes: number[] = [DROP_BATCH.min];
    for (let k = 0; k < 6; k++) sizes.push(nextDropBatchSize(sizes[sizes.length - 1], 10));
    expect(sizes).toEqual([250, 500, 1000, 2000, 2000, 2000, 2000]);
  });

  it('halves when a batch held the event loop longer than the budget, never under its minimum', () => {
    expect(nextDropBatchSize(2000, 80)).toBe(1000);
    expect(nextDropBatchSize(1000, 51)).toBe(500);
    expect(nextDropBatchSize(500, 400)).toBe(250);
    expect(nextDropBatchSize(250, 1500)).toBe(250);
  });

  it('keeps its size between half the budget and the budget', () => {
    expect(nextDropBatchSize(1000, 25)).toBe(1000);
    expect(nextDropBatchSize(1000, 50)).toBe(1000);
  });
});
