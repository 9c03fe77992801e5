import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { statsDb, type StatsDb, type StatsTables } from './stats.tables.ts';

export type StockCounterRow = StatsTables['stock_counters'];

/** The trigger-kept counters (one row per status, one per brand): a few rows whatever the stock size. */
export class StatsRepository {
  private readonly db: StatsDb;

  constructor(db: Kysely<Database>) {
    this.db = statsDb(db);
  }

  async counters(): Promise<StockCounterRow[]> {
    return this.db.selectFrom('stock_counters').selectAll().execute();
  }

  /** The most frequent brands (case-insensitive), most first. */
  async topBrands(limit: number): Promise<{ label: string; n: number }[]> {
    return this.db.selectFrom('brand_counts').select(['label', 'n']).where('n', '>', 0).orderBy('n', 'desc').orderBy('brand_key').limit(limit).execute();
  }
}
