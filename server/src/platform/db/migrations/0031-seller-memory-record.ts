import type { Kysely } from 'kysely';

// The seller's memory keeps its record (issue 21; row type in modules/analysis/memory/seller-memory.tables.ts):
// per remembered photo, how much the memory's vote alone (`memory_won`) or the classifier alone (`generic_won`)
// won when they disagreed on it, asked just before it was remembered (memory-vote.ts outcomeOf). Summed per owner
// at load, they set how far the memory is trusted. Rows remembered before have no part in the record (0, 0).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('seller_memory').addColumn('memory_won', 'real', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('seller_memory').addColumn('generic_won', 'real', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('seller_memory').dropColumn('generic_won').execute();
  await db.schema.alterTable('seller_memory').dropColumn('memory_won').execute();
}
