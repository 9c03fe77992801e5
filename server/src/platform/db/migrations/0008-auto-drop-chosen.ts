import type { Kysely } from 'kysely';

// Whether the seller set an item's automatic drop themselves (1) or the item follows the seller-wide default (0,
// every existing item): with `drop_by_default` off in the pricing settings, only items switched on one by one drop.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items').addColumn('auto_drop_chosen', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items').dropColumn('auto_drop_chosen').execute();
}
