import { yieldToEventLoop } from '../../platform/concurrency.ts';
import { type ExpressionBuilder, type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { type OrdersDb, ordersDb, type OrdersTable, type OrdersTables, ordersTrx } from './orders.tables.ts';
import { OPEN_STATUSES } from './order-status.ts';

// The orders table's SQL. Reads join the item for its title, SKU and storage location (listed in the table-ownership
// test's READ_JOINS): the to-ship list and the ledger show them without one query per order.

export interface OrderRow extends OrdersTable {
  item_title: string | null;
  item_sku: string | null;
  item_location: string | null;
  item_status: string | null;
}
export interface OrderFilters { status?: string; platform?: string; fromIso?: string; toIso?: string }
export interface OrderCursor { sold_at: string; id: string }
type Trx = Transaction<Database & OrdersTables>;

export class OrdersRepository {
  private readonly db: OrdersDb;
  constructor(db: Kysely<Database>) {
    this.db = ordersDb(db);
  }

  trx(t: Transaction<Database>): Trx {
    return ordersTrx(t);
  }

  private withItem(db: OrdersDb | Trx = this.db) {
    return db.selectFrom('orders').leftJoin('items', 'items.id', 'orders.item_id').selectAll('orders')
      .select(['items.title as item_title', 'items.sku as item_sku', 'items.storage_location as item_location', 'items.status as item_status']);
  }

  async get(id: string, db: OrdersDb | Trx = this.db): Promise<OrderRow | null> {
    return ((await this.withItem(db).where('orders.id', '=', id).executeTakeFirst()) as OrderRow | undefined) ?? null;
  }

  async byExternal(platform: string, externalId: string, db: OrdersDb | Trx = this.db): Promise<OrderRow | null> {
    return ((await this.withItem(db).where('orders.platform', '=', platform).where('orders.external_id', '=', externalId).executeTakeFirst()) as OrderRow | undefined) ?? null;
  }

  /** The item's order that stands (sold, shipped, delivered or completed), if any: at most one (orders_open_item_idx). */
  async openFor(itemId: string, db: OrdersDb | Trx = this.db): Promise<OrdersTable | null> {
    return (await db.selectFrom('orders').selectAll().where('item_id', '=', itemId).where('status', 'in', [...OPEN_STATUSES]).executeTakeFirst()) ?? null;
  }

  async insert(row: OrdersTable, t: Trx): Promise<void> {
    await t.insertInto('orders').values(row).execute();
  }

  async insertMany(rows: OrdersTable[], t: Trx): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) await t.insertInto('orders').values(rows.slice(i, i + 200)).execute();
  }

  /** Which of these items have an order that stands. */
  async openItemIds(itemIds: string[], db: OrdersDb | Trx = this.db): Promise<Set<string>> {
    if (itemIds.length === 0) return new Set();
    const rows = await db.selectFrom('orders').select('item_id').where('item_id', 'in', itemIds).where('status', 'in', [...OPEN_STATUSES]).execute();
    return new Set(rows.map((r) => r.item_id));
  }

  /** Every order as stored, by id, a batch at a time (a backup). */
  async *allRows(batch: number): AsyncGenerator<OrdersTable[]> {
    let after = '';
    for (;;) {
      const rows = await this.db.selectFrom('orders').selectAll().where('id', '>', after).orderBy('id').limit(batch).execute();
      if (rows.length) yield rows;
      await yieldToEventLoop(); // between batches: the server answers other requests (issue 23)
      if (rows.length < batch) return;
      after = rows[rows.length - 1].id;
    }
  }

  /** Which of these order ids are already stored. */
  async existingIds(ids: string[], t: Trx): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    return new Set((await t.selectFrom('orders').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
  }

  /** Every order removed (a restore that replaces the stock, its items removed in the same transaction). */
  async deleteAll(t: Trx): Promise<void> {
    await t.deleteFrom('orders').execute();
  }

  /**
   * These orders' stored cost of 0, judged by their item as migration 0032 judges it (see its comment): unknown when
   * the item has no purchase cost, the item's cost when it has one above 0, a known 0 when the item says 0.
   */
  async settleUnflaggedCosts(ids: string[], t: Trx): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500);
      const itemCost = (eb: ExpressionBuilder<Database & OrdersTables, 'orders'>) =>
        eb.selectFrom('items').whereRef('items.id', '=', 'orders.item_id');
      await t.updateTable('orders').set((eb) => ({ cost_cents: itemCost(eb).select('items.purchase_cost_cents').$castTo<number>() }))
        .where('id', 'in', batch).where('cost_cents', '=', 0)
        .where((eb) => eb.exists(itemCost(eb).select('items.id').where('items.purchase_cost_cents', '>', 0))).execute();
      await t.updateTable('orders').set({ cost_known: 0 }).where('id', 'in', batch).where('cost_cents', '=', 0)
        .where((eb) => eb.not(eb.exists(itemCost(eb).select('items.id').where('items.purchase_cost_cents', 'is not', null)))).execute();
    }
  }

  async update(id: string, patch: Partial<OrdersTable>, t: Trx): Promise<void> {
    if (Object.keys(patch).length) await t.updateTable('orders').set(patch).where('id', '=', id).execute();
  }

  private filtered(f: OrderFilters) {
    let q = this.withItem();
    if (f.status) q = q.where('orders.status', '=', f.status);
    if (f.platform) q = q.where('orders.platform', '=', f.platform);
    if (f.fromIso) q = q.where('orders.sold_at', '>=', f.fromIso);
    if (f.toIso) q = q.where('orders.sold_at', '<', f.toIso);
    return q;
  }

  /** Newest sale first, by keyset on (sold_at, id): a deep page costs what the first does. */
  async page(f: OrderFilters, limit: number, cursor: OrderCursor | null): Promise<{ rows: OrderRow[]; next: OrderCursor | null }> {
    let q = this.filtered(f);
    if (cursor) q = q.where(sql<boolean>`(orders.sold_at, orders.id) < (${cursor.sold_at}, ${cursor.id})`);
    const rows = (await q.orderBy('orders.sold_at', 'desc').orderBy('orders.id', 'desc').limit(limit + 1).execute()) as OrderRow[];
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return { rows: page, next: more && last ? { sold_at: last.sold_at, id: last.id } : null };
  }

  /** Every order matching, oldest sale first, a batch at a time (the CSV export holds one batch). */
  async *stream(f: OrderFilters, batch = 1000): AsyncGenerator<OrderRow[]> {
    let after: OrderCursor | null = null;
    for (;;) {
      let q = this.filtered(f);
      if (after) q = q.where(sql<boolean>`(orders.sold_at, orders.id) > (${after.sold_at}, ${after.id})`);
      const rows = (await q.orderBy('orders.sold_at').orderBy('orders.id').limit(batch).execute()) as OrderRow[];
      if (rows.length === 0) return;
      yield rows;
      await yieldToEventLoop(); // between batches: the server answers other requests (issue 23)
      if (rows.length < batch) return;
      after = { sold_at: rows[rows.length - 1].sold_at, id: rows[rows.length - 1].id };
    }
  }

  /** Sold and not yet shipped, oldest sale first (the (status, sold_at, id) index), with how many there are. */
  async toShip(limit: number): Promise<{ rows: OrderRow[]; count: number }> {
    const rows = (await this.withItem().where('orders.status', '=', 'sold').orderBy('orders.sold_at').orderBy('orders.id').limit(limit).execute()) as OrderRow[];
    const count = rows.length < limit ? rows.length
      : Number((await this.db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'sold').executeTakeFirst())?.n ?? 0);
    return { rows, count };
  }
}
