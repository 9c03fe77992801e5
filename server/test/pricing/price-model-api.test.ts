import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_RULES, suggestPrice } from '../../src/modules/pricing/index.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { devPhotos, postPhotos } from '../ingest/ingest-helpers.ts';
import { syntheticSales } from './synthetic-sales.ts';

// Issue 18 point 6 through the app: the seller's sales are recorded as a seller records them (an item, then "sold"),
// the model is trained from /pricing/model/train, and the next analysed item is priced by it, saying so.
const ENV = { PRICE_DROP_CRON: 'off', PURGE_CRON: 'off', PRICE_MODEL_CRON: 'off' };
const table = (s: { category: string | null; brand: string | null; condition: string | null }) =>
  suggestPrice({ category: s.category, brand: s.brand, condition: s.condition as never }).factors.raw_target_cents;

let apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.reverse()) await a.close();
  apps = [];
});

async function sell(t: TestApp, count: number, seed: number) {
  for (const s of syntheticSales({ count, tablePrice: table, seed, timeless: true })) {
    const created = await t.app.inject({
      method: 'POST', url: '/listings',
      payload: { title: `${s.category} ${s.brand ?? ''} ${s.size}`, category: s.category, brand: s.brand, condition: s.condition, size: s.size, colors: s.colors, price: s.salePriceCents / 100, status: 'listed' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const sold = await t.app.inject({ method: 'POST', url: `/listings/${created.json().id}/sold`, payload: { sold_price: s.salePriceCents / 100 } });
    expect(sold.statusCode, sold.body).toBe(200);
  }
}

describe('/pricing/model', () => {
  it('waits for 50 sales, then learns the seller\'s prices, prices the next item with them and keeps them across a restart', async () => {
    const t = await createTestApp(ENV, { keepData: true });
    apps.push(t);
    const empty = (await t.app.inject({ method: 'GET', url: '/pricing/model' })).json();
    expect(empty).toEqual({ min_sales: 50, sales_available: 0, in_use: false, last_run: null });

    await sell(t, 30, 11);
    const early = await t.app.inject({ method: 'POST', url: '/pricing/model/train', payload: {} });
    expect(early.statusCode, early.body).toBe(200);
    expect(early.json()).toMatchObject({ sales_available: 30, in_use: false, last_run: { sales: 30, used: false, reason: 'too_few_sales', model_error: null, trigger: 'seller' } });

    await sell(t, 170, 12);
    const trained = (await t.app.inject({ method: 'POST', url: '/pricing/model/train', payload: {} })).json();
    expect(trained).toMatchObject({ sales_available: 200, in_use: true, last_run: { sales: 200, train_sales: 160, test_sales: 40, used: true, reason: 'beats_rules' } });
    expect(trained.last_run.model_error).toBeLessThan(trained.last_run.rules_error);

    // A Levi's jean: the seller's sales say Levi's and jeans sell well above the table.
    const hints = { brand: "Levi's", category: 'jeans', condition: 'very_good', size: 'M', save: 'false' };
    const analysed = await postPhotos(t, devPhotos('pants', 2).map((file) => ({ file })), hints);
    expect(analysed.statusCode, analysed.body).toBe(200);
    const suggestion = analysed.json().price_suggestion;
    const byTable = suggestPrice({ category: 'jeans', brand: "Levi's", condition: 'very_good' }, DEFAULT_PRICE_RULES);
    expect(suggestion.target).toBeGreaterThan((byTable.target_cents / 100) * 1.2);
    expect(suggestion.justification).toContain('Prix appris sur vos 200 ventes');
    expect(suggestion.justification).toContain('le barème seul de');

    // The model in use is read back at start-up: a restart does not fall back to the table until tonight.
    const again = await createTestApp(ENV, { dataDir: t.dataDir, pgSchema: t.pgSchema, keepData: true });
    apps.push(again);
    expect((await again.app.inject({ method: 'GET', url: '/pricing/model' })).json()).toMatchObject({ in_use: true, last_run: { sales: 200, used: true } });
  }, 120_000);
});
