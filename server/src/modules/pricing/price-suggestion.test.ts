import { describe, expect, it } from 'vitest';
import { brandsInText, CATEGORIES, CONDITIONS, findKnownBrand } from '@vintedbot/catalog';
import { parsePriceRules, PriceRulesError } from './price-rules.ts';
import { psychologicalRound, suggestPrice } from './price-suggestion.ts';

describe('brand tiers', () => {
  it('matches whole names only: "lv" is not in "Calvin Klein"', () => {
    expect(findKnownBrand('Calvin Klein')?.name).toBe('Calvin Klein');
    expect(findKnownBrand('Calvin Klein')?.tier).toBe('premium');
    expect(findKnownBrand('LV')?.name).toBe('Louis Vuitton');
    expect(findKnownBrand('Calvinklein')).toBeNull();
    expect(findKnownBrand('Boss')?.name).toBe('Hugo Boss');
    expect(findKnownBrand('Bossini')).toBeNull();
    expect(findKnownBrand('Supremely Soft')).toBeNull();
    expect(findKnownBrand('Diesely')).toBeNull();
  });

  it('takes the longest whole name and ignores case, accents and punctuation', () => {
    expect(findKnownBrand('calvin klein jeans')?.name).toBe('Calvin Klein');
    expect(findKnownBrand('POLO RALPH LAUREN')?.name).toBe('Ralph Lauren');
    expect(findKnownBrand('Hermes')?.name).toBe('Hermès');
    expect(findKnownBrand('levis')?.name).toBe("Levi's");
    expect(findKnownBrand('Carhartt WIP')?.tier).toBe('streetwear');
    expect(findKnownBrand('Carhartt')?.tier).toBe('mid');
    expect(findKnownBrand('Amazon Essentials')).toBeNull();
    expect(findKnownBrand('Fear of God Essentials')?.tier).toBe('streetwear');
  });

  it('finds brands in label text but not common words standing in a sentence', () => {
    expect(brandsInText('RALPH LAUREN\nMADE IN CHINA\n100% COTTON', { allowAmbiguous: false }).map((b) => b.name)).toEqual(['Ralph Lauren']);
    expect(brandsInText('DRY CLEAN ONLY', { allowAmbiguous: false })).toEqual([]);
    expect(brandsInText('hugo boss', { allowAmbiguous: false }).map((b) => b.name)).toEqual(['Hugo Boss']);
  });
});

describe('suggestPrice', () => {
  it('multiplies the category base by the brand tier and the condition, and names each factor', () => {
    const s = suggestPrice({ category: 'jumper', brand: 'Ralph Lauren', condition: 'very_good' });
    expect(s.factors).toMatchObject({ base_cents: 1500, brand_tier: 'premium', brand_multiplier: 2.2, condition_factor: 1, raw_target_cents: 3300 });
    expect(s.target_cents).toBe(3290);
    expect(s.justification).toContain('Pull');
    expect(s.justification).toContain('base 15 €');
    expect(s.justification).toContain('Ralph Lauren (premium) ×2.2');
    expect(s.justification).toContain('Très bon état ×1');
    expect(s.justification).toContain('32.90 €');
  });

  it('prices luxury, streetwear and premium within the field ranges', () => {
    const plain = suggestPrice({ category: 'hoodie', brand: null, condition: 'good' }).factors.raw_target_cents;
    const ratio = (brand: string) => suggestPrice({ category: 'hoodie', brand, condition: 'good' }).factors.raw_target_cents / plain;
    for (const b of ['Ralph Lauren', 'Lacoste', 'Calvin Klein', 'Tommy Hilfiger', 'Hugo Boss', 'Diesel', 'Karl Lagerfeld']) {
      expect(ratio(b)).toBeGreaterThanOrEqual(2);
      expect(ratio(b)).toBeLessThanOrEqual(2.5);
    }
    for (const b of ['Burberry', 'Dior', 'Gucci', 'Louis Vuitton', 'Prada', 'Chanel', 'Hermès']) {
      expect(ratio(b)).toBeGreaterThanOrEqual(3);
      expect(ratio(b)).toBeLessThanOrEqual(5);
    }
    for (const b of ['Fear of God Essentials', 'Supreme', 'Off-White', 'Bape']) {
      expect(ratio(b)).toBeGreaterThanOrEqual(2.5);
      expect(ratio(b)).toBeLessThanOrEqual(3.5);
    }
    expect(ratio('Une marque inconnue')).toBe(1);
  });

  it('keeps 1 € ≤ min ≤ target ≤ max for every category, condition and tier, and ends prices in 9', () => {
    for (const cat of [...CATEGORIES.map((c) => c.key), null]) {
      for (const condition of [...CONDITIONS, null]) {
        for (const brand of [null, 'Shein', 'Zara', 'Nike', 'Ralph Lauren', 'Supreme', 'Hermès']) {
          const s = suggestPrice({ category: cat, brand, condition });
          expect(s.min_cents).toBeGreaterThanOrEqual(100);
          expect(s.min_cents).toBeLessThanOrEqual(s.target_cents);
          expect(s.target_cents).toBeLessThanOrEqual(s.max_cents);
          if (s.target_cents > 100) expect(s.target_cents % 100 === 90 || (s.target_cents / 100) % 10 === 9).toBe(true);
        }
      }
    }
  });

  it('rounds psychologically to …9 € and never below 1 €', () => {
    expect(psychologicalRound(4700)).toBe(4900);
    expect(psychologicalRound(11_800)).toBe(11_900);
    expect(psychologicalRound(3300)).toBe(3290);
    expect(psychologicalRound(730)).toBe(690);
    expect(psychologicalRound(50)).toBe(100);
    expect(psychologicalRound(0)).toBe(100);
    const tiny = suggestPrice({ category: 't-shirt', brand: 'Shein', condition: 'satisfactory' }, parsePriceRules('{"base_prices":{"t-shirt":1}}'));
    expect(tiny.min_cents).toBe(100);
    expect(tiny.target_cents).toBe(100);
    expect(tiny.justification).toContain('plancher');
  });

  it('applies PRICE_RULES_JSON overrides', () => {
    const rules = parsePriceRules(JSON.stringify({
      base_prices: { jumper: 20 }, condition_factors: { good: 0.5 }, tier_multipliers: { premium: 2.5 },
      brands: { 'Maison Perso': { tier: 'premium', multiplier: 3 } }, spread: 0, rounding: 'none',
    }));
    const rl = suggestPrice({ category: 'jumper', brand: 'Ralph Lauren', condition: 'good' }, rules);
    expect(rl.factors).toMatchObject({ base_cents: 2000, brand_multiplier: 2.5, condition_factor: 0.5 });
    expect([rl.min_cents, rl.target_cents, rl.max_cents]).toEqual([2500, 2500, 2500]);
    const own = suggestPrice({ category: 'jumper', brand: 'maison perso', condition: 'very_good' }, rules);
    expect(own.factors.brand_multiplier).toBe(3);
    expect(own.justification).toContain('Maison Perso');
  });

  it('refuses a malformed PRICE_RULES_JSON with the reason', () => {
    expect(() => parsePriceRules('{not json')).toThrow(PriceRulesError);
    expect(() => parsePriceRules('{"base_prices":{"spaceship":10}}')).toThrow(/base_prices/);
    expect(() => parsePriceRules('{"spread":3}')).toThrow(/spread/);
    expect(parsePriceRules('')).toMatchObject({ rounding: 'psychological' });
  });
});
