import type { Kysely } from 'kysely';

// The duplicate-lookup indexes (row types in modules/photos/photos.tables.ts and modules/duplicates/duplicates.tables.ts).
// Both exist so a lookup reads a few index entries instead of scanning every photo and title of the stock.
// Portable: schema builder only.
export async function up(db: Kysely<any>): Promise<void> {
  // Multi-index hashing: each 64-bit perceptual hash cut into four 16-bit bands, one row per band. Two hashes within
  // distance d share at least one band within ⌊d/4⌋ bits, so a lookup asks for a few hundred band values at most.
  // The hash and the colour layout ride along so candidates are checked without touching the photos table.
  await db.schema
    .createTable('photo_hash_bands')
    .addColumn('band', 'integer', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('photo_id', 'text', (c) => c.notNull().references('photos.id').onDelete('cascade'))
    .addColumn('phash', 'text', (c) => c.notNull())
    .addColumn('colour_sig', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('photo_hash_bands_pk', ['band', 'value', 'photo_id'])
    .execute();
  await db.schema.createIndex('photo_hash_bands_photo_idx').on('photo_hash_bands').columns(['photo_id']).execute();
  // The in-memory hash index of each process loads and tops up band 0 in id order (photo ids are time-ordered).
  await db.schema.createIndex('photo_hash_bands_band_photo_idx').on('photo_hash_bands').columns(['band', 'photo_id']).execute();

  // Title tokens of the active items (draft, listed): an inverted index, token → items.
  await db.schema
    .createTable('title_tokens')
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('title_tokens_pk', ['token', 'item_id'])
    .execute();
  await db.schema.createIndex('title_tokens_item_idx').on('title_tokens').columns(['item_id']).execute();
  // Which version of each item the token rows reflect, so a restart re-indexes exactly what changed meanwhile.
  await db.schema
    .createTable('title_index_state')
    .addColumn('item_id', 'text', (c) => c.primaryKey().references('items.id').onDelete('cascade'))
    .addColumn('item_updated_at', 'text', (c) => c.notNull())
    .addColumn('token_count', 'integer', (c) => c.notNull())
    .execute();

  // GET /duplicates lists the flagged items.
  await db.schema.createIndex('items_possible_duplicate_idx').on('items').columns(['possible_duplicate', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('items_possible_duplicate_idx').ifExists().execute();
  for (const t of ['title_index_state', 'title_tokens', 'photo_hash_bands']) await db.schema.dropTable(t).ifExists().execute();
}
