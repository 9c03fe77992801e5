import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

// Portable: only Kysely's schema builder and types both SQLite and PostgreSQL accept.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  await db.schema
    .createTable('items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('brand', 'text')
    .addColumn('category', 'text')
    .addColumn('size', 'text')
    .addColumn('condition', 'text')
    .addColumn('colors', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('material', 'text')
    .addColumn('keywords', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('hashtags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('price_cents', 'integer')
    .addColumn('suggestion_min_cents', 'integer')
    .addColumn('suggestion_target_cents', 'integer')
    .addColumn('suggestion_max_cents', 'integer')
    .addColumn('suggestion_justification', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('listed_at', 'text')
    .addColumn('sold_at', 'text')
    .addColumn('sold_price_cents', 'integer')
    .addColumn('archived_at', 'text')
    .addColumn('possible_duplicate', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duplicate_of', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('estimated_sale_score', 'integer')
    .addColumn('sale_score_breakdown', 'text')
    .addColumn('publish_ready', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('missing_fields', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('vinted_listing_id', 'text')
    .addColumn('vinted_url', 'text')
    .addColumn('auto_drop', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('drop_rate', 'real')
    .addColumn('floor_cents', 'integer')
    .addColumn('publish_opt_in', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('extra', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Every lookup a request makes has an index: paging by each sort key (with id as tie-breaker), filters.
  await db.schema.createIndex('items_created_idx').on('items').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('items_updated_idx').on('items').columns(['updated_at', 'id']).execute();
  // Price sorts on coalesce(price, -1) so items without a price page deterministically; the index matches it.
  await sql`create index items_price_idx on items (coalesce(price_cents, -1), id)`.execute(db);
  await db.schema.createIndex('items_title_idx').on('items').columns(['title', 'id']).execute();
  await sql`create index items_status_price_idx on items (status, coalesce(price_cents, -1), id)`.execute(db);
  await db.schema.createIndex('items_status_created_idx').on('items').columns(['status', 'created_at', 'id']).execute();
  await db.schema.createIndex('items_brand_idx').on('items').columns(['brand']).execute();
  await db.schema.createIndex('items_category_idx').on('items').columns(['category']).execute();
  await db.schema.createIndex('items_size_idx').on('items').columns(['size']).execute();

  await db.schema
    .createTable('price_history')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('old_price_cents', 'integer')
    .addColumn('new_price_cents', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('rule', 'text')
    .execute();
  await db.schema.createIndex('price_history_item_idx').on('price_history').columns(['item_id', 'at']).execute();
  await db.schema.createIndex('price_history_at_idx').on('price_history').columns(['at']).execute();

  await db.schema
    .createTable('photos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('phash', 'text')
    .addColumn('colors', 'text')
    .addColumn('quality', 'text')
    .addColumn('taken_at', 'text')
    .addColumn('original_name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('item_photos')
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('photo_id', 'text', (c) => c.notNull().references('photos.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_photos_pk', ['item_id', 'position'])
    .execute();
  await db.schema.createIndex('item_photos_photo_idx').on('item_photos').columns(['photo_id']).execute();

  await db.schema
    .createTable('job_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('progress', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('job_runs_state_idx').on('job_runs').columns(['state', 'created_at']).execute();
  await db.schema.createIndex('job_runs_kind_idx').on('job_runs').columns(['kind', 'created_at']).execute();

  await db.schema
    .createTable('scheduler_ticks')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tick', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scheduler_ticks_pk', ['name', 'tick'])
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['settings', 'scheduler_ticks', 'job_runs', 'item_photos', 'photos', 'price_history', 'items']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
