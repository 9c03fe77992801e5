import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database, ItemsTable } from '../../platform/db/schema.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import { ownedBy } from '../../platform/security/owner-scope-plugin.ts';

// The items' side of the nightly automatic price drop (the pricing module decides the new prices, listings writes
// them): candidates a batch at a time from the partial index of the items a drop may lower (migration 0015), then
// per batch one UPDATE of the new prices, one INSERT of their history and one UPDATE marking the rest as looked at.
// Never per item. A drop changes the price and the drop stamps only: not `updated_at`, so the indexes kept beside
// the stock (titles, photos), which follow `updated_at`, do not take a million price drops for edits to catch up.

/** The columns migrations 0004 and 0015 add to items: the seller's day of the last drop, and of the last look. */
export interface ItemDropColumns {
  last_auto_drop_on: string | null;
  /** The seller's day (TZ) a real run last considered the item, dropped or not ('' never); cleared by an edit of what the decision reads. */
  drop_checked_on: string;
}
type DropTables = { items: ItemsTable & ItemDropColumns };
const withDropColumns = (db: Kysely<Database>) => db.withTables<DropTables>();

/** The item columns whose change can change a drop decision: writing any of them makes the item due again that day. */
export const DROP_DECISION_COLUMNS = ['status', 'price_cents', 'floor_cents', 'suggestion_min_cents', 'drop_rate', 'auto_drop', 'auto_drop_chosen'] as const;

export interface AutoDropCandidate {
  id: string;
  title: string;
  price_cents: number;
  drop_rate: number | null;
  floor_cents: number | null;
  suggestion_min_cents: number | null;
  /** The seller switched the drop on for this item (it drops even when drops are off by default). */
  auto_drop_chosen: boolean;
}

/** A new price chosen for one candidate, with the rule recorded in its price history. */
export interface AutoDropChange {
  id: string;
  title: string;
  old_cents: number;
  new_cents: number;
  rule: string;
}

/** One batch of candidates and the index keys bounding it (the marking of the batch reads them). */
export interface CandidateBatch {
  items: AutoDropCandidate[];
  /** Every item the batch read, candidates or not: all are marked as looked at once the batch is applied. */
  ids: string[];
}

/**
 * Which items a run considers. `checked` (the normal case): not yet looked at that day, so a second run the same day
 * reads an empty index range. `not_dropped`: every item not lowered that day, looked at or not (the seller changed
 * the drop settings since that day's run, so yesterday's "at its floor" may no longer hold).
 */
export type CandidateScope = 'checked' | 'not_dropped';

interface CandidateRow {
  id: string; title: string; price_cents: number; drop_rate: number | null; floor_cents: number | null; suggestion_min_cents: number | null;
  auto_drop_chosen: number; last_auto_drop_on: string | null; k: string;
}

// The partial index's predicate and key, written as literals so PostgreSQL can match the index to the query.
const DUE = sql`status = 'listed' and auto_drop = 1 and price_cents is not null`;
const KEY = sql`drop_checked_on`;

export class AutoDropsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Candidates a batch at a time in index order (the key, then id), by keyset: the cost follows the items a drop may
   * lower, never the rest of the stock. An item already lowered that day (a restore can bring one back with its
   * stamp but without the look) is never a candidate.
   */
  async *candidates(day: string, batchSize: number | (() => number), scope: CandidateScope = 'checked'): AsyncGenerator<CandidateBatch> {
    let after: { k: string; id: string } | null = null;
    for (;;) {
      // A function: the caller sizes each page from the time the previous one took (drop-batch-size.ts).
      const batch = typeof batchSize === 'number' ? batchSize : batchSize();
      const rows: CandidateRow[] = (await this.candidatesQuery(day, batch, scope, after).execute(this.db)).rows;
      if (rows.length === 0) return;
      const last: CandidateRow = rows[rows.length - 1];
      after = { k: last.k, id: last.id };
      yield {
        ids: rows.map((r) => r.id),
        items: rows.filter((r) => r.last_auto_drop_on === null || r.last_auto_drop_on < day).map((r) => ({
          id: r.id, title: r.title, price_cents: Number(r.price_cents), drop_rate: r.drop_rate === null ? null : Number(r.drop_rate),
          floor_cents: r.floor_cents === null ? null : Number(r.floor_cents), suggestion_min_cents: r.suggestion_min_cents === null ? null : Number(r.suggestion_min_cents),
          auto_drop_chosen: Number(r.auto_drop_chosen) === 1,
        })),
      };
      if (rows.length < batch) return;
    }
  }

  /**
   * One page of candidates after `after` (the keyset), in the partial index's order: a range of items_drop_due_idx,
   * so a second run the same day reads an empty range whatever the stock's size. listing-plans.test.ts reads this plan.
   */
  candidatesQuery(day: string, batch: number, scope: CandidateScope, after: { k: string; id: string } | null) {
    const range = scope === 'checked' ? sql`${KEY} < ${day}` : sql`${KEY} <= ${day}`;
    const keyset: RawBuilder<unknown> = after ? sql`and (${KEY}, id) > (${after.k}, ${after.id})` : sql``;
    // Without statistics (a store never analysed) SQLite chose an index on status and sorted every listed item for
    // each page (seen on a small store; the million-item bench store, analysed or not, got the partial index). Every
    // page would then read all listed items, and a same-day re-run too. The partial index is the only plan this query
    // wants, so it is named rather than left to the statistics.
    const from = dialectOf(this.db) === 'postgres' ? sql`items` : sql`items indexed by items_drop_due_idx`;
    return sql<CandidateRow>`
        select id, title, price_cents, drop_rate, floor_cents, suggestion_min_cents, auto_drop_chosen, last_auto_drop_on, ${KEY} as k
        from ${from} where ${ownedBy('items')} and ${DUE} and ${range} ${keyset}
        order by ${KEY}, id limit ${batch}`;
  }

  /**
   * Applies one batch in its own transaction: the new prices in one statement whose WHERE repeats the eligibility
   * rules and the old price (a row changed meanwhile, by the seller or by a second process already past it today, is
   * left alone; RETURNING names the rows really changed, and only those get a history row), then every other item of
   * the batch marked as looked at today.
   */
  async applyBatch(b: CandidateBatch, changes: AutoDropChange[], day: string, at: string, trx: Transaction<Database>): Promise<Set<string>> {
    let done = new Set<string>();
    if (changes.length) {
      done = new Set((await this.priceUpdate(changes, day, trx).execute()).map((r) => r.id));
      const history = changes.filter((c) => done.has(c.id));
      if (history.length) await this.historyInsert(history, at, trx).execute();
    }
    const rest = b.ids.filter((id) => !done.has(id));
    if (rest.length) await trx.updateTable('items').set({ drop_checked_on: day } as never).where('id', 'in', rest).where(KEY, '<', day).execute();
    return done;
  }

  /**
   * The price-history rows of a batch's drops, as one INSERT … SELECT over the batch given as one JSON parameter
   * (the same table-valued reading as the UPDATE): a multi-row VALUES insert cost Kysely a parse and a compile of
   * every value, and SQLite a statement of 1,500 parameters, for each batch.
   */
  historyInsert(changes: AutoDropChange[], at: string, db: Kysely<Database> = this.db) {
    const json = JSON.stringify(changes.map((c) => ({ vid: c.id, o: c.old_cents, n: c.new_cents, r: c.rule })));
    const batch = dialectOf(db) === 'postgres'
      ? sql`jsonb_to_recordset(cast(${json} as jsonb)) as v(vid text, o integer, n integer, r text)`
      : sql`(select value ->> 'vid' as vid, value ->> 'o' as o, value ->> 'n' as n, value ->> 'r' as r from json_each(${json})) as v`;
    return db.insertInto('price_history').columns(['item_id', 'at', 'old_price_cents', 'new_price_cents', 'reason', 'rule'])
      .expression(db.selectFrom(batch as never as 'price_history').select([
        sql<string>`v.vid`.as('item_id'), sql<string>`${at}`.as('at'), sql<number>`v.o`.as('old_price_cents'), sql<number>`v.n`.as('new_price_cents'),
        sql<string>`${'automatic_drop'}`.as('reason'), sql<string>`v.r`.as('rule'),
      ]));
  }

  /**
   * The UPDATE of a batch's new prices. The batch comes as one JSON parameter read as a table (SQLite's json_each,
   * PostgreSQL's jsonb_to_recordset), joined to items by id: the statement is the same short text whatever the batch,
   * and the planner walks the batch and finds each item by its key. With the batch as 1,000 VALUES rows instead,
   * SQLite at a million items chose to walk every listed item and probe the batch (0.7 s a batch, 2 ms an item: the
   * run issue 23 measured). listing-plans.test.ts reads this plan.
   */
  priceUpdate(changes: AutoDropChange[], day: string, db: Kysely<Database> = this.db) {
    const json = JSON.stringify(changes.map((c) => ({ vid: c.id, o: c.old_cents, n: c.new_cents })));
    const pg = dialectOf(db) === 'postgres';
    const batch = pg
      ? sql`(select * from jsonb_to_recordset(cast(${json} as jsonb)) as x(vid text, o integer, n integer))`
      : sql`(select value ->> 'vid' as vid, value ->> 'o' as o, value ->> 'n' as n from json_each(${json}))`;
    // SQLite's unary + keeps these two tests off every index: without statistics (a store never analysed) SQLite
    // otherwise walks a status index and probes the batch for each listed item. The key alone finds the rows.
    const col = (c: 'items.status' | 'items.auto_drop') => (pg ? sql.ref(c) : sql`+${sql.ref(c)}`);
    return withDropColumns(db).updateTable('items').from(batch.as('v'))
      .set({ price_cents: sql<number>`v.n`, last_auto_drop_on: day, drop_checked_on: day })
      .where(sql<boolean>`items.id = v.vid and items.price_cents = v.o`)
      // The owner test written here, off the owner index on SQLite (the plugin then adds none): with it on the index
      // SQLite walks every item of the owner and probes the batch, the plan this statement exists to avoid.
      .where(pg ? ownedBy('items') : ownedBy('items', { sqliteOffIndex: true }))
      .where(sql<boolean>`${col('items.status')} = ${'listed'} and ${col('items.auto_drop')} = ${1}`)
      .where((eb) => eb.or([eb('items.last_auto_drop_on', 'is', null), eb('items.last_auto_drop_on', '<', day)]))
      .returning('items.id');
  }
}
