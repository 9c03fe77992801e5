import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, ItemsTable } from '../../platform/db/schema.ts';

// The items' side of the nightly automatic price drop (the pricing module decides the new prices, listings writes
// them): candidates by keyset, then one UPDATE and one INSERT of history per batch, never per item.

/** The column migration 0004 adds to items: the seller's day (TZ) of the item's last automatic drop. */
export interface ItemDropColumns {
  last_auto_drop_on: string | null;
}
type DropTables = { items: ItemsTable & ItemDropColumns };
const withDropColumns = (db: Kysely<Database>) => db.withTables<DropTables>();

export interface AutoDropCandidate {
  id: string;
  title: string;
  price_cents: number;
  drop_rate: number | null;
  floor_cents: number | null;
  suggestion_min_cents: number | null;
  created_at: string;
}

/** A new price chosen for one candidate, with the rule recorded in its price history. */
export interface AutoDropChange {
  id: string;
  title: string;
  old_cents: number;
  new_cents: number;
  rule: string;
}

export class AutoDropsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Listed items with auto-drop on, not yet dropped on `day`, a batch at a time in (created_at, id) order: the
   * (status, created_at, id) index serves it, so the cost follows the listed items, not the whole stock.
   */
  async *candidates(day: string, batch: number, db: Kysely<Database> = this.db): AsyncGenerator<AutoDropCandidate[]> {
    let after: { created_at: string; id: string } | null = null;
    for (;;) {
      let q = withDropColumns(db).selectFrom('items')
        .select(['id', 'title', 'price_cents', 'drop_rate', 'floor_cents', 'suggestion_min_cents', 'created_at', 'auto_drop', 'last_auto_drop_on'])
        .where('status', '=', 'listed');
      if (after) q = q.where(sql<boolean>`(created_at, id) > (${after.created_at}, ${after.id})`);
      const rows = await q.orderBy('created_at').orderBy('id').limit(batch).execute();
      if (rows.length === 0) return;
      const last = rows[rows.length - 1];
      after = { created_at: last.created_at, id: last.id };
      // Filtered here rather than in SQL so the index range stays a plain (status, created_at, id) walk.
      yield rows.filter((r): r is typeof r & AutoDropCandidate =>
        r.auto_drop === 1 && r.price_cents !== null && (r.last_auto_drop_on === null || r.last_auto_drop_on < day));
      if (rows.length < batch) return;
    }
  }

  /**
   * Applies a batch of new prices in one statement. The WHERE repeats every eligibility rule and the old price,
   * so a row changed meanwhile (by the seller, or by a second process already past it today) is left alone;
   * RETURNING names the rows really changed, and only those get a history row.
   */
  async applyBatch(changes: AutoDropChange[], day: string, at: string, trx: Transaction<Database>): Promise<Set<string>> {
    if (changes.length === 0) return new Set();
    const values = sql.join(changes.map((c) => sql`(${c.id}, cast(${c.old_cents} as integer), cast(${c.new_cents} as integer))`));
    const res = await sql<{ id: string }>`
      with v(vid, old_cents, new_cents) as (values ${values})
      update items set price_cents = v.new_cents, last_auto_drop_on = ${day}, updated_at = ${at}
      from v
      where items.id = v.vid and items.price_cents = v.old_cents and items.status = 'listed' and items.auto_drop = 1
        and (items.last_auto_drop_on is null or items.last_auto_drop_on < ${day})
      returning id`.execute(trx);
    const done = new Set(res.rows.map((r) => r.id));
    const history = changes.filter((c) => done.has(c.id)).map((c) => ({
      item_id: c.id, at, old_price_cents: c.old_cents, new_price_cents: c.new_cents, reason: 'automatic_drop', rule: c.rule,
    }));
    if (history.length) await trx.insertInto('price_history').values(history).execute();
    return done;
  }

  /** Listed items an automatic drop lowered on `day`. */
  async countDroppedOn(day: string, db: Kysely<Database> = this.db): Promise<number> {
    const r = await withDropColumns(db).selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'listed').where('last_auto_drop_on', '=', day).executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}
