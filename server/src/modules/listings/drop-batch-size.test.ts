import { describe, expect, it } from 'vitest';
import { DROP_BATCH, nextDropBatchSize } from './drop-batch-size.ts';

describe('the price drop\'s batch size', () => {
  it('doubles while batches stay under half the 20 ms budget, up to its maximum', () => {
    const sizes: number[] = [DROP_BATCH.start];
    for (let k = 0; k < 5; k++) sizes.push(nextDropBatchSize(sizes[sizes.length - 1], 5));
    expect(sizes).toEqual([250, 500, 1000, 2000, 2000, 2000]);
  });

  it('halves when a batch held the event loop longer than the budget, never under its minimum', () => {
    expect(nextDropBatchSize(2000, 80)).toBe(1000);
    expect(nextDropBatchSize(1000, 21)).toBe(500);
    expect(nextDropBatchSize(250, 130)).toBe(125);
    const sizes: number[] = [250];
    for (let k = 0; k < 6; k++) sizes.push(nextDropBatchSize(sizes[sizes.length - 1], 60));
    expect(sizes).toEqual([250, 125, 62, 31, 25, 25, 25]);
  });

  it('keeps its size between half the budget and the budget', () => {
    expect(nextDropBatchSize(1000, 10)).toBe(1000);
    expect(nextDropBatchSize(1000, 20)).toBe(1000);
  });
});
