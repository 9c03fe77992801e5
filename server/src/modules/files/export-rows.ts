import { type Kysely, sql } from 'kysely';
import type { Database, ItemsTable } from '../../platform/db/schema.ts';

export interface ExportRow {
  row: ItemsTable;
  /** Photo ids in display order. */
  photos: string[];
  /** Only when asked for (the JSON export): the price history, oldest first. */
  history?: { at: string; old_price_cents: number | null; new_price_cents: number; reason: string; rule: string | null }[];
}

/**
 * The stock in creation order, `batch` rows at a time by keyset on (created_at, id) (with a status, the
 * (status, created_at, id) index), so an export of a million items holds one batch in memory, never the whole.
 */
export async function* exportRows(db: Kysely<Database>, opts: { status?: string; batch?: number; history?: boolean } = {}): AsyncGenerator<ExportRow[]> {
  const batch = opts.batch ?? 1000;
  let after: { created_at: string; id: string } | null = null;
  for (;;) {
    let q = db.selectFrom('items').selectAll();
    if (opts.status) q = q.where('status', '=', opts.status);
    if (after) q = q.where(sql<boolean>`(created_at, id) > (${after.created_at}, ${after.id})`);
    const rows: ItemsTable[] = await q.orderBy('created_at').orderBy('id').limit(batch).execute();
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

/** The same order and filter, counted (the PDF needs its page total before the first page). */
export async function countRows(db: Kysely<Database>, status?: string): Promise<number> {
  let q = db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n'));
  if (status) q = q.where('status', '=', status);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}
