import type { Kysely } from 'kysely';

// The seller's memory (issue 21; row type in modules/analysis/memory/seller-memory.tables.ts): one row per photo of
// an item the seller confirmed (saved, published, sold), with its compact vector and the confirmed labels. The
// vector is base64 text so SQLite and PostgreSQL hold the same bytes; `space` names how it was computed, so a
// change of model leaves old rows out of the search instead of comparing unlike vectors. `owner` is the seller
// (one, 'local', until accounts exist).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('seller_memory')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('photo_id', 'text', (c) => c.notNull())
    .addColumn('space', 'text', (c) => c.notNull())
    .addColumn('vector', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('colour', 'text')
    .addColumn('seen_colour', 'text')
    .addColumn('brand', 'text')
    .addColumn('confirmed_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Loading the search reads one owner's rows newest first; a re-confirmation replaces one item's rows.
  await db.schema.createIndex('seller_memory_owner_idx').on('seller_memory').columns(['owner', 'created_at']).execute();
  await db.schema.createIndex('seller_memory_item_idx').on('seller_memory').columns(['owner', 'item_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('seller_memory').ifExists().execute();
}
