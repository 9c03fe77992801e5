import { describe, expect, test } from 'vitest';
import { priceFilter } from './price-filter.ts';

describe('price filters', () => {
  test('an amount as the seller types it, empty as no filter, anything else as not an amount', () => {
    expect(priceFilter('12,50')).toBe(12.5);
    expect(priceFilter('12.5')).toBe(12.5);
    expect(priceFilter(' 8 ')).toBe(8);
    expect(priceFilter('')).toBeUndefined();
    expect(priceFilter('  ')).toBeUndefined();
    // "Prix min : abc" filtered nothing while counting as an active filter.
    expect(priceFilter('abc')).toBeNull();
    expect(priceFilter('12abc')).toBeNull();
    expect(priceFilter('-3')).toBeNull();
  });
});
