import type { Kysely } from 'kysely';

// The Vinted connector's tables (row types in modules/vinted/vinted.tables.ts). Portable: schema builder only.
export async function up(db: Kysely<any>): Promise<void> {
  // One row: the seller's session, sealed (AES-256-GCM). Only the account name and state are in clear.
  await db.schema
    .createTable('vinted_session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('username', 'text')
    .addColumn('user_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('verified_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // A prepared form behind each confirm token (the token carries this row's id, signed).
  await db.schema
    .createTable('vinted_prepared')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('filled', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('warnings', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('listing_id', 'text')
    .addColumn('listing_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vinted_prepared_item_idx').on('vinted_prepared').columns(['item_id', 'created_at']).execute();

  // The primary key is the lock: the first insert of a key wins in every process sharing the database.
  await db.schema
    .createTable('vinted_idempotency')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('vinted_publish_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .addColumn('dry_run', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('listing_id', 'text')
    .addColumn('listing_url', 'text')
    .addColumn('writes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duration_ms', 'integer')
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vinted_publish_log_at_idx').on('vinted_publish_log').columns(['at', 'id']).execute();
  await db.schema.createIndex('vinted_publish_log_item_idx').on('vinted_publish_log').columns(['item_id', 'at']).execute();
  await db.schema.createIndex('vinted_publish_log_action_idx').on('vinted_publish_log').columns(['action', 'at']).execute();

  await db.schema
    .createTable('vinted_queue')
    .addColumn('item_id', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('content_hash', 'text')
    .addColumn('vinted_draft_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vinted_queue_state_idx').on('vinted_queue').columns(['state', 'next_attempt_at']).execute();

  // The circuit breaker: a full stop after a 401/403 from the site, a doubling back-off after a 429.
  await db.schema
    .createTable('vinted_guard')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('stopped_reason', 'text')
    .addColumn('stopped_at', 'text')
    .addColumn('backoff_until', 'text')
    .addColumn('backoff_ms', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // A lease: one write to Vinted at a time across every process sharing the database.
  await db.schema
    .createTable('vinted_locks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  // Photos sent through POST /vinted/photos/upload, kept until a prepare uses them.
  await db.schema
    .createTable('vinted_staged_photos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vinted_staged_photos_created_idx').on('vinted_staged_photos').columns(['created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['vinted_staged_photos', 'vinted_locks', 'vinted_guard', 'vinted_queue', 'vinted_publish_log', 'vinted_idempotency', 'vinted_prepared', 'vinted_session']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
