import type { Kysely } from 'kysely';

// The look-alike check's first stage (issue 21 point 5; modules/duplicates/lookalike-projection.ts): each stored
// vector's sketch (its projection on 128 directions fitted on clothing-train, base64 of a float32 scale and 128 signed
// bytes) beside it, so that loading an owner's matrix reads 128 bytes a view instead of 1 792 and projects nothing.
// `projection` names the projection that made them; rows written before (null) get theirs at the next load.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('photo_embeddings').addColumn('sketch', 'text').execute();
  await db.schema.alterTable('photo_embeddings').addColumn('centre_sketch', 'text').execute();
  await db.schema.alterTable('photo_embeddings').addColumn('projection', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('photo_embeddings').dropColumn('projection').execute();
  await db.schema.alterTable('photo_embeddings').dropColumn('centre_sketch').execute();
  await db.schema.alterTable('photo_embeddings').dropColumn('sketch').execute();
}
