import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

// A sale whose item had no purchase cost has no margin (cost and margin null), instead of a margin made of the whole
// sale price; the seller can enter the cost afterwards, on the order or on the item, and 0 is a real cost (a gift).
// The analytics margin sums only sales with a known cost and counts the others; revenue counts every sale. Runs on
// SQLite, and on PostgreSQL when DATABASE_URL is set (the helpers pick the database).

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const inject = (method: string, url: string, body?: unknown) =>
  t!.app.inject({ method: method as 'GET', url, ...(body === undefined ? {} : json(body)) });
const ok = async (method: string, url: string, body?: unknown, status = 200) => {
  const res = await inject(method, url, body);
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
};
const listed = async (body: Record<string, unknown> = {}) => (await ok('POST', '/listings', { title: 'Veste en jean', price: 30, status: 'listed', ...body }, 201)).id as string;
const sell = async (itemId: string, body: Record<string, unknown> = {}) =>
  (await ok('POST', '/orders', { item_id: itemId, sale_price: 30, fees: 3, sold_at: '2025-06-10T10:00:00Z', ...body }, 201)).order;

describe('an order whose purchase cost is unknown', () => {
  it('has no margin until the cost is entered on the order; 0 is a known cost; null makes it unknown again', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const unknown = await sell(await listed());
    expect(unknown).toMatchObject({ sale_price: 30, fees: 3, cost: null, margin: null });
    expect(await ok('GET', `/orders/${unknown.id}`)).toMatchObject({ cost: null, margin: null });

    // Entered afterwards on the order: the margin appears (30 − 15 − 3).
    expect(await ok('PATCH', `/orders/${unknown.id}`, { cost: 15 })).toMatchObject({ cost: 15, margin: 12 });
    // A gift: a cost of 0 is known, the margin is the sale less its fees.
    expect(await ok('PATCH', `/orders/${unknown.id}`, { cost: 0 })).toMatchObject({ cost: 0, margin: 27 });
    expect(await ok('PATCH', `/orders/${unknown.id}`, { cost: null })).toMatchObject({ cost: null, margin: null });
    const bad = await inject('PATCH', `/orders/${unknown.id}`, { cost: -1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues.map((i: { path: string; code: string }) => `${i.path}:${i.code}`)).toContain('cost:negative_amount');

    // An item whose purchase cost was 0 sells with a known cost of 0.
    const gift = await sell(await listed({ purchase_cost: 0 }), { fees: 1.5 });
    expect(gift).toMatchObject({ cost: 0, margin: 28.5 });

    // The CSV export leaves an unknown cost and margin empty rather than writing 0.
    const csv = (await inject('GET', '/orders/export.csv')).body.trim().split('\n').map((l) => l.split(','));
    const col = (name: string) => csv[0].indexOf(name);
    const rowOf = (id: string) => csv.find((r) => r[col('order_id')] === id)!;
    expect([rowOf(unknown.id)[col('cost')], rowOf(unknown.id)[col('margin')]]).toEqual(['', '']);
    expect([rowOf(gift.id)[col('cost')], rowOf(gift.id)[col('margin')]]).toEqual(['0.00', '28.50']);
  });

  it('every way an item becomes sold without a cost records it unknown; a cost entered on the item later fills it, never overwrites a known one', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const byButton = await listed();
    const button = (await ok('POST', `/listings/${byButton}/sold`, { sold_price: 25 })).order;
    expect(button).toMatchObject({ cost: null, margin: null });
    const byEdit = await listed();
    await ok('PATCH', `/listings/${byEdit}`, { status: 'sold', sold_price: 20 });
    const edit = (await ok('GET', '/orders?limit=50')).orders.find((o: { item_id: string }) => o.item_id === byEdit);
    expect(edit).toMatchObject({ sale_price: 20, cost: null, margin: null });

    // The seller enters the cost on the item's page afterwards: the standing order takes it.
    await ok('PATCH', `/listings/${byEdit}`, { purchase_cost: 8 });
    expect(await ok('GET', `/orders/${edit.id}`)).toMatchObject({ cost: 8, margin: 12 });
    // A cost the order already knows is the sale's: a later edit of the item does not move that margin.
    await ok('PATCH', `/listings/${byEdit}`, { purchase_cost: 11 });
    expect(await ok('GET', `/orders/${edit.id}`)).toMatchObject({ cost: 8, margin: 12 });
  });
});

describe('analytics margins with unknown costs', () => {
  it('sum the margin of sales with a known cost only, count the others, and keep every sale in the revenue', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    // Known 10 (margin 30 − 10 − 3 = 17), known 0 (27), and two unknown (whose price must not count as margin).
    await sell(await listed({ purchase_cost: 10 }));
    await sell(await listed({ purchase_cost: 0 }));
    const u1 = await sell(await listed(), { sale_price: 40, fees: 0, packaging_cost: 1 });
    await sell(await listed(), { sale_price: 22, fees: 0 });
    // A cancelled sale without a cost is out of every figure, the count included.
    const cancelled = await sell(await listed(), { sale_price: 50, fees: 0 });
    await ok('PATCH', `/orders/${cancelled.id}`, { status: 'cancelled' });

    const q = '/analytics/summary?period=month&from=2025-06-01&to=2025-06-30';
    const s = await ok('GET', q);
    expect(s.totals).toEqual({ sales: 4, revenue: 122, cost_of_goods: 10, expenses: 7, margin: 44, margin_unknown_count: 2 });
    expect(s.buckets.find((b: { start: string }) => b.start === '2025-06-01')).toMatchObject({ margin: 44, margin_unknown_count: 2 });

    // The cost entered on one of them: it joins the margin (40 − 12 − 1 = 27) and leaves the count.
    await ok('PATCH', `/orders/${u1.id}`, { cost: 12 });
    expect((await ok('GET', q)).totals).toEqual({ sales: 4, revenue: 122, cost_of_goods: 22, expenses: 7, margin: 71, margin_unknown_count: 1 });
  });
});
