import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Database, ItemsTable } from '../../platform/db/schema.ts';

// The dashboard's to-do list, read from the stock (insights asks, listings reads its own table): drafts with
// fields missing, items on sale without a price or a floor, possible duplicates, stale listings, sales to ship.
// Each list is one LIMITed query on the (status, created_at, id) index, plus a count.

export interface StockTodoQuery {
  /** Lines per list. */
  limit: number;
  /** Listed before this instant: a stale listing. */
  listedBefore: string;
  /** Sold since this instant: a sale to ship (the stock has no "shipped" state yet). */
  soldSince: string;
}

const TODO_COLUMNS = [
  'id', 'title', 'status', 'price_cents', 'floor_cents', 'suggestion_min_cents', 'missing_fields', 'duplicate_of', 'listed_at', 'sold_at',
  'sold_price_cents', 'created_at',
] as const;
export type StockTodoRow = Pick<ItemsTable, (typeof TODO_COLUMNS)[number]>;
export interface StockTodoList { count: number; rows: StockTodoRow[] }
export type StockTodoKind = 'incomplete_drafts' | 'missing_price_or_floor' | 'duplicates' | 'stale_listings' | 'to_ship';

// A query on items with nothing selected yet, which each list narrows.
type Items = SelectQueryBuilder<Database, 'items', {}>;
type Filter = (q: Items) => Items;

export class StockTodoRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async todo(q: StockTodoQuery): Promise<Record<StockTodoKind, StockTodoList>> {
    const noFloor = sql<boolean>`(price_cents is null or (floor_cents is null and suggestion_min_cents is null))`;
    const lists: Record<StockTodoKind, { filter: Filter; newest?: boolean }> = {
      // publish_ready is 0 exactly when the checklist has something missing (quality-gates.ts).
      incomplete_drafts: { filter: (b) => b.where('status', '=', 'draft').where('publish_ready', '=', 0), newest: true },
      missing_price_or_floor: { filter: (b) => b.where('status', '=', 'listed').where(noFloor) },
      duplicates: { filter: (b) => b.where('status', 'in', ['draft', 'listed']).where('possible_duplicate', '=', 1), newest: true },
      stale_listings: { filter: (b) => b.where('status', '=', 'listed').where('listed_at', '<', q.listedBefore) },
      to_ship: { filter: (b) => b.where('status', '=', 'sold').where('sold_at', '>=', q.soldSince), newest: true },
    };
    const out = {} as Record<StockTodoKind, StockTodoList>;
    for (const [kind, l] of Object.entries(lists) as [StockTodoKind, (typeof lists)[StockTodoKind]][]) {
      const dir = l.newest ? 'desc' : 'asc';
      const rows = await l.filter(this.db.selectFrom('items')).select(TODO_COLUMNS).orderBy('created_at', dir).orderBy('id', dir).limit(q.limit).execute();
      const n = rows.length < q.limit ? rows.length
        : Number((await l.filter(this.db.selectFrom('items')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
      out[kind] = { count: n, rows: rows as StockTodoRow[] };
    }
    return out;
  }
}
