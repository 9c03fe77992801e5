import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { DuplicatesDatabase, DuplicatesDb } from './duplicates.tables.ts';

// SQL of the duplicate lookups. Every query reads an index: hash rows by photo id, title keys by key, item photos by
// photo_id, items by id; nothing scans the stock.
export const ACTIVE_STATUSES = ['draft', 'listed'] as const;

export interface BandHit { photo_id: string; phash: string; colour_sig: string }
const isActive = (status: string) => (ACTIVE_STATUSES as readonly string[]).includes(status);

/** Runs a lookup over `values` in slices: an IN list stays well under both databases' bound-parameter limits. */
export async function inChunks<T, R>(values: T[], fn: (chunk: T[]) => Promise<R[]>, size = 500): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < values.length; i += size) out.push(...(await fn(values.slice(i, i + size))));
  return out;
}
export interface IndexableItem { id: string; title: string; status: string; updated_at: string }

export class DuplicatesRepository {
  readonly db: Kysely<DuplicatesDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = db as unknown as Kysely<DuplicatesDatabase>;
  }

  async photoIdsBySha(shas: string[]): Promise<{ id: string; sha256: string }[]> {
    if (shas.length === 0) return [];
    return this.db.selectFrom('photos').select(['id', 'sha256']).where('sha256', 'in', shas).execute();
  }

  /** One row per photo (its band-0 row) after `afterId` in id order: what the in-memory hash index is built from. */
  async hashRowsAfter(afterId: string, limit: number): Promise<BandHit[]> {
    return this.db.selectFrom('photo_hash_bands').select(['photo_id', 'phash', 'colour_sig'])
      .where('band', '=', 0).where('photo_id', '>', afterId).orderBy('photo_id').limit(limit).execute();
  }

  /** Which active items (other than `exclude`) show these photos. Status is filtered here, not in SQL, so the
   * planner reads item_photos by photo and items by key instead of walking the status index. */
  async activeItemsWithPhotos(photoIds: string[], exclude?: string): Promise<{ item_id: string; photo_id: string }[]> {
    if (photoIds.length === 0) return [];
    const rows = await this.db.selectFrom('item_photos').innerJoin('items', 'items.id', 'item_photos.item_id')
      .select(['item_photos.item_id', 'item_photos.photo_id', 'items.status'])
      .where('item_photos.photo_id', 'in', photoIds).execute();
    return rows.filter((r) => r.item_id !== exclude && isActive(r.status)).map(({ item_id, photo_id }) => ({ item_id, photo_id }));
  }

  /** Every posting (item) of these title keys: a batch lookup counts shared keys per row itself. */
  async titlePostings(tokens: string[]): Promise<{ token: string; item_id: string }[]> {
    if (tokens.length === 0) return [];
    return this.db.selectFrom('title_tokens').select(['token', 'item_id']).where('token', 'in', tokens).execute();
  }

  async photosOfItem(itemId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('item_photos').select('photo_id').where('item_id', '=', itemId).orderBy('position').execute();
    return rows.map((r) => r.photo_id);
  }

  /** Items having at least `minShared` of the keys (word pairs, see titleKeys), most shared first. */
  async titleCandidates(tokens: string[], minShared: number, limit: number, exclude?: string): Promise<{ item_id: string; shared: number }[]> {
    if (tokens.length === 0) return [];
    let q = this.db.selectFrom('title_tokens').select((eb) => ['item_id', eb.fn.countAll<number>().as('shared')])
      .where('token', 'in', tokens);
    if (exclude) q = q.where('item_id', '!=', exclude);
    const rows = await q.groupBy('item_id').having((eb) => eb.fn.countAll(), '>=', minShared)
      .orderBy('shared', 'desc').orderBy('item_id').limit(limit).execute();
    return rows.map((r) => ({ item_id: r.item_id, shared: Number(r.shared) }));
  }

  async itemsById(ids: string[], activeOnly: boolean) {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('items')
      .select(['id', 'title', 'brand', 'size', 'status', 'price_cents', 'possible_duplicate', 'duplicate_of', 'created_at'])
      .where('id', 'in', ids).execute();
    return activeOnly ? rows.filter((r) => isActive(r.status)) : rows;
  }

  async firstPhotos(itemIds: string[]): Promise<Map<string, string>> {
    if (itemIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('item_photos').select(['item_id', 'photo_id']).where('item_id', 'in', itemIds).where('position', '=', 0).execute();
    return new Map(rows.map((r) => [r.item_id, r.photo_id]));
  }

  /** Active items flagged by the intake as possible duplicates, newest first. */
  async flagged(limit: number) {
    return this.db.selectFrom('items').select(['id', 'title', 'brand', 'size', 'status', 'price_cents', 'possible_duplicate', 'duplicate_of', 'created_at'])
      .where('possible_duplicate', '=', 1).where('status', 'in', [...ACTIVE_STATUSES])
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  // ---- keeping the title index in step with the items ----

  async indexable(ids: string[], db: DuplicatesDb = this.db): Promise<IndexableItem[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('items').select(['id', 'title', 'status', 'updated_at']).where('id', 'in', ids).execute();
  }

  /** Writes the index keys of the given items (and drops those of items gone inactive), in one transaction. */
  async writeTokens(ids: string[], tokenize: (title: string) => string[]): Promise<void> {
    await this.db.transaction().execute(async (t) => {
      const items = await this.indexable(ids, t);
      await t.deleteFrom('title_tokens').where('item_id', 'in', ids).execute();
      await t.deleteFrom('title_index_state').where('item_id', 'in', ids).execute();
      const active = items.filter((i) => isActive(i.status));
      const tokenRows = active.flatMap((i) => tokenize(i.title).map((token) => ({ token, item_id: i.id })));
      for (let k = 0; k < tokenRows.length; k += 1000) await t.insertInto('title_tokens').values(tokenRows.slice(k, k + 1000)).execute();
      if (active.length) {
        await t.insertInto('title_index_state').values(active.map((i) => ({ item_id: i.id, item_updated_at: i.updated_at, token_count: tokenize(i.title).length }))).execute();
      }
    });
  }

  /** Items whose tokens are missing or stale (changed since), optionally only those updated after `since`. */
  async staleItems(limit: number, since?: string): Promise<string[]> {
    let q = this.db.selectFrom('items').leftJoin('title_index_state as s', 's.item_id', 'items.id').select('items.id')
      .where((eb) => eb.or([
        eb.and([eb('s.item_id', 'is', null), eb('items.status', 'in', [...ACTIVE_STATUSES])]),
        eb.and([eb('s.item_id', 'is not', null), eb('s.item_updated_at', '!=', eb.ref('items.updated_at'))]),
      ]));
    if (since) q = q.where('items.updated_at', '>', since);
    return (await q.limit(limit).execute()).map((r) => r.id);
  }

  /** Indexed items that are no longer active (sold, archived). Deleted items leave by the foreign key's cascade. */
  async inactiveIndexed(limit: number): Promise<string[]> {
    const rows = await this.db.selectFrom('title_index_state as s').innerJoin('items', 'items.id', 's.item_id').select('s.item_id')
      .where(sql<boolean>`items.status not in ('draft', 'listed')`).limit(limit).execute();
    return rows.map((r) => r.item_id);
  }
}
