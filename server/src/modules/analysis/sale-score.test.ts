import { describe, expect, it } from 'vitest';
import { saleScore, type SaleScoreInput } from './sale-score.ts';

const base: SaleScoreInput = {
  brandTier: 'premium', brandKnown: true, priceCents: 3290, referenceCents: 3290, condition: 'very_good', category: 'jumper',
  month: 11, photoQualities: [80, 90, 85], photoCount: 3,
};

describe('sale score', () => {
  it('adds six factors a seller can read, within 0–100', () => {
    const s = saleScore(base);
    expect(s.breakdown.map((f) => f.factor)).toEqual(['brand', 'price', 'condition', 'season', 'photo_quality', 'photo_count']);
    expect(s.breakdown.reduce((a, f) => a + f.max, 0)).toBe(100);
    expect(s.score).toBe(s.breakdown.reduce((a, f) => a + f.points, 0));
    for (const f of s.breakdown) {
      expect(f.points).toBeGreaterThanOrEqual(0);
      expect(f.points).toBeLessThanOrEqual(f.max);
      expect(f.detail.length).toBeGreaterThan(0);
    }
  });

  it('rewards a better brand, a fair price, a better condition and more and better photos', () => {
    const s = (p: Partial<SaleScoreInput>) => saleScore({ ...base, ...p }).score;
    expect(s({ brandTier: 'luxury' })).toBeGreaterThan(s({ brandTier: 'fast_fashion' }));
    expect(s({ brandTier: null, brandKnown: false })).toBeLessThan(s({ brandTier: 'mid' }));
    expect(s({ priceCents: 2500 })).toBeGreaterThan(s({ priceCents: 4900 }));
    expect(s({ priceCents: 9900 })).toBeLessThan(s({ priceCents: 4900 }));
    expect(s({ condition: 'new_with_tags' })).toBeGreaterThan(s({ condition: 'satisfactory' }));
    expect(s({ photoCount: 1 })).toBeLessThan(s({ photoCount: 3 }));
    expect(s({ photoCount: 6 })).toBeGreaterThan(s({ photoCount: 3 }));
    expect(s({ photoQualities: [30, 40] })).toBeLessThan(s({ photoQualities: [95, 95] }));
  });

  it('follows the season: a coat sells in November, shorts in June', () => {
    const season = (category: string, month: number) => saleScore({ ...base, category, month }).breakdown.find((f) => f.factor === 'season')!;
    expect(season('coat', 11).points).toBeGreaterThan(season('coat', 6).points);
    expect(season('shorts', 6).points).toBeGreaterThan(season('shorts', 11).points);
    expect(season('jeans', 1).points).toBe(season('jeans', 7).points);
    expect(season('coat', 11).detail).toContain("d'hiver");
  });
});
