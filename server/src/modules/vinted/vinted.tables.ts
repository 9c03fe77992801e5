import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

// Row types of the connector's tables (migration 0003-vinted). Kept beside the module rather than in the shared
// schema file; `vintedDb` widens the app's Kysely instance with them.
/** A Vinted account of an owner (migration 0023): its id keys its session and guard rows, and is named in the rest. */
export interface VintedAccountTable {
  owner_id?: string;
  id: string;
  label: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface VintedSessionTable {
  /** The account's id (migration 0023; 'default' before it). */
  id: string;
  sealed: string;
  username: string | null;
  user_id: string | null;
  state: string; // 'active' | 'expired'
  expires_at: string | null;
  verified_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface VintedPreparedTable {
  /** The Vinted account it acts for (migration 0023). */
  account_id: string | null;
  id: string;
  item_id: string | null;
  content_hash: string;
  state: string; // 'prepared' | 'publishing' | 'published' | 'needs_manual' | 'failed'
  owner: string;
  filled: string; // JSON
  warnings: string; // JSON string[]
  listing_id: string | null;
  listing_url: string | null;
  created_at: string;
  expires_at: string;
  updated_at: string;
}

export interface VintedIdempotencyTable {
  key: string;
  request_hash: string;
  state: string; // 'in_flight' | 'done'
  status_code: number | null;
  response: string | null; // JSON
  created_at: string;
  updated_at: string;
}

export interface VintedPublishLogTable {
  /** The Vinted account it acts for (migration 0023). */
  account_id: string | null;
  id: string;
  at: string;
  action: string; // 'prepare' | 'publish' | 'draft'
  item_id: string | null;
  idempotency_key: string | null;
  dry_run: number;
  outcome: string; // 'ok' | 'needs_manual' | 'failed' | 'rejected'
  reason: string | null;
  listing_id: string | null;
  listing_url: string | null;
  writes: number;
  duration_ms: number | null;
  source: string; // 'api' | 'queue'
}

export interface VintedQueueTable {
  /** The Vinted account it acts for (migration 0023). */
  account_id: string | null;
  item_id: string;
  state: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  content_hash: string | null;
  vinted_draft_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface VintedGuardTable {
  /** The account's id (migration 0023): each account has its own stop and back-off. */
  id: string;
  stopped_reason: string | null;
  stopped_at: string | null;
  backoff_until: string | null;
  backoff_ms: number | null;
  updated_at: string;
}

export interface VintedLocksTable {
  name: string;
  owner: string;
  expires_at: string;
}

export interface VintedStagedPhotosTable {
  id: string;
  sha256: string;
  mime: string;
  bytes: number;
  file_name: string;
  created_at: string;
}

export type VintedTables = {
  vinted_accounts: VintedAccountTable;
  vinted_session: VintedSessionTable;
  vinted_prepared: VintedPreparedTable;
  vinted_idempotency: VintedIdempotencyTable;
  vinted_publish_log: VintedPublishLogTable;
  vinted_queue: VintedQueueTable;
  vinted_guard: VintedGuardTable;
  vinted_locks: VintedLocksTable;
  vinted_staged_photos: VintedStagedPhotosTable;
};

export type VintedDb = Kysely<Database & VintedTables>;
export type VintedTrx = Transaction<Database & VintedTables>;

export const vintedDb = (db: Kysely<Database>): VintedDb => db.withTables<VintedTables>();

export { isUniqueViolation } from '../../platform/db/unique-violation.ts';
