import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

// Issue 18, points 1–3: what a reseller tracks on an item, the sales ledger, and the indexes analytics reads.
// - items: purchase cost (cents), acquisition date, source (free text), SKU (unique when set; existing items get one
//   from the random tail of their id, the rule new items follow) and storage location (searched, filtered).
// - orders: one row per sale. At most one open order per item (a partial unique index: the database refuses a second
//   even under a race), and an order reported twice by the extension is found again by (platform, external_id).
// Portable: the same statements on SQLite and PostgreSQL.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items').addColumn('purchase_cost_cents', 'integer').execute();
  await db.schema.alterTable('items').addColumn('acquired_at', 'text').execute();
  await db.schema.alterTable('items').addColumn('source', 'text').execute();
  await db.schema.alterTable('items').addColumn('sku', 'text').execute();
  await db.schema.alterTable('items').addColumn('storage_location', 'text').execute();
  await sql`update items set sku = 'VB-' || upper(substr(id, 25, 12)) where sku is null`.execute(db);
  // `q` finds an item by its SKU: the search text gains it as the item mapper writes it (…\n<sku>\n<location>).
  await sql`update items set search_text = search_text || ${'\n'} || lower(sku) || ${'\n'}`.execute(db);
  await sql`create unique index items_sku_idx on items (sku) where sku is not null`.execute(db);
  await sql`create index items_location_idx on items (lower(storage_location), id) where storage_location is not null`.execute(db);
  // Stock ageing and unsold value: one pass over the unsold items' index entries, without reading the rows.
  await sql`create index items_ageing_idx on items (status, created_at, purchase_cost_cents, price_cents)`.execute(db);
  await analyticsColumns(db);

  await db.schema.createTable('orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull().defaultTo('vinted'))
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('seller'))
    .addColumn('external_id', 'text')
    .addColumn('sale_price_cents', 'integer', (c) => c.notNull())
    .addColumn('fees_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('shipping_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('packaging_cents', 'integer', (c) => c.notNull().defaultTo(0))
    // What the item cost the seller when it sold (a copy: margins of past sales do not move when the item is edited).
    .addColumn('cost_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('buyer_name', 'text')
    .addColumn('carrier', 'text')
    .addColumn('tracking_number', 'text')
    .addColumn('sold_at', 'text', (c) => c.notNull())
    .addColumn('shipped_at', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create unique index orders_open_item_idx on orders (item_id) where status in ('sold', 'shipped', 'delivered', 'completed')`.execute(db);
  await sql`create unique index orders_external_idx on orders (platform, external_id) where external_id is not null`.execute(db);
  await db.schema.createIndex('orders_item_idx').on('orders').columns(['item_id']).execute();
  await db.schema.createIndex('orders_sold_idx').on('orders').columns(['sold_at', 'id']).execute();
  await db.schema.createIndex('orders_status_sold_idx').on('orders').columns(['status', 'sold_at', 'id']).execute();
  // The summary's sums by day, read from the index alone.
  await sql`create index orders_summary_idx on orders (sold_at, status, sale_price_cents, cost_cents, fees_cents, shipping_cents, packaging_cents)`.execute(db);
  // Items sold before the ledger existed become past, completed orders (their id is the item's: one each), so the
  // figures, which count orders, count them too.
  const now = new Date().toISOString();
  await sql`insert into orders (id, item_id, status, platform, source, sale_price_cents, cost_cents, sold_at, completed_at, created_at, updated_at)
    select id, id, 'completed', 'vinted', 'import', coalesce(sold_price_cents, 0), coalesce(purchase_cost_cents, 0), coalesce(sold_at, updated_at),
      coalesce(sold_at, updated_at), ${now}, ${now}
    from items where status = 'sold'`.execute(db);
}

/** Days from listing (creation when never listed) to sale, as SQL over a row's columns (`r.` prefix for trigger rows). */
const sellDaysSql = (pg: boolean, r = '') => (pg
  ? `(extract(epoch from (${r}sold_at::timestamptz - coalesce(${r}listed_at, ${r}created_at)::timestamptz)) / 86400.0)`
  : `(julianday(${r}sold_at) - julianday(coalesce(${r}listed_at, ${r}created_at)))`);
// The keys analytics groups sell-through by, written as its repository writes them (the index must match the
// expression), each followed by sell_days (the groups come ordered by days) and the label it shows (no row read).
const PRICE_BAND_SQL = `case when coalesce(sold_price_cents, price_cents) is null then '' when coalesce(sold_price_cents, price_cents) >= 10000 then '100+'
  when coalesce(sold_price_cents, price_cents) >= 5000 then '50-100' when coalesce(sold_price_cents, price_cents) >= 2000 then '20-50'
  when coalesce(sold_price_cents, price_cents) >= 1000 then '10-20' else '0-10' end`;
const SELL_THROUGH_KEYS = {
  category: `coalesce(category, ''), sell_days`, brand: `coalesce(lower(brand), ''), sell_days, brand`, size: `coalesce(lower(size), ''), sell_days, size`,
  band: `(${PRICE_BAND_SQL}), sell_days`,
};

/**
 * What analytics would otherwise compute per request over every sold item (issue 18, the < 50 ms target at 100 k
 * items): each item's days to sell and its first price, written with the row by triggers (whatever writes it: the
 * service, an import, a restore's raw rows), and the indexes that hand sell-through its groups already ordered by
 * days (medians without a sort) and price drops only the drop rows of the history.
 */
async function analyticsColumns(db: Kysely<any>) {
  const pg = dialectOf(db) === 'postgres';
  await db.schema.alterTable('items').addColumn('sell_days', 'double precision').execute();
  await db.schema.alterTable('items').addColumn('first_price_cents', 'integer').execute();
  const days = `case when NEW.status = 'sold' and NEW.sold_at is not null then ${sellDaysSql(pg, 'NEW.')} end`;
  if (pg) {
    await sql.raw(`create or replace function vb_items_sell_days() returns trigger language plpgsql as $$
      begin NEW.sell_days := ${days}; return NEW; end $$`).execute(db);
    await sql.raw(`create trigger items_sell_days before insert or update of status, sold_at, listed_at, created_at on items
      for each row execute function vb_items_sell_days()`).execute(db);
    await sql.raw(`create or replace function vb_first_price() returns trigger language plpgsql as $$
      begin update items set first_price_cents = NEW.new_price_cents where id = NEW.item_id and first_price_cents is null; return NEW; end $$`).execute(db);
    await sql.raw(`create trigger price_history_first_price after insert on price_history for each row execute function vb_first_price()`).execute(db);
  } else {
    // SQLite triggers cannot change NEW: the row is updated after its write (sell_days is in no trigger's column list).
    await sql.raw(`create trigger items_sell_days_ins after insert on items when NEW.status = 'sold' begin
      update items set sell_days = ${days} where id = NEW.id; end`).execute(db);
    await sql.raw(`create trigger items_sell_days_upd after update of status, sold_at, listed_at, created_at on items begin
      update items set sell_days = ${days} where id = NEW.id; end`).execute(db);
    await sql.raw(`create trigger price_history_first_price after insert on price_history begin
      update items set first_price_cents = NEW.new_price_cents where id = NEW.item_id and first_price_cents is null; end`).execute(db);
  }
  await sql.raw(`update items set sell_days = ${sellDaysSql(pg)} where status = 'sold' and sold_at is not null`).execute(db);
  await sql.raw(`update items set first_price_cents = (select p.new_price_cents from price_history p where p.item_id = items.id order by p.id limit 1)`).execute(db);
  for (const [name, key] of Object.entries(SELL_THROUGH_KEYS)) {
    await sql.raw(`create index items_sell_${name}_idx on items (status, ${key}, sell_days)`).execute(db);
  }
  await sql`create index price_history_drops_idx on price_history (item_id, at) where old_price_cents is not null and new_price_cents < old_price_cents`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    for (const s of ['drop trigger if exists items_sell_days on items', 'drop trigger if exists price_history_first_price on price_history',
      'drop function if exists vb_items_sell_days()', 'drop function if exists vb_first_price()']) await sql.raw(s).execute(db);
  } else {
    for (const t of ['items_sell_days_ins', 'items_sell_days_upd', 'price_history_first_price']) await sql.raw(`drop trigger if exists ${t}`).execute(db);
  }
  for (const name of ['items_sell_category_idx', 'items_sell_brand_idx', 'items_sell_size_idx', 'items_sell_band_idx', 'price_history_drops_idx']) await db.schema.dropIndex(name).ifExists().execute();
  for (const c of ['first_price_cents', 'sell_days']) await db.schema.alterTable('items').dropColumn(c).execute();
  await db.schema.dropTable('orders').ifExists().execute();
  for (const name of ['items_ageing_idx', 'items_location_idx', 'items_sku_idx']) await db.schema.dropIndex(name).ifExists().execute();
  for (const c of ['storage_location', 'sku', 'source', 'acquired_at', 'purchase_cost_cents']) await db.schema.alterTable('items').dropColumn(c).execute();
}
