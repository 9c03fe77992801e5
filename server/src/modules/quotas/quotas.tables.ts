import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

// Row types of the quotas tables (migration 0021-quotas), kept beside the module.

/** The limits the admin set for a user; null is no limit. A platform record: no owner scope, keyed by user. */
export interface UserQuotasTable {
  user_id: string;
  listings_per_month: number | null;
  analyses_per_month: number | null;
  storage_bytes: number | string | null; // bigint: PostgreSQL's driver gives a string
  vinted_accounts: number | null;
  updated_at: string;
}

/**
 * What an owner spent in a month. Keyed by owner itself (like price_models), not by the owner-scope plugin: the
 * repository names the owner the service took from the scope (requireOwner), and the admin reads a user's row by id.
 */
export interface QuotaUsageTable {
  owner_id: string;
  metric: string; // 'listings' | 'analyses'
  period: string; // YYYY-MM in the server's TZ
  used: number;
}

export type QuotaTables = { user_quotas: UserQuotasTable; quota_usage: QuotaUsageTable };
export type QuotasDb = Kysely<Database & QuotaTables>;
export const quotasDb = (db: Kysely<Database>): QuotasDb => db.withTables<QuotaTables>();
export const quotasTrx = (t: Transaction<Database>): Transaction<Database & QuotaTables> => t.withTables<QuotaTables>();
