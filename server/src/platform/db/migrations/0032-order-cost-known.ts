import { type Kysely, sql } from 'kysely';

// Whether an order's purchase cost is known (row type in modules/orders/orders.tables.ts). Until now a sale of an item
// with no purchase cost stored `cost_cents = 0`, and its margin was the whole sale price: the seller saw 27 € earned
// on a jacket they paid 15 € for, and every such sale inflated the margin totals. A flag rather than a nullable
// `cost_cents`: SQLite cannot drop a NOT NULL without rebuilding the table (its indexes and the owner column with it),
// and a flag is one portable `add column` on SQLite and PostgreSQL. `cost_cents` stays 0 while the cost is unknown.
//
// Existing orders: a stored 0 is ambiguous (a real 0 for a gift, or the default written for a missing cost), so the
// item decides, as it is now:
// - cost 0 and the item has no purchase cost (or the item is gone): unknown. 0 was what every sale without a cost got
//   (the ledger's writes and migration 0010's back-filled orders alike), while a gift would have been entered as a
//   cost of 0 on the item; an item deleted since leaves nothing to tell, and "unknown" shows "—" rather than a margin
//   that may be made up (the seller can still enter 0 on the order).
// - cost 0 and the item's purchase cost is 0: a known cost of 0 (a gift), left as it is.
// - cost 0 and the item has a purchase cost above 0: the cost was missing when it sold (a cost then would have been
//   copied) and the seller entered it on the item since; the order takes it, the margin the seller expects.
// - any other cost: copied from the item when it sold, known, untouched.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orders').addColumn('cost_known', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await sql`update orders set cost_cents = (select i.purchase_cost_cents from items i where i.id = orders.item_id)
    where cost_cents = 0 and exists (select 1 from items i where i.id = orders.item_id and i.purchase_cost_cents > 0)`.execute(db);
  await sql`update orders set cost_known = 0
    where cost_cents = 0 and not exists (select 1 from items i where i.id = orders.item_id and i.purchase_cost_cents is not null)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orders').dropColumn('cost_known').execute();
}
