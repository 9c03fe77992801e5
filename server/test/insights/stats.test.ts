import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const DAY = 86_400_000;
const stats = async (app: TestApp) => {
  const res = await app.app.inject({ method: 'GET', url: '/stats' });
  expect(res.statusCode).toBe(200);
  return res.json();
};
const post = async (app: TestApp, body: Record<string, unknown>) => {
  const res = await app.app.inject({ method: 'POST', url: '/listings', ...json(body) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
};
const patch = async (app: TestApp, id: string, body: Record<string, unknown>) => {
  const res = await app.app.inject({ method: 'PATCH', url: `/listings/${id}`, ...json(body) });
  expect(res.statusCode, res.body).toBe(200);
};

interface Item { price: number | null; brand: string | null; status: string; possible_duplicate: boolean; sold_price: number | null; listed_at: string | null; sold_at: string | null; created_at: string; price_history: { reason: string; at: string }[] }

/** The same numbers computed the slow way, from the items themselves, to check the counters against. */
function reference(items: Item[], now: number) {
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const priced = items.filter((i) => i.price !== null);
  const total = priced.reduce((s, i) => s + Math.round(i.price! * 100), 0);
  const brands = new Map<string, { label: string; n: number }>();
  for (const i of items) {
    if (!i.brand) continue;
    const k = i.brand.toLowerCase();
    brands.set(k, { label: brands.get(k)?.label ?? i.brand, n: (brands.get(k)?.n ?? 0) + 1 });
  }
  const by = (s: string) => items.filter((i) => i.status === s);
  const sold = by('sold');
  const sells = sold.filter((i) => i.listed_at && i.sold_at);
  const since = new Date(now - 29 * DAY).toISOString().slice(0, 10);
  return {
    total_items: items.length,
    total_value: r2(total / 100),
    avg_price: priced.length ? r2(total / priced.length / 100) : 0,
    top_counts: [...brands.values()].map((b) => b.n).sort((a, b) => b - a).slice(0, 5),
    duplicates_detected: items.filter((i) => i.possible_duplicate).length,
    avg_days_since_creation: items.length ? Math.round((items.reduce((s, i) => s + (now - Date.parse(i.created_at)), 0) / items.length / DAY) * 10) / 10 : 0,
    by_status: { draft: by('draft').length, listed: by('listed').length, sold: sold.length, archived: by('archived').length },
    listed_value: r2(by('listed').reduce((s, i) => s + (i.price ?? 0) * 100, 0) / 100),
    // The dashboard's "stock value": what is still to sell (a sold or archived item is not stock).
    stock_value: r2([...by('listed'), ...by('draft')].reduce((s, i) => s + (i.price ?? 0) * 100, 0) / 100),
    sold_count: sold.length,
    revenue: r2(sold.reduce((s, i) => s + (i.sold_price ?? 0) * 100, 0) / 100),
    sell_through: sold.length + by('listed').length ? Math.round((sold.length / (sold.length + by('listed').length)) * 1e4) / 1e4 : null,
    avg_days_to_sell: sells.length ? Math.round((sells.reduce((s, i) => s + Date.parse(i.sold_at!) - Date.parse(i.listed_at!), 0) / sells.length / DAY) * 10) / 10 : null,
    price_drops_30d: items.flatMap((i) => i.price_history).filter((h) => h.reason === 'automatic_drop' && h.at.slice(0, 10) >= since).length,
  };
}

async function expectConsistent(app: TestApp) {
  const items: Item[] = (await app.app.inject({ method: 'GET', url: '/listings/all' })).json();
  const s = await stats(app);
  const ref = reference(items, Date.now());
  const { top_counts, avg_days_since_creation, ...rest } = ref;
  expect(s).toMatchObject(rest);
  expect(s.avg_days_since_creation).toBeCloseTo(avg_days_since_creation, 0);
  expect(s.top_brand_counts.map((b: { count: number }) => b.count)).toEqual(top_counts);
  // The seeds' shape: the names alone, in the same order.
  expect(s.top_brands).toEqual(s.top_brand_counts.map((b: { brand: string }) => b.brand));
  return s;
}

describe('GET /stats', () => {
  it('answers zeros on an empty stock, with the seed fields', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    expect(await stats(t)).toEqual({
      total_items: 0, total_value: 0, avg_price: 0, top_brands: [], top_brand_counts: [], duplicates_detected: 0, avg_days_since_creation: 0,
      by_status: { draft: 0, listed: 0, sold: 0, archived: 0 }, listed_value: 0, stock_value: 0, sold_count: 0, revenue: 0,
      sell_through: null, avg_days_to_sell: null, price_drops_30d: 0,
    });
  });

  it('stays exact through creates, edits, sales, cancellations, deletions and price drops', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const ids: string[] = [];
    const brands = ['Nike', 'nike', 'Zara', 'Levi’s', 'Zara', null, 'Nike', 'H&M'];
    for (let i = 0; i < 16; i++) {
      ids.push((await post(t, { title: `Article ${i}`, brand: brands[i % brands.length], price: i % 5 === 0 ? null : 5 + i * 3.25, status: i % 3 === 0 ? 'draft' : 'listed' })).id);
    }
    // An item listed ten days ago (as an import keeps it), then sold today: ten days to sell.
    const old = await t.ctx.listings.create({ title: 'Veste ancienne', brand: 'Zara', price: 40, status: 'listed' }, { created_at: new Date(Date.now() - 10 * DAY).toISOString() });
    await expectConsistent(t);

    await patch(t, old.id, { status: 'sold', sold_price: 35 });
    await patch(t, ids[1], { status: 'sold', sold_price: 12.5 });
    await patch(t, ids[2], { status: 'sold' });
    await patch(t, ids[2], { status: 'listed' }); // the sale is cancelled
    await patch(t, ids[4], { brand: 'ZARA', price: 99.99 });
    await patch(t, ids[5], { brand: null });
    await patch(t, ids[7], { status: 'archived' });
    await t.app.inject({ method: 'DELETE', url: `/listings/${ids[8]}` });
    // These items have no floor of their own: let them drop to the seller's minimum (they would not by default).
    await t.ctx.priceDrops.settings.update({ without_floor: 'min_floor' });
    await t.ctx.priceDrops.run({ trigger: 'manual' });
    const s = await expectConsistent(t);
    expect(s.avg_days_to_sell).toBeGreaterThan(4); // (10 + 0) / 2 days
    expect(s.price_drops_30d).toBeGreaterThan(0);
  });
});
