import { describe, expect, it } from 'vitest';
import { nextBatchSize, STREAM_TURN, turnSizedPages } from './turn-sized-batches.ts';

// A keyset source over 0..n-1: each page is the rows after `after`, as a database keyset read answers them.
const source = (n: number, sizes: number[] = []) => async (size: number, after: number | null) => {
  sizes.push(size);
  const from = after === null ? 0 : after + 1;
  const rows = Array.from({ length: Math.max(0, Math.min(size, n - from)) }, (_, i) => from + i);
  return { rows, last: rows.at(-1) ?? null };
};

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* the consumer's own work on a batch, holding the event loop */ }
};

describe('turn-sized batches', () => {
  it('reads every row once, in order, whatever the sizes chosen', async () => {
    const seen: number[] = [];
    for await (const batch of turnSizedPages(source(10_007))) seen.push(...batch);
    expect(seen).toEqual(Array.from({ length: 10_007 }, (_, i) => i));
  });

  it('grows batches while they are quick and shrinks them when the consumer holds the loop past the budget', async () => {
    const sizes: number[] = [];
    let slow = false;
    let sizeWhenSlowed = 0;
    let n = 0;
    for await (const batch of turnSizedPages(source(200_000, sizes), { budget: { start: 100, min: 10, max: 5000, budgetMs: 20 } })) {
      n += batch.length;
      if (!slow && batch.length === 5000) { slow = true; sizeWhenSlowed = sizes.length; }
      if (slow) busy(30);
      if (slow && sizes.length > sizeWhenSlowed + 12) break;
    }
    expect(Math.max(...sizes)).toBe(5000); // quick batches doubled up to the bound
    expect(sizes.at(-1)).toBe(10); // 30 ms a batch against a 20 ms budget: halved down to the bound
    expect(n).toBeGreaterThan(0);
  });

  it('lets the event loop turn between batches', async () => {
    let turns = 0;
    const timer = setInterval(() => turns++, 0);
    let batches = 0;
    try {
      for await (const _ of turnSizedPages(source(50, []), { size: 5 })) {
        batches++;
        busy(2);
      }
    } finally {
      clearInterval(timer);
    }
    expect(batches).toBe(10);
    expect(turns).toBeGreaterThanOrEqual(5); // a timer ran between the batches, not only after the last one
  });

  it('keeps a fixed size when the caller asks for exact pages', async () => {
    const sizes: number[] = [];
    for await (const batch of turnSizedPages(source(95, sizes), { size: 10 })) expect(batch.length).toBeLessThanOrEqual(10);
    expect(new Set(sizes)).toEqual(new Set([10]));
  });

  it('sizes by the budget: doubles under half, keeps within, halves above', () => {
    expect(nextBatchSize(100, 5, STREAM_TURN)).toBe(200);
    expect(nextBatchSize(100, 15, STREAM_TURN)).toBe(100);
    expect(nextBatchSize(100, 45, STREAM_TURN)).toBe(50);
    expect(nextBatchSize(STREAM_TURN.max, 1, STREAM_TURN)).toBe(STREAM_TURN.max);
    expect(nextBatchSize(STREAM_TURN.min, 500, STREAM_TURN)).toBe(STREAM_TURN.min);
  });
});
