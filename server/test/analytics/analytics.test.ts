import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brandKey } from '@vintedbot/catalog';
import { multipartFile } from '../files/multipart.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

// Issue 18, points 3 and 4: every figure of /analytics against an independent computation in plain TypeScript from
// the rows this test wrote through the API (CSV import for items with a past, POST /orders for sales, PATCH for
// costs and drops). Runs on SQLite, and on PostgreSQL when DATABASE_URL is set (the helpers pick the database).

let t: TestApp;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const r2 = (v: number) => Math.round(v * 100) / 100;
const inject = (method: string, url: string, body?: unknown) => t.app.inject({ method: method as 'GET', url, ...(body === undefined ? {} : json(body)) });
const get = async (url: string) => {
  const res = await inject('GET', url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

interface Row { id: string; category: string; brand: string; size: string; price: number; created: number; listed: number; cost: number | null; status: string }
const rows: Row[] = [];
interface Sale { order_id: string; item_id: string; price: number; sold_at: string; fees: number; shipping: number; packaging: number; cost: number | null; open: boolean; platform: string }
const sales: Sale[] = [];
const now = Date.now();
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? null : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

beforeAll(async () => {
  t = await createTestApp({ PRICE_DROP_CRON: 'off' });
  // 24 items: 3 categories, 4 brands, 3 sizes, prices over the bands, created 5 to 400 days ago, listed a day later.
  const cats = ['jumper', 'dress', 'jeans'];
  const brands = ['Zara', 'Levi\'s', 'Sézane', 'Zara'];
  const sizes = ['S', 'M', 'L'];
  const lines = ['titre;categorie;marque;taille;prix;statut;cree_le;mis_en_vente_le'];
  for (let i = 0; i < 24; i++) {
    const created = now - (5 + i * 17) * DAY - i * 3_600_000;
    const r: Row = { id: '', category: cats[i % 3], brand: brands[i % 4], size: sizes[i % 3], price: [8, 15, 35, 70, 120][i % 5] + (i % 3), created, listed: created + DAY, cost: null, status: 'listed' };
    rows.push(r);
    lines.push(`Article ${i};${r.category};${r.brand};${r.size};${r.price};en vente;${iso(r.created)};${iso(r.listed)}`);
  }
  const imp = await t.app.inject({ method: 'POST', url: '/import/csv', ...multipartFile(lines.join('\n')) });
  expect(imp.statusCode, imp.body).toBe(200);
  const items = (await get('/listings?limit=200&sort=created_at')).items as { id: string; title: string }[];
  for (const it of items) rows[Number(it.title.split(' ')[1])].id = it.id;
  // Purchase costs on most items.
  for (const [i, r] of rows.entries()) {
    if (i % 4 === 3) continue;
    r.cost = 2 + (i % 5);
    expect((await inject('PATCH', `/listings/${r.id}`, { purchase_cost: r.cost })).statusCode).toBe(200);
  }
  // A price drop on a few items (now), two of which then sell now.
  for (const i of [1, 4, 7]) {
    rows[i].price -= 1;
    expect((await inject('PATCH', `/listings/${rows[i].id}`, { price: rows[i].price })).statusCode).toBe(200);
  }
  // Sales: items 0..13, sold between their listing and now; items 1 and 4 sold now (after their drop).
  for (let i = 0; i < 14; i++) {
    const r = rows[i];
    const soldAt = i === 1 || i === 4 ? undefined : iso(Math.min(r.listed + (2 + i * 3) * DAY + 7_200_000, now - DAY));
    const body = {
      item_id: r.id, sale_price: r.price - 1, ...(soldAt ? { sold_at: soldAt } : {}), fees: i % 2 ? 0.7 : 0, shipping_cost: i % 5 === 0 ? 3.5 : 0,
      packaging_cost: 0.3, platform: i === 13 ? 'leboncoin' : 'vinted',
    };
    const res = await inject('POST', '/orders', body);
    expect(res.statusCode, res.body).toBe(201);
    const o = res.json().order;
    sales.push({ order_id: o.id, item_id: r.id, price: body.sale_price, sold_at: o.sold_at, fees: body.fees, shipping: body.shipping_cost, packaging: 0.3, cost: r.cost, open: true, platform: body.platform });
    r.status = 'sold';
  }
  // One sale cancelled: the item is back on sale and the sale leaves the figures.
  expect((await inject('PATCH', `/orders/${sales[2].order_id}`, { status: 'cancelled' })).statusCode).toBe(200);
  sales[2].open = false;
  rows[2].status = 'listed';
});
afterAll(async () => t?.close());

describe('analytics (issue 18 point 3)', () => {
  it('summary: revenue, cost of goods, expenses, margin and sales per bucket and against the previous period', async () => {
    for (const period of ['day', 'week', 'month'] as const) {
      const to = iso(now).slice(0, 10);
      const from = iso(now - 200 * DAY).slice(0, 10);
      const s = await get(`/analytics/summary?period=${period}&from=${from}&to=${to}`);
      const inRange = (x: Sale, a: string, b: string) => x.open && x.sold_at.slice(0, 10) >= a && x.sold_at.slice(0, 10) <= b;
      const totals = (xs: Sale[]) => {
        const revenue = xs.reduce((a, x) => a + x.price, 0);
        const cost = xs.reduce((a, x) => a + (x.cost ?? 0), 0);
        const expensesOf = (x: Sale) => x.fees + x.shipping + x.packaging;
        const expenses = xs.reduce((a, x) => a + expensesOf(x), 0);
        // The margin of the sales whose item had a purchase cost; the others (items 3, 7, 11) are counted apart.
        const margin = xs.reduce((a, x) => a + (x.cost === null ? 0 : x.price - x.cost - expensesOf(x)), 0);
        return {
          sales: xs.length, revenue: r2(revenue), cost_of_goods: r2(cost), expenses: r2(expenses), margin: r2(margin),
          margin_unknown_count: xs.filter((x) => x.cost === null).length,
        };
      };
      const cur = sales.filter((x) => inRange(x, from, to));
      expect(s.totals).toEqual(totals(cur));
      const len = (Date.parse(to) - Date.parse(from)) / DAY + 1;
      const pFrom = iso(Date.parse(from) - len * DAY).slice(0, 10);
      const pTo = iso(Date.parse(from) - DAY).slice(0, 10);
      expect(s.previous).toEqual({ from: pFrom, to: pTo, totals: totals(sales.filter((x) => inRange(x, pFrom, pTo))) });
      // Buckets, computed from each sale's day.
      const startOf = (d: string) => {
        if (period === 'day') return d;
        if (period === 'month') return `${d.slice(0, 7)}-01`;
        const ms = Date.parse(`${d}T00:00:00Z`);
        return iso(ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY).slice(0, 10);
      };
      const expected = new Map<string, Sale[]>();
      for (const x of cur) expected.set(startOf(x.sold_at.slice(0, 10)), [...(expected.get(startOf(x.sold_at.slice(0, 10))) ?? []), x]);
      const nonEmpty = s.buckets.filter((b: { sales: number }) => b.sales > 0);
      expect(nonEmpty.map((b: { start: string }) => b.start)).toEqual([...expected.keys()].sort());
      for (const b of nonEmpty) expect(b).toEqual({ start: b.start, ...totals(expected.get(b.start)!) });
      expect(s.buckets[0].start).toBe(startOf(from));
      const prev = totals(sales.filter((x) => inRange(x, pFrom, pTo)));
      expect(s.change.sales).toBe(prev.sales ? Math.round(((cur.length - prev.sales) / prev.sales) * 10_000) / 10_000 : null);
    }
    const bad = await inject('GET', '/analytics/summary?from=2025-05-01&to=2025-04-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].code).toBe('from_after_to');
    expect((await inject('GET', '/analytics/summary?period=year')).statusCode).toBe(400);
  });

  it('sell-through and median days to sell by category, brand, size and price band', async () => {
    const soldAt = new Map(sales.filter((x) => x.open).map((x) => [x.item_id, Date.parse(x.sold_at)]));
    const band = (r: Row, sold: Sale | undefined) => {
      const p = sold ? sold.price : r.price;
      return p >= 100 ? '100+' : p >= 50 ? '50-100' : p >= 20 ? '20-50' : p >= 10 ? '10-20' : '0-10';
    };
    for (const by of ['category', 'brand', 'size', 'price_band'] as const) {
      const key = (r: Row) => (by === 'category' ? r.category : by === 'brand' ? brandKey(r.brand) : by === 'size' ? r.size.toLowerCase()
        : band(r, sales.find((x) => x.open && x.item_id === r.id)));
      const groups = new Map<string, Row[]>();
      for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
      const res = await get(`/analytics/sell-through?by=${by}`);
      const got = new Map(res.groups.map((g: { key: string }) => [g.key, g]));
      expect([...got.keys()].sort()).toEqual([...groups.keys()].sort());
      for (const [k, rs] of groups) {
        const sold = rs.filter((r) => soldAt.has(r.id));
        const m = median(sold.map((r) => (soldAt.get(r.id)! - r.listed) / DAY));
        expect(got.get(k), `${by} ${k}`).toMatchObject({
          listed: rs.length, sold: sold.length, sell_through: Math.round((sold.length / rs.length) * 10_000) / 10_000,
          median_days_to_sell: m === null ? null : Math.round(m * 10) / 10,
        });
      }
    }
  });

  it('stock ageing and the unsold stock at cost and at price', async () => {
    const res = await get('/analytics/stock-ageing');
    const unsold = rows.filter((r) => r.status !== 'sold');
    const edges = [30, 60, 90, 180];
    const bucketOf = (r: Row) => {
      const age = (now - r.created) / DAY;
      const i = edges.findIndex((e) => age <= e);
      return i === -1 ? 4 : i;
    };
    const keys = ['0-30', '31-60', '61-90', '91-180', '180+'];
    expect(res.buckets).toEqual(keys.map((key, i) => {
      const rs = unsold.filter((r) => bucketOf(r) === i);
      return { key, items: rs.length, value_at_cost: r2(rs.reduce((a, r) => a + (r.cost ?? 0), 0)), value_at_price: r2(rs.reduce((a, r) => a + r.price, 0)) };
    }));
    expect(res.unsold).toEqual({
      items: unsold.length, value_at_cost: r2(unsold.reduce((a, r) => a + (r.cost ?? 0), 0)), value_at_price: r2(unsold.reduce((a, r) => a + r.price, 0)),
      without_cost: unsold.filter((r) => r.cost === null).length, without_price: 0,
    });
  });

  it('price drops before sales, price at sale against the first price, sales soon after a drop', async () => {
    const res = await get('/analytics/price-drops?days=7');
    // From the items as the API shows them: their price history and sale.
    const items = (await get('/listings/all?status=sold')) as { sold_at: string; sold_price: number; price_history: { at: string; old_price: number | null; new_price: number }[] }[];
    let withDrop = 0; let drops = 0; let within = 0; let firstSum = 0; let soldSum = 0;
    for (const it of items) {
      const before = it.price_history.filter((h) => h.old_price !== null && h.new_price < h.old_price && h.at <= it.sold_at);
      drops += before.length;
      if (before.length) {
        withDrop++;
        const last = before.map((h) => h.at).sort().at(-1)!;
        if ((Date.parse(it.sold_at) - Date.parse(last)) / DAY <= 7) within++;
      }
      firstSum += it.price_history[0].new_price;
      soldSum += it.sold_price;
    }
    expect(withDrop).toBe(2);
    expect(res).toEqual({
      days: 7, sold: items.length, sold_after_drop: withDrop, drops_before_sale: drops, drops_per_sale: Math.round((drops / items.length) * 1000) / 1000,
      sold_within_days_of_drop: within, first_price_avg: r2(firstSum / items.length), sale_price_avg: r2(soldSum / items.length),
      sale_to_first_ratio: Math.round((soldSum / firstSum) * 10_000) / 10_000,
    });
  });
});

describe('tax-reporting threshold (issue 18 point 4)', () => {
  it("counts the year's standing sales per platform against 30 sales and €2,000, warning from 80 %", async () => {
    const year = new Date(now).getUTCFullYear();
    const res = await get(`/analytics/tax-threshold?year=${year}`);
    const mine = sales.filter((x) => x.open && x.platform === 'vinted' && x.sold_at.startsWith(String(year)));
    const total = r2(mine.reduce((a, x) => a + x.price, 0));
    expect(res).toMatchObject({
      year, platform: 'vinted', sales: mine.length, total, thresholds: { sales: 30, total: 2000 },
      progress: { sales: Math.round((mine.length / 30) * 10_000) / 10_000, total: Math.round((total / 2000) * 10_000) / 10_000 },
      warning: mine.length >= 24 || total >= 1600, reached: mine.length >= 30 || total >= 2000,
    });
    expect(res.notice.fr).toMatch(/pas un conseil fiscal/);
    expect(res.notice.en).toMatch(/not tax advice/);
    // Enough sales to cross 80 % of the count: the warning comes on.
    for (let i = 0; i < 24 - mine.length; i++) {
      const item = (await inject('POST', '/listings', { title: `Vente ${i}`, price: 5, status: 'listed' })).json();
      expect((await inject('POST', '/orders', { item_id: item.id, sale_price: 5 })).statusCode).toBe(201);
    }
    const after = await get(`/analytics/tax-threshold?year=${year}`);
    expect(after).toMatchObject({ sales: 24, warning: true, reached: false });
    expect((await inject('GET', '/analytics/tax-threshold?year=1800')).statusCode).toBe(400);
  });
});
