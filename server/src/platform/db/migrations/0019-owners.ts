import { type Kysely, sql } from 'kysely';
import { LOCAL_OWNER_ID } from '../../security/owner-scope.ts';
import { dialectOf } from '../dialect.ts';

// Every row of a seller's data carries its owner (issue 20). Existing rows get LOCAL_OWNER_ID, the single seller,
// whom the first admin becomes in accounts mode. The owner scope (platform/security/owner-scope-plugin.ts) reads and
// writes the column; the keys that were unique per install become unique per owner (a SKU, a setting's key, an
// order's id on its platform). price_models and seller_memory already carry their own `owner` column (0013, 0018).
export const OWNER_TABLES = [
  'items', 'price_history', 'photos', 'item_photos', 'orders', 'description_templates', 'webhooks', 'webhook_deliveries',
  'job_runs', 'history', 'photo_edits', 'price_drop_runs',
  'bulk_jobs', 'bulk_photos', 'bulk_clusters', 'bulk_log', 'bulk_plans', 'bulk_results',
  'vinted_session', 'vinted_prepared', 'vinted_idempotency', 'vinted_publish_log', 'vinted_queue', 'vinted_staged_photos',
  'extension_pairing_codes', 'extension_tokens',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const t of OWNER_TABLES) {
    await db.schema.alterTable(t).addColumn('owner_id', 'text', (c) => c.notNull().defaultTo(LOCAL_OWNER_ID)).execute();
  }
  const pg = dialectOf(db) === 'postgres';

  // Settings: the key was the primary key; it becomes (owner_id, key). SQLite cannot change a primary key in place:
  // the table is rebuilt (nothing references it).
  if (pg) {
    await sql`alter table settings add column owner_id text not null default ${sql.lit(LOCAL_OWNER_ID)}`.execute(db);
    await sql`alter table settings drop constraint settings_pkey`.execute(db);
    await sql`alter table settings add primary key (owner_id, key)`.execute(db);
  } else {
    await db.schema.createTable('settings_owned')
      .addColumn('owner_id', 'text', (c) => c.notNull().defaultTo(LOCAL_OWNER_ID))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('settings_pk', ['owner_id', 'key'])
      .execute();
    await sql`insert into settings_owned (owner_id, key, value, updated_at) select ${LOCAL_OWNER_ID}, key, value, updated_at from settings`.execute(db);
    await db.schema.dropTable('settings').execute();
    await db.schema.alterTable('settings_owned').renameTo('settings').execute();
  }

  // Per-owner unique keys; the owner leads so a scoped lookup by key still reads the index.
  await sql`drop index items_sku_idx`.execute(db);
  await sql`create unique index items_sku_idx on items (owner_id, sku) where sku is not null`.execute(db);
  await sql`drop index orders_external_idx`.execute(db);
  await sql`create unique index orders_external_idx on orders (owner_id, platform, external_id) where external_id is not null`.execute(db);
  await sql`drop index description_templates_name_idx`.execute(db);
  await sql`create index description_templates_name_idx on description_templates (owner_id, name)`.execute(db);
  // price_models named its single owner 'local' until now (0018).
  await sql`update price_models set owner = ${LOCAL_OWNER_ID} where owner = 'local'`.execute(db);
  // The stock's default order (created_at, id) now comes after the owner: a scoped page, and the capped count of an
  // unfiltered list, walk one owner's slice of the index. It also lists the owners for the scheduled sweeps.
  await sql`drop index items_created_idx`.execute(db);
  await sql`create index items_owner_created_idx on items (owner_id, created_at, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists items_owner_created_idx`.execute(db);
  await sql`create index items_created_idx on items (created_at, id)`.execute(db);
  await sql`drop index description_templates_name_idx`.execute(db);
  await sql`create index description_templates_name_idx on description_templates (name)`.execute(db);
  await sql`drop index orders_external_idx`.execute(db);
  await sql`create unique index orders_external_idx on orders (platform, external_id) where external_id is not null`.execute(db);
  await sql`drop index items_sku_idx`.execute(db);
  await sql`create unique index items_sku_idx on items (sku) where sku is not null`.execute(db);
  for (const t of OWNER_TABLES) await db.schema.alterTable(t).dropColumn('owner_id').execute();
}
