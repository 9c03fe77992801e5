import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';

// Row types of migration 0004's price-drop tables, kept beside the module; `dropsDb` widens the app's Kysely.
export interface PriceDropRunsTable {
  id: string;
  /** The seller's calendar day (TZ) the run belongs to. */
  day: string;
  trigger: string; // 'schedule' | 'catch_up' | 'manual'
  settings: string; // JSON PricingSettings at the time of the run
  considered: number;
  dropped: number;
  reached_floor: number;
  started_at: string;
  finished_at: string;
  owner: string;
}

export type DropsTables = {
  price_drop_runs: PriceDropRunsTable;
  /** Automatic drops per UTC day, kept by a trigger on price_history (migration 0004). */
  price_drop_days: { day: string; n: number };
};

export type DropsDb = Kysely<Database & DropsTables>;
export const dropsDb = (db: Kysely<Database>): DropsDb => db.withTables<DropsTables>();
