import { type Kysely, sql } from 'kysely';
import { LOCAL_OWNER_ID } from '../../security/owner-scope.ts';

// The seller's memory, per owner and with colours (issue 21 point 6; row types in
// modules/analysis/memory/seller-memory.tables.ts):
// - `colour_lab`: the garment's measured main colour ("L a b", photos' garmentLab) beside the colour the seller
//   confirmed, so the colour vote compares measured values (their floor and light) rather than names.
// - `seller_memory_versions`: one counter per owner, raised by every write to their memory, so that another
//   process (a worker, a second server) notices its in-memory search is stale and reloads it.
// - 0013 named the single seller 'local'; the owner scope names them LOCAL_OWNER_ID since issue 20 (0019 did the
//   same for price_models), and the memory now follows the request's owner.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('seller_memory').addColumn('colour_lab', 'text').execute();
  await sql`update seller_memory set owner = ${LOCAL_OWNER_ID} where owner = 'local'`.execute(db);
  await db.schema
    .createTable('seller_memory_versions')
    .addColumn('owner', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('seller_memory_versions').ifExists().execute();
  await db.schema.alterTable('seller_memory').dropColumn('colour_lab').execute();
}
