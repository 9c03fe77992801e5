import { type Kysely, type RawBuilder, sql } from 'kysely';
import { dialectOf } from '../../platform/db/dialect.ts';
import type { Database } from '../../platform/db/schema.ts';
import { ownedBy } from '../../platform/security/owner-scope-plugin.ts';

// The items worth the seller's attention (insights' recommendations ask, listings reads its own table): possible
// duplicates, stale listings, prices stuck at their floor, low sale scores.

/** The thresholds and weights of a review; the caller (insights) owns the policy, this file only the SQL. */
export interface StockReviewQuery {
  limit: number;
  /** Listed before this instant: listed too long. */
  listedBefore: string;
  /** No price change since this instant: stuck at the floor. */
  unchangedSince: string;
  /** The seller's minimum floor, cents. */
  minFloorCents: number;
  lowScore: number;
  weights: { duplicate: number; listedTooLong: number; atFloor: number; lowScore: number };
}

export interface StockReviewRow {
  id: string;
  title: string;
  status: string;
  price_cents: number | null;
  listed_at: string | null;
  estimated_sale_score: number | null;
  duplicate: boolean;
  listed_too_long: boolean;
  at_floor: boolean;
  low_score: boolean;
  /** The sum of the weights of the reasons that hold. */
  priority: number;
}

export class StockReviewRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Items to act on, weightiest first. Each reason is one LIMITed query on its own index (migration 0006), so the
   * answer costs the same at 10 k or 1 M items: the `limit` longest-waiting items of each reason (for a low score,
   * the lowest scores) are the candidates, and among them the full weighting and order decide. When no reason has
   * more than `limit` items, that is exactly the ranking of the whole stock.
   */
  async review(q: StockReviewQuery): Promise<StockReviewRow[]> {
    const greatest = dialectOf(this.db) === 'postgres' ? sql.raw('greatest') : sql.raw('max');
    const unchanged = sql<boolean>`coalesce((select max(h.at) from price_history h where h.item_id = items.id and ${ownedBy('h')}), created_at) < ${q.unchangedSince}`;
    const isDup = sql<boolean>`(possible_duplicate = 1)`;
    const isOld = sql<boolean>`(status = 'listed' and listed_at is not null and listed_at < ${q.listedBefore})`;
    const isFloored = sql<boolean>`(status = 'listed' and price_cents is not null
      and price_cents <= ${greatest}(coalesce(floor_cents, suggestion_min_cents, ${q.minFloorCents}), ${q.minFloorCents}) and ${unchanged})`;
    const isLow = sql<boolean>`(estimated_sale_score is not null and estimated_sale_score < ${q.lowScore})`;
    const flag = (e: typeof isDup) => sql<number>`case when ${e} then 1 else 0 end`;
    const w = q.weights;
    const priority = sql<number>`(${flag(isDup)} * ${w.duplicate} + ${flag(isOld)} * ${w.listedTooLong}
      + ${flag(isFloored)} * ${w.atFloor} + ${flag(isLow)} * ${w.lowScore})`;

    // Each reason's list reads a few times `limit`: an item with several reasons is seldom first in any one list.
    const candidates = await this.candidates(q.limit * 4, { listedBefore: q.listedBefore, minFloor: q.minFloorCents, lowScore: q.lowScore, unchanged });
    if (candidates.length === 0) return [];
    const rows = await this.db.selectFrom('items')
      .select(['id', 'title', 'status', 'price_cents', 'listed_at', 'estimated_sale_score'])
      .select([flag(isDup).as('dup'), flag(isOld).as('old'), flag(isFloored).as('floored'), flag(isLow).as('low'), priority.as('priority')])
      // Every candidate is a draft or listed item already; filtering on status again would tempt the planner into the
      // status index instead of the ids.
      .where('id', 'in', candidates)
      .where(sql<boolean>`(${isDup} or ${isOld} or ${isFloored} or ${isLow})`)
      .orderBy(sql`${priority}`, 'desc').orderBy(sql`coalesce(listed_at, created_at)`).orderBy('id')
      .limit(q.limit)
      .execute();
    return rows.map((r) => ({
      id: r.id, title: r.title, status: r.status, price_cents: r.price_cents, listed_at: r.listed_at, estimated_sale_score: r.estimated_sale_score,
      duplicate: !!Number(r.dup), listed_too_long: !!Number(r.old), at_floor: !!Number(r.floored), low_score: !!Number(r.low), priority: Number(r.priority),
    }));
  }

  /**
   * The ids worth weighing: per reason, its first `limit` items in the order of its index. The partial indexes'
   * clauses are written out as literals, and SQLite is told which index to walk (its planner would rather read a
   * larger index and sort); an item at the global minimum price is found through the (status, price) index instead,
   * since that minimum is a setting.
   */
  private async candidates(limit: number, c: { listedBefore: string; minFloor: number; lowScore: number; unchanged: RawBuilder<boolean> }): Promise<string[]> {
    const key = sql`coalesce(listed_at, created_at)`;
    const pg = dialectOf(this.db) === 'postgres';
    const from = (index: string) => sql.raw(pg ? 'items' : `items indexed by ${index}`);
    const walk = (index: string, where: string, extra: RawBuilder<boolean> = sql<boolean>`1 = 1`) =>
      sql<{ id: string }>`select id from ${from(index)} where ${ownedBy('items')} and ${sql.raw(where)} and ${extra}
        order by ${key}, id limit ${limit}`.execute(this.db).then((r) => r.rows);
    const items = () => this.db.selectFrom('items').select('id');
    const lists = await Promise.all([
      walk('items_reco_dup_idx', `possible_duplicate = 1 and status in ('draft', 'listed')`),
      items().where('status', '=', 'listed').where('listed_at', '<', c.listedBefore).orderBy('listed_at').orderBy('id').limit(limit).execute(),
      walk('items_reco_floor_idx', `status = 'listed' and price_cents <= coalesce(floor_cents, suggestion_min_cents)`, c.unchanged),
      items().where('status', '=', 'listed').where(sql<boolean>`coalesce(price_cents, -1) >= 0 and coalesce(price_cents, -1) <= ${c.minFloor}`).where(c.unchanged)
        .orderBy(key).orderBy('id').limit(limit).execute(),
      sql<{ id: string }>`select id from ${from('items_reco_score_idx')}
        where ${ownedBy('items')} and status in ('draft', 'listed') and estimated_sale_score is not null and estimated_sale_score < ${c.lowScore}
        order by estimated_sale_score, ${key}, id limit ${limit}`.execute(this.db).then((r) => r.rows),
      // Low scores in waiting order too (they often come with a stale listing), among the first scored items only,
      // so a stock where few scores are low is not read to the end.
      sql<{ id: string }>`select id from (select id, estimated_sale_score as score, ${key} as k from ${from('items_reco_scored_idx')}
        where ${ownedBy('items')} and status in ('draft', 'listed') and estimated_sale_score is not null order by ${key}, id limit ${limit * 20}) s
        where score < ${c.lowScore} order by k, id limit ${limit}`.execute(this.db).then((r) => r.rows),
    ]);
    return [...new Set(lists.flat().map((r) => r.id))];
  }
}
