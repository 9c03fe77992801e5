import { type Kysely, type RawBuilder, sql } from 'kysely';
import { dialectOf } from '../../platform/db/dialect.ts';
import type { Database } from '../../platform/db/schema.ts';
import { eurosOrNull } from '../../platform/money.ts';
import { pricingSettingsStore } from '../pricing/drops/drop-settings.ts';
import { recommendationSettingsStore, type RecommendationSettings } from './recommendations.settings.ts';

export type RecommendationAction = 'resolve_duplicate' | 'republish' | 'reprice';
export type ReasonCode = 'possible_duplicate' | 'listed_too_long' | 'at_floor' | 'low_sale_score';

export interface Recommendation {
  item_id: string;
  title: string;
  status: string;
  price: number | null;
  action: RecommendationAction;
  priority: number;
  reasons: { code: ReasonCode; message: string }[];
}

// Weights order the list: a duplicate blocks a clean stock, a stale listing loses visibility, a floored price has
// nowhere left to go, a low score is a hint. Several reasons add up.
const WEIGHT: Record<ReasonCode, number> = { possible_duplicate: 50, listed_too_long: 40, at_floor: 30, low_sale_score: 20 };
const ACTION: Record<ReasonCode, RecommendationAction> = {
  possible_duplicate: 'resolve_duplicate', listed_too_long: 'republish', at_floor: 'reprice', low_sale_score: 'reprice',
};

export class RecommendationsService {
  readonly settings;
  private readonly pricing;

  constructor(private readonly db: Kysely<Database>) {
    this.settings = recommendationSettingsStore(db);
    this.pricing = pricingSettingsStore(db);
  }

  /**
   * Items to act on, best first. Each reason is one LIMITed query on its own index (migration 0006), so the answer
   * costs the same at 10 k or 1 M items: the `limit` longest-waiting items of each reason (for a low score, the
   * lowest scores) are the candidates, and among them the full weighting and order below decide. When no reason has
   * more than `limit` items, that is exactly the ranking of the whole stock.
   */
  async list(limit = 50, now = new Date()): Promise<{ items: Recommendation[]; thresholds: RecommendationSettings }> {
    const s = await this.settings.get();
    const minFloor = Math.round((await this.pricing.get()).min_floor * 100);
    const day = 86_400_000;
    const listedBefore = new Date(now.getTime() - s.listed_days * day).toISOString();
    const unchangedSince = new Date(now.getTime() - s.floor_days * day).toISOString();
    const greatest = dialectOf(this.db) === 'postgres' ? sql.raw('greatest') : sql.raw('max');

    const unchanged = sql<boolean>`coalesce((select max(h.at) from price_history h where h.item_id = items.id), created_at) < ${unchangedSince}`;
    const isDup = sql<boolean>`(possible_duplicate = 1)`;
    const isOld = sql<boolean>`(status = 'listed' and listed_at is not null and listed_at < ${listedBefore})`;
    const isFloored = sql<boolean>`(status = 'listed' and price_cents is not null
      and price_cents <= ${greatest}(coalesce(floor_cents, suggestion_min_cents, ${minFloor}), ${minFloor}) and ${unchanged})`;
    const isLow = sql<boolean>`(estimated_sale_score is not null and estimated_sale_score < ${s.low_score})`;
    const flag = (e: typeof isDup) => sql<number>`case when ${e} then 1 else 0 end`;
    const priority = sql<number>`(${flag(isDup)} * ${WEIGHT.possible_duplicate} + ${flag(isOld)} * ${WEIGHT.listed_too_long}
      + ${flag(isFloored)} * ${WEIGHT.at_floor} + ${flag(isLow)} * ${WEIGHT.low_sale_score})`;

    // Each reason's list reads a few times `limit`: an item with several reasons is seldom first in any one list.
    const candidates = await this.candidates(limit * 4, { listedBefore, minFloor, lowScore: s.low_score, unchanged });
    if (candidates.length === 0) return { items: [], thresholds: s };
    const rows = await this.db.selectFrom('items')
      .select(['id', 'title', 'status', 'price_cents', 'listed_at', 'estimated_sale_score'])
      .select([flag(isDup).as('dup'), flag(isOld).as('old'), flag(isFloored).as('floored'), flag(isLow).as('low'), priority.as('priority')])
      // Every candidate is a draft or listed item already; filtering on status again would tempt the planner into the
      // status index instead of the ids.
      .where('id', 'in', candidates)
      .where(sql<boolean>`(${isDup} or ${isOld} or ${isFloored} or ${isLow})`)
      .orderBy(sql`${priority}`, 'desc').orderBy(sql`coalesce(listed_at, created_at)`).orderBy('id')
      .limit(limit)
      .execute();

    const items = rows.map((r): Recommendation => {
      const reasons: Recommendation['reasons'] = [];
      if (Number(r.dup)) reasons.push({ code: 'possible_duplicate', message: 'Possible duplicate of another item: keep one, archive or merge the other' });
      if (Number(r.old)) {
        const days = Math.floor((now.getTime() - Date.parse(r.listed_at!)) / day);
        reasons.push({ code: 'listed_too_long', message: `Listed for ${days} days (more than ${s.listed_days}): republish it to get back to the top of searches` });
      }
      if (Number(r.floored)) reasons.push({ code: 'at_floor', message: `At its floor price with no change for ${s.floor_days} days or more: lower the floor or rework the listing` });
      if (Number(r.low)) reasons.push({ code: 'low_sale_score', message: `Sale score ${r.estimated_sale_score} is under ${s.low_score}: the price or the listing needs work` });
      return {
        item_id: r.id, title: r.title, status: r.status, price: eurosOrNull(r.price_cents),
        action: ACTION[reasons[0].code], priority: Number(r.priority), reasons,
      };
    });
    return { items, thresholds: s };
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
      sql<{ id: string }>`select id from ${from(index)} where ${sql.raw(where)} and ${extra}
        order by ${key}, id limit ${limit}`.execute(this.db).then((r) => r.rows);
    const items = () => this.db.selectFrom('items').select('id');
    const lists = await Promise.all([
      walk('items_reco_dup_idx', `possible_duplicate = 1 and status in ('draft', 'listed')`),
      items().where('status', '=', 'listed').where('listed_at', '<', c.listedBefore).orderBy('listed_at').orderBy('id').limit(limit).execute(),
      walk('items_reco_floor_idx', `status = 'listed' and price_cents <= coalesce(floor_cents, suggestion_min_cents)`, c.unchanged),
      items().where('status', '=', 'listed').where(sql<boolean>`coalesce(price_cents, -1) >= 0 and coalesce(price_cents, -1) <= ${c.minFloor}`).where(c.unchanged)
        .orderBy(key).orderBy('id').limit(limit).execute(),
      sql<{ id: string }>`select id from ${from('items_reco_score_idx')}
        where status in ('draft', 'listed') and estimated_sale_score is not null and estimated_sale_score < ${c.lowScore}
        order by estimated_sale_score, ${key}, id limit ${limit}`.execute(this.db).then((r) => r.rows),
      // Low scores in waiting order too (they often come with a stale listing), among the first scored items only,
      // so a stock where few scores are low is not read to the end.
      sql<{ id: string }>`select id from (select id, estimated_sale_score as score, ${key} as k from ${from('items_reco_scored_idx')}
        where status in ('draft', 'listed') and estimated_sale_score is not null order by ${key}, id limit ${limit * 20}) s
        where score < ${c.lowScore} order by k, id limit ${limit}`.execute(this.db).then((r) => r.rows),
    ]);
    return [...new Set(lists.flat().map((r) => r.id))];
  }
}
