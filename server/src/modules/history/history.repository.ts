import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { historyDb, type HistoryDb, type HistoryRow } from './history.tables.ts';

export interface HistoryFilters {
  types?: string[];
  itemId?: string;
  actor?: string;
  from?: string;
  /** Exclusive upper bound (ISO). */
  before?: string;
}

/** SQL for the `history` table. */
export class HistoryRepository {
  private readonly db: HistoryDb;

  constructor(db: Kysely<Database>) {
    this.db = historyDb(db);
  }

  /** In one transaction: a price drop's batch of entries is one commit, not one per slice (each a sync to disk). */
  async insert(rows: HistoryRow[]): Promise<void> {
    if (rows.length <= 200) {
      if (rows.length) await this.db.insertInto('history').values(rows).execute();
      return;
    }
    await this.db.transaction().execute(async (t) => {
      for (let i = 0; i < rows.length; i += 200) await t.insertInto('history').values(rows.slice(i, i + 200)).execute();
    });
  }

  /** Newest first, paged by (at, id): the indexes on (item_id, at), (type, at) and (at, id) serve the filters. */
  page(f: HistoryFilters, limit: number, after?: { at: string; id: string }): Promise<HistoryRow[]> {
    let q = this.db.selectFrom('history').selectAll();
    if (f.types?.length) q = q.where('type', 'in', f.types);
    if (f.itemId) q = q.where('item_id', '=', f.itemId);
    if (f.actor) q = q.where('actor', '=', f.actor);
    if (f.from) q = q.where('at', '>=', f.from);
    if (f.before) q = q.where('at', '<', f.before);
    if (after) q = q.where((eb) => eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', after.id)])]));
    return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  /** The last title recorded for an item (a deleted item's entry keeps its name). */
  async lastTitle(itemId: string): Promise<string | null> {
    const r = await this.db.selectFrom('history').select('title').where('item_id', '=', itemId).where('title', 'is not', null)
      .orderBy('at', 'desc').limit(1).executeTakeFirst();
    return r?.title ?? null;
  }
}
