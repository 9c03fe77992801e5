import { type Kysely, type RawBuilder, sql } from 'kysely';
import { dialectOf } from '../../platform/db/dialect.ts';
import type { Database } from '../../platform/db/schema.ts';
import { STATS_EPOCH_MS, statsDb, type StatsDb, type StatsTables } from './stats.tables.ts';

export type StockCounterRow = StatsTables['stock_counters'];

/**
 * The stock's counters. One seller: the trigger-kept tables (one row per status, one per brand), a few rows whatever
 * the stock size. Several people (AUTH_MODE=accounts): those tables count everyone's items, so each person's are
 * counted from their own items instead (the owner plugin scopes the reads), the same figures in the same shape.
 */
export class StatsRepository {
  private readonly db: StatsDb;

  constructor(db: Kysely<Database>, private readonly perOwner = false) {
    this.db = statsDb(db);
  }

  async counters(): Promise<StockCounterRow[]> {
    if (!this.perOwner) return this.db.selectFrom('stock_counters').selectAll().execute();
    const days = this.days;
    const sold = sql`sold_at is not null and listed_at is not null`;
    const rows = await this.db.selectFrom('items').select((eb) => [
      'status',
      eb.fn.countAll<number>().as('n'),
      eb.fn.count<number>('price_cents').as('priced_n'),
      sql<number>`coalesce(sum(price_cents), 0)`.as('price_sum'),
      sql<number>`coalesce(sum(possible_duplicate), 0)`.as('dup_n'),
      sql<number>`coalesce(sum(${days('created_at')}), 0)`.as('created_days_sum'),
      eb.fn.count<number>('sold_price_cents').as('sold_price_n'),
      sql<number>`coalesce(sum(sold_price_cents), 0)`.as('sold_price_sum'),
      sql<number>`coalesce(sum(case when ${sold} then 1 else 0 end), 0)`.as('sell_days_n'),
      sql<number>`coalesce(sum(case when ${sold} then ${days('sold_at')} - ${days('listed_at')} else 0 end), 0)`.as('sell_days_sum'),
    ]).groupBy('status').execute();
    return rows as StockCounterRow[];
  }

  /** The most frequent brands (case-insensitive), most first. */
  async topBrands(limit: number): Promise<{ label: string; n: number }[]> {
    if (!this.perOwner) {
      return this.db.selectFrom('brand_counts').select(['label', 'n']).where('n', '>', 0).orderBy('n', 'desc').orderBy('brand_key').limit(limit).execute();
    }
    const key = sql`lower(brand)`;
    return this.db.selectFrom('items').select((eb) => [sql<string>`min(brand)`.as('label'), eb.fn.countAll<number>().as('n')])
      .where('brand', 'is not', null).where('brand', '<>', '').groupBy(key).orderBy('n', 'desc').orderBy(key).limit(limit).execute();
  }

  /** A time column in days since STATS_EPOCH_MS, as the triggers count it. */
  private days = (col: 'created_at' | 'sold_at' | 'listed_at'): RawBuilder<number> => (dialectOf(this.db) === 'postgres'
    ? sql<number>`(extract(epoch from cast(${sql.ref(col)} as timestamptz)) / 86400.0 - ${STATS_EPOCH_MS / 86_400_000})`
    : sql<number>`(julianday(${sql.ref(col)}) - julianday('2020-01-01'))`);
}
