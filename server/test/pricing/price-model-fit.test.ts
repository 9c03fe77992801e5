import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_RULES, suggestPrice } from '../../src/modules/pricing/index.ts';
import { LearnedPricer } from '../../src/modules/pricing/model/learned-pricer.ts';
import { fitPriceModel } from '../../src/modules/pricing/model/price-model-fit.ts';
import { psychologicalRound } from '../../src/modules/pricing/price-suggestion.ts';
import { syntheticSales } from './synthetic-sales.ts';

// Issue 18 point 6: a model learned from the seller's sales is used only when it beats the price table on the newest
// sales. Synthetic sales whose true prices follow known rules plus noise say when it should and should not.
const table = (s: { category: string | null; brand: string | null; condition: string | null }) =>
  suggestPrice({ category: s.category, brand: s.brand, condition: s.condition as never }).factors.raw_target_cents;

describe('the price model learned from the seller\'s sales', () => {
  it('beats the table on a market that differs from it, and is kept', async () => {
    const out = await fitPriceModel(syntheticSales({ count: 400, tablePrice: table, seed: 3 }), DEFAULT_PRICE_RULES, psychologicalRound);
    expect(out).toMatchObject({ sales: 400, trainSales: 320, testSales: 80, used: true, reason: 'beats_rules' });
    expect(out.modelMaeCents!).toBeLessThan(out.rulesMaeCents! * 0.85);
    expect(out.model!.vocabulary).toContain("brand:levi's");
  });

  it('is not preferred on a market that follows the table, and says so', async () => {
    const out = await fitPriceModel(syntheticSales({ count: 400, world: 'rules', tablePrice: table, seed: 3 }), DEFAULT_PRICE_RULES, psychologicalRound);
    expect(out).toMatchObject({ used: false, reason: 'rules_better', model: null });
    expect(out.modelMaeCents).not.toBeNull();
  });

  it('waits for 50 sales', async () => {
    const out = await fitPriceModel(syntheticSales({ count: 49, tablePrice: table }), DEFAULT_PRICE_RULES, psychologicalRound);
    expect(out).toMatchObject({ sales: 49, used: false, reason: 'too_few_sales', modelMaeCents: null, model: null });
  });

  it('judges on the newest sales, whatever order they arrive in', async () => {
    const sales = syntheticSales({ count: 200, tablePrice: table, seed: 5 });
    const a = await fitPriceModel(sales, DEFAULT_PRICE_RULES, psychologicalRound);
    const b = await fitPriceModel([...sales].reverse(), DEFAULT_PRICE_RULES, psychologicalRound);
    expect(b).toEqual(a);
  });

  it('prices a Levi\'s jean above the table and a H&M t-shirt below it, naming the effects and its error', async () => {
    const out = await fitPriceModel(syntheticSales({ count: 600, tablePrice: table, seed: 9 }), DEFAULT_PRICE_RULES, psychologicalRound);
    const pricer = new LearnedPricer(out.model!, { sales: out.sales, modelMaeCents: out.modelMaeCents!, rulesMaeCents: out.rulesMaeCents!, trainedAt: '2026-12-06T00:00:00Z' });
    const jeans = { category: 'jeans', brand: "Levi's", condition: 'very_good' as const, size: 'M', colors: ['blue'], photoCount: 4, month: 4 };
    const tee = { category: 't-shirt', brand: 'H&M', condition: 'very_good' as const, size: 'M', colors: ['white'], photoCount: 4, month: 4 };
    const learnt = suggestPrice(jeans, DEFAULT_PRICE_RULES, pricer);
    const rules = suggestPrice(jeans, DEFAULT_PRICE_RULES);
    expect(learnt.target_cents).toBeGreaterThan(rules.target_cents * 1.3);
    expect(suggestPrice(tee, DEFAULT_PRICE_RULES, pricer).target_cents).toBeLessThan(suggestPrice(tee, DEFAULT_PRICE_RULES).target_cents);
    expect(learnt.min_cents).toBeLessThanOrEqual(learnt.target_cents);
    expect(learnt.max_cents).toBeGreaterThanOrEqual(learnt.target_cents);
    expect(learnt.factors.source).toBe('seller_model');
    expect(learnt.justification).toContain('Prix appris sur vos 600 ventes');
    expect(learnt.justification).toMatch(/levi's ×1,[3-6]\d/);
    expect(learnt.justification).toContain(`de ${(out.modelMaeCents! / 100).toFixed(2).replace('.', ',')} €`);
    expect(rules.factors.source).toBe('rules');
  });
});
