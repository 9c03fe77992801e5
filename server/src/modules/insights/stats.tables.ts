import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

// The counters migration 0004 keeps by trigger, in the same transaction as every write to items.
export type StatsTables = {
  stock_counters: {
    status: string;
    n: number;
    priced_n: number;
    price_sum: number;
    dup_n: number;
    /** Sum of creation times, in days since 2020-01-01. */
    created_days_sum: number;
    sold_price_n: number;
    sold_price_sum: number;
    sell_days_n: number;
    sell_days_sum: number;
  };
  brand_counts: { brand_key: string; label: string; n: number };
};

export type StatsDb = Kysely<Database & StatsTables>;
export const statsDb = (db: Kysely<Database>): StatsDb => db.withTables<StatsTables>();

/** The counters' day unit: days since 2020-01-01T00:00Z. */
export const STATS_EPOCH_MS = Date.UTC(2020, 0, 1);
