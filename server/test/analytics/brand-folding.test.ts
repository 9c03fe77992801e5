import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

// One brand, one row: "Sézane", "Sezane" and "SEZANE " (or "Levi's" and "Levi’s") split the seller's sell-through
// into several brands. New writes store a known brand's spelling; rows written before keep theirs (set here straight
// in the table, as an older version left them) and analytics folds them. SQLite, and PostgreSQL with DATABASE_URL.

let t: TestApp;
const inject = (method: string, url: string, body?: unknown) => t.app.inject({ method: method as 'GET', url, ...(body === undefined ? {} : json(body)) });
const DAY = 86_400_000;

async function create(brand: string): Promise<{ id: string; brand: string }> {
  const res = await inject('POST', '/listings', { title: `Article ${brand}`, brand, price: 30, status: 'listed' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp({ PRICE_DROP_CRON: 'off' });
});
afterAll(async () => t?.close());

describe('brands folded', () => {
  it('stores the known spelling of a brand a write gives, and leaves a stored spelling alone when another field changes', async () => {
    expect((await create('SEZANE ')).brand).toBe('Sézane');
    expect((await create('levi’s')).brand).toBe("Levi's");
    expect((await create('Levis')).brand).toBe("Levi's");
    expect((await create('Ma Petite Marque')).brand).toBe('Ma Petite Marque');
    // A known brand within a longer name is the seller's own line, not that brand.
    expect((await create('Lee Cooper')).brand).toBe('Lee Cooper');
    // A line the brand list counts as the brand is a brand of its own on Vinted: kept as written.
    expect((await create('polo ralph lauren')).brand).toBe('polo ralph lauren');
    const item = await create('Ma Petite Marque');
    expect((await inject('PATCH', `/listings/${item.id}`, { brand: 'zara' })).json().brand).toBe('Zara');
    await t.ctx.db.updateTable('items').set({ brand: 'ZARA' }).where('id', '=', item.id).execute();
    expect((await inject('PATCH', `/listings/${item.id}`, { price: 25 })).json().brand).toBe('ZARA');
    for (const id of (await inject('GET', '/listings?limit=200')).json().items.map((i: { id: string }) => i.id)) {
      expect((await inject('DELETE', `/listings/${id}`)).statusCode).toBe(204);
    }
  });

  it('sell-through by brand: one row per brand whatever the stored spellings, with their figures summed', async () => {
    // Spelling as stored, sold or not.
    const stock: [string, boolean][] = [
      ['Sézane', true], ['Sezane', true], ['SEZANE ', false], ["Levi's", true], ['Levi’s', false],
      ['Ma Marque', false], ['MA MARQUE', true], ['Ma Marque', false], ['Zara', false],
    ];
    const days = new Map<string, number[]>();
    for (const [i, [brand, sold]] of stock.entries()) {
      const item = await create('placeholder');
      // Listed 10, 13, 16… days ago: each sale (now) has its own number of days to sell.
      const listedAt = new Date(Date.now() - (10 + 3 * i) * DAY).toISOString();
      await t.ctx.db.updateTable('items').set({ brand, listed_at: listedAt }).where('id', '=', item.id).execute();
      if (!sold) continue;
      const res = await inject('POST', '/orders', { item_id: item.id, sale_price: 25 });
      expect(res.statusCode, res.body).toBe(201);
      const stored = (await inject('GET', `/listings/${item.id}`)).json();
      const key = brand.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/['’]/g, '');
      days.set(key, [...(days.get(key) ?? []), (Date.parse(stored.sold_at) - Date.parse(stored.listed_at)) / DAY]);
    }
    const res = await inject('GET', '/analytics/sell-through?by=brand');
    expect(res.statusCode, res.body).toBe(200);
    const groups = res.json().groups as { key: string; label: string; listed: number; sold: number; sell_through: number; median_days_to_sell: number | null }[];
    // Most items first, then by key.
    const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10;
    expect(groups).toEqual([
      { key: 'ma marque', label: 'Ma Marque', listed: 3, sold: 1, sell_through: 0.3333, median_days_to_sell: mean(days.get('ma marque')!) },
      { key: 'sezane', label: 'Sézane', listed: 3, sold: 2, sell_through: 0.6667, median_days_to_sell: mean(days.get('sezane')!) },
      { key: 'levis', label: "Levi's", listed: 2, sold: 1, sell_through: 0.5, median_days_to_sell: mean(days.get('levis')!) },
      { key: 'zara', label: 'Zara', listed: 1, sold: 0, sell_through: 0, median_days_to_sell: null },
    ]);
  });
});
