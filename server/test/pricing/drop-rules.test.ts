import { describe, expect, it } from 'vitest';
import { effectiveFloor, nextPrice, roundDropped, simulateDrops } from '../../src/modules/pricing/drops/drop-rules.ts';

describe('price-drop arithmetic', () => {
  it('rounds to the cent, or up to …9 cents, or up to …,90 (never a bigger drop than the rate)', () => {
    expect(roundDropped(5000 * 0.95, 'cents')).toBe(4750);
    expect(roundDropped(4512.5, 'cents')).toBe(4513);
    expect(roundDropped(4750, 'ends_9')).toBe(4759);
    expect(roundDropped(4759, 'ends_9')).toBe(4759);
    expect(roundDropped(4750, 'ends_90')).toBe(4790);
    expect(roundDropped(4790, 'ends_90')).toBe(4790);
    // 0.95 × 5000 is 4749.999… in floating point: the charm rounding must still see 47.50 €.
    expect(roundDropped(5000 * (1 - 0.05), 'ends_90')).toBe(4790);
    expect(roundDropped(4800 * (1 - 0.0020833333), 'ends_90')).toBe(4790);
  });

  it('floors at the item floor, else the suggestion minimum, never under the seller minimum nor 1 €', () => {
    expect(effectiveFloor(3000, 2000, 100, 'min_floor')).toBe(3000);
    expect(effectiveFloor(null, 2000, 100, 'min_floor')).toBe(2000);
    expect(effectiveFloor(null, null, 100, 'min_floor')).toBe(100);
    expect(effectiveFloor(null, null, 500, 'min_floor')).toBe(500);
    expect(effectiveFloor(50, null, 0, 'min_floor')).toBe(100);
    expect(effectiveFloor(null, null, 100, 'skip')).toBeNull();
  });

  it('drops by the rate and clamps at the floor without ever raising a price', () => {
    expect(nextPrice(5000, 0.05, 3000, 'cents')).toEqual({ price: 4750, changed: true, atFloor: false, heldByRounding: false });
    expect(nextPrice(3100, 0.05, 3000, 'cents')).toEqual({ price: 3000, changed: true, atFloor: true, heldByRounding: false });
    expect(nextPrice(3000, 0.05, 3000, 'cents')).toEqual({ price: 3000, changed: false, atFloor: true, heldByRounding: false });
    expect(nextPrice(2500, 0.05, 3000, 'cents')).toEqual({ price: 2500, changed: false, atFloor: true, heldByRounding: false });
    expect(nextPrice(100, 0.05, 100, 'ends_90')).toEqual({ price: 100, changed: false, atFloor: true, heldByRounding: false });
  });

  it('simulates a trajectory with the true percentage on the day the floor clamps', () => {
    const t = simulateDrops(5000, 4500, 0.05, 4, 'cents');
    expect(t).toEqual([
      { day: 0, price: 50, drop_percentage: 0, at_floor: false, held_by_rounding: false },
      { day: 1, price: 47.5, drop_percentage: 5, at_floor: false, held_by_rounding: false },
      { day: 2, price: 45.13, drop_percentage: 4.99, at_floor: false, held_by_rounding: false },
      { day: 3, price: 45, drop_percentage: 0.29, at_floor: true, held_by_rounding: false },
      { day: 4, price: 45, drop_percentage: 0, at_floor: true, held_by_rounding: false },
    ]);
  });
});
