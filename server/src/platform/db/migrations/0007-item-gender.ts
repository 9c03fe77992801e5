import type { Kysely } from 'kysely';

// Who the garment is for (women, men, kids; null when nobody said): the Vinted leaf depends on it (a men's hoodie
// is 267, a women's 196) and buyers search with it ("sweat homme"). Nullable, so existing items stay as they were.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items').addColumn('gender', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items').dropColumn('gender').execute();
}
