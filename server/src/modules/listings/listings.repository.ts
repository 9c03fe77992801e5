import { type Kysely, type SelectQueryBuilder, sql, type Transaction } from 'kysely';
import { dialectOf } from '../../platform/db/dialect.ts';
import { turnSizedPages } from '../../platform/turn-sized-batches.ts';
import { DROP_DECISION_COLUMNS } from './auto-drops.repository.ts';
import type { Database, ItemsTable } from '../../platform/db/schema.ts';
import { foldQuery, type ItemPhotoRow, toItem } from './item-mapper.ts';
import type { Item } from './listings.schemas.ts';

export interface ListFilters {
  status?: string;
  q?: string;
  brand?: string;
  category?: string;
  gender?: string;
  size?: string;
  minPriceCents?: number;
  maxPriceCents?: number;
  /** Storage location, whole value, case-insensitive. */
  location?: string;
}
export type SortKey = 'created_at' | 'updated_at' | 'price' | 'title';
export interface Cursor { v: string | number | null; id: string }
export interface HistoryEntry { at: string; old_price_cents: number | null; new_price_cents: number; reason: string; rule?: string | null }
/** The columns other modules list an item by (the duplicate check's answers and groups). */
const SUMMARY_COLUMNS = ['id', 'title', 'brand', 'size', 'status', 'price_cents', 'possible_duplicate', 'duplicate_of', 'created_at', 'updated_at'] as const;
export type ItemSummary = Pick<ItemsTable, (typeof SUMMARY_COLUMNS)[number]>;
/** Which version of an item a copy kept elsewhere reflects (`updated_at` changes on every write). */
export interface ItemVersion { id: string; status: string; updated_at: string; title: string }

type Db = Kysely<Database> | Transaction<Database>;

/** From this many search hits a page walks its order instead of sorting the hits (see searchIsCommon). */
const SEARCH_WALK_FROM = 2000;

/** Beyond this many matching items a page's total says "at least" (see count). */
export const TOTAL_CAP = 10_000;

/**
 * The same for a text search (`q=`): its count reads every hit's row to test the text, so at 10,000 a common word's
 * total cost 4× its page at a million items; past 1,000 hits a search says "1,000+", as search engines do.
 */
export const SEARCH_TOTAL_CAP = 1_000;

/**
 * The spellings a stored location may have once SQLite's lower() went over it: every ASCII letter lower-cased, any
 * other letter as written. Typed 'étagère b', a stored 'Étagère B' is 'Étagère b': each non-ASCII letter is asked
 * both ways (at most 2⁶ spellings; past 6 such letters the rest stay as typed). PostgreSQL's lower() folds them all,
 * so there only the first spelling can match.
 */
export function locationSpellings(location: string): string[] {
  let out = [location.toLowerCase()];
  let varied = 0;
  for (const [i, ch] of [...out[0]].entries()) {
    if (ch.charCodeAt(0) < 128 || ch.toUpperCase() === ch || varied >= 6) continue;
    varied++;
    out = out.flatMap((s) => { const cs = [...s]; cs[i] = ch.toUpperCase(); return [s, cs.join('')]; });
  }
  return out;
}

// Sort expressions; each has a matching (expression, id) index in the migrations.
const SORT_SQL: Record<SortKey, ReturnType<typeof sql.raw>> = {
  created_at: sql.raw('created_at'),
  updated_at: sql.raw('updated_at'),
  price: sql.raw('coalesce(price_cents, -1)'),
  title: sql.raw('title'),
};

/** PostgreSQL's SQLSTATE for a transaction ended to break a deadlock. */
const DEADLOCK_DETECTED = '40P01';

export class ListingsRepository {
  constructor(readonly db: Kysely<Database>) {}

  /**
   * One write of the stock, all or nothing. PostgreSQL may end a transaction as a deadlock's victim when a write
   * meets the work the stock's events set off: an item deleted right after an edit locks its row, then its
   * title_tokens rows (ON DELETE CASCADE), while the edit's title re-index has deleted those token rows and inserts
   * new ones, whose foreign-key check waits for the item's row. It rolled back whole, so it is run again, up to
   * three times, rather than answering the seller a 500. (When the re-index is the victim instead, nothing is lost:
   * the item is gone and its tokens with it. An edit takes no lock the re-index's key check waits for.)
   */
  async transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().execute(fn);
      } catch (err) {
        if (attempt >= 3 || (err as { code?: string }).code !== DEADLOCK_DETECTED) throw err;
      }
    }
  }

  async exists(id: string, db: Db = this.db): Promise<boolean> {
    return !!(await db.selectFrom('items').select('id').where('id', '=', id).executeTakeFirst());
  }

  async getRow(id: string, db: Db = this.db): Promise<ItemsTable | null> {
    return (await db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  }

  async insert(row: ItemsTable, photoIds: string[], history: HistoryEntry[], db: Db): Promise<void> {
    await db.insertInto('items').values(row).execute();
    await this.setPhotos(row.id, photoIds, db);
    await this.addHistory(row.id, history, db);
  }

  /** New items with their photos and history, in multi-row inserts (a few hundred rows per statement). */
  async insertMany(items: { row: ItemsTable; photos: string[]; history: HistoryEntry[] }[], db: Db): Promise<void> {
    const photos = items.flatMap((e) => e.photos.map((photo_id, position) => ({ item_id: e.row.id, photo_id, position })));
    const history = items.flatMap((e) => e.history.map((h) => ({ item_id: e.row.id, ...h, rule: h.rule ?? null })));
    for (let i = 0; i < items.length; i += 200) await db.insertInto('items').values(items.slice(i, i + 200).map((e) => e.row)).execute();
    for (let i = 0; i < photos.length; i += 1000) await db.insertInto('item_photos').values(photos.slice(i, i + 1000)).execute();
    for (let i = 0; i < history.length; i += 1000) await db.insertInto('price_history').values(history.slice(i, i + 1000)).execute();
  }

  async existingIds(ids: string[], db: Db = this.db): Promise<string[]> {
    if (ids.length === 0) return [];
    return (await db.selectFrom('items').select('id').where('id', 'in', ids).execute()).map((r) => r.id);
  }

  async update(id: string, patch: Partial<ItemsTable>, db: Db): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    // An edit of anything the drop decision reads makes the item due again today (the run skips items it looked at).
    const redo = DROP_DECISION_COLUMNS.some((c) => c in patch) ? { drop_checked_on: '' } : {};
    await db.updateTable('items').set({ ...patch, ...redo } as Partial<ItemsTable>).where('id', '=', id).execute();
  }

  async setPhotos(itemId: string, photoIds: string[], db: Db): Promise<void> {
    await db.deleteFrom('item_photos').where('item_id', '=', itemId).execute();
    if (photoIds.length) {
      await db.insertInto('item_photos').values(photoIds.map((photo_id, position) => ({ item_id: itemId, photo_id, position }))).execute();
    }
  }

  async addHistory(itemId: string, entries: HistoryEntry[], db: Db): Promise<void> {
    if (entries.length) {
      await db.insertInto('price_history').values(entries.map((e) => ({ item_id: itemId, ...e, rule: e.rule ?? null }))).execute();
    }
  }

  /** Which item holds each of these SKUs (those held). */
  async skuOwners(skus: string[], db: Db = this.db): Promise<Map<string, string>> {
    if (skus.length === 0) return new Map();
    const rows = await db.selectFrom('items').select(['id', 'sku']).where('sku', 'in', skus).execute();
    return new Map(rows.map((r) => [r.sku!, r.id]));
  }

  async photoCount(itemId: string, db: Db = this.db): Promise<number> {
    const r = await db.selectFrom('item_photos').select((eb) => eb.fn.countAll<number>().as('n')).where('item_id', '=', itemId).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async existingPhotoIds(ids: string[], db: Db = this.db): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await db.selectFrom('photos').select('id').where('id', 'in', ids).execute();
    return new Set(rows.map((r) => r.id));
  }

  async delete(id: string, db: Db = this.db): Promise<boolean> {
    await db.deleteFrom('item_photos').where('item_id', '=', id).execute();
    await db.deleteFrom('price_history').where('item_id', '=', id).execute();
    const r = await db.deleteFrom('items').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  async get(id: string, db: Db = this.db): Promise<Item | null> {
    const row = await this.getRow(id, db);
    if (!row) return null;
    return (await this.hydrate([row], db))[0];
  }

  /** Loads photos and price history for a batch of rows in two queries, whatever the batch size. */
  async hydrate(rows: ItemsTable[], db: Db = this.db): Promise<Item[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [photos, history] = await Promise.all([
      db.selectFrom('item_photos').select(['item_id', 'photo_id', 'position']).where('item_id', 'in', ids).execute(),
      db.selectFrom('price_history').select(['item_id', 'at', 'old_price_cents', 'new_price_cents', 'reason', 'rule'])
        .where('item_id', 'in', ids).orderBy('item_id').orderBy('at').orderBy('id').execute(),
    ]);
    const photosBy = groupBy(photos, (p) => p.item_id);
    const historyBy = groupBy(history, (h) => h.item_id);
    return rows.map((r) => toItem(r, photosBy.get(r.id) ?? [], historyBy.get(r.id) ?? []));
  }

  /** The FTS5 phrase of `q` on SQLite when it has a trigram (3 letters or more), else null. */
  private searchPhrase(f: ListFilters): string | null {
    const folded = f.q ? foldQuery(f.q) : '';
    if (dialectOf(this.db) !== 'sqlite' || [...folded].length < 3) return null;
    return `"${folded.replace(/"/g, '""')}"`;
  }

  /**
   * Whether a page of `q=` should walk its sort order and test each row (a text many items hold: a page fills after
   * a few rows per match, whatever the stock's size) rather than read every hit of the search index and sort them
   * (a rare text, or none: a few index entries). Up to SEARCH_WALK_FROM hits are counted, from the index alone.
   */
  private async searchIsCommon(f: ListFilters): Promise<boolean> {
    const phrase = this.searchPhrase(f);
    if (!phrase) return false;
    const r = await sql<{ n: number }>`select count(*) as n from (select rowid from items_search where items_search match ${phrase} limit ${SEARCH_WALK_FROM})`.execute(this.db);
    return Number(r.rows[0]?.n ?? 0) >= SEARCH_WALK_FROM;
  }

  /**
   * The items a listing reads. With `q=` on SQLite, they are read from the rows the FTS5 index finds (CROSS JOIN
   * keeps that order: SQLite never reorders it), so a text no item holds costs an index probe instead of a walk of
   * every row of the status or brand the other filters name; `walk` (a common text, see searchIsCommon) reads the
   * rows in the page's order instead.
   */
  private source(f: ListFilters, walk = false) {
    const phrase = this.searchPhrase(f);
    if (!phrase || walk) return this.db.selectFrom('items');
    return this.db.selectFrom(sql<{ hit: number }>`(select rowid as hit from items_search where items_search match ${phrase})`.as('hits'))
      // Typed as the items alone: the join adds no column the listing reads (it selects items.*).
      .crossJoin('items').where(sql<boolean>`items.rowid = hits.hit`) as unknown as SelectQueryBuilder<Database, 'items', object>;
  }

  private filtered(f: ListFilters, walk = false) {
    let q = this.source(f, walk);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.brand) q = q.where(sql`lower(brand)`, '=', f.brand.toLowerCase());
    if (f.category) q = q.where('category', '=', f.category);
    if (f.gender) q = q.where('gender', '=', f.gender);
    if (f.size) q = q.where(sql`lower(size)`, '=', f.size.toLowerCase());
    if (f.minPriceCents !== undefined) q = q.where('price_cents', '>=', f.minPriceCents);
    if (f.maxPriceCents !== undefined) q = q.where('price_cents', '<=', f.maxPriceCents);
    // The words of items_location_idx (migration 0010), so the index serves it.
    // SQLite's lower() folds ASCII letters only ('Étagère B' → 'Étagère b'), PostgreSQL's every letter: the value is
    // asked in each spelling SQLite's lower() may have left (see locationSpellings), each an index seek.
    if (f.location) q = q.where(sql`lower(storage_location)`, 'in', locationSpellings(f.location)).where('storage_location', 'is not', null);
    if (f.q) {
      // The exact test, on the rows the trigram index found (SQLite), or served by pg_trgm's GIN index (PostgreSQL).
      // Under 3 letters there is no trigram: the rows are read in the page's order until the page is full.
      const pattern = `%${foldQuery(f.q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where(sql<boolean>`search_text like ${pattern} escape '\\'`);
    }
    return q;
  }

  /** The SQL of one page (see page); the plan test reads its EXPLAIN. */
  pageQuery(f: ListFilters, sort: SortKey, desc: boolean, limit: number, cursor: Cursor | null, walk = false) {
    const key = SORT_SQL[sort];
    let q = this.filtered(f, walk).selectAll('items');
    if (cursor) {
      const op = sql.raw(desc ? '<' : '>');
      q = q.where(sql<boolean>`(${key}, id) ${op} (${cursor.v}, ${cursor.id})`);
    }
    const dir = sql.raw(desc ? 'desc' : 'asc');
    return q.orderBy(sql`${key} ${dir}`).orderBy(sql`id ${dir}`).limit(limit + 1);
  }

  /** One page by keyset (never OFFSET): the cost of a page does not grow with its depth. */
  async page(f: ListFilters, sort: SortKey, desc: boolean, limit: number, cursor: Cursor | null): Promise<{ items: Item[]; next: Cursor | null }> {
    const rows = await this.pageQuery(f, sort, desc, limit, cursor, await this.searchIsCommon(f)).execute();
    const more = rows.length > limit;
    const pageRows = more ? rows.slice(0, limit) : rows;
    const last = pageRows[pageRows.length - 1];
    const next = more && last ? { v: sortValue(last, sort), id: last.id } : null;
    return { items: await this.hydrate(pageRows), next };
  }

  /**
   * How many items match; with `cap`, counted up to it (then `cap` with exact false): a count reads every matching index
   * entry, so an uncapped one grows with the stock however cheap the page is.
   */
  async count(f: ListFilters, cap?: number): Promise<{ n: number; exact: boolean }> {
    if (cap === undefined) {
      const all = await this.filtered(f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      return { n: Number(all?.n ?? 0), exact: true };
    }
    const r = await this.countQuery(f, cap).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const n = Number(r?.n ?? 0);
    return n > cap ? { n: cap, exact: false } : { n, exact: true };
  }

  /** The SQL of a capped count (see count). */
  countQuery(f: ListFilters, cap: number) {
    return this.db.selectFrom(this.filtered(f).select(sql`1`.as('one')).limit(cap + 1).as('matching'));
  }

  /**
   * The whole stock in creation order, a batch at a time, so memory stays flat however large it is; batches sized by
   * the time they hold the event loop unless `batch` fixes them (platform/turn-sized-batches.ts).
   */
  streamAll(batch?: number, status?: string): AsyncGenerator<Item[]> {
    return turnSizedPages<Item, { created_at: string; id: string }>(async (size, after) => {
      let q = this.db.selectFrom('items').selectAll();
      if (status) q = q.where('status', '=', status);
      if (after) q = q.where(sql<boolean>`(created_at, id) > (${after.created_at}, ${after.id})`);
      const rows: ItemsTable[] = await q.orderBy('created_at').orderBy('id').limit(size).execute();
      const last = rows.at(-1);
      return { rows: rows.length ? await this.hydrate(rows) : [], last: last ? { created_at: last.created_at, id: last.id } : null };
    }, { size: batch });
  }

  // ---- what the duplicate check (modules/duplicates) reads of the stock: it keeps a title index beside it ----

  /** Which items show these photos, with their status (filtered by the caller: the status index is not used). */
  async itemsShowingPhotos(photoIds: string[]): Promise<{ item_id: string; photo_id: string; status: string }[]> {
    if (photoIds.length === 0) return [];
    return this.db.selectFrom('item_photos').innerJoin('items', 'items.id', 'item_photos.item_id')
      .select(['item_photos.item_id', 'item_photos.photo_id', 'items.status'])
      .where('item_photos.photo_id', 'in', photoIds).execute();
  }

  async photoIdsOf(itemId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('item_photos').select('photo_id').where('item_id', '=', itemId).orderBy('position').execute();
    return rows.map((r) => r.photo_id);
  }

  /** Ids of the items linked to these Vinted listings (a listing id belongs to one item at most). */
  async byVintedListingIds(listingIds: string[]): Promise<{ id: string; vinted_listing_id: string }[]> {
    if (listingIds.length === 0) return [];
    const rows = await this.db.selectFrom('items').select(['id', 'vinted_listing_id']).where('vinted_listing_id', 'in', listingIds).execute();
    return rows.map((r) => ({ id: r.id, vinted_listing_id: r.vinted_listing_id! }));
  }

  async summaries(ids: string[]): Promise<ItemSummary[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('items').select(SUMMARY_COLUMNS).where('id', 'in', ids).execute();
  }

  async flaggedDuplicates(statuses: readonly string[], limit: number): Promise<ItemSummary[]> {
    return this.db.selectFrom('items').select(SUMMARY_COLUMNS)
      .where('possible_duplicate', '=', 1).where('status', 'in', [...statuses])
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  async coverPhotoIds(itemIds: string[]): Promise<Map<string, string>> {
    if (itemIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('item_photos').select(['item_id', 'photo_id']).where('item_id', 'in', itemIds).where('position', '=', 0).execute();
    return new Map(rows.map((r) => [r.item_id, r.photo_id]));
  }

  /** Id, status and last change of items in (updated_at, id) order after `after`, optionally only those changed since `since`. */
  async versions(since: string | null, after: ItemVersion | null, limit: number): Promise<ItemVersion[]> {
    let q = this.db.selectFrom('items').select(['id', 'status', 'updated_at', 'title']);
    if (since) q = q.where('updated_at', '>', since);
    if (after) q = q.where(sql<boolean>`(updated_at, id) > (${after.updated_at}, ${after.id})`);
    return q.orderBy('updated_at').orderBy('id').limit(limit).execute();
  }

  /**
   * Every owner with at least one item; called in a system scope (the scheduler's list of owners to sweep for), read
   * from the index that leads with the owner (items_owner_created_idx, migration 0019).
   */
  async owners(): Promise<string[]> {
    const rows = await this.db.selectFrom('items').select('owner_id').distinct().execute();
    return rows.flatMap((r) => (r.owner_id ? [r.owner_id] : []));
  }
}

function sortValue(r: ItemsTable, sort: SortKey): string | number {
  if (sort === 'price') return r.price_cents ?? -1;
  return r[sort];
}

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const arr = m.get(k);
    if (arr) arr.push(x);
    else m.set(k, [x]);
  }
  return m;
}
export type { ItemPhotoRow };
