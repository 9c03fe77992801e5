// bench/analytics: every /analytics endpoint through real HTTP on a temporary SQLite database holding 100 k items
// and 50 k orders (one standing order per sold item, the rest cancelled sales of items back on sale), with purchase
// costs and price drops. Prints p50/p95 per endpoint. Target (issue 18): < 50 ms each.
import { sql } from 'kysely';
import { newId } from '../server/src/platform/time.ts';
import { fmt, startBenchApp, summary } from './lib.ts';
import { load, seedItems } from './stats-seed.ts';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 50_000);
const DAY = 86_400_000;

async function sample(url: string, n = 60) {
  for (let i = 0; i < 5; i++) await (await fetch(url)).text(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${url} → ${res.status}: ${body.slice(0, 200)}`);
    times.push(performance.now() - t0);
  }
  return summary(times);
}

const bench = await startBenchApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
const db = bench.ctx.db;
const seeded = await seedItems(db, ITEMS);
const t0 = performance.now();
// Purchase costs on most items, and a drop a few days before the sale on a third of the sold ones.
await sql`update items set purchase_cost_cents = price_cents / 3 where (length(id) + price_cents) % 5 <> 0`.execute(db);
const sold = await db.selectFrom('items').select(['id', 'sold_at', 'sold_price_cents', 'price_cents', 'purchase_cost_cents']).where('status', '=', 'sold').execute();
const listed = await db.selectFrom('items').select(['id', 'price_cents', 'created_at']).where('status', '=', 'listed').execute();
const now = new Date().toISOString();
const orders: Record<string, unknown>[] = [];
for (const [i, s] of sold.entries()) {
  if (orders.length >= ORDERS) break;
  orders.push({
    id: newId(), item_id: s.id, status: ['sold', 'shipped', 'delivered', 'completed'][i % 4], platform: i % 10 ? 'vinted' : 'leboncoin', source: 'seller', external_id: null,
    sale_price_cents: s.sold_price_cents ?? 0, fees_cents: i % 3 ? 0 : 70, shipping_cents: 0, packaging_cents: 30, cost_cents: s.purchase_cost_cents ?? 0,
    cost_known: s.purchase_cost_cents === null ? 0 : 1,
    buyer_name: `buyer${i}`, carrier: null, tracking_number: null, sold_at: s.sold_at!, shipped_at: null, delivered_at: null, completed_at: null, closed_at: null,
    created_at: now, updated_at: now,
  });
}
for (const [i, l] of listed.entries()) {
  if (orders.length >= ORDERS) break;
  const at = new Date(Date.parse(l.created_at) + 5 * DAY).toISOString();
  orders.push({
    id: newId(), item_id: l.id, status: i % 2 ? 'cancelled' : 'returned', platform: 'vinted', source: 'seller', external_id: null,
    sale_price_cents: l.price_cents ?? 0, fees_cents: 0, shipping_cents: 0, packaging_cents: 0, cost_cents: 0, buyer_name: null, carrier: null,
    tracking_number: null, sold_at: at, shipped_at: null, delivered_at: null, completed_at: null, closed_at: at, created_at: now, updated_at: now,
  });
}
const drops = sold.filter((_, i) => i % 3 === 0).map((s) => ({
  item_id: s.id, at: new Date(Date.parse(s.sold_at!) - 3 * DAY).toISOString(), old_price_cents: (s.price_cents ?? 0) + 200,
  new_price_cents: s.price_cents ?? 0, reason: 'auto_drop', rule: null,
}));
await db.transaction().execute(async (t) => {
  const o = t.withTables<{ orders: Record<string, unknown> }>();
  for (let i = 0; i < orders.length; i += 500) await o.insertInto('orders').values(orders.slice(i, i + 500)).execute();
  for (let i = 0; i < drops.length; i += 1000) await t.insertInto('price_history').values(drops.slice(i, i + 1000)).execute();
});
await sql`analyze`.execute(db);
console.log(`\n== ${ITEMS.toLocaleString('en')} items, ${orders.length.toLocaleString('en')} orders, ${drops.length.toLocaleString('en')} drops (${bench.ctx.database.dialect}; items seeded in ${seeded.toFixed(1)} s, orders in ${((performance.now() - t0) / 1000).toFixed(1)} s) [load ${load()}]`);

const year = new Date().getUTCFullYear();
const endpoints = [
  '/analytics/summary?period=day',
  '/analytics/summary?period=week',
  '/analytics/summary?period=month',
  `/analytics/summary?period=month&from=${year - 2}-01-01`,
  '/analytics/sell-through?by=category',
  '/analytics/sell-through?by=brand',
  '/analytics/sell-through?by=size',
  '/analytics/sell-through?by=price_band',
  '/analytics/stock-ageing',
  '/analytics/price-drops?days=7',
  `/analytics/tax-threshold?year=${year}`,
];
let worst = 0;
for (const url of endpoints) {
  const s = await sample(`${bench.base}${url}`);
  worst = Math.max(worst, s.p95);
  console.log(`GET ${url.padEnd(48)} p50 ${fmt(s.p50)}, p95 ${fmt(s.p95)}`);
}
console.log(`worst p95 ${fmt(worst)} (target < 50 ms)`);
await bench.close();
