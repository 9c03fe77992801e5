import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../../platform/db/dialect.ts';
import type { Database, ItemsTable } from '../../platform/db/schema.ts';

/** What exports read of an item: every column but the search text, the analysis details and the drop guard. */
export type ExportItem = Omit<ItemsTable, 'search_text' | 'extra' | 'sale_score_breakdown'>;
const COLUMNS = [
  'id', 'title', 'description', 'brand', 'category', 'size', 'condition', 'colors', 'material', 'gender', 'keywords', 'hashtags', 'price_cents',
  'suggestion_min_cents', 'suggestion_target_cents', 'suggestion_max_cents', 'suggestion_justification', 'status', 'listed_at', 'sold_at',
  'sold_price_cents', 'archived_at', 'possible_duplicate', 'duplicate_of', 'estimated_sale_score', 'publish_ready', 'missing_fields',
  'vinted_listing_id', 'vinted_url', 'auto_drop', 'drop_rate', 'floor_cents', 'publish_opt_in', 'demo', 'created_at', 'updated_at',
] as const satisfies readonly (keyof ExportItem)[];

export interface ExportRow {
  /** The export columns (materialising rows is most of an export's cost); with `full`, a whole ItemsTable row. */
  row: ExportItem;
  /** Photo ids in display order. */
  photos: string[];
  /** Only when asked for (the JSON export): the price history, oldest first. */
  history?: { at: string; old_price_cents: number | null; new_price_cents: number; reason: string; rule: string | null }[];
}

/**
 * The stock in creation order, `batch` rows at a time by keyset on (created_at, id) (with a status, the
 * (status, created_at, id) index), so an export of a million items holds one batch in memory, never the whole.
 */
export async function* exportRows(db: Kysely<Database>, opts: { status?: string; batch?: number; history?: boolean; full?: boolean } = {}): AsyncGenerator<ExportRow[]> {
  const batch = opts.batch ?? 1000;
  // Each row comes back as one JSON array built by the database (json_array / json_build_array): handing one
  // string per row to JavaScript instead of 35 values halves the read, the larger part of an export's time.
  const pg = dialectOf(db) === 'postgres';
  const packed = sql.raw(`${pg ? 'json_build_array' : 'json_array'}(${COLUMNS.join(', ')})${pg ? '::text' : ''}`);
  let after: { created_at: string; id: string } | null = null;
  for (;;) {
    let q = db.selectFrom('items');
    if (opts.status) q = q.where('status', '=', opts.status);
    if (after) q = q.where(sql<boolean>`(created_at, id) > (${after.created_at}, ${after.id})`);
    q = q.orderBy('created_at').orderBy('id').limit(batch);
    const rows = opts.full
      ? await q.selectAll().execute()
      : (await q.select(sql<string>`${packed}`.as('packed')).execute()).map((r) => unpack(r.packed) as ItemsTable);
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    const [photos, history] = await Promise.all([
      db.selectFrom('item_photos').select(['item_id', 'photo_id']).where('item_id', 'in', ids).orderBy('item_id').orderBy('position').execute(),
      opts.history
        ? db.selectFrom('price_history').select(['item_id', 'at', 'old_price_cents', 'new_price_cents', 'reason', 'rule'])
          .where('item_id', 'in', ids).orderBy('item_id').orderBy('at').orderBy('id').execute()
        : Promise.resolve([]),
    ]);
    const photosBy = new Map<string, string[]>();
    for (const p of photos) (photosBy.get(p.item_id) ?? photosBy.set(p.item_id, []).get(p.item_id)!).push(p.photo_id);
    const historyBy = new Map<string, NonNullable<ExportRow['history']>>();
    for (const h of history) (historyBy.get(h.item_id) ?? historyBy.set(h.item_id, []).get(h.item_id)!).push(h);
    yield rows.map((row) => ({ row, photos: photosBy.get(row.id) ?? [], ...(opts.history ? { history: historyBy.get(row.id) ?? [] } : {}) }));
    if (rows.length < batch) return;
    const last = rows[rows.length - 1];
    after = { created_at: last.created_at, id: last.id };
  }
}

/**
 * A row read straight from its JSON array: each column is a getter on the array, so a row costs one small object
 * instead of 35 properties written one by one (that copy was the largest part of an export's time).
 */
class PackedItem {
  constructor(readonly values: unknown[]) {}
}
COLUMNS.forEach((c, i) => Object.defineProperty(PackedItem.prototype, c, { get(this: PackedItem) { return this.values[i]; } }));

function unpack(json: string): ExportItem {
  return new PackedItem(JSON.parse(json) as unknown[]) as unknown as ExportItem;
}

/** The same order and filter, counted (the PDF needs its page total before the first page). */
export async function countRows(db: Kysely<Database>, status?: string): Promise<number> {
  let q = db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n'));
  if (status) q = q.where('status', '=', status);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}
