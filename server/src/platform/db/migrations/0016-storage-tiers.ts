import type { Kysely } from 'kysely';

// Photo storage lifecycle (issue 19; row type in modules/storage/storage.tables.ts): one row per photo whose
// full-size files the lifecycle moved to the cold tier, with the bytes moved. The files themselves stay keyed by
// their SHA-256 in the stores; this row only says where to look first and feeds GET /storage/stats without listing
// a bucket. Removed when the photo is brought back.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('storage_cold_photos')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('moved_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('storage_cold_photos').ifExists().execute();
}
