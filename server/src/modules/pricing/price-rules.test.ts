import { describe, expect, it } from 'vitest';
import { parsePriceRules, PriceRulesError } from './price-rules.ts';
import { suggestPrice } from './price-suggestion.ts';

describe('PRICE_RULES_JSON, one parser for both forms', () => {
  it("reads the seeds' flat form as base prices, French words through the catalogue", () => {
    const rules = parsePriceRules('{"hoodie":25,"t-shirt":10,"jeans":25,"veste":35}');
    expect(rules.basePrices).toEqual({ hoodie: 25, 't-shirt': 10, jeans: 25, jacket: 35 });
    expect(rules.rounding).toBe('psychological');
    // The price suggestion starts from the same table.
    expect(suggestPrice({ category: 'jacket', brand: null, condition: 'good' }, rules).factors.base_cents).toBe(3500);
  });

  it('takes catalogue words in the full form too, and keeps its own numeric keys as rules', () => {
    expect(parsePriceRules('{"base_prices":{"pull":18},"spread":0.2}')).toMatchObject({ basePrices: { jumper: 18 }, spread: 0.2 });
    expect(parsePriceRules('{"spread":0.1}')).toMatchObject({ basePrices: {}, spread: 0.1 });
  });

  it('names what is wrong in either form', () => {
    expect(() => parsePriceRules('{"hoodie":25,"spaceship":10}')).toThrow(/base_prices/);
    expect(() => parsePriceRules('{"hoodie":0}')).toThrow(PriceRulesError);
    expect(() => parsePriceRules('{"hoodie":"25"}')).toThrow(PriceRulesError);
    expect(() => parsePriceRules('[25]')).toThrow(PriceRulesError);
  });
});
