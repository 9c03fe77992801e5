import { type Kysely, type RawBuilder, sql } from 'kysely';
import { dialectOf } from '../../platform/db/dialect.ts';
import type { Database } from '../../platform/db/schema.ts';
import { ownedBy } from '../../platform/security/owner-scope-plugin.ts';
import { foldBrands } from './brand-groups.ts';

// The figures of /analytics, each one aggregate query the database answers (SQLite and PostgreSQL): sums and counts
// by day, medians with window functions, bands with CASE. Reads the stock (items, price_history: listings') and the
// ledger (orders: orders') in joins, as the table-ownership test's READ_JOINS records; writes nothing.

/** A sale that stands (cancelled and returned ones are taken out of every figure). */
const OPEN = sql.raw(`('sold', 'shipped', 'delivered', 'completed')`);
export const DIMENSIONS = ['category', 'brand', 'size', 'price_band'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
/** Listing-price bands, in cents: [lower bound, key]. */
export const PRICE_BANDS: [number, string][] = [[0, '0-10'], [1000, '10-20'], [2000, '20-50'], [5000, '50-100'], [10000, '100+']];

/** `margin` sums the sales whose purchase cost is known; `margin_unknown` counts the others (left out of it). */
export interface DayRow { day: string; sales: number; revenue: number; cost: number; expenses: number; margin: number; margin_unknown: number }
export interface GroupRow { key: string; label: string; listed: number; sold: number; median_days: number | null }
export interface AgeRow { bucket: number; items: number; cost: number; value: number; without_cost: number; without_price: number }
export interface DropFigures { sold: number; with_drop: number; drops: number; within_days: number; with_first: number; first_sum: number; sold_sum: number }

const n = (v: unknown) => Number(v ?? 0);

/** `key = v` for one value (the index hands its rows over in order), `key in (…)` for a folded group of several. */
const inKeys = (key: RawBuilder<unknown>, values: string[]) =>
  (values.length === 1 ? sql`${key} = ${values[0]}` : sql`${key} in (${sql.join(values)})`);

/** Runs of at most 200 entries and 2,000 parameters (by `weight`); an entry heavier than that goes alone. */
function chunked<T>(list: T[], weight: (t: T) => number): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let w = 0;
  for (const t of list) {
    if (cur.length && (cur.length >= 200 || w + weight(t) > 2000)) {
      out.push(cur);
      cur = [];
      w = 0;
    }
    cur.push(t);
    w += weight(t);
  }
  if (cur.length) out.push(cur);
  return out;
}

export class AnalyticsRepository {
  private readonly pg: boolean;
  constructor(private readonly db: Kysely<Database>) {
    this.pg = dialectOf(db) === 'postgres';
  }

  /** Days from `a` to `b` (ISO 8601 text columns), fractional. */
  private days(a: RawBuilder<unknown>, b: RawBuilder<unknown>) {
    return this.pg
      ? sql`(extract(epoch from (cast(${b} as timestamptz) - cast(${a} as timestamptz))) / 86400.0)`
      : sql`(julianday(${b}) - julianday(${a}))`;
  }

  /**
   * Standing sales per day of sale in [fromIso, toIso): count, revenue, purchase cost, seller's fees/shipping/packaging,
   * and the margin of those whose cost is known (cents), with how many were left out of it (cost unknown: migration
   * 0032; their cost_cents is 0, so a sum over every sale would count their whole price as margin).
   */
  async salesByDay(fromIso: string, toIso: string, platform?: string): Promise<DayRow[]> {
    const rows = await sql<Record<string, unknown>>`
      select substr(sold_at, 1, 10) as day, count(*) as sales, sum(sale_price_cents) as revenue, sum(cost_cents) as cost,
        sum(fees_cents + shipping_cents + packaging_cents) as expenses,
        sum(case when cost_known = 0 then 0 else sale_price_cents - cost_cents - fees_cents - shipping_cents - packaging_cents end) as margin,
        sum(case when cost_known = 0 then 1 else 0 end) as margin_unknown
      from orders where ${ownedBy('orders')} and sold_at >= ${fromIso} and sold_at < ${toIso} and status in ${OPEN}
        ${platform ? sql`and platform = ${platform}` : sql``}
      group by substr(sold_at, 1, 10) order by day`.execute(this.db);
    return rows.rows.map((r) => ({
      day: String(r.day), sales: n(r.sales), revenue: n(r.revenue), cost: n(r.cost), expenses: n(r.expenses), margin: n(r.margin), margin_unknown: n(r.margin_unknown),
    }));
  }

  /** Standing sales per platform in [fromIso, toIso): count and total (cents). */
  async salesByPlatform(fromIso: string, toIso: string): Promise<{ platform: string; sales: number; total: number }[]> {
    const rows = await sql<Record<string, unknown>>`
      select platform, count(*) as sales, sum(sale_price_cents) as total from orders
      where ${ownedBy('orders')} and sold_at >= ${fromIso} and sold_at < ${toIso} and status in ${OPEN} group by platform order by platform`.execute(this.db);
    return rows.rows.map((r) => ({ platform: String(r.platform), sales: n(r.sales), total: n(r.total) }));
  }

  /** The grouping key, written as migration 0010's indexes (status, key, sell_days) are, so each group is read in order. */
  private groupKey(d: Dimension) {
    if (d === 'category') return { key: sql`coalesce(category, '')`, label: sql`coalesce(category, '')` };
    if (d === 'size') return { key: sql`coalesce(lower(size), '')`, label: sql`min(coalesce(size, ''))` };
    // Brands: the stored spelling itself (grouped by too), folded into one group per brand after the query.
    if (d === 'brand') return { key: sql`coalesce(lower(brand), '')`, label: sql`coalesce(brand, '')` };
    const cases = PRICE_BANDS.slice(1).reverse().map(([lo, k]) => sql`when coalesce(sold_price_cents, price_cents) >= ${sql.lit(lo)} then ${sql.lit(k)}`);
    const band = sql`case when coalesce(sold_price_cents, price_cents) is null then '' ${sql.join(cases, sql` `)} else ${sql.lit(PRICE_BANDS[0][1])} end`;
    return { key: band, label: band };
  }

  /**
   * Per value of a dimension, among items put on sale (listed or sold): how many, how many sold, and the median days
   * from listing (creation when never stamped) to sale. The days are stored with the row (`sell_days`, a trigger) and
   * migration 0010 indexes (status, key, sell_days): the counts are one walk of that index, and each group's median
   * is read at its middle position (LIMIT/OFFSET on the index), no window function sorting every sold item.
   * Brands are counted per stored spelling and folded into one group per brand (brand-groups.ts); a group of several
   * keys reads its median over those keys' sold items, sorted (one brand's, not the stock's).
   */
  async sellThrough(d: Dimension): Promise<GroupRow[]> {
    const { key, label } = this.groupKey(d);
    const brand = d === 'brand';
    // Grouped by position: PostgreSQL would not see two copies of the band's CASE as one expression.
    const counts = await sql<Record<string, unknown>>`
      select ${key} as k, ${label} as label, status, count(*) as n, sum(case when sell_days is null then 0 else 1 end) as timed
      from items where ${ownedBy('items')} and status in ('listed', 'sold') group by status, 1${brand ? sql`, brand` : sql``}`.execute(this.db);
    const rows = counts.rows.map((r) => ({ k: String(r.k), label: String(r.label), sold: r.status === 'sold', n: n(r.n), timed: n(r.timed) }));
    const folded = brand ? foldBrands(rows.map((r) => ({ sqlKey: r.k, brand: r.label, items: r.n }))) : null;
    const groups = new Map<string, GroupRow & { timed: number; sqlKeys: string[] }>();
    for (const r of rows) {
      const f = folded?.get(r.k) ?? { key: r.k, label: r.label, sqlKeys: [r.k] };
      const g = groups.get(f.key) ?? { key: f.key, label: f.label, listed: 0, sold: 0, median_days: null, timed: 0, sqlKeys: f.sqlKeys };
      if (!folded && r.label < g.label) g.label = r.label;
      g.listed += r.n;
      if (r.sold) Object.assign(g, { sold: g.sold + r.n, timed: g.timed + r.timed });
      groups.set(f.key, g);
    }
    // The middle one (odd count) or two (even) of each group, a few hundred groups and parameters per statement
    // (SQLite's compound-select and variable limits).
    for (const chunk of chunked([...groups.values()].filter((g) => g.timed > 0), (g) => g.sqlKeys.length + 2)) {
      const parts = chunk.map((g) => sql`select * from (select ${g.key} as k, sell_days as d from items
        where ${ownedBy('items')} and status = 'sold' and ${inKeys(key, g.sqlKeys)} and sell_days is not null
        order by sell_days limit ${sql.lit(2 - (g.timed % 2))} offset ${sql.lit(Math.floor((g.timed - 1) / 2))}) m`);
      const medians = await sql<Record<string, unknown>>`select k, avg(d) as median from (${sql.join(parts, sql` union all `)}) u group by k`.execute(this.db);
      for (const r of medians.rows) groups.get(String(r.k))!.median_days = n(r.median);
    }
    return [...groups.values()].map(({ timed: _t, sqlKeys: _k, ...g }) => g);
  }

  /** Unsold items (drafts and listed) by age bucket: `edges` are creation-time bounds, newest first; bucket i is younger than edges[i]. */
  async ageing(edges: string[]): Promise<AgeRow[]> {
    // Grouped by position (group by 1): PostgreSQL would not see the parameters of two copies of the CASE as one expression.
    const cases = edges.map((e, i) => sql`when created_at >= ${e} then ${sql.lit(i)}`);
    const bucket = sql`case ${sql.join(cases, sql` `)} else ${sql.lit(edges.length)} end`;
    const rows = await sql<Record<string, unknown>>`
      select ${bucket} as bucket, count(*) as items, sum(coalesce(purchase_cost_cents, 0)) as cost, sum(coalesce(price_cents, 0)) as value,
        sum(case when purchase_cost_cents is null then 1 else 0 end) as without_cost, sum(case when price_cents is null then 1 else 0 end) as without_price
      from items where ${ownedBy('items')} and status in ('draft', 'listed') group by 1`.execute(this.db);
    return rows.rows.map((r) => ({
      bucket: n(r.bucket), items: n(r.items), cost: n(r.cost), value: n(r.value), without_cost: n(r.without_cost), without_price: n(r.without_price),
    }));
  }

  /**
   * Sold items (sold in [fromIso, toIso) when given): how many had a drop before the sale and how many drops, how many
   * sold within `withinDays` of their last drop, and their first price against the sale price (sums, cents).
   */
  async priceDrops(withinDays: number, fromIso?: string, toIso?: string): Promise<DropFigures> {
    const window = sql`${fromIso ? sql`and sold_at >= ${fromIso}` : sql``} ${toIso ? sql`and sold_at < ${toIso}` : sql``}`;
    const gap = this.days(sql`sale_last_drop_at`, sql`sold_at`);
    // One pass over the sold items' partial index (items_sale_drops_idx, migration 0015): triggers keep each sold
    // item's drops before its sale (sale_drops, sale_last_drop_at) and its first price, whatever writes the rows.
    const r = (await sql<Record<string, unknown>>`
      select count(*) as sold, sum(case when sale_drops > 0 then 1 else 0 end) as with_drop, sum(coalesce(sale_drops, 0)) as drops,
        sum(case when sale_last_drop_at is not null and ${gap} <= ${withinDays} then 1 else 0 end) as within_days,
        sum(case when first_price_cents is not null then 1 else 0 end) as with_first,
        sum(coalesce(first_price_cents, 0)) as first_sum,
        sum(case when first_price_cents is not null then sold_price_cents else 0 end) as sold_sum
      from items
      where ${ownedBy('items')} and status = 'sold' and sold_price_cents is not null ${window}`.execute(this.db)).rows[0] ?? {};
    return {
      sold: n(r.sold), with_drop: n(r.with_drop), drops: n(r.drops), within_days: n(r.within_days),
      with_first: n(r.with_first), first_sum: n(r.first_sum), sold_sum: n(r.sold_sum),
    };
  }
}
