import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../../platform/db/dialect.ts';
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

// Rows per INSERT statement: one JSON parameter of up to this many entries.
const SLICE = 500;

/** SQL for the `history` table. */
export class HistoryRepository {
  private readonly db: HistoryDb;

  constructor(db: Kysely<Database>) {
    this.db = historyDb(db);
  }

  /**
   * In one transaction: a price drop's batch of entries is one commit, not one per slice (each a sync to disk). Each
   * slice is one INSERT … SELECT over the slice given as one JSON parameter (SQLite's json_each, PostgreSQL's
   * jsonb_to_recordset), as the price drop writes its price_history: a multi-row VALUES insert of 200 rows cost Kysely
   * a compile of 2,000 values and SQLite a statement of 2,000 parameters, per slice, 444,000 times at a million items.
   */
  async insert(rows: HistoryRow[]): Promise<void> {
    if (rows.length <= SLICE) {
      if (rows.length) await this.insertSlice(rows, this.db);
      return;
    }
    await this.db.transaction().execute(async (t) => {
      for (let i = 0; i < rows.length; i += SLICE) await this.insertSlice(rows.slice(i, i + SLICE), t);
    });
  }

  private insertSlice(rows: HistoryRow[], db: HistoryDb) {
    const json = JSON.stringify(rows);
    const cols = ['id', 'at', 'entity', 'entity_id', 'item_id', 'type', 'actor', 'title', 'changes'] as const;
    const batch = dialectOf(db) === 'postgres'
      ? sql`jsonb_to_recordset(cast(${json} as jsonb)) as v(id text, at text, entity text, entity_id text, item_id text, type text, actor text, title text, changes text)`
      : sql`(select ${sql.join(cols.map((c) => sql`value ->> ${c} as ${sql.ref(c)}`))} from json_each(${json})) as v`;
    return db.insertInto('history').columns([...cols])
      .expression(db.selectFrom(batch as never as 'history').select(cols.map((c) => sql.ref(`v.${c}`).as(c)) as never))
      .execute();
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
