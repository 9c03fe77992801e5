import type { Kysely } from 'kysely';

// The photo studio (issue 19; row type in modules/studio/studio.tables.ts): one row per edited photo, holding the
// edit as parameters (crop, rotation, light, colour, background) beside the untouched original. `params_key` is the
// SHA-256 of the canonical parameters, which names the cached derivatives; `item_id` is the item the edit was made
// from (a photo row is shared by content, so the same bytes on two items share one edit). Deleting the row is "reset".
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('photo_edits')
    .addColumn('photo_id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('params_key', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('photo_edits_item_idx').on('photo_edits').column('item_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('photo_edits').ifExists().execute();
}
