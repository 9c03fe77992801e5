import type { Kysely } from 'kysely';

// The look-alike check's vectors (issue 21 point 5; row type in modules/duplicates/duplicates.tables.ts): one row per
// stored photo that the analyser embedded: the garment embedding of the whole photo and of its centre window, each
// quantised to one byte per feature (base64 text, so both databases hold it alike). Derived data: a photo's row goes with the photo (cascade), and a photo without one
// is only left out of the look-alike check (the hash check still sees it). `created_at` is what another process's
// rows are caught up by; the owner leads its index because every read is one owner's.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('photo_embeddings')
    .addColumn('photo_id', 'text', (c) => c.primaryKey().references('photos.id').onDelete('cascade'))
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('vector', 'text', (c) => c.notNull())
    .addColumn('centre_vector', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('photo_embeddings_owner_created_idx').on('photo_embeddings').columns(['owner_id', 'created_at', 'photo_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('photo_embeddings').ifExists().execute();
}
