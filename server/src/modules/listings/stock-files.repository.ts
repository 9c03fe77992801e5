import { turnSizedPages } from '../../platform/turn-sized-batches.ts';
import { type Kysely, sql, type Transaction } from 'kysely';
import { dialectOf } from '../../platform/db/dialect.ts';
import type { Database, ItemsTable } from '../../platform/db/schema.ts';

// What the exports and backups (modules/files) read and write of the stock, kept beside the table's other SQL:
// keyset reads a batch at a time (an export of a million items holds one batch, never the whole), and a restore's
// rows written as the backup stored them.

/** What exports read of an item: every column but the search text, the analysis details and the drop guard. */
export type ExportItem = Omit<ItemsTable, 'search_text' | 'extra' | 'sale_score_breakdown'>;
const EXPORT_COLUMNS = [
  'id', 'title', 'description', 'brand', 'category', 'size', 'condition', 'colors', 'material', 'gender', 'keywords', 'hashtags', 'price_cents',
  'suggestion_min_cents', 'suggestion_target_cents', 'suggestion_max_cents', 'suggestion_justification', 'status', 'listed_at', 'sold_at',
  'sold_price_cents', 'archived_at', 'possible_duplicate', 'duplicate_of', 'estimated_sale_score', 'publish_ready', 'missing_fields',
  'vinted_listing_id', 'vinted_url', 'auto_drop', 'drop_rate', 'floor_cents', 'publish_opt_in', 'demo', 'created_at', 'updated_at', 'auto_drop_chosen',
  'purchase_cost_cents', 'acquired_at', 'source', 'sku', 'storage_location',
] as const satisfies readonly (keyof ExportItem)[];

export interface ExportRow {
  row: ExportItem;
  /** Photo ids in display order. */
  photos: string[];
}

/** The tables of the stock a backup holds, each read in its key order. */
export type StockTable = 'items' | 'price_history' | 'item_photos';

type Db = Kysely<Database> | Transaction<Database>;

export class StockFilesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * The stock in creation order by keyset on (created_at, id) (with a status, the (status, created_at, id) index),
   * each row with its photo ids; batches sized by the time they hold the event loop unless `batch` fixes them.
   */
  exportRows(opts: { status?: string; batch?: number } = {}): AsyncGenerator<ExportRow[]> {
    // Each row comes back as one JSON array built by the database (json_array / json_build_array): handing one
    // string per row to JavaScript instead of 35 values halves the read, the larger part of an export's time.
    const pg = dialectOf(this.db) === 'postgres';
    const packed = sql.raw(`${pg ? 'json_build_array' : 'json_array'}(${EXPORT_COLUMNS.join(', ')})${pg ? '::text' : ''}`);
    return turnSizedPages<ExportRow, { created_at: string; id: string }>(async (size, after) => {
      let q = this.db.selectFrom('items');
      if (opts.status) q = q.where('status', '=', opts.status);
      if (after) q = q.where(sql<boolean>`(created_at, id) > (${after.created_at}, ${after.id})`);
      const rows = (await q.orderBy('created_at').orderBy('id').limit(size).select(sql<string>`${packed}`.as('packed')).execute()).map((r) => unpack(r.packed));
      if (rows.length === 0) return { rows: [], last: null };
      const photos = await this.db.selectFrom('item_photos').select(['item_id', 'photo_id']).where('item_id', 'in', rows.map((r) => r.id))
        .orderBy('item_id').orderBy('position').execute();
      const photosBy = new Map<string, string[]>();
      for (const p of photos) (photosBy.get(p.item_id) ?? photosBy.set(p.item_id, []).get(p.item_id)!).push(p.photo_id);
      const last = rows[rows.length - 1];
      return { rows: rows.map((row) => ({ row, photos: photosBy.get(row.id) ?? [] })), last: { created_at: last.created_at, id: last.id } };
    }, { size: opts.batch });
  }

  /** Every row of one stock table as stored, in key order, in turn-sized batches (price history without its serial id). */
  tableRows(table: StockTable, batch?: number): AsyncGenerator<Record<string, unknown>[]> {
    if (table === 'item_photos') {
      return turnSizedPages<Record<string, unknown>, { item_id: string; position: number }>(async (size, after) => {
        let q = this.db.selectFrom('item_photos').selectAll();
        if (after) q = q.where(sql<boolean>`(item_id, position) > (${after.item_id}, ${after.position})`);
        const rows = await q.orderBy('item_id').orderBy('position').limit(size).execute();
        return { rows, last: rows.at(-1) ?? null };
      }, { size: batch });
    }
    return turnSizedPages<Record<string, unknown>, string | number>(async (size, after) => {
      let q = this.db.selectFrom(table).selectAll();
      if (after !== null) q = q.where('id', '>', after as never);
      const rows = (await q.orderBy('id').limit(size).execute()) as Record<string, unknown>[];
      const last = rows.length ? (rows[rows.length - 1].id as string | number) : null;
      return { rows: table === 'price_history' ? rows.map(({ id: _id, ...rest }) => rest) : rows, last };
    }, { size: batch });
  }

  /** The stored rows of these items, those that exist. */
  async rowsByIds(ids: string[]): Promise<ItemsTable[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('items').selectAll().where('id', 'in', ids).execute();
  }

  /** A restore's rows, written as the backup stored them (ids, stamps, flags and every column kept). */
  async insertRows(table: StockTable, rows: Record<string, unknown>[], trx: Db): Promise<void> {
    if (rows.length) await trx.insertInto(table).values(rows as never).execute();
  }

  /** Every item, and by the foreign keys' cascade their photo links and history (a restore that replaces the stock). */
  async deleteAll(trx: Db): Promise<void> {
    await trx.deleteFrom('items').execute();
  }
}

/**
 * A row read straight from its JSON array: each column is a getter on the array, so a row costs one small object
 * instead of 35 properties written one by one (that copy was the largest part of an export's time).
 */
class PackedItem {
  constructor(readonly values: unknown[]) {}
}
EXPORT_COLUMNS.forEach((c, i) => Object.defineProperty(PackedItem.prototype, c, { get(this: PackedItem) { return this.values[i]; } }));

function unpack(json: string): ExportItem {
  return new PackedItem(JSON.parse(json) as unknown[]) as unknown as ExportItem;
}
