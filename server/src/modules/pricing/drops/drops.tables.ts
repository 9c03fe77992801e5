import type { Kysely, Transaction } from 'kysely';
import type { Database, ItemsTable } from '../../../platform/db/schema.ts';

// Row types of migration 0004's price-drop parts, kept beside the module; `dropsDb` widens the app's Kysely.
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

export interface ItemDropColumns {
  last_auto_drop_on: string | null;
}

export type DropsTables = {
  price_drop_runs: PriceDropRunsTable;
  items: ItemsTable & ItemDropColumns;
};

export type DropsDatabase = Database & DropsTables;
export type DropsDb = Kysely<DropsDatabase>;
export type DropsTrx = Transaction<DropsDatabase>;
export const dropsDb = (db: Kysely<Database>): DropsDb => db.withTables<DropsTables>();
