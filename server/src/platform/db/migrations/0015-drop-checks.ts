import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

// Issue 23, the nightly price drop and its figures at a million items.
//
// 1. `drop_checked_on` is the seller's day a real run last looked at the item (dropped or not: at its floor, without
//    a floor, held by the rounding), and the partial index holds only the items a run may lower, keyed on that day.
//    A run walks the index range "not looked at today", so a second run the same day finds nothing due without
//    reading the stock, and the first run's cost follows the listed items. A seller's edit of anything the decision
//    reads clears the column (listings' update), so that item is due again.
// 2. `sale_drops` / `sale_last_drop_at`: a sold item's automatic and manual price drops up to its sale (how many, the
//    last one), kept by triggers whatever writes the rows (a sale, a restore, an import), so /analytics/price-drops
//    sums sold items from one partial index instead of joining their price history (issue 18's 50 ms target).
const DROPS = (item: string, soldAt: string) => `from price_history p where p.item_id = ${item} and p.old_price_cents is not null
  and p.new_price_cents < p.old_price_cents and p.at <= ${soldAt}`;
const count = (item: string, soldAt: string) => `(select count(*) ${DROPS(item, soldAt)})`;
const lastAt = (item: string, soldAt: string) => `(select max(p.at) ${DROPS(item, soldAt)})`;
const IS_DROP = 'NEW.old_price_cents is not null and NEW.new_price_cents < NEW.old_price_cents';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  // '' rather than null for "never": a plain column keys the index, so the run's keyset (day, id) is an index range.
  await db.schema.alterTable('items').addColumn('drop_checked_on', 'text', (c) => c.notNull().defaultTo('')).execute();
  await sql`create index items_drop_due_idx on items (drop_checked_on, id)
    where status = 'listed' and auto_drop = 1 and price_cents is not null`.execute(db);

  await db.schema.alterTable('items').addColumn('sale_drops', 'integer').execute();
  await db.schema.alterTable('items').addColumn('sale_last_drop_at', 'text').execute();
  const refresh = (id: string) => `update items set sale_drops = ${count('items.id', 'items.sold_at')}, sale_last_drop_at = ${lastAt('items.id', 'items.sold_at')}
    where id = ${id} and status = 'sold' and sold_at is not null`;
  if (pg) {
    await sql.raw(`create or replace function vb_items_sale_drops() returns trigger language plpgsql as $$
      begin
        if NEW.status = 'sold' and NEW.sold_at is not null then
          NEW.sale_drops := ${count('NEW.id', 'NEW.sold_at')}; NEW.sale_last_drop_at := ${lastAt('NEW.id', 'NEW.sold_at')};
        end if;
        return NEW;
      end $$`).execute(db);
    await sql.raw(`create trigger items_sale_drops before insert or update of status, sold_at on items for each row execute function vb_items_sale_drops()`).execute(db);
    await sql.raw(`create or replace function vb_history_sale_drops() returns trigger language plpgsql as $$
      begin ${refresh('NEW.item_id')}; return NEW; end $$`).execute(db);
    await sql.raw(`create trigger price_history_sale_drops after insert on price_history for each row when (${IS_DROP})
      execute function vb_history_sale_drops()`).execute(db);
  } else {
    await sql.raw(`create trigger items_sale_drops_ins after insert on items when NEW.status = 'sold' begin ${refresh('NEW.id')}; end`).execute(db);
    await sql.raw(`create trigger items_sale_drops_upd after update of status, sold_at on items when NEW.status = 'sold' begin ${refresh('NEW.id')}; end`).execute(db);
    await sql.raw(`create trigger price_history_sale_drops after insert on price_history when ${IS_DROP} begin ${refresh('NEW.item_id')}; end`).execute(db);
  }
  await sql.raw(`update items set sale_drops = ${count('items.id', 'items.sold_at')}, sale_last_drop_at = ${lastAt('items.id', 'items.sold_at')}
    where status = 'sold' and sold_at is not null`).execute(db);
  // The figures read only this index (sold items by sale time, with what they sum).
  await sql`create index items_sale_drops_idx on items (sold_at, sold_price_cents, first_price_cents, sale_drops, sale_last_drop_at)
    where status = 'sold'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    for (const s of ['drop trigger if exists items_sale_drops on items', 'drop trigger if exists price_history_sale_drops on price_history',
      'drop function if exists vb_items_sale_drops()', 'drop function if exists vb_history_sale_drops()']) await sql.raw(s).execute(db);
  } else {
    for (const t of ['items_sale_drops_ins', 'items_sale_drops_upd', 'price_history_sale_drops']) await sql.raw(`drop trigger if exists ${t}`).execute(db);
  }
  for (const name of ['items_sale_drops_idx', 'items_drop_due_idx']) await db.schema.dropIndex(name).ifExists().execute();
  for (const c of ['sale_last_drop_at', 'sale_drops', 'drop_checked_on']) await db.schema.alterTable('items').dropColumn(c).execute();
}
